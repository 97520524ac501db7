//! One line under the publish bar saying where the emails and webhook posts about the
//! incident's latest public update stand: sent, waiting, failed, and any webhook disabled. The lead sees a fan-out finish (or stall) without
//! asking anyone; a server without subscribers shows nothing.

use herald_domain::Deliveries;
use leptos::prelude::*;

use super::words::words;
use crate::hooks::use_interval;
use crate::locale::use_locale;
use crate::sync::fetch_deliveries;

/// How often the counts are asked again while emails are waiting.
const EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The delivery counts of `incident` on the server at `base`, asked with `token` when the
/// incident or the feed `version` changes, and every few seconds.
#[component]
pub fn DeliveryLine(
    /// The API root of the server, once known.
    #[prop(into)]
    base: Signal<Option<String>>,
    /// The incident being written to.
    #[prop(into)]
    incident: Signal<Option<String>>,
    /// The write token, once entered.
    #[prop(into)]
    token: Signal<Option<String>>,
    /// The feed version the console holds.
    #[prop(into)]
    version: Signal<Option<u64>>,
) -> impl IntoView {
    let locale = use_locale();
    // The last good answer stays while a later ask fails: a blip is not news for the lead.
    let counts: RwSignal<Option<Deliveries>> = RwSignal::new(None);
    let ask = move || {
        let (Some(base), Some(incident), Some(token)) = (
            base.get_untracked(),
            incident.get_untracked(),
            token.get_untracked(),
        ) else {
            counts.try_set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(answer) = fetch_deliveries(&base, &incident, &token).await {
                counts.try_set(Some(answer));
            }
        });
    };
    Effect::new(move |_| {
        let _ = (base.get(), incident.get(), token.get(), version.get());
        ask();
    });
    use_interval(ask, EVERY);
    move || {
        let counts = counts.get()?;
        let hooks = &counts.webhooks;
        let w = words(locale.get());
        let fill = |template: &str, done: u64, pending: u64, failed: u64| {
            template
                .replace("{done}", &done.to_string())
                .replace("{pending}", &pending.to_string())
                .replace("{failed}", &failed.to_string())
        };
        let mut said = Vec::new();
        if counts.done + counts.pending + counts.failed > 0 {
            said.push(fill(
                w.deliveries,
                counts.done,
                counts.pending,
                counts.failed,
            ));
        }
        if hooks.done + hooks.pending + hooks.failed > 0 {
            said.push(fill(
                w.webhook_deliveries,
                hooks.done,
                hooks.pending,
                hooks.failed,
            ));
        }
        if hooks.disabled > 0 {
            said.push(
                w.webhooks_disabled
                    .replace("{count}", &hooks.disabled.to_string()),
            );
        }
        if said.is_empty() {
            return None;
        }
        let class = if counts.failed + hooks.failed + hooks.disabled > 0 {
            "deliveries failing"
        } else if counts.pending + hooks.pending > 0 {
            "deliveries waiting"
        } else {
            "deliveries done"
        };
        // Chinese sentences end in a full stop that needs no space after it.
        let text = said.join(if locale.get() == herald_domain::Locale::ZhCn {
            ""
        } else {
            " "
        });
        Some(view! { <p class=class data-testid="deliveries" role="status">{text}</p> })
    }
}
