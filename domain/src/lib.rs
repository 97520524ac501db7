//! Herald's incident vocabulary: the feed document and everything derived from it.
//!
//! This crate is pure Rust with no web dependencies, so the browser app, the server and the
//! tests all share one definition of a feed and run the same logic natively.

/// Implements `Ord` (and `PartialOrd`) from the type's `rank()`, for enums whose order means
/// something (best to worst, first stage to last) but whose serde catch-all `Unknown` must be
/// declared last and so cannot follow declaration order. Defined before the modules, which
/// see it by textual scope.
macro_rules! ordered_by_rank {
    ($type:ty) => {
        impl PartialOrd for $type {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $type {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.rank().cmp(&other.rank())
            }
        }
    };
}

pub mod backoff;
pub mod builtin_templates;
pub mod cadence;
pub mod catchup;
pub mod changes;
pub mod command;
pub mod comms_check;
pub mod component;
pub mod declaration;
pub mod demo;
pub mod draft;
pub mod feed;
pub mod health;
pub mod incident;
pub mod incident_status;
pub mod indicator;
pub mod label;
pub mod lenient;
pub mod locale;
pub mod lowercase;
pub mod maintenance;
pub mod maintenance_clock;
pub mod markdown;
pub mod notice;
pub mod pattern;
pub mod problem;
pub mod public;
pub mod ranked;
pub mod review;
pub mod statuspage;
pub mod support;
pub mod template;
pub mod time;
pub mod translation;
pub mod update;
pub mod uptime;
pub mod write_api;

pub use cadence::{CadenceClock, Due};
pub use catchup::CatchUp;
pub use changes::FeedChanges;
pub use command::{
    Applied, Command, CommandError, IncidentChange, NewIncident, NewUpdate, RoleChange,
};
pub use component::{Component, ComponentStatus};
pub use feed::{Feed, FeedError, Page, Problem, SchemaVersion, SCHEMA_VERSION};
pub use incident::{Impact, Incident, IncidentStatus, Role, RoleAssignment, Severity};
pub use indicator::Indicator;
pub use label::{Label, Locale};
pub use maintenance::{Maintenance, MaintenanceStatus};
pub use public::{PublicFeed, PublicIncident, PublicUpdate};
pub use template::{Template, TemplateError, TemplateKind, Vars};
pub use translation::{Localized, Translations};
pub use update::{Attempt, Audience, ComponentChange, Outcome, Update};
pub use write_api::{
    etag, parse_etag, ConflictBody, Deliveries, ErrorBody, ErrorCode, NewWebhook, ProblemBody,
    Webhook, WebhookDeliveries, WebhookFormat, Webhooks,
};
