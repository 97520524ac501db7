//! Customer- and responder-facing names of the model's enums, in every supported language.
//!
//! Kept in the domain so the app, the widget and the support replies name a status identically.

use crate::component::ComponentStatus;
use crate::incident::{Impact, IncidentStatus, Role, Severity};
use crate::update::{Audience, Outcome};

pub use crate::locale::Locale;

/// A value with a display name in each supported language.
pub trait Label {
    /// The name shown to people in `locale`.
    fn label(&self, locale: Locale) -> &'static str;
}

impl Label for IncidentStatus {
    fn label(&self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::Unknown, Locale::En) => "Status unknown",
            (Self::Unknown, Locale::ZhCn) => "状态未知",
            (Self::Investigating, Locale::En) => "Investigating",
            (Self::Investigating, Locale::ZhCn) => "调查中",
            (Self::Identified, Locale::En) => "Identified",
            (Self::Identified, Locale::ZhCn) => "已确定原因",
            (Self::Monitoring, Locale::En) => "Monitoring",
            (Self::Monitoring, Locale::ZhCn) => "监控中",
            (Self::Resolved, Locale::En) => "Resolved",
            (Self::Resolved, Locale::ZhCn) => "已解决",
            (Self::Postmortem, Locale::En) => "Postmortem",
            (Self::Postmortem, Locale::ZhCn) => "事后复盘",
        }
    }
}

impl Label for ComponentStatus {
    fn label(&self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::Operational, Locale::En) => "Operational",
            (Self::Operational, Locale::ZhCn) => "正常运行",
            (Self::Unknown, Locale::En) => "Status unknown",
            (Self::Unknown, Locale::ZhCn) => "状态未知",
            (Self::UnderMaintenance, Locale::En) => "Under maintenance",
            (Self::UnderMaintenance, Locale::ZhCn) => "维护中",
            (Self::DegradedPerformance, Locale::En) => "Degraded performance",
            (Self::DegradedPerformance, Locale::ZhCn) => "性能下降",
            (Self::PartialOutage, Locale::En) => "Partial outage",
            (Self::PartialOutage, Locale::ZhCn) => "部分中断",
            (Self::MajorOutage, Locale::En) => "Major outage",
            (Self::MajorOutage, Locale::ZhCn) => "严重中断",
        }
    }
}

impl Label for Impact {
    fn label(&self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::None, Locale::En) => "No impact",
            (Self::None, Locale::ZhCn) => "无影响",
            (Self::Unknown, Locale::En) => "Impact unknown",
            (Self::Unknown, Locale::ZhCn) => "影响未知",
            (Self::Minor, Locale::En) => "Minor impact",
            (Self::Minor, Locale::ZhCn) => "轻微影响",
            (Self::Major, Locale::En) => "Major impact",
            (Self::Major, Locale::ZhCn) => "重大影响",
            (Self::Critical, Locale::En) => "Critical impact",
            (Self::Critical, Locale::ZhCn) => "严重影响",
        }
    }
}

impl Label for Severity {
    fn label(&self, _locale: Locale) -> &'static str {
        // Responders say "SEV1" in every language; translating it would break search and habit.
        self.as_str()
    }
}

impl Label for Role {
    fn label(&self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::IncidentCommander, Locale::En) => "Incident commander",
            (Self::IncidentCommander, Locale::ZhCn) => "事件指挥官",
            (Self::CommunicationsLead, Locale::En) => "Communications lead",
            (Self::CommunicationsLead, Locale::ZhCn) => "沟通负责人",
            (Self::OperationsLead, Locale::En) => "Operations lead",
            (Self::OperationsLead, Locale::ZhCn) => "运维负责人",
        }
    }
}

impl Label for Outcome {
    fn label(&self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::Pending, Locale::En) => "Too early to tell",
            (Self::Pending, Locale::ZhCn) => "尚无结论",
            (Self::Helped, Locale::En) => "Helped",
            (Self::Helped, Locale::ZhCn) => "有效",
            (Self::NoEffect, Locale::En) => "No effect",
            (Self::NoEffect, Locale::ZhCn) => "无效",
            (Self::MadeWorse, Locale::En) => "Made it worse",
            (Self::MadeWorse, Locale::ZhCn) => "使情况恶化",
            (Self::Unknown, Locale::En) => "Outcome unknown",
            (Self::Unknown, Locale::ZhCn) => "结果未知",
        }
    }
}

impl Label for Audience {
    fn label(&self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::Public, Locale::En) => "Public",
            (Self::Public, Locale::ZhCn) => "公开",
            (Self::Internal, Locale::En) => "Internal",
            (Self::Internal, Locale::ZhCn) => "内部",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_outcome_and_audience_has_its_own_label() {
        use Outcome::*;
        distinct_in_each_locale(&[Pending, Helped, NoEffect, MadeWorse, Unknown]);
        distinct_in_each_locale(&[Audience::Public, Audience::Internal]);
    }

    fn distinct_in_each_locale<T: Label>(values: &[T]) {
        for locale in Locale::ALL {
            let labels: HashSet<&str> = values.iter().map(|v| v.label(locale)).collect();
            assert_eq!(labels.len(), values.len(), "duplicate label in {locale:?}");
            assert!(labels.iter().all(|l| !l.trim().is_empty()));
        }
    }

    #[test]
    fn every_incident_status_has_its_own_label() {
        use IncidentStatus::*;
        distinct_in_each_locale(&[
            Unknown,
            Investigating,
            Identified,
            Monitoring,
            Resolved,
            Postmortem,
        ]);
        assert_eq!(Monitoring.label(Locale::En), "Monitoring");
        assert_eq!(Monitoring.label(Locale::ZhCn), "监控中");
    }

    #[test]
    fn every_component_status_has_its_own_label() {
        use ComponentStatus::*;
        distinct_in_each_locale(&[
            Operational,
            Unknown,
            UnderMaintenance,
            DegradedPerformance,
            PartialOutage,
            MajorOutage,
        ]);
        assert_eq!(MajorOutage.label(Locale::En), "Major outage");
    }

    #[test]
    fn every_impact_and_role_has_its_own_label() {
        use Impact::*;
        distinct_in_each_locale(&[None, Unknown, Minor, Major, Critical]);
        distinct_in_each_locale(&Role::ALL);
        assert_eq!(Role::IncidentCommander.label(Locale::ZhCn), "事件指挥官");
    }

    #[test]
    fn severity_keeps_responder_labels_in_every_language() {
        assert_eq!(Severity::Sev1.label(Locale::ZhCn), "SEV1");
    }

    #[test]
    fn browser_language_tags_pick_the_right_locale() {
        assert_eq!(Locale::from_tag("zh-CN"), Locale::ZhCn);
        assert_eq!(Locale::from_tag("zh-Hans-SG"), Locale::ZhCn);
        assert_eq!(Locale::from_tag("zh"), Locale::ZhCn);
        assert_eq!(Locale::from_tag("zh-TW"), Locale::En);
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
        assert_eq!(Locale::from_tag("de"), Locale::En);
        assert_eq!(Locale::ZhCn.tag(), "zh-CN");
    }
}
