//! The comms check measured on real published updates: per rule, precision and recall against
//! a reviewer's labels, the share of texts where every rule agrees, and the time per check.
//!
//!     cargo run --profile server -p herald-domain --example check-corpus
//!     cargo run --profile server -p herald-domain --example check-corpus -- FILE.jsonl ...
//!
//! Without arguments it reads `labelled.jsonl` (the set the rules were tuned on), the two
//! kept-apart samples `holdout.jsonl` and `holdout-2.jsonl` (never tuned against), each alone and
//! both as one, beside `corpus.jsonl`, which it times. `a.jsonl+b.jsonl` scores files as one set.
//! Each line is one update: `text`, `status`, `lang`, `company`, `incident_title`,
//! `components` and `labels` (seven booleans, `LABELLING.md`). A company's page settings (own
//! names, products, engines) come from `pages.json`; an unknown company gets none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use herald_domain::comms_check::{CheckContext, Checker, Finding, Outlet, Rule};
use herald_domain::review::PageTerms;
use herald_domain::{Impact, IncidentStatus, Locale};
use serde::Deserialize;

/// The seven judgements, in the order of the labels.
const LABELS: [&str; 7] = [
    "next_update_missing",
    "internal_detail",
    "blame",
    "promised_fix_time",
    "guess",
    "empathy_missing",
    "affected_missing",
];

#[derive(Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    company: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    incident_title: Option<String>,
    #[serde(default)]
    components: Vec<String>,
    text: String,
    #[serde(default)]
    labels: HashMap<String, bool>,
}

/// Which label a finding speaks to.
fn label_of(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::NoNextUpdate => "next_update_missing",
        Rule::Jargon | Rule::InternalHost | Rule::IpAddress | Rule::InternalUrl => {
            "internal_detail"
        }
        Rule::Blame => "blame",
        Rule::PromisedTime => "promised_fix_time",
        Rule::Guess => "guess",
        Rule::NoEmpathy => "empathy_missing",
        Rule::NoAffected => "affected_missing",
        _ => return None,
    })
}

/// The published text as a lead would have typed it: the sources' HTML markup and entities
/// are an artefact of their pages, not of the words.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut tag = String::new();
    for c in text.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                let name = tag.trim_start_matches('/').to_ascii_lowercase();
                let name = name.split([' ', '/']).next().unwrap_or_default();
                out.push(if matches!(name, "br" | "li" | "p" | "ul" | "div") {
                    '\n'
                } else {
                    ' '
                });
            }
            (true, c) => tag.push(c),
            (false, c) => out.push(c),
        }
    }
    for (entity, c) in [
        ("&amp;", "&"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
    ] {
        out = out.replace(entity, c);
    }
    out
}

fn context(record: &Record) -> CheckContext {
    let status = record.status.as_str();
    let maintenance = matches!(
        status,
        "scheduled" | "in_progress" | "verifying" | "completed"
    );
    let status = match status {
        "resolved" | "completed" | "postmortem" => IncidentStatus::Resolved,
        "identified" => IncidentStatus::Identified,
        "monitoring" | "verifying" => IncidentStatus::Monitoring,
        _ => IncidentStatus::Investigating,
    };
    CheckContext {
        locale: if record.lang.starts_with("zh") {
            Locale::ZhCn
        } else {
            Locale::En
        },
        status,
        impact: Impact::Major,
        affected: record.components.clone(),
        title: record.incident_title.clone().unwrap_or_default(),
        maintenance,
        outlet: Outlet::StatusPage,
        next_update_at: None,
        host_patterns: Vec::new(),
    }
}

struct Bench {
    checkers: HashMap<String, Checker>,
    pages: HashMap<String, PageTerms>,
}

impl Bench {
    fn findings(&mut self, record: &Record) -> Vec<Finding> {
        let pages = &self.pages;
        let checker = self
            .checkers
            .entry(record.company.clone())
            .or_insert_with(|| {
                let terms = pages.get(&record.company).cloned().unwrap_or_default();
                Checker::for_page(&[], &terms).expect("the page settings compile")
            });
        checker.check(&plain(&record.text), &context(record))
    }
}

fn read(path: &Path) -> Vec<Record> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

/// Scores one set: the records of every file in `paths`, read as one.
fn report(bench: &mut Bench, paths: &[PathBuf], show_misses: bool, flagged: Option<&str>) {
    let records: Vec<Record> = paths.iter().flat_map(|p| read(p)).collect();
    let mut counts: HashMap<&str, [u32; 4]> = HashMap::new(); // tp fp fn tn
    let mut agree = 0;
    let mut misses = Vec::new();
    for record in &records {
        let findings = bench.findings(record);
        let found: Vec<&str> = findings.iter().filter_map(|f| label_of(f.rule)).collect();
        let mut all = true;
        for label in LABELS {
            let said = found.contains(&label);
            let truth = record.labels.get(label).copied().unwrap_or(false);
            let slot = match (said, truth) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            counts.entry(label).or_default()[slot] += 1;
            if said != truth {
                all = false;
                // A false alarm quotes what raised it, so the miss can be read here.
                let text = plain(&record.text);
                let quoted: Vec<String> = findings
                    .iter()
                    .filter(|f| said && label_of(f.rule) == Some(label))
                    .filter_map(|f| text.get(f.span.clone()))
                    .filter(|q| !q.is_empty())
                    .map(|q| format!("{:?}", q.chars().take(60).collect::<String>()))
                    .collect();
                misses.push(format!(
                    "  {label} {} {} {}",
                    if said { "FP" } else { "FN" },
                    record.id,
                    quoted.join(" ")
                ));
            }
        }
        agree += u32::from(all);
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    println!("\n{} ({} updates)", names.join(" + "), records.len());
    println!("| rule | TP | FP | FN | TN | precision | recall |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for label in LABELS {
        let [tp, fp, fneg, tn] = counts.get(label).copied().unwrap_or_default();
        let ratio = |a: u32, b: u32| {
            if a + b == 0 {
                "n/a".to_string()
            } else {
                format!("{:.2}", f64::from(a) / f64::from(a + b))
            }
        };
        println!(
            "| {label} | {tp} | {fp} | {fneg} | {tn} | {} | {} |",
            ratio(tp, fp),
            ratio(tp, fneg)
        );
    }
    let total = u32::try_from(records.len()).unwrap_or(u32::MAX).max(1);
    println!(
        "every rule agrees with the label on {agree} of {} texts ({:.1} %)",
        records.len(),
        100.0 * f64::from(agree) / f64::from(total)
    );
    if let Some(label) = flagged {
        // Every finding of one label with what raised it: how a rule's precision is read on
        // texts nobody labelled.
        for record in &records {
            let text = plain(&record.text);
            for finding in bench.findings(record) {
                if label_of(finding.rule) == Some(label) {
                    let quote = text.get(finding.span.clone()).unwrap_or_default();
                    println!("  {label} {} {quote:?}", record.id);
                }
            }
        }
    }
    if show_misses {
        for miss in misses {
            println!("{miss}");
        }
    }
}

fn timing(bench: &mut Bench, path: &Path) {
    let records = read(path);
    let texts: Vec<(String, CheckContext, &Record)> = records
        .iter()
        .map(|r| (plain(&r.text), context(r), r))
        .collect();
    // Warm the per-page checkers first: building them is once per page, not per keystroke.
    for (_, _, record) in &texts {
        bench.findings(record);
    }
    let mut times: Vec<Duration> = Vec::with_capacity(texts.len() * 3);
    for _ in 0..3 {
        for (text, context, record) in &texts {
            let checker = &bench.checkers[&record.company];
            let start = Instant::now();
            std::hint::black_box(checker.check(text, context));
            times.push(start.elapsed());
        }
    }
    times.sort();
    // The sample at `per_mille`/1000 of the sorted times (nearest rank).
    let at = |per_mille: usize| times[(times.len() - 1) * per_mille / 1000];
    println!(
        "\ncheck time per update, {} checks of {} texts from {}: median {:?}, p99 {:?}, max {:?}",
        times.len(),
        texts.len(),
        path.display(),
        at(500),
        at(990),
        times[times.len() - 1]
    );
}

fn main() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/updates");
    let pages: HashMap<String, PageTerms> = serde_json::from_str(
        &std::fs::read_to_string(fixtures.join("pages.json")).expect("pages.json"),
    )
    .expect("pages.json holds each company's page settings");
    let mut bench = Bench {
        checkers: HashMap::new(),
        pages,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_misses = args.iter().any(|a| a == "--misses");
    // `--flagged=internal_detail` lists every finding of that label.
    let flagged = args
        .iter()
        .find_map(|a| a.strip_prefix("--flagged="))
        .and_then(|l| LABELS.iter().copied().find(|known| *known == l));
    // An argument is one set; `a.jsonl+b.jsonl` scores two files as one set.
    let sets: Vec<Vec<PathBuf>> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(|a| a.split('+').map(PathBuf::from).collect())
        .collect();
    let sets = if sets.is_empty() {
        let [labelled, first, second] =
            ["labelled.jsonl", "holdout.jsonl", "holdout-2.jsonl"].map(|f| fixtures.join(f));
        vec![
            vec![labelled],
            vec![first.clone()],
            vec![second.clone()],
            vec![first, second],
        ]
    } else {
        sets
    };
    for set in &sets {
        report(&mut bench, set, show_misses, flagged);
    }
    timing(&mut bench, &fixtures.join("corpus.jsonl"));
    println!("\nreproduce: cargo run --profile server -p herald-domain --example check-corpus");
}
