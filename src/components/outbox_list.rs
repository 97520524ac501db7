//! The outbox as the lead sees it: what needs them first (refused, conflicting), then what is
//! still on its way, and everything sent folded into one line.

use leptos::prelude::*;

use crate::hooks::{use_clock, wait_left, OutboxItem, OutboxState, Queued, UseOutboxReturn};
use crate::locale::use_locale;
use crate::text::{self, console_text};

/// Every write in the outbox with its state.
// Markup for one panel: splitting it further would scatter one form over files.
#[allow(clippy::too_many_lines)]
#[component]
pub fn OutboxList(
    /// The outbox.
    outbox: UseOutboxReturn,
    /// Called with a refused write's draft (JSON) and the endpoint's reason, to bring the
    /// lead's words back into the composer.
    on_restore: Callback<(String, String)>,
) -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    move || {
        let locale = locale.get();
        let t = console_text(locale);
        let items = outbox.items.get();
        let (failed, rest): (Vec<OutboxItem>, Vec<OutboxItem>) = items.into_iter().partition(|i| {
            matches!(
                i.state,
                OutboxState::Conflict { .. } | OutboxState::Refused { .. } | OutboxState::HeldBack
            )
        });
        let (pending, sent): (Vec<OutboxItem>, Vec<OutboxItem>) =
            rest.into_iter().partition(|i| i.state.is_pending());
        let row = move |item: OutboxItem| {
            let key = item.write.key.clone();
            let state_word = match item.state {
                OutboxState::Queued => t.states.queued,
                OutboxState::Sending => t.states.sending,
                OutboxState::Waiting { .. } => t.states.waiting,
                OutboxState::Sent { .. } => t.states.sent,
                OutboxState::Conflict { .. } => t.states.conflict,
                OutboxState::Refused { .. } => t.states.refused,
                OutboxState::HeldBack => t.states.held_back,
            };
            // Only the countdown of a waiting write follows the clock, so the list itself (and
            // the folded sent line) is not rebuilt every second.
            let waiting_state = item.state.clone();
            let detail = match &item.state {
                OutboxState::Waiting {
                    reason, attempts, ..
                } => {
                    let head = format!("{reason} · #{attempts} · ");
                    Some(
                        view! {
                            <span class="detail">" · " {head} {move || {
                                let left = wait_left(&waiting_state, now.get())
                                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
                                text::next_try(left, locale)
                            }}</span>
                        }
                        .into_any(),
                    )
                }
                OutboxState::Refused { message } => {
                    Some(view! { <span class="detail">{format!(" · {message}")}</span> }.into_any())
                }
                _ => None,
            };
            let conflict = match &item.state {
                OutboxState::Conflict {
                    current_version,
                    changes,
                } => {
                    let theirs: Vec<String> = changes
                        .iter()
                        .flat_map(|c| c.incidents.iter().flat_map(|i| i.updates.iter()))
                        .map(|u| format!("{}: {}", u.author, u.text))
                        .collect();
                    let again = Queued {
                        write: item.write.again_against(*current_version),
                        label: item.label.clone(),
                        draft: item.draft.clone(),
                        group: None,
                    };
                    let dismiss_key = key.clone();
                    Some(view! {
                        <div class="conflict" data-testid="conflict">
                            <p>{t.conflict}</p>
                            <ul>{theirs.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
                            <button type="button" data-testid="send-anyway" on:click=move |_| {
                                outbox.dismiss.run(dismiss_key.clone());
                                outbox.enqueue.run(vec![again.clone()]);
                            }>{t.send_anyway}</button>
                        </div>
                    })
                }
                _ => None,
            };
            let restore = match (&item.state, &item.draft) {
                (OutboxState::Refused { message }, Some(draft)) => {
                    let payload = (draft.clone(), message.clone());
                    let key = key.clone();
                    Some(view! {
                        <button type="button" data-testid="restore-draft" on:click=move |_| {
                            on_restore.run(payload.clone());
                            outbox.dismiss.run(key.clone());
                        }>{t.back_to_draft}</button>
                    })
                }
                _ => None,
            };
            let finished = !item.state.is_pending();
            view! {
                <li class=format!("outbox-item state-{}", item.state.as_str()) data-testid="outbox-item" data-state=item.state.as_str()>
                    <span class="badge">{state_word}</span> " " {item.label.clone()}
                    {detail}
                    {conflict}
                    {restore}
                    {finished.then(|| view! {
                        <button type="button" class="link" on:click=move |_| outbox.dismiss.run(key.clone())>{t.dismiss}</button>
                    })}
                </li>
            }
        };
        let waiting = pending
            .iter()
            .any(|i| matches!(i.state, OutboxState::Waiting { .. }));
        let sent_count = sent.len();
        let last_sent = sent.last().map(|i| i.label.clone());
        let sent_keys: Vec<String> = sent.iter().map(|i| i.write.key.clone()).collect();
        let sent_rows = sent.into_iter().map(row).collect_view();
        let empty = failed.is_empty() && pending.is_empty() && sent_count == 0;
        let held = outbox.held_for_token.get().filter(|_| !pending.is_empty());
        view! {
            <section class="outbox" data-testid="outbox">
                <h3>{t.outbox}</h3>
                {empty.then(|| view! { <p class="quiet">{t.outbox_empty}</p> })}
                <ul class="outbox-attention">{failed.into_iter().map(row).collect_view()}</ul>
                {held.map(|reason| view! {
                    <p class="held-for-token" role="status" data-testid="outbox-held">{t.held_for_token} " " {reason}</p>
                })}
                <ul class="outbox-pending">{pending.into_iter().map(row).collect_view()}</ul>
                {(sent_count > 0).then(|| view! {
                    <details class="outbox-sent">
                        <summary data-testid="outbox-sent-summary">
                            {text::sent_count(sent_count, locale)}
                            {last_sent.map(|l| format!(" · {l}"))}
                        </summary>
                        <ul>{sent_rows}</ul>
                        <button type="button" class="link" data-testid="outbox-clear-sent" on:click=move |_| {
                            for key in &sent_keys {
                                outbox.dismiss.run(key.clone());
                            }
                        }>{t.clear_sent}</button>
                    </details>
                })}
                {waiting.then(|| view! {
                    <button type="button" data-testid="outbox-retry" on:click=move |_| outbox.retry.run(())>{t.retry_now}</button>
                })}
            </section>
        }
        .into_any()
    }
}
