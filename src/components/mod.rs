//! Leptos components: each receives data through props and renders it; none fetches.

mod catchup_card;
mod component_list;
mod live_region;
mod markdown_text;
mod sync_banner;
mod update_timeline;
mod when;

pub use catchup_card::CatchUpCard;
pub use component_list::ComponentList;
pub use live_region::LiveRegion;
pub use markdown_text::MarkdownText;
pub use sync_banner::SyncBanner;
pub use update_timeline::{UpdateTimeline, PAGE};
pub use when::{format_time, When};
