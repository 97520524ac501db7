//! Leptos components: each receives data through props and renders it; none fetches.

mod component_list;
mod incident_summary;
mod sync_banner;

pub use component_list::ComponentList;
pub use incident_summary::IncidentSummary;
pub use sync_banner::SyncBanner;

/// A time as the viewer reads it: their local clock, with the day so overnight incidents are clear.
pub(crate) fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%a %-d %b, %H:%M")
        .to_string()
}
