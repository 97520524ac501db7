//! Something done again every so often for as long as the component that asked lives: the
//! console's lines about the public site and the emails ask their server again this way.

use leptos::prelude::*;

/// Calls `act` every `every` until the calling component is cleaned up.
pub fn use_interval(act: impl Fn() + 'static, every: std::time::Duration) {
    let handle = set_interval_with_handle(act, every).ok();
    on_cleanup(move || {
        if let Some(handle) = handle {
            handle.clear();
        }
    });
}
