//! The public site rendered from the demo feed and from hostile ones: every page in both
//! languages, nothing internal anywhere, every link landing on a file of the site.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use herald_domain::demo::{demo_feed, placed_at};
use herald_domain::{Audience, Feed, PublicFeed};
use herald_site::{render, Freshness, SiteFile};

fn now() -> DateTime<Utc> {
    "2026-12-02T10:00:00Z".parse().unwrap()
}

fn demo() -> Feed {
    placed_at(&demo_feed(), now())
}

fn site(feed: &Feed) -> Vec<SiteFile> {
    render(&PublicFeed::from_feed(feed), now()).unwrap()
}

fn text(files: &[SiteFile], path: &str) -> String {
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the site"));
    String::from_utf8(file.body.clone()).unwrap()
}

#[test]
fn every_page_exists_in_both_languages() {
    let feed = demo();
    let files = site(&feed);
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for incident in &feed.incidents {
        assert!(paths.contains(format!("incidents/{}/index.html", incident.id).as_str()));
        assert!(paths.contains(format!("zh-CN/incidents/{}/index.html", incident.id).as_str()));
    }
    for path in [
        "index.html",
        "zh-CN/index.html",
        "history/index.html",
        "zh-CN/history/index.html",
        "badge.svg",
        "zh-CN/badge.svg",
        "api/v2/summary.json",
        "history.atom",
        "history.zh-CN.atom",
        "widget/herald-status.js",
    ] {
        assert!(paths.contains(path), "{path} missing");
    }
    let english = text(&files, "index.html");
    let chinese = text(&files, "zh-CN/index.html");
    assert!(english.contains(r#"<html lang="en">"#));
    assert!(chinese.contains(r#"<html lang="zh-CN">"#));
    assert!(chinese.contains("组件") && !chinese.contains(">Components<"));
}

#[test]
fn no_internal_note_reaches_any_file() {
    let feed = demo();
    let internal: Vec<&str> = feed
        .incidents
        .iter()
        .flat_map(|i| &i.updates)
        .filter(|u| u.audience == Audience::Internal)
        .map(|u| u.text.as_str())
        .collect();
    assert!(!internal.is_empty(), "the demo has internal notes to hide");
    for file in site(&feed) {
        let body = String::from_utf8_lossy(&file.body);
        for note in &internal {
            let opening: String = note.chars().take(40).collect();
            assert!(
                !body.contains(&opening),
                "{} carries {opening:?}",
                file.path
            );
        }
        for author in feed
            .incidents
            .iter()
            .flat_map(|i| &i.updates)
            .map(|u| &u.author)
        {
            assert!(
                !body.contains(author.as_str()),
                "{} names {author}",
                file.path
            );
        }
    }
}

#[test]
fn every_link_between_pages_lands_on_a_file_of_the_site() {
    every_link_lands(&site(&demo()));
}

fn every_link_lands(files: &[SiteFile]) {
    let paths: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    for file in files
        .iter()
        .filter(|f| f.content_type == herald_site::HTML && !f.path.starts_with("widget/"))
    {
        let body = String::from_utf8_lossy(&file.body);
        let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
        for href in body
            .split(r#"href=""#)
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if href.starts_with("data:") || href.starts_with("http") || href.starts_with("mailto:")
            {
                continue;
            }
            let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
            for segment in href.split('/') {
                match segment {
                    ".." => {
                        assert!(
                            segments.pop().is_some(),
                            "{href} in {} leaves the site",
                            file.path
                        );
                    }
                    "" | "." => {}
                    s => segments.push(s),
                }
            }
            let mut target = segments.join("/");
            if href.ends_with('/') || href.is_empty() {
                target = if target.is_empty() {
                    "index.html".into()
                } else {
                    format!("{target}/index.html")
                };
            }
            assert!(
                paths.contains(&target),
                "{href} in {} names {target}, which is not there",
                file.path
            );
        }
    }
}

#[test]
fn hostile_text_stays_text_and_user_text_reads_in_its_own_direction() {
    let mut feed = demo();
    feed.page.name = "<script>alert('page')</script>".into();
    let open = feed
        .incidents
        .iter_mut()
        .find(|i| i.resolved_at.is_none())
        .unwrap();
    open.title = "مرحبا <img src=x onerror=alert(1)> \u{202e}evil".into();
    open.id = "../../etc".into();
    let public = open
        .updates
        .iter_mut()
        .find(|u| u.audience == Audience::Public)
        .unwrap();
    public.language = None;
    public.translations.clear();
    public.text =
        "<iframe src=javascript:alert(1)></iframe> [x](javascript:alert(2)) 👩‍👩‍👧 e\u{301}".into();
    let files = site(&feed);
    assert!(files.iter().all(|f| !f.path.contains("..")));
    for file in files.iter().filter(|f| f.content_type == herald_site::HTML) {
        let body = String::from_utf8_lossy(&file.body);
        assert!(!body.contains("<script>alert"), "{}", file.path);
        assert!(!body.contains("<img src=x"), "{}", file.path);
        assert!(!body.contains("<iframe"), "{}", file.path);
        assert!(!body.contains(r#"href="javascript"#), "{}", file.path);
    }
    let index = text(&files, "index.html");
    // The title is escaped inside an element that takes its direction from its own text, and
    // its page is a folder of hex, not a climb out of the site.
    assert!(
        index.contains(r#"dir="auto"><a href="incidents/x-2e2e2f2e2e2f657463/">مرحبا &#60;img"#),
        "{index}"
    );
    assert!(index.contains("👩‍👩‍👧 e\u{301}"));
}

#[test]
fn pages_are_live_and_hashed_assets_immutable() {
    let files = site(&demo());
    for file in &files {
        let hashed = file.path.starts_with("assets/");
        assert_eq!(
            file.freshness == Freshness::Immutable,
            hashed,
            "{}",
            file.path
        );
    }
    let summary = files
        .iter()
        .find(|f| f.path == "api/v2/summary.json")
        .unwrap();
    assert!(files
        .iter()
        .all(|f| f.upload_order() <= summary.upload_order()));
}

#[test]
fn a_page_reads_without_its_script() {
    let index = text(&site(&demo()), "index.html");
    // The facts are in the HTML, not fetched: the status, the incident, a time with its zone.
    assert!(index.contains("data-testid=\"overall-status\""));
    assert!(index.contains("data-testid=\"public-incident-title\""));
    assert!(index.contains("<time datetime=\"2026-12-02T"));
    assert!(
        index.contains(" CET</time>") || index.contains(" UTC</time>"),
        "a named zone"
    );
    assert!(!index.contains("needs JavaScript"));
}

#[test]
fn atom_entries_carry_the_safe_html_of_the_pages() {
    let mut feed = demo();
    let open = feed
        .incidents
        .iter_mut()
        .find(|i| i.resolved_at.is_none())
        .unwrap();
    let public = open
        .updates
        .iter_mut()
        .rev()
        .find(|u| u.audience == Audience::Public)
        .unwrap();
    public.language = None;
    public.translations.clear();
    public.text = "<b>Customer Impact:</b> checkout fails <script>alert(1)</script>".into();
    let atom = text(&site(&feed), "history.en.atom");
    assert!(atom.contains(r#" type="html">"#), "{atom}");
    // Escaped once for XML: the reader's HTML is `<strong>`, the script is text in it.
    assert!(
        atom.contains("&lt;strong&gt;Customer Impact:&lt;/strong&gt;"),
        "{atom}"
    );
    assert!(atom.contains("&amp;lt;script&amp;gt;"), "{atom}");
    assert!(!atom.contains("<script"), "{atom}");
}

#[test]
fn with_subscriptions_every_page_links_a_subscribe_form_that_posts_to_the_server() {
    let public = PublicFeed::from_feed(&demo());
    let action = "https://herald.example.com/subscriptions";
    let files = herald_site::render_around(
        &public,
        now(),
        now(),
        herald_site::documents(&public, now()),
        Some(action),
    )
    .unwrap();
    every_link_lands(&files);
    for (page, lang) in [
        ("subscribe/index.html", "en"),
        ("zh-CN/subscribe/index.html", "zh-CN"),
    ] {
        let form = text(&files, page);
        assert!(form.contains(&format!(r#"action="{action}""#)), "{form}");
        assert!(form.contains(&format!(r#"name="lang" value="{lang}""#)));
        assert!(form.contains(r#"type="email" name="email""#));
        for component in &public.components {
            assert!(
                form.contains(&format!(r#"value="{}""#, component.id)),
                "{}",
                component.id
            );
        }
    }
    assert!(text(&files, "index.html").contains(r#"href="subscribe/""#));
    assert!(text(&files, "zh-CN/index.html").contains("邮件通知"));
    let without = site(&demo());
    assert!(without.iter().all(|f| !f.path.contains("subscribe/")));
    assert!(!text(&without, "index.html").contains("subscribe-link"));
}
