//! Entry point of the console bundle: the communications lead's page, built apart from the
//! internal feed so responders do not download the composer, the check and the templates.

fn main() {
    // A panic would otherwise leave a blank page with nothing in the console to say why.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(herald::app::ConsoleApp);
}
