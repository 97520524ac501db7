//! What the console keeps in browser storage: a draft per incident (every change), and the
//! name of the person writing (once per tab).

use herald_domain::draft::Draft;

use crate::storage;

const AUTHOR_KEY: &str = "herald:author";

fn draft_key(base: &str, incident: &str) -> String {
    format!("herald:draft:{base}:{incident}")
}

/// The draft kept for `incident`, if one was started and can still be read.
pub fn load_draft(base: &str, incident: &str) -> Option<Draft> {
    storage::load(&draft_key(base, incident))
        .and_then(|text| serde_json::from_str::<Draft>(&text).ok())
        .map(|mut draft| {
            // Drafts kept by an older console have no incident field.
            draft.incident = incident.to_string();
            draft
        })
}

/// Keeps `draft` for its incident; an empty draft is removed rather than kept.
pub fn save_draft(base: &str, draft: &Draft) {
    let key = draft_key(base, &draft.incident);
    if draft.is_empty() && draft.template.is_none() {
        storage::remove(&key);
    } else if let Ok(text) = serde_json::to_string(draft) {
        storage::save(&key, &text);
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The name this tab signs updates with; asked once per tab, because two leads may share a
/// device but never a tab.
pub fn load_author() -> String {
    session_storage()
        .and_then(|s| s.get_item(AUTHOR_KEY).ok().flatten())
        .unwrap_or_default()
}

/// Keeps the name for this tab.
pub fn save_author(name: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(AUTHOR_KEY, name);
    }
}
