//! Herald's own templates for every stage and situation, in every supported language, and
//! the variables they are filled from.

use chrono::{DateTime, Utc};

use crate::cadence::CadenceClock;
use crate::component::{names_in, ComponentStatus};
use crate::feed::Feed;
use crate::incident::{Impact, Incident, IncidentStatus, Severity};
use crate::label::Locale;
use crate::template::{Template, TemplateError, TemplateKind, Vars};
use crate::update::Audience;

/// The variables every built-in template may use; a user template may use these too.
pub const VARIABLES: [&str; 7] = [
    "components",
    "impact",
    "started_at",
    "next_update_at",
    "workaround",
    "status_page",
    // Whether any data was lost: only the lead can say, so no incident field supplies it and
    // a resolution asks for it.
    "data_outcome",
];

fn body(kind: TemplateKind, locale: Locale) -> &'static str {
    use TemplateKind as K;
    match (kind, locale) {
        (K::Investigating, Locale::En) => "We are investigating a problem affecting {components}: {impact}. We are sorry for the disruption and are working to find the cause. We will post the next update by {next_update_at}.",
        (K::Investigating, Locale::ZhCn) => "我们正在调查影响{components}的问题：{impact}。对此造成的不便，我们深表歉意，正在全力查找原因。我们将在{next_update_at}前发布下一次更新。",
        (K::Identified, Locale::En) => "We have found the cause of the problem affecting {components} and are working on a fix. In the meantime: {workaround} We are sorry for the disruption. We will post the next update by {next_update_at}.",
        (K::Identified, Locale::ZhCn) => "我们已找到影响{components}的问题原因，正在修复。在此期间：{workaround} 对此造成的不便，我们深表歉意。我们将在{next_update_at}前发布下一次更新。",
        (K::Monitoring, Locale::En) => "A fix is in place for the problem affecting {components}, and we are watching closely to make sure it holds. Thank you for your patience. We will post the next update by {next_update_at}.",
        (K::Monitoring, Locale::ZhCn) => "影响{components}的问题已部署修复，我们正在密切监控，确保服务稳定。感谢您的耐心等待。我们将在{next_update_at}前发布下一次更新。",
        (K::Resolved, Locale::En) => "The problem affecting {components} since {started_at} is resolved, and everything is working normally again. {data_outcome} We are sorry for the disruption, and thank you for your patience.",
        (K::Resolved, Locale::ZhCn) => "自{started_at}起影响{components}的问题已解决，服务已恢复正常。{data_outcome}对此造成的不便，我们深表歉意，感谢您的耐心等待。",
        (K::ResolvedWithFollowUp, Locale::En) => "The problem affecting {components} since {started_at} is resolved, and everything is working normally again. {data_outcome} We are sorry for the disruption. We will publish a summary of what happened and what we are changing on {status_page}.",
        (K::ResolvedWithFollowUp, Locale::ZhCn) => "自{started_at}起影响{components}的问题已解决，服务已恢复正常。{data_outcome}对此造成的不便，我们深表歉意。我们将在{status_page}发布事件总结，说明原因以及我们的改进措施。",
        (K::Holding, Locale::En) => "We are still working on the problem affecting {components}. There is no new information yet, but work has not stopped. We are sorry for the disruption. We will post the next update by {next_update_at}.",
        (K::Holding, Locale::ZhCn) => "我们仍在处理影响{components}的问题，暂时还没有新的进展，但处理工作一直在进行。对此造成的不便，我们深表歉意。我们将在{next_update_at}前发布下一次更新。",
        (K::DegradedPerformance, Locale::En) => "{components} is slower than usual: {impact}. We are sorry and are looking into it. We will post the next update by {next_update_at}.",
        (K::DegradedPerformance, Locale::ZhCn) => "{components}目前比平时慢：{impact}。对此我们深表歉意，正在调查。我们将在{next_update_at}前发布下一次更新。",
        (K::PartialOutage, Locale::En) => "{components} is not working for some customers: {impact}. We are sorry for the disruption and are working to restore it. In the meantime: {workaround} We will post the next update by {next_update_at}.",
        (K::PartialOutage, Locale::ZhCn) => "{components}目前对部分用户无法正常使用：{impact}。对此造成的不便，我们深表歉意，正在努力恢复。在此期间：{workaround} 我们将在{next_update_at}前发布下一次更新。",
        (K::MajorOutage, Locale::En) => "{components} is unavailable right now: {impact}. We are very sorry and are working urgently to restore it. We will post the next update by {next_update_at}.",
        (K::MajorOutage, Locale::ZhCn) => "{components}目前无法使用：{impact}。我们非常抱歉，正在紧急恢复。我们将在{next_update_at}前发布下一次更新。",
        (K::MaintenanceStart, Locale::En) => "Scheduled maintenance on {components} has started, as announced on {status_page}. You may notice brief slowdowns; no action is needed from you. We are sorry for any inconvenience. We will post the next update by {next_update_at}.",
        (K::MaintenanceStart, Locale::ZhCn) => "{components}的计划维护已开始（详见{status_page}）。维护期间服务可能会短暂变慢，您无需进行任何操作。给您带来不便，敬请谅解。我们将在{next_update_at}前发布下一次更新。",
        (K::MaintenanceEnd, Locale::En) => "Scheduled maintenance on {components} is complete, and everything is working normally. Thank you for your patience.",
        (K::MaintenanceEnd, Locale::ZhCn) => "{components}的计划维护已完成，服务运行正常。感谢您的耐心等待。",
    }
}

/// Every built-in template: each kind in each language.
pub fn builtin_templates() -> Vec<Template> {
    Locale::ALL
        .iter()
        .flat_map(|&locale| {
            TemplateKind::ALL.iter().map(move |&kind| Template {
                id: format!("builtin.{}.{}", locale.tag(), kind.as_str()),
                kind,
                locale,
                body: body(kind, locale).to_string(),
            })
        })
        .collect()
}

/// The template kind that fits the incident now: the next stage's template after a status
/// change, the holding update when nothing moved since the last public update, and an
/// outage-specific first update when components already show how bad it is.
pub fn suggest(feed: &Feed, incident: &Incident) -> TemplateKind {
    let status = incident.status();
    // What responders know: a note from a feed written before only public updates moved the
    // status may carry a later stage than customers were told; announcing it is what fits.
    let known = incident
        .latest_update()
        .map_or(status, |u| u.status)
        .max(status);
    let published = incident.latest_update_for(Audience::Public).is_some();
    if published && known == status && status.is_open() {
        return TemplateKind::Holding;
    }
    match known {
        IncidentStatus::Investigating | IncidentStatus::Unknown => {
            let worst = incident
                .components
                .iter()
                .filter_map(|id| feed.component(id))
                .map(|c| c.status)
                .max()
                .unwrap_or(ComponentStatus::Operational);
            match worst {
                ComponentStatus::MajorOutage => TemplateKind::MajorOutage,
                ComponentStatus::PartialOutage => TemplateKind::PartialOutage,
                ComponentStatus::DegradedPerformance => TemplateKind::DegradedPerformance,
                _ => TemplateKind::Investigating,
            }
        }
        IncidentStatus::Identified => TemplateKind::Identified,
        IncidentStatus::Monitoring => TemplateKind::Monitoring,
        IncidentStatus::Resolved | IncidentStatus::Postmortem => {
            // Serious incidents owe customers an account of what happened.
            if matches!(incident.severity, Some(Severity::Sev1 | Severity::Sev2)) {
                TemplateKind::ResolvedWithFollowUp
            } else {
                TemplateKind::Resolved
            }
        }
    }
}

/// The impact in words a customer uses, not the internal scale.
pub fn impact_in_customer_terms(impact: Impact, locale: Locale) -> &'static str {
    match (impact, locale) {
        (Impact::None, Locale::En) => "you should not notice any effect",
        (Impact::None, Locale::ZhCn) => "您应该不会受到影响",
        (Impact::Unknown, Locale::En) => "some of you may be affected",
        (Impact::Unknown, Locale::ZhCn) => "部分用户可能受到影响",
        (Impact::Minor, Locale::En) => "some of you may notice problems",
        (Impact::Minor, Locale::ZhCn) => "部分用户可能会遇到问题",
        (Impact::Major, Locale::En) => "many of you are affected",
        (Impact::Major, Locale::ZhCn) => "许多用户受到影响",
        (Impact::Critical, Locale::En) => "most of you cannot use it right now",
        (Impact::Critical, Locale::ZhCn) => "目前大多数用户无法正常使用",
    }
}

/// Joins names the way each language lists things ("A, B and C"; "A、B和C").
pub fn list_in(locale: Locale, names: &[String]) -> String {
    let (separator, last) = match locale {
        Locale::En => (", ", " and "),
        Locale::ZhCn => ("、", "和"),
    };
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., tail] => format!("{}{last}{tail}", init.join(separator)),
    }
}

/// Fills every variable the incident can supply. `page_time` formats an instant in the page's
/// time zone (`09:51 CET`); the caller supplies it from a real time-zone source, so this crate
/// stays free of a time-zone database. Variables the incident cannot supply (a workaround
/// nobody wrote down) are left out, so rendering names them instead of inventing text.
pub fn vars_for_incident(
    feed: &Feed,
    incident: &Incident,
    locale: Locale,
    page_time: &dyn Fn(DateTime<Utc>) -> String,
) -> Vars {
    let page = feed.page.language();
    let names = names_in(&feed.components, &incident.components, locale, page);
    let mut vars = Vars::new()
        .with("components", list_in(locale, &names))
        .with("impact", impact_in_customer_terms(incident.impact, locale))
        .with("started_at", page_time(incident.started_at));
    if let Some(clock) = CadenceClock::for_incident(incident) {
        vars.set("next_update_at", page_time(clock.due_at));
    }
    // The workaround in the text's language only: an English sentence inside a Chinese
    // update reads as a mistake, so a missing translation is a missing variable to fill in.
    if let Some(workaround) = incident.workaround_in(locale, page).filter(|w| !w.fallback) {
        vars.set("workaround", workaround.text.to_string());
    }
    if let Some(url) = &feed.page.url {
        vars.set("status_page", url.clone());
    }
    vars
}

/// The ready "no change yet" update for when nothing moved: an update is owed even without
/// progress, and silence reads as "they forgot us".
///
/// # Errors
/// [`TemplateError`] when the incident lacks what the holding template needs (it is open, so
/// a next-update time exists; components may be missing).
pub fn holding_update(
    feed: &Feed,
    incident: &Incident,
    locale: Locale,
    page_time: &dyn Fn(DateTime<Utc>) -> String,
) -> Result<String, TemplateError> {
    let vars = vars_for_incident(feed, incident, locale, page_time);
    crate::template::render(body(TemplateKind::Holding, locale), &vars)
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::demo::demo_feed;
    use std::collections::HashSet;

    /// The demo page is in Europe/Berlin, UTC+1 in November.
    fn berlin(at: DateTime<Utc>) -> String {
        (at + chrono::Duration::hours(1))
            .format("%H:%M CET")
            .to_string()
    }

    #[test]
    fn a_resolution_asks_the_lead_whether_data_was_lost_and_nothing_else_does() {
        let feed = demo_feed();
        let incident = &feed.incidents[0];
        for template in builtin_templates() {
            let vars = vars_for_incident(&feed, incident, template.locale, &berlin);
            let closes = matches!(
                template.kind,
                TemplateKind::Resolved | TemplateKind::ResolvedWithFollowUp
            );
            assert_eq!(
                template.render(&vars).err(),
                closes.then(|| TemplateError::MissingVariable("data_outcome".into())),
                "{}",
                template.id
            );
        }
    }

    #[test]
    fn there_is_one_builtin_per_kind_and_language() {
        let templates = builtin_templates();
        assert_eq!(templates.len(), TemplateKind::ALL.len() * Locale::ALL.len());
        let ids: HashSet<_> = templates.iter().map(|t| t.id.clone()).collect();
        assert_eq!(ids.len(), templates.len());
        assert!(ids.contains("builtin.zh-CN.resolved_with_follow_up"));
    }

    #[test]
    fn builtins_use_only_known_variables() {
        for template in builtin_templates() {
            for name in template.variables().unwrap() {
                assert!(
                    VARIABLES.contains(&name.as_str()),
                    "{} uses {{{name}}}",
                    template.id
                );
            }
        }
    }

    #[test]
    fn every_builtin_renders_for_the_demo_incident_with_nothing_left_unfilled() {
        let feed = demo_feed();
        let incident = &feed.incidents[0];
        for template in builtin_templates() {
            // What happened to data is the one thing the lead types at resolution.
            let vars = vars_for_incident(&feed, incident, template.locale, &berlin)
                .with("data_outcome", "No data was lost.");
            let text = template
                .render(&vars)
                .unwrap_or_else(|e| panic!("{}: {e}", template.id));
            assert!(
                !text.contains('{') && !text.contains('}'),
                "{}: {text}",
                template.id
            );
        }
    }

    #[test]
    fn investigating_update_reads_naturally() {
        let feed = demo_feed();
        let vars = vars_for_incident(&feed, &feed.incidents[0], Locale::En, &berlin);
        let template = builtin_templates()
            .into_iter()
            .find(|t| t.id == "builtin.en.investigating")
            .unwrap();
        assert_eq!(
            template.render(&vars).unwrap(),
            "We are investigating a problem affecting Checkout and orders, Mobile app and Order \
             confirmation emails: most of you cannot use it right now. We are sorry for the \
             disruption and are working to find the cause. We will post the next update by 09:51 CET."
        );
    }

    #[test]
    fn chinese_holding_update_lists_components_the_chinese_way_by_their_chinese_names() {
        let feed = demo_feed();
        let vars = vars_for_incident(&feed, &feed.incidents[0], Locale::ZhCn, &berlin);
        let template = builtin_templates()
            .into_iter()
            .find(|t| t.id == "builtin.zh-CN.holding")
            .unwrap();
        let text = template.render(&vars).unwrap();
        assert!(
            text.starts_with("我们仍在处理影响结账和订单、手机应用和订单确认邮件的问题"),
            "{text}"
        );
        assert!(
            text.ends_with("我们将在09:51 CET前发布下一次更新。"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_workaround_is_named_not_invented() {
        let mut feed = demo_feed();
        feed.incidents[0].workaround = None;
        let vars = vars_for_incident(&feed, &feed.incidents[0], Locale::En, &berlin);
        let template = builtin_templates()
            .into_iter()
            .find(|t| t.id == "builtin.en.identified")
            .unwrap();
        assert_eq!(
            template.render(&vars),
            Err(TemplateError::MissingVariable("workaround".into()))
        );
    }

    #[test]
    fn suggestion_follows_the_incident_state() {
        let mut feed = demo_feed();
        // Monitoring was already announced publicly: nothing new to say, so hold.
        assert_eq!(suggest(&feed, &feed.incidents[0]), TemplateKind::Holding);
        // Resolved: a SEV1 owes customers a follow-up.
        let mut resolved = feed.incidents[0].updates[0].clone();
        resolved.audience = Audience::Public;
        resolved.id = "u-010".into();
        resolved.at = feed.incidents[0].updates.last().unwrap().at + chrono::Duration::minutes(4);
        resolved.status = IncidentStatus::Resolved;
        feed.incidents[0].updates.push(resolved);
        assert_eq!(
            suggest(&feed, &feed.incidents[0]),
            TemplateKind::ResolvedWithFollowUp
        );
        feed.incidents[0].severity = Some(Severity::Sev3);
        assert_eq!(suggest(&feed, &feed.incidents[0]), TemplateKind::Resolved);
        // A feed from before only public updates moved the status: identified in a note
        // while customers last heard "investigating". Announcing it is what fits.
        feed.incidents[0]
            .updates
            .retain(|u| ["u-002", "u-005"].contains(&u.id.as_str()));
        feed.incidents[0].updates[1].status = IncidentStatus::Identified;
        assert_eq!(suggest(&feed, &feed.incidents[0]), TemplateKind::Identified);
    }

    #[test]
    fn first_update_of_a_major_outage_suggests_the_outage_template() {
        let mut feed = demo_feed();
        feed.incidents[0].updates.retain(|u| u.id == "u-001");
        feed.components
            .iter_mut()
            .find(|c| c.id == "checkout")
            .unwrap()
            .status = ComponentStatus::MajorOutage;
        assert_eq!(
            suggest(&feed, &feed.incidents[0]),
            TemplateKind::MajorOutage
        );
    }

    #[test]
    fn holding_update_is_ready_with_the_next_due_time() {
        let feed = demo_feed();
        let text = holding_update(&feed, &feed.incidents[0], Locale::En, &berlin).unwrap();
        assert!(
            text.starts_with("We are still working on the problem affecting Checkout and orders"),
            "{text}"
        );
        assert!(
            text.ends_with("We will post the next update by 09:51 CET."),
            "{text}"
        );
    }

    #[test]
    fn lists_read_naturally_in_each_language() {
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(list_in(Locale::En, &names), "A, B and C");
        assert_eq!(list_in(Locale::ZhCn, &names), "A、B和C");
        assert_eq!(list_in(Locale::En, &names[..1]), "A");
        assert_eq!(list_in(Locale::En, &[]), "");
    }
}
