//! Entry point of the browser bundle.

fn main() {
    // A panic would otherwise leave a blank page with nothing in the console to say why.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(herald::app::App);
}
