//! What a well-shaped feed can still get wrong: repeated ids, references to components that
//! do not exist, times in the wrong order, a cadence of zero.

use super::{Feed, Problem};
use crate::problem::Problems;
use crate::ranked::{position_rank, sort_by_compare, sort_by_rank};

impl Feed {
    /// Problems a well-shaped feed can still have: duplicate ids, references to components
    /// that do not exist, times in the wrong order, a cadence of zero.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Problems::default();
        let mut seen = std::collections::HashSet::new();
        for (i, component) in self.components.iter().enumerate() {
            if !seen.insert(component.id.as_str()) {
                problems.add(
                    format!("components[{i}].id"),
                    format!("component id {:?} is used twice", component.id),
                );
            }
        }
        let known = |id: &str| self.components.iter().any(|c| c.id == id);
        let mut incident_ids = std::collections::HashSet::new();
        for (i, incident) in self.incidents.iter().enumerate() {
            let at = format!("incidents[{i}]");
            if !incident_ids.insert(incident.id.as_str()) {
                problems.add(
                    format!("{at}.id"),
                    format!("incident id {:?} is used twice", incident.id),
                );
            }
            for (j, id) in incident.components.iter().enumerate() {
                if !known(id) {
                    problems.unknown_component(format!("{at}.components[{j}]"), id);
                }
            }
            if let Some(resolved) = incident.resolved_at {
                if resolved < incident.started_at {
                    problems.add(format!("{at}.resolved_at"), "resolved before it started");
                }
            }
            if incident.cadence_minutes == 0 {
                problems.add(
                    format!("{at}.cadence_minutes"),
                    "the cadence must be at least one minute",
                );
            }
            for j in duplicate_positions(incident.updates.iter().map(|u| u.id.as_str())) {
                let id = &incident.updates[j].id;
                problems.add(
                    format!("{at}.updates[{j}].id"),
                    format!("update id {id:?} is used twice"),
                );
            }
            for (j, update) in incident.updates.iter().enumerate() {
                for (k, change) in update.component_changes.iter().enumerate() {
                    if !known(&change.component) {
                        problems.unknown_component(
                            format!("{at}.updates[{j}].component_changes[{k}].component"),
                            &change.component,
                        );
                    }
                }
            }
        }
        let mut maintenance_ids = std::collections::HashSet::new();
        for (i, maintenance) in self.maintenances.iter().enumerate() {
            if !maintenance_ids.insert(maintenance.id.as_str()) {
                problems.add(
                    format!("maintenances[{i}].id"),
                    format!("maintenance id {:?} is used twice", maintenance.id),
                );
            }
            if maintenance.window_end <= maintenance.window_start {
                problems.add(
                    format!("maintenances[{i}].window_end"),
                    "the window ends before it starts",
                );
            }
        }
        problems.0
    }
}

/// Positions of ids that repeat an earlier one, in order. Sorting borrowed ids beats hashing
/// them for the few dozen updates an incident has, and parsing big feeds is on a budget.
fn duplicate_positions<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut sorted: Vec<(&str, usize)> = ids.enumerate().map(|(i, id)| (id, i)).collect();
    sort_by_compare(&mut sorted, Ord::cmp);
    let mut repeats: Vec<usize> = sorted
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .map(|pair| pair[1].1)
        .collect();
    sort_by_rank(&mut repeats, |&position| position_rank(position));
    repeats
}
