//! Entry point of the status bundle, built apart so its readers download only what it shows.

fn main() {
    // A panic would otherwise leave a blank page with nothing in the console to say why.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(herald::app::StatusApp);
}
