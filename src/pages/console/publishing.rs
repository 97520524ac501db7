//! Publishing through the outbox, and what comes back: someone else's update first, and
//! refused writes, whose drafts return to the composer (or to the form, for a declaration)
//! with the server's reason.

use herald_domain::declaration::Declaration;
use herald_domain::draft::Draft;
use herald_domain::NewIncident;
use leptos::prelude::*;

use super::state::ConsoleState;
use super::words::words;
use crate::hooks::{OutboxState, Queued, UseOutboxReturn};
use crate::sync::Write;
use crate::text::console_text;

impl ConsoleState {
    /// Publishes the draft through the outbox, unless something blocks it or another lead
    /// published since it was started. The console stays on the incident.
    pub fn publish(self, outbox: UseOutboxReturn) -> bool {
        if !self.blockers.with_untracked(Vec::is_empty) {
            return false;
        }
        let (Some(feed), Some(incident), Some(draft), Some(out)) = (
            self.feed.get_untracked(),
            self.incident.get_untracked(),
            self.draft.get_untracked(),
            self.outgoing.get_untracked(),
        ) else {
            return false;
        };
        let own = self.own_versions.get_untracked();
        let theirs: Vec<herald_domain::Update> = incident
            .updates
            .iter()
            .filter(|u| {
                u.is_public()
                    && matches!((u.version, draft.base_version), (Some(v), Some(b)) if v > b)
            })
            .filter(|u| u.version.is_none_or(|v| !own.contains(&v)))
            .cloned()
            .collect();
        if !theirs.is_empty() {
            self.conflict.set(theirs);
            return false;
        }
        self.conflict.set(Vec::new());
        let t = console_text(self.page_locale.get_untracked());
        let title = incident.title_in(self.page_locale.get_untracked(), feed.page.language());
        // The update carries the whole draft; the note only itself, so a note refused after
        // its update went out comes back alone and the update is never sent twice.
        let whole = serde_json::to_string(&draft).ok();
        let note_only = serde_json::to_string(&Draft {
            text: String::new(),
            status: None,
            template: None,
            rendered: None,
            offered: None,
            component_changes: Vec::new(),
            ..draft.clone()
        })
        .ok();
        let mut queue = Vec::new();
        let mut group = None;
        if let Some(update) = &out.public {
            let write = Write::add_update(&out.incident, update, Some(feed.version));
            group = out.internal.as_ref().map(|_| write.key.clone());
            queue.push(Queued {
                write,
                label: format!("{} · {title}", t.public_update),
                draft: whole,
                group: group.clone(),
            });
        }
        if let Some(note) = &out.internal {
            queue.push(Queued {
                write: Write::add_update(&out.incident, note, None),
                label: format!("{} · {title}", t.internal_note),
                draft: note_only,
                group,
            });
        }
        outbox.enqueue.run(queue);
        self.draft.set(Some(Draft {
            incident: draft.incident,
            language: draft.language,
            ..Draft::default()
        }));
        true
    }

    /// Opens an incident: the declaration travels with the write, so a refusal refills the
    /// form; the console moves to the new incident at once.
    pub fn open_incident(
        self,
        outbox: UseOutboxReturn,
        new: &NewIncident,
        declaration: &Declaration,
    ) {
        let Some(id) = new.id.clone() else {
            return;
        };
        outbox.enqueue.run(vec![Queued {
            write: Write::open_incident(new),
            label: format!(
                "{} · {}",
                words(self.page_locale.get_untracked()).open_incident,
                new.title
            ),
            draft: serde_json::to_string(declaration).ok(),
            group: None,
        }]);
        // The first update was written in the declaration's language; the next ones follow it.
        self.choose_writing_in(id, Some(declaration.language));
    }

    /// Publishing after seeing someone else's update: the draft now builds on the feed as it is.
    pub fn accept_conflict(self) {
        let version = self.feed.with_untracked(|f| f.as_ref().map(|f| f.version));
        self.draft.update(|d| {
            if let Some(d) = d {
                d.base_version = version;
            }
        });
        self.conflict.set(Vec::new());
    }

    /// Brings a refused draft (JSON) back, asked for by the lead: the console goes to its
    /// incident and takes it whole; the text it replaces can be brought back with undo.
    pub fn restore(self, json: &str, reason: String) {
        let Ok(mut refused) = serde_json::from_str::<Draft>(json) else {
            return;
        };
        refused.refusal = Some(reason);
        let here = self
            .draft
            .with_untracked(|d| d.as_ref().map(|d| d.incident.clone()));
        if here.as_deref() != Some(refused.incident.as_str()) {
            self.choose(refused.incident.clone());
        }
        self.draft.update(|d| {
            let before = d
                .as_ref()
                .map(|d| d.text.clone())
                .filter(|t| !t.trim().is_empty());
            refused.replaced = before;
            *d = Some(refused);
        });
    }

    /// Takes a refused draft back by itself only where nothing is lost: the composer is on
    /// its incident and empty. Anything else waits in the outbox for the lead to ask.
    fn restore_quietly(self, json: &str, reason: &str) -> bool {
        let Ok(refused) = serde_json::from_str::<Draft>(json) else {
            return false;
        };
        let free = self.draft.with_untracked(|d| {
            d.as_ref()
                .is_some_and(|d| d.incident == refused.incident && d.is_empty())
        });
        if free {
            self.restore(json, reason.to_string());
        }
        free
    }

    /// Remembers the outbox's own versions, and brings refused drafts and declarations back.
    pub fn wire_outbox(self, outbox: UseOutboxReturn) {
        Effect::new(move |_| self.own_versions.set(outbox.own_versions.get()));
        Effect::new(move |_| {
            let refused: Vec<(String, bool, Option<String>, String, String)> =
                outbox.items.with(|items| {
                    items
                        .iter()
                        .filter_map(|i| match &i.state {
                            OutboxState::Refused { message } => Some((
                                i.write.key.clone(),
                                i.write.opens_incident(),
                                i.draft.clone(),
                                i.write.body.clone(),
                                message.clone(),
                            )),
                            _ => None,
                        })
                        .collect()
                });
            for (key, declaration, draft, body, message) in refused {
                if declaration {
                    self.declaration_refused(draft.as_deref(), &body, message);
                    outbox.dismiss.run(key);
                } else if draft.is_some_and(|d| self.restore_quietly(&d, &message)) {
                    outbox.dismiss.run(key);
                }
            }
        });
    }

    /// A refused declaration: the form comes back with the reason, and the console leaves
    /// the incident that was never opened.
    fn declaration_refused(self, declaration: Option<&str>, body: &str, reason: String) {
        if let Some(declaration) =
            declaration.and_then(|d| serde_json::from_str::<Declaration>(d).ok())
        {
            self.declaration_back.set(Some((declaration, reason)));
        }
        let never = serde_json::from_str::<NewIncident>(body)
            .ok()
            .and_then(|n| n.id);
        let here = self
            .draft
            .with_untracked(|d| d.as_ref().map(|d| d.incident.clone()));
        if never.is_some() && never == here {
            let first = self.feed.with_untracked(|f| {
                f.as_ref()
                    .and_then(|f| f.open_incidents().first().map(|i| i.id.clone()))
            });
            match first {
                Some(id) => self.choose(id),
                None => self.draft.set(None),
            }
        }
    }
}
