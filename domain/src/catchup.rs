//! The catch-up card: what a responder joining at minute 40 needs, without asking anyone.

use chrono::{DateTime, Utc};

use crate::cadence::CadenceClock;
use crate::component::ComponentStatus;
use crate::feed::Feed;
use crate::incident::{Impact, Incident, IncidentStatus, Role, Severity};
use crate::locale::Locale;
use crate::ranked::{at_rank, sort_by_rank};
use crate::update::{Audience, Outcome, Update};

/// An affected component with its name and current status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedComponent {
    /// Component id.
    pub id: String,
    /// Display name (the id when the feed does not list it).
    pub name: String,
    /// Current status, `Unknown` when the feed does not list it.
    pub status: ComponentStatus,
}

/// Who holds a role now, and who held it before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleHolder {
    /// The role.
    pub role: Role,
    /// The current holder, `None` when nobody was ever assigned: a gap worth seeing.
    pub holder: Option<String>,
    /// Since when they hold it.
    pub since: Option<DateTime<Utc>>,
    /// Earlier holders, oldest first.
    pub previous: Vec<String>,
}

/// One thing responders tried, with the latest word on how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tried {
    /// What was done.
    pub action: String,
    /// How it turned out, as last reported.
    pub outcome: Outcome,
    /// When it was first reported.
    pub first_reported: DateTime<Utc>,
    /// When the outcome was last reported.
    pub last_reported: DateTime<Utc>,
}

/// Something that happened after the version a viewer last saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new update (its id).
    Update(String),
    /// A role changed hands.
    HandOver {
        /// The role.
        role: Role,
        /// Who took it.
        holder: String,
        /// When.
        since: DateTime<Utc>,
    },
}

/// Everything on the catch-up card for one incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatchUp {
    /// Incident id.
    pub incident_id: String,
    /// Title.
    pub title: String,
    /// Current status (from the latest update of any audience: responders see internal stages).
    pub status: IncidentStatus,
    /// Since when the incident has been in that status.
    pub status_since: DateTime<Utc>,
    /// When the incident started.
    pub started_at: DateTime<Utc>,
    /// Impact.
    pub impact: Impact,
    /// Severity, when the source has one.
    pub severity: Option<Severity>,
    /// Affected components with their current status.
    pub affected: Vec<AffectedComponent>,
    /// Each role, in the usual order.
    pub roles: Vec<RoleHolder>,
    /// What customers were last told.
    pub latest_public: Option<Update>,
    /// The latest internal note.
    pub latest_internal: Option<Update>,
    /// What was tried and how it went, in the order it was first tried.
    pub tried: Vec<Tried>,
    /// What changed after the viewer's last seen version, oldest first. To someone who has
    /// never looked everything is new, so a first visit gets only the newest
    /// [`FIRST_VISIT_CHANGES`]; the timeline below the card holds the rest.
    pub changed: Vec<Change>,
    /// How many older updates a first visit's list leaves to the timeline (hand-overs left out
    /// are not counted: the timeline shows updates, the roles list who holds what).
    pub earlier: usize,
    /// The viewer has never looked: the list is the latest changes, not "since you looked".
    pub first_visit: bool,
    /// The whole incident appeared after the viewer's last look (never for a first visit, to
    /// whom everything is new anyway): its card says so.
    pub new_to_viewer: bool,
    /// The cadence clock, while updates are owed.
    pub next_update: Option<CadenceClock>,
}

/// How many changes a first visit lists: a late joiner at minute 40 wants the latest few on
/// the card, not the whole timeline twice.
pub const FIRST_VISIT_CHANGES: usize = 3;

impl CatchUp {
    /// Builds the card for `incident` as read from `feed`, for a viewer who reads `reader` and
    /// last saw `seen_version` (`None` for a first visit): the title and component names are
    /// in the viewer's language where the page has them, else in the page's.
    pub fn new(
        feed: &Feed,
        incident: &Incident,
        seen_version: Option<u64>,
        reader: Locale,
    ) -> Self {
        let page = feed.page.language();
        let timeline = incident.timeline();
        let status = incident.status();
        // The status has held since the oldest public update in the newest unbroken run of it:
        // only what customers were told moves it.
        let status_since = timeline
            .iter()
            .filter(|u| u.is_public())
            .take_while(|u| u.status == status)
            .last()
            .map_or(incident.started_at, |u| u.at);

        let affected = incident
            .components
            .iter()
            .map(|id| match feed.component(id) {
                Some(c) => AffectedComponent {
                    id: id.clone(),
                    name: c.name_in(reader, page).to_string(),
                    status: c.status,
                },
                None => AffectedComponent {
                    id: id.clone(),
                    name: id.clone(),
                    status: ComponentStatus::Unknown,
                },
            })
            .collect();

        let mut changed = changed_since(incident, seen_version);
        let left_out = if seen_version.is_none() {
            changed.len().saturating_sub(FIRST_VISIT_CHANGES)
        } else {
            0
        };
        let earlier = changed
            .drain(..left_out)
            .filter(|c| matches!(c, Change::Update(_)))
            .count();

        Self {
            incident_id: incident.id.clone(),
            title: incident.title_in(reader, page).to_string(),
            status,
            status_since,
            started_at: incident.started_at,
            impact: incident.impact,
            severity: incident.severity,
            affected,
            roles: role_holders(incident),
            latest_public: incident.latest_update_for(Audience::Public).cloned(),
            latest_internal: incident.latest_update_for(Audience::Internal).cloned(),
            tried: tried(&timeline),
            earlier,
            changed,
            first_visit: seen_version.is_none(),
            new_to_viewer: appeared_after(incident, seen_version),
            next_update: CadenceClock::for_incident(incident),
        }
    }
}

fn role_holders(incident: &Incident) -> Vec<RoleHolder> {
    Role::ALL
        .iter()
        .map(|&role| {
            let mut history: Vec<_> = incident.roles.iter().filter(|a| a.role == role).collect();
            sort_by_rank(&mut history, |a| at_rank(a.since));
            let current = history.pop();
            // Each earlier holder once, and never the current one: a hand-over undone read
            // "Lena Fischer (previously Lena Fischer, Sam Okoro)".
            let mut previous: Vec<String> = Vec::new();
            for a in history {
                if current.is_none_or(|c| c.holder != a.holder) && !previous.contains(&a.holder) {
                    previous.push(a.holder.clone());
                }
            }
            RoleHolder {
                role,
                holder: current.map(|a| a.holder.clone()),
                since: current.map(|a| a.since),
                previous,
            }
        })
        .collect()
}

/// Folds every reported attempt, oldest report first, so the last word on each action wins.
fn tried(newest_first: &[&Update]) -> Vec<Tried> {
    let mut tried: Vec<Tried> = Vec::new();
    for update in newest_first.iter().rev() {
        for attempt in &update.tried {
            match tried.iter_mut().find(|t| t.action == attempt.action) {
                Some(existing) => {
                    existing.outcome = attempt.outcome;
                    existing.last_reported = update.at;
                }
                None => tried.push(Tried {
                    action: attempt.action.clone(),
                    outcome: attempt.outcome,
                    first_reported: update.at,
                    last_reported: update.at,
                }),
            }
        }
    }
    tried
}

/// Whether an entry added at feed `version` is new to a viewer who last saw `seen`. An entry
/// without a version predates versioning; only a first-time viewer counts it new.
pub fn is_new(seen: Option<u64>, version: Option<u64>) -> bool {
    match (seen, version) {
        (None, _) => true,
        (Some(seen), Some(v)) => v > seen,
        (Some(_), None) => false,
    }
}

/// Whether the first entry of `incident` came after version `seen`.
fn appeared_after(incident: &Incident, seen: Option<u64>) -> bool {
    let first = incident
        .updates
        .iter()
        .filter_map(|u| u.version)
        .chain(incident.roles.iter().filter_map(|r| r.version))
        .min();
    matches!((seen, first), (Some(seen), Some(first)) if first > seen)
}

fn changed_since(incident: &Incident, seen_version: Option<u64>) -> Vec<Change> {
    let is_new = |version: Option<u64>| is_new(seen_version, version);
    let mut changes: Vec<(DateTime<Utc>, Change)> = incident
        .updates
        .iter()
        .filter(|u| is_new(u.version))
        .map(|u| (u.at, Change::Update(u.id.clone())))
        .collect();
    let mut seen_roles = std::collections::HashSet::new();
    let mut assignments: Vec<_> = incident.roles.iter().collect();
    sort_by_rank(&mut assignments, |a| at_rank(a.since));
    for assignment in assignments {
        // The first assignment of each role is the start of the incident, not a hand-over.
        let first = seen_roles.insert(assignment.role);
        if !first && is_new(assignment.version) {
            changes.push((
                assignment.since,
                Change::HandOver {
                    role: assignment.role,
                    holder: assignment.holder.clone(),
                    since: assignment.since,
                },
            ));
        }
    }
    // At the same instant a hand-over comes first: the update written then usually reports it.
    // At one moment a hand-over comes before the update that mentions it.
    sort_by_rank(&mut changes, |(at, change)| {
        at_rank(*at) * 2 + i128::from(matches!(change, Change::Update(_)))
    });
    changes.into_iter().map(|(_, change)| change).collect()
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::demo::demo_feed;
    use chrono::TimeZone;

    fn card(seen: Option<u64>) -> CatchUp {
        let feed = demo_feed();
        CatchUp::new(&feed, &feed.incidents[0], seen, Locale::En)
    }

    fn t(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 8, minute, 0).unwrap()
    }

    #[test]
    fn an_incident_opened_after_the_last_look_is_new_to_the_viewer() {
        let feed = demo_feed();
        let incident = &feed.incidents[0];
        let first = incident
            .updates
            .iter()
            .filter_map(|u| u.version)
            .min()
            .unwrap();
        assert!(CatchUp::new(&feed, incident, Some(first - 1), Locale::En).new_to_viewer);
        assert!(!CatchUp::new(&feed, incident, Some(first), Locale::En).new_to_viewer);
        assert!(
            !CatchUp::new(&feed, incident, None, Locale::En).new_to_viewer,
            "a first visit"
        );
    }

    #[test]
    fn a_hand_over_undone_lists_each_earlier_holder_once_and_never_the_current_one() {
        // Regression (console issue): "Lena Fischer (previously Lena Fischer, Sam Okoro)".
        let mut feed = demo_feed();
        let incident = &mut feed.incidents[0];
        let taken = |holder: &str, minute| crate::incident::RoleAssignment {
            role: Role::CommunicationsLead,
            holder: holder.into(),
            since: t(minute),
            version: None,
        };
        incident
            .roles
            .retain(|a| a.role != Role::CommunicationsLead);
        incident.roles.extend([
            taken("Sam Okoro", 1),
            taken("Lena Fischer", 2),
            taken("Sam Okoro", 3),
            taken("Lena Fischer", 4),
        ]);
        let card = CatchUp::new(&feed, &feed.incidents[0], None, Locale::En);
        let lead = card
            .roles
            .iter()
            .find(|r| r.role == Role::CommunicationsLead)
            .unwrap();
        assert_eq!(lead.holder.as_deref(), Some("Lena Fischer"));
        assert_eq!(lead.previous, ["Sam Okoro"]);
    }

    #[test]
    fn a_reader_gets_the_title_and_component_names_in_their_language_where_the_page_has_them() {
        let mut feed = demo_feed();
        let affected = feed.incidents[0].components.clone();
        let (named, unnamed) = (&affected[0], affected.get(1));
        feed.incidents[0]
            .title_translations
            .insert(Locale::ZhCn, "部分用户无法结账".into());
        let component = feed.components.iter_mut().find(|c| &c.id == named).unwrap();
        let english_name = component.name.clone();
        component
            .name_translations
            .insert(Locale::ZhCn, "结账".into());

        let zh = CatchUp::new(&feed, &feed.incidents[0], None, Locale::ZhCn);
        assert_eq!(zh.title, "部分用户无法结账");
        assert_eq!(zh.affected[0].name, "结账");
        if let Some(unnamed) = unnamed {
            let component = feed
                .components
                .iter_mut()
                .find(|c| &c.id == unnamed)
                .unwrap();
            component.name_translations.clear();
            let page_name = component.name.clone();
            let zh = CatchUp::new(&feed, &feed.incidents[0], None, Locale::ZhCn);
            assert_eq!(
                zh.affected[1].name, page_name,
                "no Chinese name: the page's own"
            );
        }

        let en = CatchUp::new(&feed, &feed.incidents[0], None, Locale::En);
        assert_eq!(en.title, feed.incidents[0].title);
        assert_eq!(en.affected[0].name, english_name);
    }

    #[test]
    fn card_says_status_and_since_when() {
        let card = card(None);
        assert_eq!(card.status, IncidentStatus::Monitoring);
        assert_eq!(
            card.status_since,
            t(36),
            "monitoring since customers were told at 08:36"
        );
        assert_eq!(card.severity, Some(Severity::Sev1));
        assert_eq!(card.impact, Impact::Critical);
    }

    #[test]
    fn card_names_affected_components_with_status() {
        let names: Vec<(String, ComponentStatus)> = card(None)
            .affected
            .into_iter()
            .map(|c| (c.name, c.status))
            .collect();
        assert_eq!(
            names[0],
            (
                "Checkout and orders".into(),
                ComponentStatus::DegradedPerformance
            )
        );
        assert_eq!(names.len(), 3);
    }

    #[test]
    fn card_shows_each_role_with_its_hand_over() {
        let roles = card(None).roles;
        let ops = roles
            .iter()
            .find(|r| r.role == Role::OperationsLead)
            .unwrap();
        assert_eq!(ops.holder.as_deref(), Some("Jonas Weber"));
        assert_eq!(ops.previous, ["Mei Lin"]);
        let ic = roles
            .iter()
            .find(|r| r.role == Role::IncidentCommander)
            .unwrap();
        assert_eq!(ic.holder.as_deref(), Some("Priya Raman"));
        assert!(ic.previous.is_empty());
    }

    #[test]
    fn unfilled_role_is_shown_as_a_gap() {
        let mut feed = demo_feed();
        feed.incidents[0]
            .roles
            .retain(|a| a.role != Role::CommunicationsLead);
        let card = CatchUp::new(&feed, &feed.incidents[0], None, Locale::En);
        let comms = card
            .roles
            .iter()
            .find(|r| r.role == Role::CommunicationsLead)
            .unwrap();
        assert_eq!(comms.holder, None);
    }

    #[test]
    fn card_shows_latest_public_and_internal() {
        let card = card(None);
        assert_eq!(card.latest_public.unwrap().id, "u-009");
        assert_eq!(card.latest_internal.unwrap().id, "u-008");
    }

    #[test]
    fn what_was_tried_keeps_the_last_word_on_each_action() {
        let tried = card(None).tried;
        let actions: Vec<(&str, Outcome)> = tried
            .iter()
            .map(|t| (t.action.as_str(), t.outcome))
            .collect();
        assert_eq!(actions.len(), 3);
        assert!(actions[0].0.contains("scale-out"));
        assert_eq!(
            actions[0].1,
            Outcome::MadeWorse,
            "pending at 08:14, made worse at 08:19"
        );
        assert_eq!(tried[0].first_reported, t(14));
        assert_eq!(tried[0].last_reported, t(19));
        assert_eq!(actions[2].1, Outcome::Helped);
    }

    #[test]
    fn changes_since_a_version_include_updates_and_hand_overs() {
        let changed = card(Some(11)).changed;
        assert_eq!(
            changed,
            vec![
                Change::HandOver {
                    role: Role::OperationsLead,
                    holder: "Jonas Weber".into(),
                    since: t(27)
                },
                Change::Update("u-007".into()),
                Change::Update("u-008".into()),
                Change::Update("u-009".into()),
            ]
        );
    }

    #[test]
    fn nothing_changed_for_a_viewer_who_saw_the_latest_version() {
        assert!(card(Some(14)).changed.is_empty());
    }

    #[test]
    fn first_visit_lists_the_latest_three_changes_and_leaves_the_rest_to_the_timeline() {
        // Nine updates and one hand-over are new to a first visitor (initial role assignments
        // are the start of the incident, not changes); the card lists the newest three.
        let first = card(None);
        assert!(first.first_visit);
        // Seven changes are left out: six updates, which the timeline shows, and a hand-over.
        assert_eq!(first.earlier, 6);
        assert_eq!(
            first.changed,
            vec![
                Change::Update("u-007".into()),
                Change::Update("u-008".into()),
                Change::Update("u-009".into()),
            ]
        );
        let returning = card(Some(11));
        assert!(!returning.first_visit);
        assert_eq!(returning.earlier, 0, "a returning viewer sees every change");
    }

    #[test]
    fn next_update_comes_from_the_cadence() {
        assert_eq!(card(None).next_update.unwrap().due_at, t(51));
    }
}
