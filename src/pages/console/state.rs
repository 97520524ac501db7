//! The console's state: the feed, the one draft, and everything derived from them.
//!
//! Only two things are stored: the draft and the name of the writer. The incident on screen is
//! the draft's own incident, so no panel can show one incident while the text goes to another;
//! the check, the blockers and the requests are memos of the draft.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use herald_domain::comms_check::{blocks_publishing, Checker, Finding};
use herald_domain::declaration::Declaration;
use herald_domain::draft::{Action, Blocker, Desk, Draft, Outgoing};
use herald_domain::{Feed, Incident, Locale};
use leptos::prelude::*;

use super::kept::{load_author, load_draft, save_draft};
use crate::components::customer_time;
use crate::hooks::{use_clock, FeedState, UseWriteTokenReturn};
use crate::locale::use_locale;
use crate::sync::api_base;

/// Runs `f` with the desk for `incident`: the feed, the time, the page's time format.
pub fn with_desk<T>(
    feed: &Feed,
    incident: &Incident,
    now: DateTime<Utc>,
    f: impl FnOnce(&Desk<'_>) -> T,
) -> T {
    let page_time = page_time(feed, now);
    f(&Desk {
        feed,
        incident,
        now,
        page_time: &page_time,
    })
}

/// How a customer text in each language writes a time on `feed`'s page at `now`: in the
/// page's zone for that language, named, with the date when it is not today there.
pub fn page_time(feed: &Feed, now: DateTime<Utc>) -> impl Fn(DateTime<Utc>, Locale) -> String {
    let page = feed.page.clone();
    move |at, locale| customer_time(at, page.zone_for(locale), locale, now)
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
    /// The lead's own language, the page's chrome (outbox labels among it).
    pub page_locale: Signal<Locale>,
    /// The comms check's findings on the customer text.
    pub findings: Memo<Vec<Finding>>,
    /// The comms check's findings on the text in the second language, checked as its own
    /// language (its words, its components' names, its zone).
    pub second_findings: Memo<Vec<Finding>>,
    /// The writes the draft becomes.
    pub outgoing: Memo<Option<Outgoing>>,
    /// Why it cannot be published now.
    pub blockers: Memo<Vec<Blocker>>,
    /// Who is writing.
    pub author: RwSignal<String>,
    /// Public updates someone else published since the draft was started.
    pub conflict: RwSignal<Vec<herald_domain::Update>>,
    /// A declaration the server refused, with its reason, for the form to take back.
    pub declaration_back: RwSignal<Option<(Declaration, String)>>,
    pub(super) own_versions: RwSignal<Vec<u64>>,
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
        let check = move |text_of: fn(&Draft) -> Option<(String, Locale)>| {
            Memo::new(move |_| {
                let (Some(feed), Some(incident), Some(draft)) =
                    (feed.get(), incident.get(), draft.get())
                else {
                    return Vec::new();
                };
                let Some((text, language)) = text_of(&draft).filter(|(t, _)| !t.trim().is_empty())
                else {
                    return Vec::new();
                };
                let context = with_desk(&feed, &incident, now.get(), |desk| {
                    draft.check_context_in(desk, language)
                });
                checker.with_value(|c| c.check(&text, &context))
            })
        };
        let findings = check(|d| Some((d.text.clone(), d.language)));
        let second_findings = check(|d| d.second.as_ref().map(|s| (s.text.clone(), s.language)));
        let blocked = move || {
            findings.with(|f| blocks_publishing(f))
                || second_findings.with(|f| blocks_publishing(f))
        };
        let author = RwSignal::new(load_author());
        let outgoing = Memo::new(move |_| {
            let (Some(feed), Some(incident), Some(draft)) =
                (feed.get(), incident.get(), draft.get())
            else {
                return None;
            };
            let blocked = blocked();
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
            let blocked = blocked();
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
            page_locale: locale,
            findings,
            second_findings,
            outgoing,
            blockers,
            author,
            conflict: RwSignal::new(Vec::new()),
            own_versions: RwSignal::new(Vec::new()),
            declaration_back: RwSignal::new(None),
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
        self.choose_writing_in(incident, None);
    }

    /// Switches to `incident` as [`Self::choose`] does; a new draft is in `language` when given
    /// (the language an incident was opened in), else in the one the lead was writing in.
    pub fn choose_writing_in(self, incident: String, language: Option<Locale>) {
        let base = self.base.get_untracked();
        if let (Some(base), Some(current)) = (&base, self.draft.get_untracked()) {
            save_draft(base, &current);
        }
        // A lead keeps writing in the language they were writing in; the first draft of the
        // tab starts in the page's.
        let language = language
            .or_else(|| {
                self.draft
                    .with_untracked(|d| d.as_ref().map(|d| d.language))
            })
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
}
