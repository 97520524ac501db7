//! Talking to endpoints. The only module that does HTTP; everything it returns is a domain
//! type or a [`SyncError`], never a silent default.

mod error;
mod feed;

pub use error::SyncError;
pub use feed::fetch_feed;
