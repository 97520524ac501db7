//! The console's state: the feed, the one draft, and everything derived from them.
//!
//! Only two things are stored: the draft and the name of the writer. The incident on screen is
//! the draft's own incident, so no panel can show one incident while the text goes to another;
//! the check, the blockers and the requests are memos of the draft.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use herald_domain::draft::{Action, Blocker, Desk, Draft, Outgoing};
use herald_domain::lint::{blocks_publishing, Checker, Finding};
use herald_domain::{Feed, Incident, Locale};
use leptos::prelude::*;

use super::kept::{load_author, load_draft, save_draft};
use crate::components::format_time;
use crate::hooks::{
    use_clock, FeedState, OutboxState, Queued, UseOutboxReturn, UseWriteTokenReturn,
};
use crate::locale::use_locale;
use crate::sync::{api_base, Write};
use crate::text::console_text;

/// Runs `f` with the desk for `incident`: the feed, the time, the page's time format.
pub fn with_desk<T>(
    feed: &Feed,
    incident: &Incident,
    now: DateTime<Utc>,
    f: impl FnOnce(&Desk<'_>) -> T,
) -> T {
    let page_time = page_time(feed);
    f(&Desk {
        feed,
        incident,
        now,
        page_time: &page_time,
    })
}

/// The page's time format for `feed`, for parts that format without a draft.
pub fn page_time(feed: &Feed) -> impl Fn(DateTime<Utc>, Locale) -> String {
    let zone = feed.page.time_zone.clone();
    move |at, locale| format_time(at, Some(&zone), locale, false)
}

/// Every signal the console's parts read; `Copy`, so parts take it whole.
#[derive(Clone, Copy)]
pub struct ConsoleState {
    /// The feed as last synced.
    pub feed: Memo<Option<Arc<Feed>>>,
    /// The API root of the endpoint.
    pub base: Memo<Option<String>>,
    /// The page clock.
    pub now: Signal<DateTime<Utc>>,
    /// The draft being written; `None` until an incident is chosen.
    pub draft: RwSignal<Option<Draft>>,
    /// The draft's incident as the feed has it (`None` while a new one is on its way).
    pub incident: Memo<Option<Incident>>,
    /// The language of the customer text.
    pub language: Memo<Locale>,
    /// The comms check's findings on the customer text.
    pub findings: Memo<Vec<Finding>>,
    /// The writes the draft becomes.
    pub outgoing: Memo<Option<Outgoing>>,
    /// Why it cannot be published now.
    pub blockers: Memo<Vec<Blocker>>,
    /// Who is writing.
    pub author: RwSignal<String>,
    /// Public updates someone else published since the draft was started.
    pub conflict: RwSignal<Vec<herald_domain::Update>>,
    own_versions: RwSignal<Vec<u64>>,
}

impl ConsoleState {
    /// The state over `sync`, publishing with `token`.
    pub fn new(sync: ReadSignal<FeedState>, token: UseWriteTokenReturn) -> Self {
        let locale = use_locale();
        let now = use_clock();
        let feed = Memo::new(move |_| sync.with(|s| s.feed.clone()));
        let base =
            Memo::new(move |_| sync.with(|s| s.source.as_ref().map(|s| api_base(&s.feed_url))));
        let draft = RwSignal::new(None::<Draft>);
        let incident = Memo::new(move |_| {
            let id = draft.with(|d| d.as_ref().map(|d| d.incident.clone()))?;
            feed.with(|f| f.as_ref()?.incidents.iter().find(|i| i.id == id).cloned())
        });
        let language = Memo::new(move |_| {
            draft.with(|d| d.as_ref().map_or_else(|| locale.get(), |d| d.language))
        });
        let checker = StoredValue::new(Checker::new(&[]).expect("no page patterns yet"));
        let findings = Memo::new(move |_| {
            let (Some(feed), Some(incident), Some(draft)) =
                (feed.get(), incident.get(), draft.get())
            else {
                return Vec::new();
            };
            if draft.text.trim().is_empty() {
                return Vec::new();
            }
            let context = with_desk(&feed, &incident, now.get(), |desk| {
                draft.check_context(desk)
            });
            checker.with_value(|c| c.check(&draft.text, &context))
        });
        let author = RwSignal::new(load_author());
        let outgoing = Memo::new(move |_| {
            let (Some(feed), Some(incident), Some(draft)) =
                (feed.get(), incident.get(), draft.get())
            else {
                return None;
            };
            let blocked = findings.with(|f| blocks_publishing(f));
            Some(with_desk(&feed, &incident, now.get(), |desk| {
                draft.outgoing(desk, &author.get(), blocked)
            }))
        });
        let blockers = Memo::new(move |_| {
            let (Some(feed), Some(incident), Some(draft)) =
                (feed.get(), incident.get(), draft.get())
            else {
                return Vec::new();
            };
            let blocked = findings.with(|f| blocks_publishing(f));
            let has_token = token.token.with(Option::is_some);
            with_desk(&feed, &incident, now.get(), |desk| {
                draft.blockers(desk, has_token, &author.get(), blocked)
            })
        });
        let state = Self {
            feed,
            base,
            now,
            draft,
            incident,
            language,
            findings,
            outgoing,
            blockers,
            author,
            conflict: RwSignal::new(Vec::new()),
            own_versions: RwSignal::new(Vec::new()),
        };
        // Start on the most recent open incident once the feed arrives.
        Effect::new(move |_| {
            if draft.with_untracked(Option::is_none) {
                let first = feed.with(|f| {
                    f.as_ref()
                        .and_then(|f| f.open_incidents().first().map(|i| i.id.clone()))
                });
                if let Some(id) = first {
                    state.choose(id);
                }
            }
        });
        // Browser storage is the world outside: every change to the draft is kept there.
        Effect::new(move |_| {
            if let (Some(base), Some(draft)) = (base.get_untracked(), draft.get()) {
                save_draft(&base, &draft);
            }
        });
        state
    }

    /// Runs `f` with the draft and its desk at `now`, once the feed, the draft and its
    /// incident are all there; reactive, so a view calling it follows all three.
    pub fn read<T>(self, now: DateTime<Utc>, f: impl FnOnce(&Draft, &Desk<'_>) -> T) -> Option<T> {
        let (Some(feed), Some(incident), Some(draft)) =
            (self.feed.get(), self.incident.get(), self.draft.get())
        else {
            return None;
        };
        Some(with_desk(&feed, &incident, now, |desk| f(&draft, desk)))
    }

    /// Switches to `incident`, keeping the draft of the one left and taking up its own.
    pub fn choose(self, incident: String) {
        let base = self.base.get_untracked();
        if let (Some(base), Some(current)) = (&base, self.draft.get_untracked()) {
            save_draft(base, &current);
        }
        // A lead keeps writing in the language they were writing in; the first draft of the
        // tab starts in the page's.
        let language = self
            .draft
            .with_untracked(|d| d.as_ref().map(|d| d.language))
            .unwrap_or_else(|| {
                self.feed.with_untracked(|f| {
                    f.as_ref()
                        .map_or(Locale::En, |f| Locale::from_tag(&f.page.locale))
                })
            });
        let kept = base.as_deref().and_then(|b| load_draft(b, &incident));
        self.conflict.set(Vec::new());
        self.draft.set(Some(kept.unwrap_or_else(|| Draft {
            incident,
            language,
            ..Draft::default()
        })));
    }

    /// Applies one lead action to the draft.
    pub fn act(self, action: Action) {
        let (Some(feed), Some(incident)) =
            (self.feed.get_untracked(), self.incident.get_untracked())
        else {
            return;
        };
        let now = Utc::now();
        self.draft.update(|d| {
            if let Some(d) = d {
                with_desk(&feed, &incident, now, |desk| d.act(action, desk));
            }
        });
    }

    /// Brings a refused draft (JSON) back with the endpoint's reason. An empty composer takes
    /// it whole; a composer with words of its own keeps them and is offered the refused text.
    pub fn restore(self, json: &str, reason: String) {
        let Ok(mut refused) = serde_json::from_str::<Draft>(json) else {
            return;
        };
        refused.refusal = Some(reason);
        let same = self
            .draft
            .with_untracked(|d| d.as_ref().map(|d| d.incident.clone()))
            == Some(refused.incident.clone());
        if !same {
            self.choose(refused.incident.clone());
        }
        self.draft.update(|d| match d {
            Some(current) if !current.is_empty() => {
                current.offered = Some(refused.text.clone());
                current.refusal.clone_from(&refused.refusal);
            }
            _ => *d = Some(refused),
        });
    }

    /// Remembers the outbox's own versions and brings refused drafts back automatically.
    pub fn wire_outbox(self, outbox: UseOutboxReturn) {
        Effect::new(move |_| self.own_versions.set(outbox.own_versions.get()));
        Effect::new(move |_| {
            let refused: Vec<(String, String, String)> = outbox.items.with(|items| {
                items
                    .iter()
                    .filter_map(|i| match (&i.state, &i.draft) {
                        (OutboxState::Refused { message }, Some(draft)) => {
                            Some((i.write.key.clone(), draft.clone(), message.clone()))
                        }
                        _ => None,
                    })
                    .collect()
            });
            for (key, draft, message) in refused {
                self.restore(&draft, message);
                outbox.dismiss.run(key);
            }
        });
    }

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
        let t = console_text(self.language.get_untracked());
        let kept = serde_json::to_string(&draft).ok();
        let mut queue = Vec::new();
        if let Some(update) = &out.public {
            queue.push(Queued {
                write: Write::add_update(&out.incident, update, Some(feed.version)),
                label: format!("{} · {}", t.public_update, incident.title),
                draft: kept.clone(),
            });
        }
        if let Some(note) = &out.internal {
            queue.push(Queued {
                write: Write::add_update(&out.incident, note, None),
                label: format!("{} · {}", t.internal_note, incident.title),
                draft: kept,
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
}

/// `Ctrl+Enter` publishes, `Alt+T` goes to the template picker, `F8` to the next finding.
pub fn keyboard(publish: Callback<()>) {
    let cursor = StoredValue::new(0_u32);
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        let document = web_sys::window().and_then(|w| w.document());
        let focus = |id: &str| {
            if let Some(el) = document.as_ref().and_then(|d| {
                d.query_selector(&format!("[data-testid={id}]"))
                    .ok()
                    .flatten()
            }) {
                if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el) {
                    let _ = el.focus();
                }
            }
        };
        if (ev.ctrl_key() || ev.meta_key()) && key == "Enter" {
            ev.prevent_default();
            publish.run(());
        } else if ev.alt_key() && (key == "t" || key == "T" || ev.code() == "KeyT") {
            ev.prevent_default();
            focus("template-select");
        } else if key == "F8" || (ev.alt_key() && ev.code() == "KeyN") {
            ev.prevent_default();
            // Each press shows the next finding in the text, round the list.
            let Some(list) = document
                .as_ref()
                .and_then(|d| d.query_selector_all("[data-testid=show-finding]").ok())
            else {
                return;
            };
            if list.length() == 0 {
                return;
            }
            let index = cursor.get_value() % list.length();
            cursor.set_value(index + 1);
            if let Some(el) = list.item(index) {
                if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el) {
                    el.click();
                }
            }
        }
    });
    on_cleanup(move || keys.remove());
}
