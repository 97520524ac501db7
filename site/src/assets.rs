//! The site's own stylesheet (written into each page) and script (named by its content's hash,
//! so it can be cached for a year), and the widget, copied under `widget/` where embedders
//! load it from.

use sha2::{Digest, Sha256};

use crate::{Freshness, SiteFile};

/// The stylesheet, written into every page: a linked one costs a slow connection a round trip
/// before anything shows (about 150 ms on a phone's 4G), for 1.6 KB gzip.
pub const STYLES: &str = include_str!("../assets/site.css");
/// The small script that makes a page live: times in the reader's zone, relative ages, the
/// theme choice and refresh from `summary.json`. Every page reads completely without it.
const SCRIPT: &str = include_str!("../assets/site.js");

/// The widget and its iframe page, as embedders load them (not hashed: hosts name them).
const WIDGET: [(&str, &str, &str); 4] = [
    (
        "widget/herald-status.js",
        include_str!("../../widget/herald-status.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "widget/index.html",
        include_str!("../../widget/index.html"),
        crate::HTML,
    ),
    (
        "widget/frame.js",
        include_str!("../../widget/frame.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "widget/frame.css",
        include_str!("../../widget/frame.css"),
        "text/css; charset=utf-8",
    ),
];

/// Where the hashed assets live, from the site's root.
pub const DIR: &str = "assets/";

/// `assets/{stem}.{first 10 hex digits of the SHA-256 of body}.{extension}`.
fn hashed(stem: &str, extension: &str, body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let hex = digest.iter().take(5).fold(String::new(), |mut hex, b| {
        use std::fmt::Write;
        let _ = write!(hex, "{b:02x}");
        hex
    });
    format!("{DIR}{stem}.{hex}.{extension}")
}

/// The script's path from the site's root.
pub fn script() -> String {
    hashed("site", "js", SCRIPT)
}

/// Every asset file.
pub fn files() -> Vec<SiteFile> {
    let script = script();
    std::iter::once((script.as_str(), SCRIPT, "text/javascript; charset=utf-8"))
        .chain(WIDGET)
        .map(|(path, body, content_type)| SiteFile {
            path: path.to_string(),
            body: body.into(),
            content_type,
            freshness: Freshness::of(path),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_asset_s_name_changes_with_its_content() {
        assert_ne!(hashed("site", "css", "a"), hashed("site", "css", "b"));
        assert_eq!(hashed("site", "css", "a"), hashed("site", "css", "a"));
        assert!(script().starts_with("assets/site.") && script().rsplit('.').next() == Some("js"));
    }
}
