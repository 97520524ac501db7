//! The widget's status words are the domain's (issue 17, point 4).
//!
//! The widget is plain JavaScript (`widget/herald-status.js`) so a host page pays a few kilobytes
//! for it, which means it cannot call `Label`: it carries its own copy of the words. This test
//! reads that copy and holds every status word in it to the domain's label, per language, so a
//! customer never sees "All systems operational" in the widget and "All Systems Operational" on
//! the status page. It fails when either side changes a word.

use herald_domain::{ComponentStatus, Indicator, Label, Locale};

const WIDGET: &str = include_str!("../../widget/herald-status.js");

/// Every component status the widget names. `Unknown` is left out on purpose: it stands for any
/// word the domain does not know, and the widget shows such a word as it came. No wildcard here
/// either, so a new variant must be placed on one side or the other.
fn every_named_component_status() -> Vec<ComponentStatus> {
    [
        ComponentStatus::Operational,
        ComponentStatus::UnderMaintenance,
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
        ComponentStatus::Unknown,
    ]
    .into_iter()
    .filter(|status| match status {
        ComponentStatus::Operational
        | ComponentStatus::UnderMaintenance
        | ComponentStatus::DegradedPerformance
        | ComponentStatus::PartialOutage
        | ComponentStatus::MajorOutage => true,
        ComponentStatus::Unknown => false,
    })
    .collect()
}

/// The widget's words in `locale`: its entry in `WORDS` (keyed by the locale's BCP 47 tag, as
/// the widget's `lang` attribute is), up to the entry's closing brace.
fn widget_words(locale: Locale) -> &'static str {
    let start = WIDGET
        .find("const WORDS = {")
        .expect("the widget keeps its words in `const WORDS = {`");
    let words = &WIDGET[start..];
    let tag = locale.tag();
    let at = [format!(" {tag}: {{"), format!(" '{tag}': {{")]
        .iter()
        .find_map(|key| words.find(key.as_str()))
        .unwrap_or_else(|| panic!("the widget has no words for {tag}"));
    let entry = &words[at..];
    &entry[..entry.find('}').expect("the entry closes")]
}

/// Asserts the widget says `label` for the machine name `key` in `locale`. The leading space
/// keeps `maintenance` from being found inside `under_maintenance`.
fn assert_widget_says(locale: Locale, key: &str, label: &str) {
    let words = widget_words(locale);
    let expected = format!(" {key}: '{label}'");
    assert!(
        words.contains(&expected),
        "the widget's {} words must say `{}`, the domain's label; they are:\n{words}",
        locale.tag(),
        expected.trim_start(),
    );
}

#[test]
fn the_widget_names_every_indicator_in_the_domains_words() {
    for locale in Locale::ALL {
        for indicator in Indicator::ALL {
            assert_widget_says(locale, indicator.as_str(), indicator.label(locale));
        }
    }
}

#[test]
fn the_widget_names_every_component_status_in_the_domains_words() {
    for locale in Locale::ALL {
        for status in every_named_component_status() {
            assert_widget_says(locale, status.as_str(), status.label(locale));
        }
    }
}
