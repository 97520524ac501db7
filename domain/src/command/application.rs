//! Applying a valid write to the feed: a new version with the incident opened, the update
//! added or the details changed, on a copy, so a refused write leaves the feed as it was.

use chrono::{DateTime, Datelike, Utc};

use super::validation::valid_id;
use super::{
    Applied, Command, CommandError, IncidentChange, NewIncident, NewUpdate, RoleChange,
    MAX_TITLE_CHARS,
};
use crate::feed::Feed;
use crate::incident::{Incident, IncidentStatus, RoleAssignment};
use crate::problem::Problems;
use crate::translation::cleaned;
use crate::update::Update;

impl Feed {
    /// Applies a write, producing version `version` at time `now`, or changes nothing.
    ///
    /// New entries are stamped with the later of `now` and the incident's latest update, so a
    /// server clock stepping back can never make a new update sort before an older one.
    ///
    /// # Errors
    /// [`CommandError`] listing every problem; the feed is untouched then.
    pub fn apply(
        &mut self,
        command: &Command,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        let mut next = self.clone();
        let applied = next.apply_to_copy(command, now, version)?;
        next.version = version;
        *self = next;
        Ok(applied)
    }

    fn apply_to_copy(
        &mut self,
        command: &Command,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        match command {
            Command::OpenIncident(new) => self.open_incident(new, now, version),
            Command::AddUpdate { incident, update } => {
                let index = self.incident_index(incident)?;
                let mut problems = Problems::default();
                let current = self.incidents[index].status();
                problems.update(self, "$", update, current, now);
                problems.into_result()?;
                let added = self.push_update(index, update, now, version);
                Ok(Applied {
                    version,
                    incident: self.incidents[index].clone(),
                    update: Some(added),
                })
            }
            Command::ChangeIncident { incident, change } => {
                let index = self.incident_index(incident)?;
                self.change_incident(index, change, now, version)
            }
        }
    }

    fn incident_index(&self, id: &str) -> Result<usize, CommandError> {
        self.incidents
            .iter()
            .position(|i| i.id == id)
            .ok_or_else(|| CommandError::UnknownIncident(id.to_string()))
    }

    fn open_incident(
        &mut self,
        new: &NewIncident,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        let mut problems = Problems::default();
        let id = new.id.clone().unwrap_or_else(|| {
            readable_id(&new.title, now, |id| {
                self.incidents.iter().any(|i| i.id == id)
            })
        });
        if !valid_id(&id) {
            problems.add(
                "$.id",
                "an id is 1 to 64 lowercase letters, digits or dashes",
            );
        } else if self.incidents.iter().any(|i| i.id == id) {
            problems.add("$.id", format!("an incident with id {id:?} already exists"));
        }
        problems.text("$.title", &new.title, "title", MAX_TITLE_CHARS);
        problems.directions("$.title_translations", &new.title_translations, "title");
        if let Some(workaround) = &new.workaround {
            problems.direction("$.workaround", workaround, "workaround");
        }
        problems.directions(
            "$.workaround_translations",
            &new.workaround_translations,
            "workaround",
        );
        problems.impact("$.impact", new.impact);
        problems.cadence("$.cadence_minutes", new.cadence_minutes);
        problems.components(self, "$.components", &new.components);
        problems.roles("$.roles", &new.roles);
        if let Some(started) = new.started_at {
            if started > now {
                problems.add("$.started_at", "an incident cannot start in the future");
            }
        }
        if let Some(update) = &new.update {
            problems.update(self, "$.update", update, IncidentStatus::Investigating, now);
        }
        problems.into_result()?;
        let started_at = new.started_at.unwrap_or(now);
        self.incidents.push(Incident {
            id,
            title: new.title.trim().to_string(),
            title_translations: cleaned(&new.title_translations),
            impact: new.impact,
            severity: new.severity,
            started_at,
            resolved_at: None,
            components: new.components.clone(),
            workaround: new.workaround.clone().filter(|w| !w.trim().is_empty()),
            workaround_translations: cleaned(&new.workaround_translations),
            roles: new
                .roles
                .iter()
                .map(|r| assignment(r, now, version))
                .collect(),
            cadence_minutes: new
                .cadence_minutes
                .unwrap_or(crate::incident::DEFAULT_CADENCE_MINUTES),
            updates: Vec::new(),
        });
        let index = self.incidents.len() - 1;
        let update = new
            .update
            .as_ref()
            .map(|u| self.push_update(index, u, now, version));
        Ok(Applied {
            version,
            incident: self.incidents[index].clone(),
            update,
        })
    }

    fn push_update(
        &mut self,
        index: usize,
        new: &NewUpdate,
        now: DateTime<Utc>,
        version: u64,
    ) -> Update {
        let incident = &mut self.incidents[index];
        // Strictly later than the latest, so time alone orders it and the id tie-break never
        // has to (ids from other sources need not sort like ours).
        let at = match incident.latest_update() {
            Some(latest) if latest.at >= now => latest.at + chrono::Duration::milliseconds(1),
            _ => now,
        };
        let update = Update {
            // One update per version, so the version names it uniquely; zero-padded so ids
            // written in the same instant still sort in the order they were written.
            id: format!("u-{version:08}"),
            at,
            audience: new.audience,
            status: new.status,
            component_changes: new.component_changes.clone(),
            author: new.author.trim().to_string(),
            text: new.text.clone(),
            language: new.language,
            translations: new.translations.clone(),
            tried: new.tried.clone(),
            version: Some(version),
            check_override: new.check_override.clone(),
            next_update_at: new.next_update_at,
        };
        incident.updates.push(update.clone());
        match (incident.status().is_open(), incident.resolved_at) {
            (false, None) => incident.resolved_at = Some(at),
            (true, Some(_)) => incident.resolved_at = None,
            _ => {}
        }
        for change in &new.component_changes {
            if let Some(component) = self
                .components
                .iter_mut()
                .find(|c| c.id == change.component)
            {
                component.status = change.status;
            }
        }
        update
    }

    fn change_incident(
        &mut self,
        index: usize,
        change: &IncidentChange,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        let mut problems = Problems::default();
        if let Some(title) = &change.title {
            problems.text("$.title", title, "title", MAX_TITLE_CHARS);
        }
        if let Some(translations) = &change.title_translations {
            problems.directions("$.title_translations", translations, "title");
        }
        if let Some(workaround) = &change.workaround {
            problems.direction("$.workaround", workaround, "workaround");
        }
        if let Some(translations) = &change.workaround_translations {
            problems.directions("$.workaround_translations", translations, "workaround");
        }
        if let Some(impact) = change.impact {
            problems.impact("$.impact", impact);
        }
        problems.cadence("$.cadence_minutes", change.cadence_minutes);
        if let Some(components) = &change.components {
            problems.components(self, "$.components", components);
        }
        problems.roles("$.roles", &change.roles);
        if change == &IncidentChange::default() {
            problems.add("$", "the request changes nothing");
        }
        problems.into_result()?;
        let incident = &mut self.incidents[index];
        if let Some(title) = &change.title {
            incident.title = title.trim().to_string();
        }
        if let Some(impact) = change.impact {
            incident.impact = impact;
        }
        if let Some(severity) = change.severity {
            incident.severity = Some(severity);
        }
        if let Some(minutes) = change.cadence_minutes {
            incident.cadence_minutes = minutes;
        }
        if let Some(translations) = &change.title_translations {
            incident.title_translations = cleaned(translations);
        }
        if let Some(translations) = &change.workaround_translations {
            incident.workaround_translations = cleaned(translations);
        }
        if let Some(workaround) = &change.workaround {
            incident.workaround = Some(workaround.clone()).filter(|w| !w.trim().is_empty());
        }
        if let Some(components) = &change.components {
            incident.components.clone_from(components);
        }
        incident
            .roles
            .extend(change.roles.iter().map(|r| assignment(r, now, version)));
        Ok(Applied {
            version,
            incident: incident.clone(),
            update: None,
        })
    }
}

/// An incident id a person can read and say: the day and the title's words
/// (`inc-2026-12-01-login-failures-eu`), with `-2`, `-3` … when the day already has one, and
/// the day alone for a title without Latin letters or digits.
pub fn readable_id(title: &str, now: DateTime<Utc>, taken: impl Fn(&str) -> bool) -> String {
    // From the fields rather than chrono's `format`, whose strftime parser would otherwise be
    // built into the console's bundle for this one line.
    let day = format!("inc-{:04}-{:02}-{:02}", now.year(), now.month(), now.day());
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        // 64 in all, with room for the day and a "-NN" suffix.
        if day.len() + slug.len() + 1 + word.len() > 60 {
            break;
        }
        slug.push('-');
        slug.push_str(&word.to_ascii_lowercase());
    }
    let base = format!("{day}{slug}");
    if !taken(&base) {
        return base;
    }
    // A day never has ten thousand incidents; the bound keeps the search finite regardless.
    (2..10_000)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

fn assignment(change: &RoleChange, now: DateTime<Utc>, version: u64) -> RoleAssignment {
    RoleAssignment {
        role: change.role,
        holder: change.holder.trim().to_string(),
        since: now,
        version: Some(version),
    }
}
