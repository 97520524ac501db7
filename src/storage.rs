//! What the browser remembers between visits: the last feed version a viewer saw, their
//! language, and the support agent's name. Storage can be missing or full (private windows); then nothing is remembered and
//! nothing fails.

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value for `key`.
pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`, quietly doing nothing when storage is unavailable.
pub fn save(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Forgets `key`.
pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// The key for the last version seen of the feed at `source`: one per source, so two pages
/// followed in one browser do not mark each other read.
pub fn seen_key(source: &str) -> String {
    format!("herald:seen:{source}")
}

/// The key for the chosen language.
pub const LOCALE_KEY: &str = "herald:locale";

/// The key for the support agent's name, which signs their email replies.
pub const AGENT_KEY: &str = "herald:support:agent";
