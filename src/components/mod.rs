//! Leptos components: each receives data through props and renders it; none fetches.

mod audience_previews;
mod cadence_panel;
mod catchup_card;
mod check_findings;
mod component_list;
mod countdown;
mod incident_kit;
mod live_region;
mod markdown_text;
mod outbox_list;
mod published_text;
mod role_editor;
mod sync_banner;
mod update_timeline;
mod when;

pub use audience_previews::AudiencePreviews;
pub use cadence_panel::CadencePanel;
pub use catchup_card::CatchUpCard;
pub use check_findings::CheckFindings;
pub use component_list::ComponentList;
pub use countdown::Countdown;
pub use incident_kit::IncidentKit;
pub use live_region::LiveRegion;
pub use markdown_text::{MarkdownSummary, MarkdownText};
pub use outbox_list::OutboxList;
pub use published_text::{published_text, update_text};
pub use role_editor::RoleEditor;
pub use sync_banner::SyncBanner;
pub use update_timeline::{UpdateTimeline, PAGE};
pub use when::{customer_time, format_time, reader_time, When};
