//! Updates: the append-only entries of an incident's timeline.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::component::ComponentStatus;
use crate::incident_status::IncidentStatus;
use crate::locale::Locale;
use crate::translation::{choose_text, Localized, Translations};

/// Who an update is written for. Internal updates never reach any public output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Customers, stakeholders, the status page and the widget.
    Public,
    /// Responders only: the working notes of the incident.
    Internal,
}

impl Audience {
    /// The stable machine name used in the feed (`internal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Internal => "internal",
        }
    }
}

/// A component's status as set by an update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentChange {
    /// The component's id.
    pub component: String,
    /// The status the update set it to.
    pub status: ComponentStatus,
}

/// How something the responders tried turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Started; too early to tell.
    Pending,
    /// It helped.
    Helped,
    /// It made no difference.
    NoEffect,
    /// It made things worse (and was usually rolled back).
    MadeWorse,
    /// A value this build does not know.
    #[serde(other)]
    Unknown,
}

impl Outcome {
    /// The stable machine name used in the feed (`made_worse`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Helped => "helped",
            Self::NoEffect => "no_effect",
            Self::MadeWorse => "made_worse",
            Self::Unknown => "unknown",
        }
    }
}

/// Something responders tried, recorded so that a late joiner does not try it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// What was done, in the responders' words; the same words name the same attempt later.
    pub action: String,
    /// How it turned out, as far as known when the update was written.
    pub outcome: Outcome,
}

/// One entry in an incident's timeline; never edited once written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// Stable identifier; breaks ties between updates written at the same instant.
    pub id: String,
    /// When the update was written.
    #[serde(with = "crate::time")]
    pub at: DateTime<Utc>,
    /// Who the update is for.
    pub audience: Audience,
    /// The incident status this update set.
    pub status: IncidentStatus,
    /// Component statuses changed by this update.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub component_changes: Vec<ComponentChange>,
    /// Who wrote it.
    pub author: String,
    /// The text, in Markdown.
    pub text: String,
    /// The language `text` is in; absent, the page's default language (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known_language",
        skip_serializing_if = "Option::is_none"
    )]
    pub language: Option<Locale>,
    /// The text in other languages (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub translations: Translations,
    /// Attempts this update reports on (internal updates, usually).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tried: Vec<Attempt>,
    /// The feed version that added this update, for "what changed since you last looked".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// Why it went out although the comms check found a blocking problem; kept with the update
    /// so the decision can be reviewed after the incident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_override: Option<String>,
    /// When this update told customers the next one would come: the one promise the cadence
    /// clock, the catch-up card, the support replies and the widget all count down to.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::time::relaxed_option"
    )]
    pub next_update_at: Option<DateTime<Utc>>,
}

impl Update {
    /// What a reader of `reader` is shown, on a page whose default language is `page`.
    pub fn text_for(&self, reader: Locale, page: Locale) -> Localized<'_> {
        choose_text(reader, page, &self.text, self.language, &self.translations)
    }

    /// Whether customers may see this update.
    pub fn is_public(&self) -> bool {
        self.audience == Audience::Public
    }

    /// The ordering key for "which update is latest": time first, then id so equal times are stable.
    pub(crate) fn order_key(&self) -> (DateTime<Utc>, &str) {
        (self.at, self.id.as_str())
    }
}
