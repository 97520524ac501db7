//! Invariants that must hold for every input, not just the examples.

use chrono::{TimeZone, Utc};
use herald_domain::public::PublicFeed;
use herald_domain::{
    Audience, Feed, Impact, Incident, IncidentStatus, Locale, Translations, Update,
};
use proptest::prelude::*;

const DEMO: &str = herald_domain::demo::DEMO_JSON;

fn status() -> impl Strategy<Value = IncidentStatus> {
    prop_oneof![
        Just(IncidentStatus::Investigating),
        Just(IncidentStatus::Identified),
        Just(IncidentStatus::Monitoring),
        Just(IncidentStatus::Resolved),
    ]
}

/// An update whose text, if internal, carries a marker that must never be seen publicly.
fn update(index: usize) -> impl Strategy<Value = Update> {
    (
        any::<bool>(),
        status(),
        0i64..100_000,
        "[a-zA-Z .,]{0,40}",
        "[a-z]{6}",
    )
        .prop_map(move |(public, status, offset, words, nonce)| Update {
            id: format!("u-{index}"),
            at: Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap()
                + chrono::Duration::seconds(offset),
            audience: if public {
                Audience::Public
            } else {
                Audience::Internal
            },
            status,
            component_changes: vec![],
            author: if public {
                "Comms".into()
            } else {
                format!("INTERNAL-author-{nonce}")
            },
            text: if public {
                words.clone()
            } else {
                format!("INTERNAL-note-{nonce} {words}")
            },
            language: None,
            // A note's translation is as internal as the note itself.
            translations: Translations::from([(
                Locale::ZhCn,
                if public {
                    format!("中文 {words}")
                } else {
                    format!("INTERNAL-note-{nonce} 中文")
                },
            )]),
            tried: vec![],
            version: None,
            check_override: None,
            next_update_at: None,
        })
}

fn incident(index: usize) -> impl Strategy<Value = Incident> {
    (1usize..12).prop_flat_map(move |count| {
        (0..count)
            .map(update)
            .collect::<Vec<_>>()
            .prop_map(move |updates| Incident {
                id: format!("inc-{index}"),
                title: format!("Incident {index}"),
                title_translations: Translations::from([(Locale::ZhCn, format!("事件 {index}"))]),
                workaround_translations: Translations::new(),
                impact: Impact::Major,
                severity: None,
                started_at: Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
                resolved_at: None,
                components: vec![],
                workaround: None,
                roles: vec![],
                cadence_minutes: 15,
                updates,
            })
    })
}

fn feed() -> impl Strategy<Value = Feed> {
    (1usize..6).prop_flat_map(|count| {
        (0..count)
            .map(incident)
            .collect::<Vec<_>>()
            .prop_map(|incidents| {
                let mut feed = Feed::from_json(DEMO).unwrap();
                feed.incidents = incidents;
                feed
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn internal_text_never_reaches_the_public_view(feed in feed()) {
        let public = PublicFeed::from_feed(&feed);
        let json = serde_json::to_string(&public).unwrap();
        prop_assert!(!json.contains("INTERNAL-"), "internal text leaked: {json}");
        for incident in &public.incidents {
            let source = feed.incidents.iter().find(|i| i.id == incident.id).unwrap();
            let published = source.updates.iter().filter(|u| u.is_public()).count();
            prop_assert_eq!(incident.updates.len(), published);
        }
    }

    #[test]
    fn parsing_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Feed::from_json(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn parsing_never_panics_on_a_mangled_feed(cut in 0usize..DEMO.len(), at in 0usize..DEMO.len(), byte in any::<u8>()) {
        let mut bytes = DEMO.as_bytes().to_vec();
        bytes[at] = byte;
        bytes.truncate(cut.max(at + 1));
        let _ = Feed::from_json(&String::from_utf8_lossy(&bytes));
    }
}
