//! The feed's document as it is written and read: its schema version, the page, and the
//! lists every view is derived from.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::incident::Incident;
use crate::locale::Locale;
use crate::maintenance::Maintenance;
use crate::translation::Translations;

/// The schema version this build writes, and the newest major version it reads.
pub const SCHEMA_VERSION: SchemaVersion = SchemaVersion { major: 1, minor: 2 };

/// A feed schema version, `MAJOR.MINOR`: minor versions only add fields, so any minor of a
/// known major is readable; a newer major may change meaning and is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaVersion {
    /// Incompatible changes bump this.
    pub major: u32,
    /// Compatible additions bump this.
    pub minor: u32,
}

impl SchemaVersion {
    /// Reads `"1.0"`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let (major, minor) = text.split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(major) || !digits(minor) {
            return None;
        }
        Some(Self {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for SchemaVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchemaVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "schema version {text:?} is not of the form MAJOR.MINOR"
            ))
        })
    }
}

/// The status page itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The name customers know the service by.
    pub name: String,
    /// Where the public status page lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// IANA time zone the page's team works in, shown beside local times (`Europe/Berlin`).
    pub time_zone: String,
    /// Default language of customer-facing text (`en`, `zh-CN`).
    pub locale: String,
    /// The zone times are written in for readers of each language, where it is not
    /// `time_zone` (`{"zh-CN": "Asia/Shanghai"}`; schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub time_zones: Translations,
}

impl Page {
    /// The page's default language.
    pub fn language(&self) -> Locale {
        Locale::from_tag(&self.locale)
    }

    /// The zone a customer text in `language` writes its times in.
    pub fn zone_for(&self, language: Locale) -> &str {
        self.time_zones
            .get(&language)
            .map_or(self.time_zone.as_str(), String::as_str)
    }
}

/// The whole feed document as served by an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    /// Schema version of this document.
    pub schema: SchemaVersion,
    /// Bumped by the endpoint on every change, so clients can tell what they have seen.
    pub version: u64,
    /// The status page.
    pub page: Page,
    /// Every component, in display order.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Incidents, open and resolved.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// Scheduled maintenances.
    #[serde(default)]
    pub maintenances: Vec<Maintenance>,
}
