//! The overall page status: one word for "how are things", like Statuspage's indicator.

use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentStatus};
use crate::incident::Impact;
use crate::label::{Label, Locale};

/// The page-wide indicator, ordered best to worst (Statuspage's `status.indicator` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Everything is working.
    None,
    /// Planned work is under way; nothing unplanned is wrong.
    Maintenance,
    /// Something is slower or a minor part is failing.
    Minor,
    /// Part of the service is failing.
    Major,
    /// Most of the service is failing.
    Critical,
}

impl Indicator {
    /// Every indicator, best to worst.
    pub const ALL: [Indicator; 5] = [
        Indicator::None,
        Indicator::Maintenance,
        Indicator::Minor,
        Indicator::Major,
        Indicator::Critical,
    ];

    /// The indicator a single component's status implies.
    pub fn of_component(status: ComponentStatus) -> Self {
        match status {
            ComponentStatus::Operational | ComponentStatus::Unknown => Self::None,
            ComponentStatus::UnderMaintenance => Self::Maintenance,
            ComponentStatus::DegradedPerformance => Self::Minor,
            ComponentStatus::PartialOutage => Self::Major,
            ComponentStatus::MajorOutage => Self::Critical,
        }
    }

    /// The indicator an open incident's impact implies.
    pub fn of_impact(impact: Impact) -> Self {
        match impact {
            Impact::None | Impact::Unknown => Self::None,
            Impact::Minor => Self::Minor,
            Impact::Major => Self::Major,
            Impact::Critical => Self::Critical,
        }
    }

    /// The page's indicator: the worst of every component and every open incident's impact.
    ///
    /// Incidents count as well as components because an incident can be declared before anyone
    /// has changed a component, and the page must not say "all operational" meanwhile.
    pub fn of_page<'a>(
        components: impl IntoIterator<Item = &'a Component>,
        open_impacts: impl IntoIterator<Item = Impact>,
    ) -> Self {
        components
            .into_iter()
            .map(|c| Self::of_component(c.status))
            .chain(open_impacts.into_iter().map(Self::of_impact))
            .max()
            .unwrap_or(Self::None)
    }

    /// The stable machine name (`critical`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Maintenance => "maintenance",
            Self::Minor => "minor",
            Self::Major => "major",
            Self::Critical => "critical",
        }
    }
}

impl Label for Indicator {
    /// The page-wide sentence, in Statuspage's wording so embedders see familiar text.
    fn label(&self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::None, Locale::En) => "All Systems Operational",
            (Self::None, Locale::ZhCn) => "所有系统运行正常",
            (Self::Maintenance, Locale::En) => "Service Under Maintenance",
            (Self::Maintenance, Locale::ZhCn) => "系统维护中",
            (Self::Minor, Locale::En) => "Minor Service Outage",
            (Self::Minor, Locale::ZhCn) => "轻微服务中断",
            (Self::Major, Locale::En) => "Partial System Outage",
            (Self::Major, Locale::ZhCn) => "部分系统中断",
            (Self::Critical, Locale::En) => "Major System Outage",
            (Self::Critical, Locale::ZhCn) => "重大系统中断",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(status: ComponentStatus) -> Component {
        Component {
            group_translations: crate::translation::Translations::new(),
            name_translations: crate::translation::Translations::new(),
            id: "c".into(),
            name: "C".into(),
            group: None,
            status,
        }
    }

    #[test]
    fn worst_component_sets_the_page_status() {
        let components = [
            component(ComponentStatus::Operational),
            component(ComponentStatus::PartialOutage),
            component(ComponentStatus::DegradedPerformance),
        ];
        assert_eq!(Indicator::of_page(&components, []), Indicator::Major);
    }

    #[test]
    fn all_operational_with_no_incident_is_all_clear() {
        let components = [component(ComponentStatus::Operational)];
        assert_eq!(Indicator::of_page(&components, []), Indicator::None);
        assert_eq!(Indicator::None.label(Locale::En), "All Systems Operational");
    }

    #[test]
    fn an_open_incident_outranks_green_components() {
        let components = [component(ComponentStatus::Operational)];
        assert_eq!(
            Indicator::of_page(&components, [Impact::Critical]),
            Indicator::Critical
        );
    }

    #[test]
    fn maintenance_is_better_than_any_outage() {
        let components = [
            component(ComponentStatus::UnderMaintenance),
            component(ComponentStatus::Operational),
        ];
        assert_eq!(Indicator::of_page(&components, []), Indicator::Maintenance);
        assert!(Indicator::Maintenance < Indicator::Minor);
    }

    #[test]
    fn unknown_values_never_raise_the_alarm() {
        let components = [component(ComponentStatus::Unknown)];
        assert_eq!(
            Indicator::of_page(&components, [Impact::Unknown]),
            Indicator::None
        );
    }

    #[test]
    fn every_indicator_has_its_own_sentence_and_machine_name() {
        use std::collections::HashSet;
        let all = Indicator::ALL;
        for locale in Locale::ALL {
            let labels: HashSet<_> = all.iter().map(|i| i.label(locale)).collect();
            assert_eq!(labels.len(), all.len());
        }
        for indicator in all {
            let json = serde_json::to_string(&indicator).unwrap();
            assert_eq!(json, format!("\"{}\"", indicator.as_str()));
        }
    }
}
