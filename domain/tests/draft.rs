//! The console's draft under random sequences of what a communications lead does: after every
//! action, the request the console would send is exactly what its controls and previews show,
//! and a draft with nothing blocking it is one the server accepts.

use chrono::{DateTime, Duration, TimeZone, Utc};
use herald_domain::comms_check::{Checker, Rule};
use herald_domain::draft::{Action as DraftAction, Blocker, Desk, Draft};
use herald_domain::public::PublicFeed;
use herald_domain::{
    Audience, CadenceClock, Command, ComponentStatus, Feed, Impact, IncidentStatus, Locale,
    NewIncident, Outcome, TemplateKind,
};
use proptest::prelude::*;

fn berlin(at: DateTime<Utc>, _: Locale) -> String {
    (at + Duration::hours(1)).format("%H:%M CET").to_string()
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 40, 17).unwrap()
}

/// The demo feed with a second open incident sharing a component, so switching incidents and
/// shared components are exercised.
fn feed() -> Feed {
    let mut feed = herald_domain::demo::demo_feed();
    let version = feed.version + 1;
    let shared = feed.incidents[0].components[0].clone();
    feed.apply(
        &Command::OpenIncident(NewIncident {
            title_translations: herald_domain::translation::Translations::new(),
            workaround_translations: herald_domain::translation::Translations::new(),
            id: None,
            title: "Payment confirmations delayed".into(),
            impact: Impact::Minor,
            severity: None,
            started_at: None,
            components: vec![shared],
            cadence_minutes: Some(30),
            workaround: None,
            roles: vec![],
            update: None,
        }),
        start(),
        version,
    )
    .unwrap();
    feed
}

#[derive(Debug, Clone)]
enum Action {
    PickTemplate(usize),
    PickStatus(usize),
    EditText(String),
    EditVariable(usize, String),
    SetComponent(usize, usize),
    SwitchIncident,
    Hold,
    SetNextUpdate(i64),
    ToggleRestore,
    Tick(i64),
    AcceptOffer,
    Undo,
    Note(String),
    Attempt(String),
    SetLanguage(bool),
    SecondLanguage(bool),
    EditSecond(String),
    DeclineOffer,
    ApplyFirstFix,
    Publish,
}

const STATUSES: [IncidentStatus; 4] = [
    IncidentStatus::Investigating,
    IncidentStatus::Identified,
    IncidentStatus::Monitoring,
    IncidentStatus::Resolved,
];

const COMPONENT_STATUSES: [ComponentStatus; 5] = [
    ComponentStatus::Operational,
    ComponentStatus::DegradedPerformance,
    ComponentStatus::PartialOutage,
    ComponentStatus::MajorOutage,
    ComponentStatus::UnderMaintenance,
];

const VARIABLES: [&str; 4] = ["components", "impact", "workaround", "started_at"];

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("checkout"),
            Just("is slow"),
            Just("We are sorry."),
            Just("next update by 09:51 CET"),
            Just("the app"),
            Just("Checkout and orders"),
            Just("订单"),
            Just(" "),
        ],
        0..6,
    )
    .prop_map(|w| w.concat())
}

/// Values a lead gives a variable: names and words, not a second next-update promise.
fn values() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("checkout"),
            Just("the app"),
            Just("Checkout and orders"),
            Just("订单"),
            Just("Pay by card on the website."),
            Just(" "),
        ],
        0..4,
    )
    .prop_map(|w| w.concat())
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..TemplateKind::ALL.len()).prop_map(Action::PickTemplate),
        (0..STATUSES.len()).prop_map(Action::PickStatus),
        words().prop_map(Action::EditText),
        (0..VARIABLES.len(), values()).prop_map(|(v, w)| Action::EditVariable(v, w)),
        (0..3_usize, 0..COMPONENT_STATUSES.len()).prop_map(|(c, s)| Action::SetComponent(c, s)),
        Just(Action::SwitchIncident),
        Just(Action::Hold),
        (1..180_i64).prop_map(Action::SetNextUpdate),
        Just(Action::ToggleRestore),
        (0..25_i64).prop_map(Action::Tick),
        Just(Action::AcceptOffer),
        Just(Action::Undo),
        words().prop_map(Action::Note),
        words().prop_map(Action::Attempt),
        any::<bool>().prop_map(Action::SetLanguage),
        any::<bool>().prop_map(Action::SecondLanguage),
        words().prop_map(Action::EditSecond),
        Just(Action::DeclineOffer),
        Just(Action::ApplyFirstFix),
        Just(Action::Publish),
        Just(Action::Publish),
    ]
}

/// The comms check, compiled once for every case: compiling its patterns costs far more than
/// playing a case.
fn checker() -> &'static Checker {
    static CHECKER: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    CHECKER.get_or_init(|| Checker::new(&[]).unwrap())
}

/// Plays `actions` on one draft per open incident, checking after each one.
fn play(actions: &[Action]) -> Result<(), TestCaseError> {
    let mut feed = feed();
    let checker = checker();
    let ids: Vec<String> = feed.open_incidents().iter().map(|i| i.id.clone()).collect();
    let mut drafts: Vec<Draft> = ids
        .iter()
        .map(|id| {
            let incident = feed.incidents.iter().find(|i| &i.id == id).unwrap();
            Draft::new(incident, Locale::En)
        })
        .collect();
    let mut selected = 0;
    let mut now = start();
    for action in actions {
        let incident = feed
            .incidents
            .iter()
            .find(|i| i.id == ids[selected])
            .unwrap()
            .clone();
        let incident = &incident;
        let desk = Desk {
            feed: &feed,
            incident,
            now,
            page_time: &berlin,
        };
        let draft = &mut drafts[selected];
        match action {
            Action::PickTemplate(k) => draft.pick_template(TemplateKind::ALL[*k], &desk),
            Action::PickStatus(s) => draft.pick_status(STATUSES[*s], &desk),
            Action::EditText(t) => draft.edit_text(t.clone(), &desk),
            Action::EditVariable(v, t) => draft.edit_variable(VARIABLES[*v], t.clone(), &desk),
            Action::SetComponent(c, s) => {
                if let Some(id) = incident.components.get(*c) {
                    draft.set_component(id, COMPONENT_STATUSES[*s]);
                }
            }
            Action::SwitchIncident => selected = (selected + 1) % ids.len(),
            Action::Hold => draft.hold(&desk),
            Action::SetNextUpdate(m) => draft.set_next_update(now + Duration::minutes(*m), &desk),
            Action::ToggleRestore => draft.restore_components = !draft.restore_components,
            Action::Tick(m) => now += Duration::minutes(*m),
            Action::AcceptOffer => draft.accept_offer(),
            Action::Undo => draft.undo(),
            Action::Note(t) => draft.internal_note.clone_from(t),
            Action::Attempt(t) => draft.add_attempt(t, Outcome::Pending),
            Action::SetLanguage(zh) => draft.act(
                DraftAction::SetLanguage(if *zh { Locale::ZhCn } else { Locale::En }),
                &desk,
            ),
            Action::DeclineOffer => draft.act(DraftAction::DeclineOffer, &desk),
            Action::SecondLanguage(on) => draft.act(DraftAction::SetSecondLanguage(*on), &desk),
            Action::EditSecond(t) => draft.act(DraftAction::EditSecondText(t.clone()), &desk),
            Action::ApplyFirstFix => {
                let context = draft.check_context(&desk);
                let fix = checker
                    .check(&draft.text, &context)
                    .into_iter()
                    .find_map(|f| f.fix);
                if let Some(fix) = fix {
                    draft.act(DraftAction::ReplaceText(fix.apply(&draft.text)), &desk);
                }
            }
            Action::Publish => {
                // What the console does on Publish: the writes go out, the lead carries on
                // with a fresh draft on the same incident.
                if draft.blockers(&desk, true, "Amara", false).is_empty() {
                    let out = draft.outgoing(&desk, "Amara", false);
                    let mut next = feed.clone();
                    for update in [out.public, out.internal].into_iter().flatten() {
                        let version = next.version + 1;
                        let command = Command::AddUpdate {
                            incident: out.incident.clone(),
                            update,
                        };
                        prop_assert!(next.apply(&command, now, version).is_ok());
                    }
                    let language = draft.language;
                    *draft = Draft::new(incident, language);
                    feed = next;
                    now += Duration::seconds(30);
                }
            }
        }
        check(&feed, &drafts[selected], &ids[selected], now, checker)?;
    }
    Ok(())
}

/// What the console shows for `draft` is what it sends, and what it sends is accepted.
/// A template's own text in the second language promises the time in the time field too.
fn second_promise_agrees(
    draft: &Draft,
    desk: &Desk<'_>,
    checker: &Checker,
) -> Result<(), TestCaseError> {
    if let Some(second) = draft
        .second
        .as_ref()
        .filter(|s| s.rendered.as_deref() == Some(s.text.as_str()) && !s.text.is_empty())
    {
        let findings = checker.check(&second.text, &draft.check_context_in(desk, second.language));
        prop_assert!(
            findings.iter().all(|f| f.rule != Rule::NextUpdateMismatch),
            "second template text disagrees with its own promise: {}",
            second.text
        );
    }
    Ok(())
}

fn check(
    feed: &Feed,
    draft: &Draft,
    id: &str,
    now: DateTime<Utc>,
    checker: &Checker,
) -> Result<(), TestCaseError> {
    let incident = feed.incidents.iter().find(|i| i.id == id).unwrap();
    let desk = Desk {
        feed,
        incident,
        now,
        page_time: &berlin,
    };
    let out = draft.outgoing(&desk, "Amara", false);
    // The request goes to the incident on screen.
    prop_assert_eq!(&out.incident, id);
    let shown_status = draft.effective_status(incident);
    if let Some(public) = &out.public {
        prop_assert_eq!(public.status, shown_status, "status select");
        // Both text boxes, whichever the page's language puts first.
        let mut sent: Vec<&String> = std::iter::once(&public.text)
            .chain(public.translations.values())
            .collect();
        // An empty one is not sent (and blocks publishing while two languages are on).
        let mut shown: Vec<&String> = std::iter::once(&draft.text)
            .chain(draft.second.as_ref().map(|s| &s.text))
            .filter(|t| !t.trim().is_empty())
            .collect();
        sent.sort();
        shown.sort();
        prop_assert_eq!(sent, shown, "text boxes");
        prop_assert_eq!(public.next_update_at, draft.promise(&desk), "time field");
        prop_assert!(shown_status.is_open() || public.next_update_at.is_none());
    }
    if let Some(note) = &out.internal {
        prop_assert_eq!(note.audience, Audience::Internal);
        prop_assert!(note.component_changes.is_empty() && note.next_update_at.is_none());
    }
    // A template's own text always promises the time in the time field.
    if draft.rendered.as_deref() == Some(draft.text.as_str()) && !draft.text.is_empty() {
        let findings = checker.check(&draft.text, &draft.check_context(&desk));
        prop_assert!(
            findings.iter().all(|f| f.rule != Rule::NextUpdateMismatch),
            "template text disagrees with its own promise: {}",
            draft.text
        );
    }
    second_promise_agrees(draft, &desk, checker)?;
    let blockers = draft.blockers(&desk, true, "Amara", false);
    // A note alone never shows changes it would not send.
    if out.public.is_none() {
        let shows_changes = shown_status != incident.status()
            || !draft.component_changes(feed, incident).is_empty();
        if shows_changes {
            prop_assert!(blockers.iter().any(|b| matches!(
                b,
                Blocker::ChangesNeedCustomerText | Blocker::MissingVariable(_)
            )));
        }
    }
    if !blockers.is_empty() || (out.public.is_none() && out.internal.is_none()) {
        prop_assert!(!blockers.is_empty() || draft.text.trim().is_empty());
        return Ok(());
    }
    // The preview path: the same requests applied to a copy of the feed with the server's code.
    let mut preview = feed.clone();
    let mut version = preview.version;
    for update in [out.public.clone(), out.internal.clone()]
        .into_iter()
        .flatten()
    {
        version += 1;
        let applied = preview.apply(
            &Command::AddUpdate {
                incident: id.to_string(),
                update,
            },
            now,
            version,
        );
        prop_assert!(
            applied.is_ok(),
            "a draft with no blocker was refused: {:?}",
            applied
        );
    }
    let after = preview.incidents.iter().find(|i| i.id == id).unwrap();
    if let Some(public) = &out.public {
        prop_assert_eq!(after.status(), shown_status, "the status customers now see");
        let clock = CadenceClock::for_incident(after).map(|c| c.due_at);
        prop_assert_eq!(
            clock,
            draft.promise(&desk),
            "the cadence clock counts to the promise"
        );
        for component in &incident.components {
            prop_assert_eq!(
                preview.component(component).unwrap().status,
                draft.component_shown(feed, incident, component),
                "component select"
            );
        }
        let view = PublicFeed::from_feed(&preview);
        let seen = view.incidents.iter().find(|i| i.id == id).unwrap();
        prop_assert_eq!(&seen.latest().text, &public.text, "what customers read");
    } else {
        prop_assert_eq!(after.status(), incident.status(), "a note moves no status");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Any sequence of lead actions: the request equals what the screen shows.
    #[test]
    fn the_request_is_what_the_console_shows(actions in prop::collection::vec(action(), 1..24)) {
        play(&actions)?;
    }

    /// Words typed by the lead survive any variable edit: unchanged, or only the variable's
    /// own words replaced where they appeared once.
    #[test]
    fn a_variable_edit_keeps_the_leads_words(
        before in words(),
        after in words(),
        value in words(),
        variable in 0..VARIABLES.len(),
        kind in 0..TemplateKind::ALL.len(),
    ) {
        let feed = feed();
        let incident = feed.incidents[0].clone();
        let desk = Desk { feed: &feed, incident: &incident, now: start(), page_time: &berlin };
        let mut draft = Draft::new(&incident, Locale::En);
        draft.pick_template(TemplateKind::ALL[kind], &desk);
        let name = VARIABLES[variable];
        let old = draft.vars(&desk).get(name).unwrap_or_default().to_string();
        let typed = format!("{before}{old}{after}!");
        draft.edit_text(typed.clone(), &desk);
        draft.edit_variable(name, value, &desk);
        let new = draft.vars(&desk).get(name).unwrap_or_default().to_string();
        let allowed = [typed.clone(), typed.replacen(&old, &new, 1)];
        prop_assert!(allowed.contains(&draft.text), "{:?} became {:?}", typed, draft.text);
    }
}

#[test]
fn the_blocked_reasons_reach_a_refusal_the_server_would_give() {
    // The draft refuses locally what the server would refuse: the promise in the past.
    let feed = feed();
    let incident = feed.incidents[0].clone();
    let desk = Desk {
        feed: &feed,
        incident: &incident,
        now: start(),
        page_time: &berlin,
    };
    let mut draft = Draft::new(&incident, Locale::En);
    draft.pick_template(TemplateKind::Holding, &desk);
    let late = Desk {
        now: start() + Duration::hours(1),
        ..desk
    };
    assert!(draft
        .blockers(&late, true, "Amara", false)
        .contains(&Blocker::PromiseInThePast));
    let out = draft.outgoing(&late, "Amara", false);
    let mut copy = feed.clone();
    assert!(copy
        .apply(
            &Command::AddUpdate {
                incident: incident.id.clone(),
                update: out.public.unwrap(),
            },
            late.now,
            copy.version + 1,
        )
        .is_err());
}
