//! What `scripts/run.sh` prints once the server listens: where each page is, where the write
//! token is kept, and one `curl` that posts an update, so a newcomer's next step is on screen.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::Path;

use herald_domain::Feed;

/// The pages and the first write, for the server at `address`, reading its tokens from
/// `token_file` (absolute, so the commands work from any directory); `demo_db` is the database
/// a demo story lives in, named so a newcomer back the next day can start the story over.
pub fn guide(
    address: SocketAddr,
    token_file: Option<&Path>,
    demo_db: Option<&Path>,
    feed: &Feed,
) -> String {
    let root = format!("http://{address}");
    let mut out = String::new();
    let pages = [
        ("Internal feed (responders, late joiners)", "/"),
        ("Console (the communications lead)", "/console/"),
        ("Status page (customers)", "/status/"),
        ("Support kit (support staff)", "/support/"),
        ("Widget (to embed on other sites)", "/widget/"),
        ("Statuspage-compatible JSON", "/api/v2/summary.json"),
        ("Atom feed of public updates", "/history.atom"),
    ];
    out.push_str("\nPages:\n");
    for (what, path) in pages {
        let _ = writeln!(out, "  {what:<42} {root}{path}");
    }
    if let Some(db) = demo_db {
        // The story is placed at now only when a new database is seeded; a day later the same
        // database shows an incident long overdue.
        let _ = writeln!(
            out,
            "\nThe demo story was placed at the time this database was made. To start it over at \
             now, stop the server and delete {}.",
            shell_quoted(&db.display().to_string())
        );
    }
    let Some(tokens) = token_file else {
        out.push_str("\nThis server takes writes with the token in HERALD_WRITE_TOKEN.\n");
        return out;
    };
    let tokens = shell_quoted(&tokens.display().to_string());
    let _ = writeln!(
        out,
        "\nWrite token: the `write = …` line of {tokens}; the console asks for it once."
    );
    let Some(incident) = feed.open_incidents().into_iter().next() else {
        return out;
    };
    let body = format!(
        r#"{{"audience":"public","status":"{}","author":"You","text":"Checkout is working normally again. We are still watching it closely, and we are sorry for the trouble. We will post the next update within 15 minutes."}}"#,
        incident.status().as_str()
    );
    let _ = writeln!(
        out,
        "\nPost an update to the open incident from a shell (it appears on every page at once):\n\n  \
         curl -sS -X POST {root}/api/v1/incidents/{id}/updates \\\n    \
         -H \"Authorization: Bearer $(sed -n 's/^write *= *//p' {tokens})\" \\\n    \
         -H 'Content-Type: application/json' -H \"Idempotency-Key: $(date +%s%N)\" \\\n    \
         -d '{body}'",
        id = incident.id,
    );
    out
}

/// `text` in single quotes for a POSIX shell.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::demo_feed as demo;

    #[test]
    fn the_guide_names_every_page_at_the_real_address() {
        let text = guide("127.0.0.1:4123".parse().unwrap(), None, None, &demo());
        for path in [
            "/console/",
            "/status/",
            "/support/",
            "/widget/",
            "/history.atom",
        ] {
            assert!(
                text.contains(&format!("http://127.0.0.1:4123{path}")),
                "{path} missing from {text}"
            );
        }
        assert!(text.contains("HERALD_WRITE_TOKEN"));
    }

    #[test]
    fn the_curl_reads_the_token_from_the_file_and_posts_to_the_open_incident() {
        let text = guide(
            "127.0.0.1:8080".parse().unwrap(),
            Some(Path::new("/srv/it's here/herald.tokens")),
            Some(Path::new("/srv/herald-demo.db")),
            &demo(),
        );
        assert!(
            text.contains(r"'/srv/it'\''s here/herald.tokens'"),
            "{text}"
        );
        assert!(text.contains("/api/v1/incidents/inc-2026-11-20-flash-sale-orders/updates"));
        assert!(
            text.contains(r#""status":"monitoring""#),
            "the incident's own status"
        );
        assert!(
            !text.contains("inc-2026-11-12-search-slow"),
            "not the resolved one"
        );
        assert!(
            text.contains("delete '/srv/herald-demo.db'"),
            "how to start the story over: {text}"
        );
    }

    #[test]
    fn the_posted_body_is_an_update_the_server_takes() {
        let text = guide(
            "127.0.0.1:8080".parse().unwrap(),
            Some(Path::new("/t")),
            None,
            &demo(),
        );
        let body = text
            .split("-d '")
            .nth(1)
            .unwrap()
            .trim_end()
            .trim_end_matches('\'');
        let update: herald_domain::NewUpdate = serde_json::from_str(body).unwrap();
        assert!(update.text.contains("next update"));
    }
}
