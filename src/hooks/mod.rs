//! Hooks that keep signals in step with the world outside: endpoints and timers.

mod use_clock;
mod use_feed;
mod use_interval;
mod use_outbox;
mod use_write_token;

pub use use_clock::{provide_clock, provide_clock_at, use_clock, Clock};
pub use use_feed::{use_feed, FeedState, UseFeedOptions, UseFeedReturn};
pub use use_interval::use_interval;
pub use use_outbox::{
    new_key, rebase_over_own, use_outbox, wait_left, OutboxItem, OutboxState, Queued,
    UseOutboxReturn,
};
pub use use_write_token::{use_write_token, TokenState, UseWriteTokenReturn};
