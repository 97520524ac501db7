//! Atlassian Statuspage's public API v2, both ways: [`import`] reads a Statuspage page into
//! Herald's model (so the widget and the public page work over any existing page), [`export`]
//! writes Herald's public view in Statuspage's shapes (so existing consumers work over Herald), and
//! [`webhook`] writes the bodies Statuspage's webhook subscribers are used to.

pub mod export;
pub mod import;
pub mod webhook;

pub use import::*;
