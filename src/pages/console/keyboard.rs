//! The console's keys: `Ctrl+Enter` publishes, `Alt+T` goes to the template picker, `F8` to
//! the next finding.

use leptos::prelude::*;

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
        // Inside the "open an incident" form, Ctrl+Enter belongs to that form, not to the
        // composer's draft.
        let in_form = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest(".open-incident-form").ok().flatten())
            .is_some();
        if (ev.ctrl_key() || ev.meta_key()) && key == "Enter" && !in_form {
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
