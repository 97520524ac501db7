//! The outbox: writes wait here, in browser storage, until the endpoint has them.
//!
//! Each write keeps its idempotency key for every attempt, so a write whose answer was lost is
//! applied once however often it is sent. Writes go one at a time, oldest first, so updates
//! reach the feed in the order they were published. Closing the tab loses nothing: the next
//! visit picks the queue up again.

use std::time::Duration;

use chrono::{DateTime, Utc};
use herald_domain::backoff::Backoff;
use herald_domain::FeedChanges;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage;
pub use crate::sync::new_key;
use crate::sync::{send_write, Write, WriteOutcome};

/// Where a write stands.
#[derive(Debug, Clone, PartialEq)]
pub enum OutboxState {
    /// Waiting its turn.
    Queued,
    /// On its way now.
    Sending,
    /// The endpoint could not be reached; tried again at `next_try`.
    Waiting {
        /// Attempts so far.
        attempts: u32,
        /// Why the last attempt failed.
        reason: String,
        /// When it is sent again.
        next_try: DateTime<Utc>,
    },
    /// The endpoint has it.
    Sent {
        /// The feed version it created.
        version: u64,
    },
    /// Someone else wrote first; the writer decides what now.
    Conflict {
        /// The version the endpoint holds.
        current_version: u64,
        /// What the other writer changed.
        changes: Option<FeedChanges>,
    },
    /// The endpoint refused it for good.
    Refused {
        /// Why.
        message: String,
    },
    /// Not sent, because another write of the same publish failed; it comes back with that
    /// write's draft.
    HeldBack,
}

impl OutboxState {
    /// Whether the outbox still has to send it.
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Queued | Self::Sending | Self::Waiting { .. })
    }

    /// A stable word for tests and styling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Waiting { .. } => "waiting",
            Self::Sent { .. } => "sent",
            Self::Conflict { .. } => "conflict",
            Self::Refused { .. } => "refused",
            Self::HeldBack => "held_back",
        }
    }
}

/// One write and its state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Stored", into = "Stored")]
pub struct OutboxItem {
    /// What to send.
    pub write: Write,
    /// A short description for the list ("Public update on …").
    pub label: String,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// Where it stands.
    pub state: OutboxState,
    /// The console draft it was published from (JSON), so a refusal brings the lead's words
    /// back into the composer instead of losing them.
    pub draft: Option<String>,
    /// The writes of one publish share a group: when one is refused or conflicts, the rest
    /// are held back, so a note never goes out without the update it belongs to.
    pub group: Option<String>,
}

/// An item as browser storage keeps it: one flat object, its state named by `state` beside
/// that state's fields. Read and written as a plain struct, because serde's `flatten` of a
/// tagged enum (the same JSON) buffers every value through its generic `Content` tree, which
/// cost the console's bundle about 30 KB of code before wasm-opt.
#[derive(Serialize, Deserialize)]
struct Stored {
    write: Write,
    label: String,
    #[serde(deserialize_with = "herald_domain::time::relaxed")]
    queued_at: DateTime<Utc>,
    state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "herald_domain::time::relaxed_option"
    )]
    next_try: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    current_version: Option<u64>,
    // Three cases, as the tagged enum wrote them: absent (not a conflict), `null` (a conflict
    // without changes) and the changes.
    #[allow(clippy::option_option)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    changes: Option<Option<FeedChanges>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    draft: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<String>,
}

impl From<OutboxItem> for Stored {
    fn from(item: OutboxItem) -> Self {
        let mut stored = Stored {
            write: item.write,
            label: item.label,
            queued_at: item.queued_at,
            state: item.state.as_str().to_string(),
            attempts: None,
            reason: None,
            next_try: None,
            version: None,
            current_version: None,
            changes: None,
            message: None,
            draft: item.draft,
            group: item.group,
        };
        match item.state {
            OutboxState::Waiting {
                attempts,
                reason,
                next_try,
            } => {
                stored.attempts = Some(attempts);
                stored.reason = Some(reason);
                stored.next_try = Some(next_try);
            }
            OutboxState::Sent { version } => stored.version = Some(version),
            OutboxState::Conflict {
                current_version,
                changes,
            } => {
                stored.current_version = Some(current_version);
                stored.changes = Some(changes);
            }
            OutboxState::Refused { message } => stored.message = Some(message),
            OutboxState::Queued | OutboxState::Sending | OutboxState::HeldBack => {}
        }
        stored
    }
}

impl TryFrom<Stored> for OutboxItem {
    type Error = String;

    fn try_from(stored: Stored) -> Result<Self, String> {
        let missing = |field: &str| format!("a {} write has no {field}", stored.state);
        let state = match stored.state.as_str() {
            "queued" => OutboxState::Queued,
            "sending" => OutboxState::Sending,
            "waiting" => OutboxState::Waiting {
                attempts: stored.attempts.ok_or_else(|| missing("attempts"))?,
                reason: stored.reason.clone().ok_or_else(|| missing("reason"))?,
                next_try: stored.next_try.ok_or_else(|| missing("next_try"))?,
            },
            "sent" => OutboxState::Sent {
                version: stored.version.ok_or_else(|| missing("version"))?,
            },
            "conflict" => OutboxState::Conflict {
                current_version: stored
                    .current_version
                    .ok_or_else(|| missing("current_version"))?,
                changes: stored.changes.clone().flatten(),
            },
            "refused" => OutboxState::Refused {
                message: stored.message.clone().ok_or_else(|| missing("message"))?,
            },
            "held_back" => OutboxState::HeldBack,
            other => return Err(format!("unknown outbox state {other:?}")),
        };
        Ok(Self {
            write: stored.write,
            label: stored.label,
            queued_at: stored.queued_at,
            state,
            draft: stored.draft,
            group: stored.group,
        })
    }
}

/// A write to queue: what to send, how the list names it, and the draft it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    /// What to send.
    pub write: Write,
    /// A short description for the list.
    pub label: String,
    /// The draft it was published from, if any (JSON).
    pub draft: Option<String>,
    /// The publish it is part of, if it has siblings.
    pub group: Option<String>,
}

/// What [`use_outbox`] gives its caller.
#[derive(Clone, Copy)]
pub struct UseOutboxReturn {
    /// Every write still pending, and recent ones.
    pub items: ReadSignal<Vec<OutboxItem>>,
    /// Queues writes, in order.
    pub enqueue: Callback<Vec<Queued>>,
    /// Sends waiting writes now.
    pub retry: Callback<()>,
    /// Removes a write that needs no more attention (sent, conflicting, refused).
    pub dismiss: Callback<String>,
    /// Feed versions this outbox's own writes created, so they are never taken for someone
    /// else's.
    pub own_versions: ReadSignal<Vec<u64>>,
    /// Why the queue is held: the endpoint refused the token it was sent with; cleared when a
    /// token is entered again.
    pub held_for_token: ReadSignal<Option<String>>,
}

/// How many finished writes stay listed.
const KEEP_FINISHED: usize = 10;

/// How many of its own versions the outbox remembers: far more than one incident's updates
/// while an endpoint is away.
const KEEP_OWN: usize = 2000;

fn outbox_key(base: &str) -> String {
    format!("herald:outbox:{base}")
}

fn own_key(base: &str) -> String {
    format!("herald:outbox-own:{base}")
}

/// The version a conditional write can be sent against instead of the one it expected, when
/// every version written since up to `current` is this outbox's own: a lead who publishes twice while
/// the endpoint is away has not conflicted with anyone.
pub fn rebase_over_own(expected: Option<u64>, current: u64, own: &[u64]) -> Option<u64> {
    let expected = expected?;
    (expected < current && (expected + 1..=current).all(|v| own.contains(&v))).then_some(current)
}

/// The outbox for the endpoint at `base`, sending with `token` when there is one. A write the
/// endpoint refuses for its token (401, 403) is not dropped: it waits, `on_token_refused` is
/// told why, and it goes out once a token is entered again (the same one included).
// One hook, one state machine: splitting the closures apart would only scatter it.
#[allow(clippy::too_many_lines)]
pub fn use_outbox(
    base: Signal<Option<String>>,
    token: Signal<Option<String>>,
    on_token_refused: Callback<String>,
) -> UseOutboxReturn {
    let (items, set_items) = signal(Vec::<OutboxItem>::new());
    let (own_versions, set_own_versions) = signal(Vec::<u64>::new());
    let busy = StoredValue::new(false);
    // Why the endpoint refused the token: while set nothing is sent, so a refusal cannot loop;
    // a token entered again clears it.
    let (held_for_token, set_held_for_token) = signal(None::<String>);
    let timer: StoredValue<Option<TimeoutHandle>, LocalStorage> = StoredValue::new_local(None);
    let backoff = Backoff::default();

    // Load the queue kept from an earlier visit once the endpoint is known.
    Effect::new(move |_| {
        if let Some(base) = base.get() {
            let kept: Vec<OutboxItem> = storage::load(&outbox_key(&base))
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            // A write that was being sent when the tab closed may or may not have arrived;
            // its key makes sending it again safe.
            set_items.set(
                kept.into_iter()
                    .map(|mut item| {
                        if item.state == OutboxState::Sending {
                            item.state = OutboxState::Queued;
                        }
                        item
                    })
                    .collect(),
            );
            set_own_versions.set(
                storage::load(&own_key(&base))
                    .and_then(|text| serde_json::from_str(&text).ok())
                    .unwrap_or_default(),
            );
        }
    });
    // Keep storage in step with the queue.
    Effect::new(move |_| {
        let list = items.get();
        if let Some(base) = base.get_untracked() {
            if let Ok(text) = serde_json::to_string(&list) {
                storage::save(&outbox_key(&base), &text);
            }
        }
    });

    let remember_own = move |version: u64| {
        set_own_versions.update(|own| {
            own.push(version);
            let excess = own.len().saturating_sub(KEEP_OWN);
            own.drain(..excess);
        });
        if let Some(base) = base.get_untracked() {
            let own = own_versions.with_untracked(|own| serde_json::to_string(own).ok());
            if let Some(text) = own {
                storage::save(&own_key(&base), &text);
            }
        }
    };

    let pump = StoredValue::new_local(None::<Box<dyn Fn()>>);
    let send_next = move || {
        if busy.get_value() {
            return;
        }
        let (Some(base), Some(token)) = (base.get_untracked(), token.get_untracked()) else {
            return;
        };
        if held_for_token.with_untracked(Option::is_some) {
            return;
        }
        let now = Utc::now();
        let next = items.with_untracked(|list| {
            list.iter()
                .find(|item| item.state.is_pending())
                .map(|item| (item.write.clone(), item.state.clone()))
        });
        let Some((write, state)) = next else { return };
        if let OutboxState::Waiting { next_try, .. } = &state {
            if *next_try > now {
                let wait = (*next_try - now).to_std().unwrap_or_default();
                if let Some(Some(handle)) = timer.try_update_value(Option::take) {
                    handle.clear();
                }
                let handle = set_timeout_with_handle(
                    move || {
                        run(pump);
                    },
                    wait,
                )
                .ok();
                timer.try_set_value(handle);
                return;
            }
        }
        let attempts = match &state {
            OutboxState::Waiting { attempts, .. } => *attempts,
            _ => 0,
        };
        // Written against a version older than this outbox's own latest write: when every
        // version since is its own, it is sent against the latest. Writes go one at a time, so
        // once this is done a 409 can only mean someone else wrote.
        let mut write = write;
        let rebased = own_versions.with_untracked(|own| {
            let latest = own.iter().max().copied()?;
            rebase_over_own(write.if_match, latest, own)
        });
        if let Some(rebased) = rebased {
            write.if_match = Some(rebased);
            set_if_match(set_items, &write.key, rebased);
        }
        busy.set_value(true);
        set_state(set_items, &write.key, OutboxState::Sending);
        leptos::task::spawn_local(async move {
            let result = send_write(&base, &write, &token).await;
            if let Ok(WriteOutcome::Refused { status, message }) = &result {
                if Write::refused_for_token(*status) {
                    set_state(set_items, &write.key, OutboxState::Queued);
                    busy.set_value(false);
                    set_held_for_token.set(Some(message.clone()));
                    on_token_refused.run(message.clone());
                    return;
                }
            }
            let state = match result {
                Ok(WriteOutcome::Done { version }) => {
                    remember_own(version);
                    OutboxState::Sent { version }
                }
                Ok(WriteOutcome::Conflict {
                    current_version,
                    changes,
                }) => OutboxState::Conflict {
                    current_version,
                    changes,
                },
                Ok(WriteOutcome::Refused { message, .. }) => OutboxState::Refused { message },
                Err(error) => {
                    let attempts = attempts + 1;
                    let wait = backoff.delay(attempts, js_sys::Math::random());
                    OutboxState::Waiting {
                        attempts,
                        reason: error.to_string(),
                        next_try: Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default(),
                    }
                }
            };
            let failed = matches!(
                state,
                OutboxState::Conflict { .. } | OutboxState::Refused { .. }
            );
            set_state(set_items, &write.key, state);
            if failed {
                hold_back_group(set_items, &write.key);
            }
            busy.set_value(false);
            prune(set_items);
            // A waiting write is sent again by the pump at its `next_try`.
            run(pump);
        });
    };
    pump.set_value(Some(Box::new(send_next)));

    // A token entered again (even the one refused: it may have been restored on the server)
    // is the lead's word that the cause is fixed: the held queue goes out with it.
    Effect::new(move |_| {
        if token.get().is_some() {
            set_held_for_token.set(None);
            run(pump);
        }
    });
    // Start sending once the endpoint and token are known, and whenever the queue grows.
    Effect::new(move |_| {
        let pending = items.with(|list| list.iter().filter(|i| i.state.is_pending()).count());
        let ready = base.get().is_some() && token.get().is_some();
        if ready && pending > 0 {
            send_next();
        }
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_update_value(Option::take) {
            handle.clear();
        }
    });

    UseOutboxReturn {
        items,
        enqueue: Callback::new(move |writes: Vec<Queued>| {
            let now = Utc::now();
            set_items.update(|list| {
                for Queued {
                    write,
                    label,
                    draft,
                    group,
                } in writes
                {
                    if !list.iter().any(|i| i.write.key == write.key) {
                        list.push(OutboxItem {
                            write,
                            label,
                            queued_at: now,
                            state: OutboxState::Queued,
                            draft,
                            group,
                        });
                    }
                }
            });
        }),
        retry: Callback::new(move |()| {
            set_items.update(|list| {
                for item in list.iter_mut() {
                    if let OutboxState::Waiting { next_try, .. } = &mut item.state {
                        *next_try = Utc::now();
                    }
                }
            });
            run(pump);
        }),
        dismiss: Callback::new(move |key: String| {
            set_items.update(|list| list.retain(|i| i.write.key != key || i.state.is_pending()));
        }),
        own_versions,
        held_for_token,
    }
}

/// Runs the pump once it is set.
fn run(pump: StoredValue<Option<Box<dyn Fn()>>, LocalStorage>) {
    pump.with_value(|p| {
        if let Some(p) = p {
            p();
        }
    });
}

fn set_state(set_items: WriteSignal<Vec<OutboxItem>>, key: &str, state: OutboxState) {
    set_items.try_update(|list| {
        if let Some(item) = list.iter_mut().find(|i| i.write.key == key) {
            item.state = state;
        }
    });
}

/// Holds back the writes still pending in the same publish as `key`, which failed: they are
/// part of the draft that comes back, and go out again with it.
fn hold_back_group(set_items: WriteSignal<Vec<OutboxItem>>, key: &str) {
    set_items.try_update(|list| {
        let Some(group) = list
            .iter()
            .find(|i| i.write.key == key)
            .and_then(|i| i.group.clone())
        else {
            return;
        };
        for item in list.iter_mut() {
            if item.write.key != key
                && item.group.as_ref() == Some(&group)
                && item.state.is_pending()
            {
                item.state = OutboxState::HeldBack;
                item.draft = None;
            }
        }
    });
}

/// Moves a conditional write onto a newer version (see [`rebase_over_own`]); the key stays,
/// so a copy that did arrive is still applied once.
fn set_if_match(set_items: WriteSignal<Vec<OutboxItem>>, key: &str, version: u64) {
    set_items.try_update(|list| {
        if let Some(item) = list.iter_mut().find(|i| i.write.key == key) {
            item.write.if_match = Some(version);
        }
    });
}

/// Keeps the last few finished writes, so the list shows what went out without growing.
fn prune(set_items: WriteSignal<Vec<OutboxItem>>) {
    set_items.try_update(|list| {
        let finished = list
            .iter()
            .filter(|i| matches!(i.state, OutboxState::Sent { .. }))
            .count();
        let mut drop = finished.saturating_sub(KEEP_FINISHED);
        list.retain(|i| {
            if drop > 0 && matches!(i.state, OutboxState::Sent { .. }) {
                drop -= 1;
                false
            } else {
                true
            }
        });
    });
}

/// The delay before a waiting write is tried again, for display.
pub fn wait_left(state: &OutboxState, now: DateTime<Utc>) -> Option<Duration> {
    match state {
        OutboxState::Waiting { next_try, .. } => (*next_try - now).to_std().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::{rebase_over_own, wait_left, OutboxItem, OutboxState};

    /// The item as the outbox stored it before (a tagged enum flattened into the item), to
    /// hold today's format to it: outboxes already in browsers must read back unchanged.
    mod before {
        use chrono::{DateTime, Utc};
        use herald_domain::FeedChanges;
        use serde::{Deserialize, Serialize};

        use crate::sync::Write;

        #[derive(Serialize, Deserialize)]
        #[serde(tag = "state", rename_all = "snake_case")]
        pub enum State {
            Queued,
            Sending,
            Waiting {
                attempts: u32,
                reason: String,
                next_try: DateTime<Utc>,
            },
            Sent {
                version: u64,
            },
            Conflict {
                current_version: u64,
                changes: Option<FeedChanges>,
            },
            Refused {
                message: String,
            },
            HeldBack,
        }

        #[derive(Serialize, Deserialize)]
        pub struct Item {
            pub write: Write,
            pub label: String,
            pub queued_at: DateTime<Utc>,
            #[serde(flatten)]
            pub state: State,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub draft: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub group: Option<String>,
        }
    }

    #[test]
    fn every_state_is_stored_exactly_as_the_outbox_stored_it_before() {
        use before::State;
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
        let states = [
            State::Queued,
            State::Sending,
            State::Waiting {
                attempts: 3,
                reason: "the server did not answer".into(),
                next_try: now + Duration::seconds(8),
            },
            State::Sent { version: 15 },
            State::Conflict {
                current_version: 16,
                changes: None,
            },
            State::Conflict {
                current_version: 16,
                changes: Some(herald_domain::FeedChanges::between(
                    &herald_domain::demo::demo_feed(),
                    &herald_domain::demo::demo_feed(),
                )),
            },
            State::Refused {
                message: "no component has id \"x\"".into(),
            },
            State::HeldBack,
        ];
        for (n, state) in states.into_iter().enumerate() {
            let old = before::Item {
                write: crate::sync::Write {
                    key: format!("key-{n}"),
                    method: "POST".into(),
                    path: "/api/v1/incidents/inc-1/updates".into(),
                    body: "{\"text\":\"订单 ✓\"}".into(),
                    if_match: (n % 2 == 0).then_some(14),
                },
                label: "Public update on Orders".into(),
                queued_at: now,
                state,
                draft: (n % 3 == 0).then(|| "{}".to_string()),
                group: (n % 2 == 1).then(|| "g-1".to_string()),
            };
            let stored = serde_json::to_string(&old).unwrap();
            let read: OutboxItem = serde_json::from_str(&stored).expect(&stored);
            assert_eq!(
                serde_json::to_string(&read).unwrap(),
                stored,
                "written back the same"
            );
        }
        let unknown = r#"{"write":{"key":"k","method":"POST","path":"/p","body":"{}","if_match":null},"label":"l","queued_at":"2026-11-20T09:00:00Z","state":"exploded"}"#;
        assert!(serde_json::from_str::<OutboxItem>(unknown).is_err());
    }

    /// A conditional write refused only because of the same outbox's earlier writes is sent
    /// again against the newer version; one version written by anyone else keeps it a conflict.
    #[test]
    fn the_outbox_rebases_over_its_own_writes_only() {
        assert_eq!(rebase_over_own(Some(10), 12, &[3, 11, 12]), Some(12));
        assert_eq!(rebase_over_own(Some(10), 11, &[11]), Some(11));
        assert_eq!(
            rebase_over_own(Some(10), 12, &[12]),
            None,
            "11 was someone else's"
        );
        assert_eq!(rebase_over_own(Some(10), 12, &[]), None);
        assert_eq!(
            rebase_over_own(None, 12, &[12]),
            None,
            "unconditional writes never conflict"
        );
        assert_eq!(rebase_over_own(Some(12), 12, &[12]), None);
    }

    #[test]
    fn only_a_waiting_write_has_time_left_and_never_a_negative_one() {
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
        let waiting = |seconds| OutboxState::Waiting {
            attempts: 2,
            reason: "the server did not answer".into(),
            next_try: now + Duration::seconds(seconds),
        };
        assert_eq!(
            wait_left(&waiting(8), now),
            Some(std::time::Duration::from_secs(8))
        );
        assert_eq!(wait_left(&waiting(-2), now), None, "already due");
        assert_eq!(wait_left(&OutboxState::Queued, now), None);
    }
}
