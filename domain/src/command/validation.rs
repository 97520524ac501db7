//! Validation of write requests against the feed: every problem of a request is collected with
//! its JSON path, so a refused write says everything that is wrong at once.

use chrono::{DateTime, Utc};

use super::{
    CommandError, NewUpdate, RoleChange, MAX_CADENCE_MINUTES, MAX_NAME_CHARS, MAX_OVERRIDE_CHARS,
    MAX_TEXT_CHARS, MAX_TITLE_CHARS,
};
use crate::component::ComponentStatus;
use crate::feed::Feed;
use crate::incident::{Impact, IncidentStatus};
use crate::locale::Locale;
use crate::problem::Problems;
use crate::translation::Translations;
use crate::update::{Audience, Outcome};

impl Problems {
    pub(super) fn text(&mut self, path: &str, value: &str, what: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(path, format!("the {what} is empty"));
        } else if value.chars().count() > max {
            self.add(path, format!("the {what} is longer than {max} characters"));
        }
        self.direction(path, value, what);
    }

    /// An invisible direction control (an override, embedding or isolate) turns the text after
    /// it around on every page that shows it ("eht rof yrros era eW"); no customer text needs
    /// one, and the pages isolate names that may run right to left themselves.
    pub(super) fn direction(&mut self, path: &str, value: &str, what: &str) {
        if let Some(c) = value
            .chars()
            .find(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        {
            self.add(
                path,
                format!(
                    "the {what} holds an invisible direction control (U+{:04X}) that changes the direction of the text around it; remove it",
                    u32::from(c)
                ),
            );
        }
    }

    /// The same for each language's text of a field.
    pub(super) fn directions(&mut self, path: &str, translations: &Translations, what: &str) {
        for (locale, text) in translations {
            self.direction(&format!("{path}.{}", locale.tag()), text, what);
        }
    }

    pub(super) fn components(&mut self, feed: &Feed, path: &str, ids: &[String]) {
        for (i, id) in ids.iter().enumerate() {
            if feed.component(id).is_none() {
                self.unknown_component(format!("{path}[{i}]"), id);
            }
        }
    }

    pub(super) fn roles(&mut self, path: &str, roles: &[RoleChange]) {
        for (i, role) in roles.iter().enumerate() {
            self.text(
                &format!("{path}[{i}].holder"),
                &role.holder,
                "role holder's name",
                MAX_NAME_CHARS,
            );
        }
    }

    pub(super) fn impact(&mut self, path: &str, impact: Impact) {
        if impact == Impact::Unknown {
            self.add(
                path,
                "the impact must be one of none, minor, major, critical",
            );
        }
    }

    pub(super) fn cadence(&mut self, path: &str, minutes: Option<u32>) {
        if let Some(minutes) = minutes {
            if minutes == 0 || minutes > MAX_CADENCE_MINUTES {
                self.add(
                    path,
                    format!("the cadence must be between 1 and {MAX_CADENCE_MINUTES} minutes"),
                );
            }
        }
    }

    /// `current` is the incident's status before this update; `now` the time of the write.
    pub(super) fn update(
        &mut self,
        feed: &Feed,
        path: &str,
        update: &NewUpdate,
        current: IncidentStatus,
        now: DateTime<Utc>,
    ) {
        if update.status == IncidentStatus::Unknown {
            self.add(
                format!("{path}.status"),
                "the status must be one of investigating, identified, monitoring, resolved, postmortem",
            );
        } else if update.audience == Audience::Internal && update.status != current {
            self.add(
                format!("{path}.status"),
                format!(
                    "the incident's status is shown to customers, so only a public update may change it (it is {}; an internal note keeps it)",
                    current.as_str()
                ),
            );
        }
        self.promise(path, update, now);
        self.text(
            &format!("{path}.author"),
            &update.author,
            "author",
            MAX_NAME_CHARS,
        );
        self.text(
            &format!("{path}.text"),
            &update.text,
            "text",
            MAX_TEXT_CHARS,
        );
        let own = update
            .language
            .unwrap_or_else(|| Locale::from_tag(&feed.page.locale));
        for (language, text) in &update.translations {
            let at = format!("{path}.translations.{}", language.tag());
            if *language == own {
                self.add(
                    at,
                    format!(
                        "the text itself is in {}; a translation must be in another language",
                        language.tag()
                    ),
                );
            } else {
                self.text(&at, text, "translation", MAX_TEXT_CHARS);
            }
        }
        if let Some(reason) = &update.check_override {
            self.text(
                &format!("{path}.check_override"),
                reason,
                "reason for the override",
                MAX_OVERRIDE_CHARS,
            );
        }
        if update.audience == Audience::Internal && !update.component_changes.is_empty() {
            self.add(
                format!("{path}.component_changes"),
                "component statuses are shown to customers, so only a public update may change them",
            );
        }
        for (i, change) in update.component_changes.iter().enumerate() {
            let at = format!("{path}.component_changes[{i}]");
            if feed.component(&change.component).is_none() {
                self.unknown_component(format!("{at}.component"), &change.component);
            }
            if change.status == ComponentStatus::Unknown {
                self.add(
                    format!("{at}.status"),
                    "the status must be one of operational, degraded_performance, partial_outage, major_outage, under_maintenance",
                );
            }
        }
        for (i, attempt) in update.tried.iter().enumerate() {
            self.text(
                &format!("{path}.tried[{i}].action"),
                &attempt.action,
                "attempt",
                MAX_TITLE_CHARS,
            );
            if attempt.outcome == Outcome::Unknown {
                self.add(
                    format!("{path}.tried[{i}].outcome"),
                    "the outcome must be one of pending, helped, no_effect, made_worse",
                );
            }
        }
    }

    /// The next-update promise: made only to customers, only while the incident is open, and
    /// only for a time that is still ahead.
    pub(super) fn promise(&mut self, path: &str, update: &NewUpdate, now: DateTime<Utc>) {
        let Some(at) = update.next_update_at else {
            return;
        };
        let path = format!("{path}.next_update_at");
        if update.audience == Audience::Internal {
            self.add(
                path,
                "only a public update promises customers the next update",
            );
        } else if !update.status.is_open() {
            self.add(
                path,
                "a resolved incident owes no next update; leave the time out",
            );
        } else if at <= now {
            self.add(
                path,
                "the next update must be promised for a time still ahead",
            );
        } else if at > now + chrono::Duration::minutes(i64::from(MAX_CADENCE_MINUTES)) {
            self.add(
                path,
                format!("the next update must be promised within {MAX_CADENCE_MINUTES} minutes"),
            );
        }
    }

    pub(super) fn into_result(self) -> Result<(), CommandError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CommandError::Invalid(self.0))
        }
    }
}

pub(super) fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
