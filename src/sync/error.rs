//! What can go wrong while syncing, in words a responder can act on.

use std::fmt;

use herald_domain::statuspage::StatuspageError;
use herald_domain::FeedError;

/// Why the latest sync failed. The last good feed stays on screen whatever this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    /// No answer at all: the endpoint is down, unreachable, or refused the connection.
    Unreachable(String),
    /// No answer within the time allowed.
    TimedOut {
        /// Seconds waited before giving up.
        seconds: u32,
    },
    /// The endpoint answered with an HTTP error.
    Http {
        /// The status code.
        status: u16,
        /// The status text, when the server sent one.
        text: String,
    },
    /// The endpoint answered, but not with a feed Herald can read.
    Feed(FeedError),
    /// A Statuspage source answered with something that is not a Statuspage document.
    Statuspage(StatuspageError),
    /// The console's source is a Statuspage page: it can be read, never written to.
    NotHerald,
    /// Another of the endpoint's answers (its health, say) was not what Herald reads.
    Unreadable(String),
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable(detail) => {
                write!(f, "the feed endpoint cannot be reached ({detail})")
            }
            Self::TimedOut { seconds } => {
                write!(f, "the feed endpoint did not answer within {seconds} s")
            }
            Self::Http { status, text } if text.is_empty() => {
                write!(f, "the feed endpoint answered with HTTP {status}")
            }
            Self::Http { status, text } => {
                write!(f, "the feed endpoint answered with HTTP {status} {text}")
            }
            Self::Feed(error) => error.fmt(f),
            Self::Statuspage(error) => error.fmt(f),
            Self::NotHerald => f.write_str(
                "the source is a Statuspage page, which the console cannot publish to; point the console at a Herald server",
            ),
            Self::Unreadable(detail) => {
                write!(f, "the endpoint's answer cannot be read ({detail})")
            }
        }
    }
}

impl std::error::Error for SyncError {}
