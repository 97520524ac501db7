//! Pages: each is a whole screen for one kind of reader, chosen by the address.

mod console;
mod feed;

pub use console::ConsolePage;
pub use feed::FeedPage;
