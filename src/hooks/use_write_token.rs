//! The write token: kept for the tab (or the device, if asked), checked with the server the
//! moment it is entered, and dropped with the server's reason when a write is refused for it.

use leptos::prelude::*;

use crate::storage;
use crate::sync::{check_token, TokenCheck};

const TOKEN_KEY: &str = "herald:write-token";

/// What is known about the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenState {
    /// None entered.
    Missing,
    /// Being checked with the server.
    Checking,
    /// The server accepts it for writing.
    Valid,
    /// The server refused it, with its reason; it is no longer used.
    Refused(String),
    /// The server could not be asked; the token is kept and writes wait.
    Unreachable(String),
}

impl TokenState {
    /// A stable word for tests and styling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Checking => "checking",
            Self::Valid => "valid",
            Self::Refused(_) => "refused",
            Self::Unreachable(_) => "unreachable",
        }
    }
}

/// What [`use_write_token`] gives its caller.
#[derive(Clone, Copy)]
pub struct UseWriteTokenReturn {
    /// The token writes are sent with.
    pub token: Signal<Option<String>>,
    /// What the server said of it.
    pub state: Signal<TokenState>,
    /// Enters a token (and whether to remember it on this device); it is checked at once.
    pub enter: Callback<(String, bool)>,
    /// Forgets the token everywhere.
    pub forget: Callback<()>,
    /// A write was refused for the token: forget it and say why.
    pub refused: Callback<String>,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn load() -> Option<String> {
    session_storage()
        .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
        .or_else(|| storage::load(TOKEN_KEY))
        .filter(|t| !t.is_empty())
}

fn save(token: Option<&str>, remember: bool) {
    let session = session_storage();
    if let Some(token) = token {
        if let Some(s) = &session {
            let _ = s.set_item(TOKEN_KEY, token);
        }
        if remember {
            storage::save(TOKEN_KEY, token);
        }
    } else {
        if let Some(s) = &session {
            let _ = s.remove_item(TOKEN_KEY);
        }
        storage::remove(TOKEN_KEY);
    }
}

/// The write token for the endpoint at `base`.
pub fn use_write_token(base: Signal<Option<String>>) -> UseWriteTokenReturn {
    let token = RwSignal::new(load());
    let state = RwSignal::new(if token.get_untracked().is_some() {
        TokenState::Checking
    } else {
        TokenState::Missing
    });
    // Which check is current, so a slow answer for an older token is ignored.
    let generation = StoredValue::new(0_u32);
    let check = move |value: String| {
        let Some(base) = base.get_untracked() else {
            return;
        };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        state.set(TokenState::Checking);
        leptos::task::spawn_local(async move {
            let answer = check_token(&base, &value).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match answer {
                Ok(TokenCheck::Valid) => state.set(TokenState::Valid),
                Ok(TokenCheck::Refused(reason)) => {
                    save(None, false);
                    token.set(None);
                    state.set(TokenState::Refused(reason));
                }
                Err(error) => state.set(TokenState::Unreachable(error.to_string())),
            }
        });
    };
    // A token kept from earlier is checked once the server is known.
    Effect::new(move |checked: Option<bool>| {
        if checked == Some(true) {
            return true;
        }
        match (base.get(), token.get_untracked()) {
            (Some(_), Some(value)) => {
                check(value);
                true
            }
            _ => false,
        }
    });
    UseWriteTokenReturn {
        token: token.into(),
        state: state.into(),
        enter: Callback::new(move |(value, remember): (String, bool)| {
            let value = value.trim().to_string();
            if value.is_empty() {
                return;
            }
            save(Some(&value), remember);
            token.set(Some(value.clone()));
            check(value);
        }),
        forget: Callback::new(move |()| {
            save(None, false);
            token.set(None);
            state.set(TokenState::Missing);
        }),
        refused: Callback::new(move |reason: String| {
            save(None, false);
            token.set(None);
            state.set(TokenState::Refused(reason));
        }),
    }
}
