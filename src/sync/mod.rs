//! Talking to endpoints. The only module that does HTTP; everything it returns is a domain
//! type or a [`SyncError`], never a silent default.

mod config;
mod deliveries;
mod error;
mod events;
mod feed;
mod health;
mod write;

pub use config::{foreign_host, load_source, query_parameter, Source, DEFAULT_POLL_SECONDS};
pub use deliveries::fetch_deliveries;
pub use error::SyncError;
pub use events::{EventStream, FeedEvent};
pub use feed::{fetch_feed, AnyStatusPage, Documents, Fetched, HeraldOnly};
pub use health::fetch_health;
pub use write::{api_base, check_token, new_key, send_write, TokenCheck, Write, WriteOutcome};
