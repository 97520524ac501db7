//! The outbox as the lead sees it: what is waiting, sent, conflicting or refused.

use leptos::prelude::*;

use crate::hooks::{new_key, use_clock, wait_left, OutboxState, UseOutboxReturn};
use crate::locale::use_locale;
use crate::text::{self, console_text};

/// Every write in the outbox with its state.
#[component]
pub fn OutboxList(
    /// The outbox.
    outbox: UseOutboxReturn,
) -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    move || {
        let locale = locale.get();
        let t = console_text(locale);
        let items = outbox.items.get();
        let body = if items.is_empty() {
            view! { <p class="quiet">{t.outbox_empty}</p> }.into_any()
        } else {
            let rows = items
                .into_iter()
                .rev()
                .map(|item| {
                    let key = item.write.key.clone();
                    let state_index = match item.state {
                        OutboxState::Queued => 0,
                        OutboxState::Sending => 1,
                        OutboxState::Waiting { .. } => 2,
                        OutboxState::Sent { .. } => 3,
                        OutboxState::Conflict { .. } => 4,
                        OutboxState::Refused { .. } => 5,
                    };
                    let detail = match &item.state {
                        OutboxState::Waiting { reason, attempts, .. } => {
                            let left = wait_left(&item.state, now.get()).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
                            Some(format!("{reason} · #{attempts} · {}", text::next_try(left, locale)))
                        }
                        OutboxState::Sent { version } => Some(format!("v{version}")),
                        OutboxState::Refused { message } => Some(message.clone()),
                        _ => None,
                    };
                    let conflict = match &item.state {
                        OutboxState::Conflict { current_version, changes } => {
                            let theirs: Vec<String> = changes
                                .iter()
                                .flat_map(|c| c.incidents.iter().flat_map(|i| i.updates.iter()))
                                .map(|u| format!("{}: {}", u.author, u.text))
                                .collect();
                            let mut again = item.write.clone();
                            again.key = new_key();
                            again.if_match = Some(*current_version);
                            let label = item.label.clone();
                            let dismiss_key = key.clone();
                            Some(view! {
                                <div class="conflict" data-testid="conflict">
                                    <p>{t.conflict}</p>
                                    <ul>{theirs.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
                                    <button type="button" data-testid="send-anyway" on:click=move |_| {
                                        outbox.dismiss.run(dismiss_key.clone());
                                        outbox.enqueue.run(vec![(again.clone(), label.clone())]);
                                    }>{t.send_anyway}</button>
                                </div>
                            })
                        }
                        _ => None,
                    };
                    let finished = !item.state.is_pending();
                    view! {
                        <li class=format!("outbox-item state-{}", item.state.as_str()) data-testid="outbox-item" data-state=item.state.as_str()>
                            <span class="badge">{t.states[state_index]}</span> " " {item.label.clone()}
                            {detail.map(|d| view! { <span class="detail">{format!(" · {d}")}</span> })}
                            {conflict}
                            <Show when=move || finished>
                                {
                                    let key = key.clone();
                                    view! { <button type="button" class="link" on:click=move |_| outbox.dismiss.run(key.clone())>{t.dismiss}</button> }
                                }
                            </Show>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul>{rows}</ul> }.into_any()
        };
        view! {
            <section class="outbox" data-testid="outbox">
                <h3>{t.outbox}</h3>
                {body}
                <button type="button" data-testid="outbox-retry" on:click=move |_| outbox.retry.run(())>{t.retry_now}</button>
            </section>
        }
        .into_any()
    }
}
