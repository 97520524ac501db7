//! Hooks that keep signals in step with the world outside: endpoints and timers.

mod use_clock;
mod use_feed;

pub use use_clock::{provide_clock, use_clock, Clock};
pub use use_feed::{use_feed, FeedState, UseFeedOptions, UseFeedReturn};
