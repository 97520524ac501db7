//! Who holds each role, and a hand-over: asked, confirmed, and undoable once sent.

use herald_domain::{Incident, Label, Locale, Role};
use leptos::prelude::*;

use crate::locale::use_locale;
use crate::text::{console_text, text};

/// A hand-over waiting for its confirmation, or just sent and still undoable.
#[derive(Debug, Clone, PartialEq)]
struct Pending {
    role: Role,
    from: Option<String>,
    to: String,
}

fn question(p: &Pending, locale: Locale) -> String {
    let role = p.role.label(locale);
    match (locale, &p.from) {
        (Locale::En, Some(from)) => format!("Hand {role} from {from} to {}?", p.to),
        (Locale::En, None) => format!("Make {} {role}?", p.to),
        (Locale::ZhCn, Some(from)) => format!("将{role}从 {from} 交接给 {}？", p.to),
        (Locale::ZhCn, None) => format!("指定 {} 为{role}？", p.to),
    }
}

fn undo_words(role: Role, to: &str, locale: Locale) -> String {
    let role = role.label(locale);
    match locale {
        Locale::En => format!("Undo: give {role} back to {to}"),
        Locale::ZhCn => format!("撤销：将{role}交回 {to}"),
    }
}

fn confirm_words(locale: Locale) -> (&'static str, &'static str) {
    match locale {
        Locale::En => ("Confirm hand-over", "Cancel"),
        Locale::ZhCn => ("确认交接", "取消"),
    }
}

/// The three roles of the incident, each with a hand-over field.
#[component]
pub fn RoleEditor(
    /// The incident.
    #[prop(into)]
    incident: Signal<Option<Incident>>,
    /// Called with the role and its new holder, once confirmed.
    on_hand_over: Callback<(Role, String)>,
    /// Whether hand-overs can be sent (a write token is there).
    #[prop(into)]
    can_write: Signal<bool>,
    /// Why they cannot, when they cannot.
    #[prop(into)]
    blocked_reason: Signal<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let asking = RwSignal::new(None::<Pending>);
    let sent = RwSignal::new(None::<Pending>);
    view! {
        <section class="role-editor" data-testid="role-editor">
            <h3>{move || console_text(locale.get()).roles}</h3>
            {Role::ALL.iter().map(|role| {
                let role = *role;
                let next = RwSignal::new(String::new());
                let current = move || incident.with(|i| i.as_ref().and_then(|i| i.holder(role)).map(|a| a.holder.clone()));
                view! {
                    <form class="role" data-role=role.as_str() on:submit=move |ev| {
                        ev.prevent_default();
                        let name = next.get_untracked().trim().to_string();
                        if !name.is_empty() && can_write.get_untracked() {
                            asking.set(Some(Pending { role, from: current(), to: name }));
                            next.set(String::new());
                        }
                    }>
                        <span class="role-line">{move || role.label(locale.get())} " "
                            <strong>{move || current().unwrap_or_else(|| text(locale.get()).nobody.to_string())}</strong></span>
                        <input type="text" data-testid=format!("role-{}", role.as_str()) maxlength="120"
                            aria-label=move || format!("{} → ", role.label(locale.get()))
                            prop:value=move || next.get() on:input=move |ev| next.set(event_target_value(&ev)) />
                        <button type="submit" prop:disabled=move || !can_write.get()
                            title=move || (!can_write.get()).then(|| blocked_reason.get())>
                            {move || console_text(locale.get()).hand_over_button}</button>
                    </form>
                }
            }).collect_view()}
            {move || (!can_write.get()).then(|| view! { <p class="hint" data-testid="hand-over-blocked">{blocked_reason.get()}</p> })}
            {move || asking.get().map(|p| {
                let locale = locale.get();
                let (yes, no) = confirm_words(locale);
                let confirmed = p.clone();
                let asked = question(&p, locale);
                let label = asked.clone();
                view! {
                    <div class="confirm" role="alertdialog" aria-label=label data-testid="hand-over-question">
                        <p>{asked}</p>
                        <button type="button" data-testid="hand-over-confirm" on:click=move |_| {
                            on_hand_over.run((confirmed.role, confirmed.to.clone()));
                            sent.set(Some(confirmed.clone()));
                            asking.set(None);
                        }>{yes}</button>
                        <button type="button" data-testid="hand-over-cancel" on:click=move |_| asking.set(None)>{no}</button>
                    </div>
                }
            })}
            {move || sent.get().and_then(|p| {
                let from = p.from.clone()?;
                let role = p.role;
                let back = from.clone();
                Some(view! {
                    <p class="undo">
                        <button type="button" class="link" data-testid="hand-over-undo" on:click=move |_| {
                            on_hand_over.run((role, back.clone()));
                            sent.set(None);
                        }>{undo_words(role, &from, locale.get())}</button>
                    </p>
                })
            })}
        </section>
    }
}
