//! What must hold for any input to Herald's domain parsers, checked by the fuzzer.
//!
//! Each function takes the fuzzer's bytes, runs one parser, and panics when something that
//! must hold for every input does not: a panic inside the parser, an answer the rest of
//! Herald could not use, or two parts of the domain disagreeing. The same functions replay
//! the kept corpus as a plain test (`tests/corpus.rs`), so a found input stays fixed.

// Every function here panics on purpose: a panic is how a fuzz target reports a finding.
#![allow(clippy::missing_panics_doc)]

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use herald_domain::catchup::CatchUp;
use herald_domain::comms_check::{blocks_publishing, CheckContext, Checker, Level, Outlet};
use herald_domain::markdown::{self, Block, Inline};
use herald_domain::statuspage::{self, export::Export};
use herald_domain::update::Audience;
use herald_domain::{
    Command, CommandError, Feed, FeedChanges, Impact, IncidentChange, IncidentStatus, Locale,
    NewIncident, NewUpdate, PublicFeed, Template, TemplateError, TemplateKind, Vars,
};

/// A fuzz target: takes the fuzzer's bytes, panics when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every fuzz target by name, for the corpus replay.
pub const TARGETS: [(&str, Target); 6] = [
    ("feed", feed),
    ("statuspage", statuspage),
    ("template", template),
    ("check", check),
    ("markdown", markdown),
    ("command", command),
];

/// The demo feed the write commands are applied to.
const DEMO: &str = herald_domain::demo::DEMO_JSON;

/// Feed documents: any text is read or refused with a reason; a feed that is read writes
/// back to the same feed, and every view derived from it can be built without a panic.
pub fn feed(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Feed::from_json(text) {
        Ok(feed) => views_hold(&feed, "feed"),
        Err(error) => assert!(!error.to_string().is_empty(), "an error says what is wrong"),
    }
}

/// Statuspage documents: an import is a feed Herald's own reader accepts, all public.
pub fn statuspage(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match statuspage::import(text) {
        Ok(import) => {
            let all_public = import
                .feed
                .incidents
                .iter()
                .flat_map(|i| &i.updates)
                .all(|u| u.audience == Audience::Public);
            assert!(all_public, "everything on a Statuspage page is public");
            views_hold(&import.feed, "import");
        }
        Err(error) => assert!(!error.to_string().is_empty(), "an error says what is wrong"),
    }
}

/// What must hold for any feed Herald has accepted, read or imported.
fn views_hold(feed: &Feed, what: &str) {
    let written = feed.to_json();
    let again = Feed::from_json(&written)
        .unwrap_or_else(|e| panic!("a {what} Herald wrote must read back: {e}\n{written}"));
    assert_eq!(&again, feed, "a {what} reads back unchanged");
    assert!(FeedChanges::between(feed, feed).is_empty());

    let public = PublicFeed::from_feed(feed);
    for incident in &public.incidents {
        // Update ids are unique within an incident, not across incidents.
        let from = feed
            .incidents
            .iter()
            .find(|i| i.id == incident.id)
            .expect("a public incident comes from the feed");
        for update in &incident.updates {
            let source = from
                .updates
                .iter()
                .find(|u| u.id == update.id)
                .expect("a public update comes from its incident");
            assert_eq!(
                source.audience,
                Audience::Public,
                "no internal update is public"
            );
        }
    }
    // Catch-up cards build for a newcomer and for someone who looked half-way.
    for incident in &feed.incidents {
        for seen in [None, Some(feed.version / 2)] {
            for reader in [Locale::En, Locale::ZhCn] {
                let _ = CatchUp::new(feed, incident, seen, reader);
            }
        }
    }

    // Herald's own Statuspage documents must be readable by Herald's own Statuspage reader.
    let export = Export::new(
        &public,
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap(),
    );
    let summary = serde_json::to_string(&export.summary()).expect("a summary serialises");
    let incidents = serde_json::to_string(&export.incidents()).expect("incidents serialise");
    for document in [summary, incidents] {
        let import = statuspage::import(&document)
            .unwrap_or_else(|e| panic!("Herald reads its own export: {e}\n{document}"));
        assert!(
            import.warnings.is_empty(),
            "no warning on our own export: {:?}",
            import.warnings
        );
    }
}

/// Templates: the first line is the body, the others `name=value` variables. Rendering
/// agrees with the variable list, and a stray brace is reported where it is.
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (body, rest) = text.split_once('\n').unwrap_or((text, ""));
    let mut vars = Vars::new();
    for line in rest.lines() {
        if let Some((name, value)) = line.split_once('=') {
            vars.set(name, value);
        }
    }
    let template = Template {
        id: "fuzz".into(),
        kind: TemplateKind::Investigating,
        locale: Locale::En,
        body: body.to_string(),
    };
    let rendered = template.render(&vars);
    match template.variables() {
        Err(TemplateError::BadSyntax { at }) => {
            assert!(
                at < body.len() && body.is_char_boundary(at),
                "the position is in the body"
            );
            assert!(
                rendered.is_err(),
                "a template with a stray brace does not render"
            );
        }
        Err(other) => panic!("listing variables can only fail on syntax, not {other:?}"),
        Ok(names) => {
            let first_missing = names
                .iter()
                .find(|n| vars.get(n).is_none_or(|v| v.trim().is_empty()));
            match (first_missing, &rendered) {
                (None, Ok(_)) => {}
                (Some(name), Err(TemplateError::MissingVariable(missing))) => {
                    assert_eq!(name, missing, "the first missing variable is named");
                }
                (missing, result) => {
                    panic!("variables and rendering disagree: {missing:?} vs {result:?}")
                }
            }
        }
    }
}

/// The built-in rules, compiled once: compiling takes milliseconds, and the console also
/// compiles them once per page.
static BUILT_IN: OnceLock<Checker> = OnceLock::new();

/// The comms check: the first byte picks the context, the rest is the text. Every finding
/// points into the text, every fix applies, and the verdict matches the findings.
pub fn check(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let statuses = [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
        IncidentStatus::Resolved,
    ];
    let impacts = [Impact::None, Impact::Minor, Impact::Major, Impact::Critical];
    let outlets = [
        Outlet::StatusPage,
        Outlet::Widget,
        Outlet::Email,
        Outlet::StatusPage,
    ];
    // A page's own host pattern, now and then (compiling one takes milliseconds): the text's
    // first line, kept short.
    let host_patterns: Vec<String> = if selector >= 0xf8 {
        text.lines()
            .next()
            .map(|l| l.chars().take(24).collect())
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    let context = CheckContext {
        locale: if selector & 1 == 0 {
            Locale::En
        } else {
            Locale::ZhCn
        },
        status: statuses[usize::from((selector >> 1) & 3)],
        impact: impacts[usize::from((selector >> 3) & 3)],
        affected: vec!["Checkout and orders".into(), "Mobile app".into()],
        title: "Orders failing during the flash sale".into(),
        maintenance: selector & 0x80 != 0,
        outlet: outlets[usize::from((selector >> 5) & 3)],
        next_update_at: (selector & 0x40 != 0).then(|| "10:45 CET".into()),
        host_patterns,
    };
    let own;
    let checker = if context.host_patterns.is_empty() {
        BUILT_IN.get_or_init(|| Checker::new(&[]).expect("the built-in rules compile"))
    } else {
        let Ok(checker) = Checker::new(&context.host_patterns) else {
            return;
        };
        own = checker;
        &own
    };
    let findings = checker.check(text, &context);
    assert_eq!(
        findings,
        checker.check(text, &context),
        "the check is deterministic"
    );
    let errors = findings.iter().any(|f| f.level == Level::Error);
    assert_eq!(
        blocks_publishing(&findings),
        errors,
        "only errors block publishing"
    );
    for finding in &findings {
        assert!(
            text.get(finding.span.clone()).is_some(),
            "{:?} points outside the text or into a character: {:?}",
            finding.rule,
            finding.span
        );
        if let Some(fix) = &finding.fix {
            assert!(
                text.get(fix.span.clone()).is_some(),
                "the fix of {:?} points outside the text: {:?}",
                finding.rule,
                fix.span
            );
            let fixed = fix.apply(text);
            let _ = checker.check(&fixed, &context);
        }
    }
}

/// Markdown: any text becomes a tree whose every link is one that cannot run code.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for block in &markdown::parse(text) {
        block_is_safe(block);
    }
}

fn block_is_safe(block: &Block) {
    match block {
        Block::Paragraph(inlines) | Block::Heading(inlines) => {
            inlines.iter().for_each(inline_is_safe);
        }
        Block::List { items, .. } => items.iter().flatten().for_each(block_is_safe),
        Block::Quote(blocks) => blocks.iter().for_each(block_is_safe),
        Block::Code(_) | Block::Rule => {}
    }
}

fn inline_is_safe(inline: &Inline) {
    match inline {
        Inline::Link { href, children } => {
            assert!(
                markdown::is_safe_href(href),
                "an unsafe link got through: {href:?}"
            );
            children.iter().for_each(inline_is_safe);
        }
        Inline::Strong(children) | Inline::Emphasis(children) | Inline::Strike(children) => {
            children.iter().for_each(inline_is_safe);
        }
        Inline::Text(_) | Inline::Code(_) | Inline::Break => {}
    }
}

/// Writes, as the server receives them: the first byte picks the command, the second the
/// incident, the rest is the JSON body. A write is applied whole or not at all, and what it
/// leaves is a valid feed.
pub fn command(data: &[u8]) {
    let [kind, which, body @ ..] = data else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let mut feed = Feed::from_json(DEMO).expect("the demo feed is valid");
    let incident = feed.incidents[usize::from(*which) % feed.incidents.len()]
        .id
        .clone();
    let command = match kind % 3 {
        0 => match serde_json::from_str::<NewUpdate>(body) {
            Ok(update) => Command::AddUpdate { incident, update },
            Err(_) => return,
        },
        1 => match serde_json::from_str::<NewIncident>(body) {
            Ok(new) => Command::OpenIncident(new),
            Err(_) => return,
        },
        _ => match serde_json::from_str::<IncidentChange>(body) {
            Ok(change) => Command::ChangeIncident { incident, change },
            Err(_) => return,
        },
    };
    let before = feed.clone();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap();
    let version = feed.version + 1;
    match feed.apply(&command, now, version) {
        Ok(applied) => {
            assert_eq!(applied.version, version);
            assert_eq!(feed.version, version);
            let problems = feed.problems();
            assert!(
                problems.is_empty(),
                "an accepted write left problems: {problems:?}"
            );
            views_hold(&feed, "feed after a write");
            let changes = FeedChanges::between(&before, &feed);
            let mut replayed = before.clone();
            changes
                .apply_to(&mut replayed)
                .expect("changes apply to the feed they came from");
            assert_eq!(
                replayed, feed,
                "the changes sent to clients rebuild the feed"
            );
        }
        Err(CommandError::Invalid(problems)) => {
            assert!(!problems.is_empty(), "a refusal lists its problems");
            assert_eq!(feed, before, "a refused write changes nothing");
        }
        Err(CommandError::UnknownIncident(_)) => assert_eq!(feed, before),
    }
}
