//! The reviewer's rules on real published updates (`tests/fixtures/updates/labelled.jsonl`): for
//! each judgement a text where it holds and one where it does not, in English and Chinese,
//! read exactly as published and agreeing with the reviewer's label.

use std::collections::HashMap;

use herald_domain::review::{PageTerms, Review, Reviewer, Situation};
use herald_domain::Locale;
use serde_json::Value;

/// One labelled real update, by id.
fn real(id: &str) -> Value {
    include_str!("fixtures/updates/labelled.jsonl")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in labelled.jsonl"))
}

/// The company's page settings from `pages.json`, none for a company not there.
fn terms(company: &str) -> PageTerms {
    let mut pages: HashMap<String, PageTerms> =
        serde_json::from_str(include_str!("fixtures/updates/pages.json")).unwrap();
    pages.remove(company).unwrap_or_default()
}

/// The reviewer for `company`'s page, compiled once per company: compiling the rules costs
/// more than reading a text.
fn reviewer(company: &str) -> &'static Reviewer {
    static REVIEWERS: std::sync::OnceLock<std::sync::Mutex<HashMap<String, &'static Reviewer>>> =
        std::sync::OnceLock::new();
    let mut known = REVIEWERS.get_or_init(Default::default).lock().unwrap();
    known
        .entry(company.to_string())
        .or_insert_with(|| Box::leak(Box::new(Reviewer::new(&terms(company)).unwrap())))
}

/// How Herald reads the update, and the reviewer's label for `rule`.
fn read(id: &str, quote: &str) -> (Review, Value) {
    let record = real(id);
    let text = record["text"].as_str().unwrap();
    assert!(text.contains(quote), "{id} does not say {quote:?}");
    let components: Vec<String> = record["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let status = record["status"].as_str().unwrap();
    let reviewer = reviewer(record["company"].as_str().unwrap());
    let review = reviewer.review(
        text,
        &Situation {
            locale: if record["lang"] == "zh" {
                Locale::ZhCn
            } else {
                Locale::En
            },
            resolution: matches!(status, "resolved" | "completed" | "postmortem"),
            maintenance: matches!(
                status,
                "scheduled" | "in_progress" | "verifying" | "completed"
            ),
            title: record["incident_title"].as_str().unwrap_or_default(),
            components: &components,
        },
    );
    (review, record["labels"].clone())
}

fn agrees(id: &str, quote: &str, rule: &str, judged: impl Fn(&Review) -> bool, expected: bool) {
    let (review, labels) = read(id, quote);
    assert_eq!(labels[rule], expected, "{id}: the label of {rule}");
    assert_eq!(judged(&review), expected, "{id}: {rule} on {quote:?}");
}

#[test]
fn a_monitoring_update_without_a_time_owes_the_next_one() {
    let missing = |r: &Review| r.next_update_missing;
    agrees(
        "atlassian-2023-0050",
        "We will continue to monitor.",
        "next_update_missing",
        missing,
        true,
    );
    agrees(
        "github-2024-0012",
        "Next update to be provided in 30 minutes.",
        "next_update_missing",
        missing,
        false,
    );
    agrees(
        "atlassian-2021-0008",
        "We will provide more details within the next 2 hours.",
        "next_update_missing",
        missing,
        false,
    );
    agrees(
        "leancloud-2017-0040",
        "正在调查处理",
        "next_update_missing",
        missing,
        true,
    );
    agrees(
        "leancloud-2017-0037",
        "故障已解决",
        "next_update_missing",
        missing,
        false,
    );
}

#[test]
fn numbered_machines_are_internal_detail_and_customers_own_pods_are_not() {
    let internal = |r: &Review| !r.internal_detail.is_empty();
    agrees(
        "github-2010-0015",
        "fs7 fail over.",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "atlassian-2020-0015",
        "our analytics event processing infrastructure",
        "internal_detail",
        internal,
        false,
    );
    agrees(
        "aws-2020-0063",
        "backed by pods already running",
        "internal_detail",
        internal,
        false,
    );
    agrees(
        "leancloud-2018-0025",
        "华北节点云引擎已于 11:30 全部恢复",
        "internal_detail",
        internal,
        false,
    );
}

#[test]
fn an_upstream_provider_named_as_the_cause_is_blame_and_working_with_one_is_not() {
    let blamed = |r: &Review| r.blame.is_some();
    agrees(
        "github-2025-0018",
        "This is due to an issue with an upstream model provider.",
        "blame",
        blamed,
        true,
    );
    agrees(
        "vultr-2024-0061",
        "actively working with our upstream providers to restore connectivity",
        "blame",
        blamed,
        false,
    );
    agrees(
        "leancloud-2018-0037",
        "DNSPod 的解析故障已经结束",
        "blame",
        blamed,
        true,
    );
    agrees(
        "leancloud-2018-0009",
        "可能导致 Node.js 应用部署失败",
        "blame",
        blamed,
        false,
    );
}

#[test]
fn a_mitigation_due_within_90_minutes_is_a_promised_fix_time_and_a_next_update_time_is_not() {
    let promised = |r: &Review| r.promised_fix_time.is_some();
    agrees(
        "github-2022-0019",
        "will be deployed within 90 minutes",
        "promised_fix_time",
        promised,
        true,
    );
    agrees(
        "atlassian-2021-0008",
        "We will provide more details within the next 2 hours.",
        "promised_fix_time",
        promised,
        false,
    );
    agrees(
        "leancloud-2018-0025",
        "已于 11:30 全部恢复",
        "promised_fix_time",
        promised,
        false,
    );
}

#[test]
fn we_believe_is_a_guess_and_the_likely_cause_identified_is_not() {
    let guessed = |r: &Review| r.guess.is_some();
    agrees(
        "github-2025-0047",
        "We believe we reached a scaling limit",
        "guess",
        guessed,
        true,
    );
    agrees(
        "atlassian-2026-0039",
        "We have identified the likely cause of the issue",
        "guess",
        guessed,
        false,
    );
    agrees(
        "leancloud-2017-0040",
        "可能导致部分请求失败",
        "guess",
        guessed,
        false,
    );
}

#[test]
fn a_bare_resolution_lacks_empathy_and_thanks_or_a_no_impact_notice_do_not() {
    let cold = |r: &Review| r.empathy_missing;
    agrees(
        "aws-2019-0001",
        "The issue has been resolved and the service is operating normally.",
        "empathy_missing",
        cold,
        true,
    );
    agrees(
        "slack-2023-0093",
        "Thank you for bearing with us in the meantime.",
        "empathy_missing",
        cold,
        false,
    );
    agrees(
        "digitalocean-2023-0056",
        "During the above window",
        "empathy_missing",
        cold,
        false,
    );
    agrees(
        "leancloud-2017-0037",
        "故障已解决",
        "empathy_missing",
        cold,
        true,
    );
}

#[test]
fn this_issue_names_nothing_and_notifications_name_what_is_affected() {
    let nameless = |r: &Review| r.affected_missing;
    agrees(
        "atlassian-2025-0073",
        "Our team continues to investigate this issue.",
        "affected_missing",
        nameless,
        true,
    );
    agrees(
        "github-2023-0039",
        "We're seeing issues related to notifications.",
        "affected_missing",
        nameless,
        false,
    );
    agrees(
        "leancloud-2017-0037",
        "中国华东节点控制台登录功能已恢复可用",
        "affected_missing",
        nameless,
        false,
    );
}

#[test]
fn spans_point_at_what_decided() {
    let (review, _) = read("github-2025-0018", "upstream model provider");
    let text = real("github-2025-0018")["text"]
        .as_str()
        .unwrap()
        .to_string();
    let blame = &text[review.blame.unwrap()];
    assert!(blame.contains("upstream model provider"), "{blame}");
    let (review, _) = read("github-2010-0015", "fs7");
    let text = real("github-2010-0015")["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(&text[review.internal_detail[0].clone()], "fs7");
}

#[test]
fn chinese_updates_are_read_by_the_same_rules() {
    // Real LeanCloud updates (status.leancloud.cn), one that holds and one that does not, per
    // judgement; no real Chinese update promises a fix time, so that one is a written text in
    // `comms_check.rs`, and the real negative is a maintenance window.
    let internal = |r: &Review| !r.internal_detail.is_empty();
    agrees(
        "leancloud-2018-0030",
        "新集群",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "leancloud-2017-0030",
        "数据中心网络异常",
        "internal_detail",
        internal,
        false,
    );
    let blame = |r: &Review| r.blame.is_some();
    agrees(
        "leancloud-2017-0046",
        "因为底层服务商的问题",
        "blame",
        blame,
        true,
    );
    agrees(
        "leancloud-2017-0034",
        "我们正在联系运营商处理",
        "blame",
        blame,
        false,
    );
    let guess = |r: &Review| r.guess.is_some();
    agrees("leancloud-2018-0014", "目前推测是", "guess", guess, true);
    agrees(
        "leancloud-2017-0040",
        "可能导致部分请求失败",
        "guess",
        guess,
        false,
    );
    let fix_time = |r: &Review| r.promised_fix_time.is_some();
    agrees(
        "leancloud-2018-0027",
        "预计本次迁移操作大概需要 5 小时",
        "promised_fix_time",
        fix_time,
        false,
    );
    let empathy = |r: &Review| r.empathy_missing;
    agrees(
        "leancloud-2017-0021",
        "服务已恢复",
        "empathy_missing",
        empathy,
        true,
    );
    agrees(
        "leancloud-2017-0025",
        "诚挚道歉",
        "empathy_missing",
        empathy,
        false,
    );
    let affected = |r: &Review| r.affected_missing;
    agrees(
        "leancloud-2017-0043",
        "已恢复。",
        "affected_missing",
        affected,
        true,
    );
    agrees(
        "leancloud-2017-0034",
        "电信用户",
        "affected_missing",
        affected,
        false,
    );
    let missing = |r: &Review| r.next_update_missing;
    agrees(
        "leancloud-2017-0024",
        "及时报告进度",
        "next_update_missing",
        missing,
        true,
    );
    agrees(
        "leancloud-2018-0023",
        "已在 22:30 恢复",
        "next_update_missing",
        missing,
        false,
    );
}

#[test]
fn batch_six_line_cards_ceph_hosts_an_eta_beside_watching_and_a_labelled_maintenance_date() {
    let internal = |r: &Review| !r.internal_detail.is_empty();
    agrees(
        "vultr-2021-0084",
        "line card reboot",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "vultr-2023-0022",
        "Ceph hosts",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "aws-2022-0054",
        "we now expect it to be 5:00 PM PDT before you will begin to observe signs of recovery",
        "promised_fix_time",
        |r| r.promised_fix_time.is_some(),
        true,
    );
    agrees(
        "vultr-2023-0043",
        "Maintenance Date : Monday, July 24",
        "next_update_missing",
        |r| r.next_update_missing,
        false,
    );
    agrees(
        "atlassian-2025-0021",
        "will resolve this incident within the next hour",
        "next_update_missing",
        |r| r.next_update_missing,
        false,
    );
    agrees(
        "digitalocean-2024-0041",
        "We don’t expect to see any impact",
        "empathy_missing",
        |r| r.empathy_missing,
        false,
    );
}

#[test]
fn batch_seven_the_providers_own_machines_a_backlog_clearing_and_a_cause_expected() {
    let internal = |r: &Review| !r.internal_detail.is_empty();
    agrees(
        "aws-2022-0063",
        "applying the mitigation to the remaining hosts",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "github-2011-0013",
        "One of our xen boxes failed",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "digitalocean-2023-0047",
        "networking component of the internal storage cluster",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "vultr-2024-0023",
        "The issue with the switch has been resolved",
        "internal_detail",
        internal,
        true,
    );
    // A model named by its maker is what the customer calls, not a host.
    agrees(
        "digitalocean-2026-0018",
        "alibaba-qwen3-32b (Qwen 3 32B) in tor1",
        "internal_detail",
        internal,
        false,
    );
    // A misspelt region is still a region.
    agrees(
        "gcp-2022-0057",
        "austrailia-southeast1",
        "internal_detail",
        internal,
        false,
    );
    let fix_time = |r: &Review| r.promised_fix_time.is_some();
    agrees(
        "github-2023-0032",
        "the queue is expected to clear in just over an hour",
        "promised_fix_time",
        fix_time,
        true,
    );
    agrees(
        "github-2023-0033",
        "should be fully processed in about 30 minutes",
        "promised_fix_time",
        fix_time,
        true,
    );
    agrees(
        "atlassian-2025-0017",
        "a recent change that is expected to have caused this error",
        "guess",
        |r| r.guess.is_some(),
        true,
    );
    let affected = |r: &Review| r.affected_missing;
    agrees(
        "atlassian-2026-0058",
        "restored functionality to their boards and cards",
        "affected_missing",
        affected,
        false,
    );
    agrees(
        "github-2018-0008",
        "We finished the maintenance to our status page",
        "affected_missing",
        affected,
        false,
    );
}

#[test]
fn batch_eight_addresses_customers_set_a_lost_machine_a_vendors_fix_and_a_notice_that_disables() {
    let internal = |r: &Review| !r.internal_detail.is_empty();
    // Addresses customers point their own DNS at are theirs to know.
    agrees(
        "github-2012-0013",
        "GitHub Pages with A records pointed at 207.97.227.245 are down",
        "internal_detail",
        internal,
        false,
    );
    agrees(
        "github-2011-0015",
        "We lost a load balancer.",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "atlassian-2025-0010",
        "Microsoft has resolved the issue and we are currently monitoring",
        "next_update_missing",
        |r| r.next_update_missing,
        false,
    );
    // "We do not anticipate an impact to connectivity …, however you will not be able to
    // perform management events": customers lose something, so empathy is owed.
    agrees(
        "digitalocean-2021-0003",
        "however you will not be able to perform management events",
        "empathy_missing",
        |r| r.empathy_missing,
        true,
    );
}

#[test]
fn batch_nine_a_vendors_impacted_zone_a_provider_left_routers_updated_and_data_due_back() {
    let blame = |r: &Review| r.blame.is_some();
    agrees(
        "atlassian-2021-0053",
        "redeployed services to exclude the impacted AWS availability zone",
        "blame",
        blame,
        true,
    );
    agrees(
        "github-2016-0015",
        "We have migrated to an unaffected DNS provider.",
        "blame",
        blame,
        true,
    );
    agrees(
        "vultr-2021-0045",
        "working with our upstream providers",
        "blame",
        blame,
        false,
    );
    let internal = |r: &Review| !r.internal_detail.is_empty();
    agrees(
        "github-2010-0016",
        "after rebooting the Pages webserver",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "vultr-2021-0049",
        "routers updated",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "digitalocean-2021-0062",
        "emergency software upgrade of routers",
        "internal_detail",
        internal,
        false,
    );
    let fix = |r: &Review| r.promised_fix_time.is_some();
    agrees(
        "atlassian-2023-0046",
        "Updated data should be available by 6 PM UTC.",
        "promised_fix_time",
        fix,
        true,
    );
    // A next update "in a few hours" is a time customers can plan around, not a fix promise.
    agrees(
        "atlassian-2026-0029",
        "will post an update in a few hours when this work is complete",
        "promised_fix_time",
        fix,
        false,
    );
    agrees(
        "atlassian-2026-0029",
        "will post an update in a few hours when this work is complete",
        "next_update_missing",
        |r| r.next_update_missing,
        false,
    );
    agrees(
        "slack-2021-0101",
        "An upstream issue may have been identified",
        "guess",
        |r| r.guess.is_some(),
        true,
    );
}

#[test]
fn the_providers_backbone_and_compute_nodes_are_internal_and_a_direct_result_that_appears_is_a_guess(
) {
    let internal = |r: &Review| !r.internal_detail.is_empty();
    agrees(
        "gcp-2022-0058",
        "Google’s production backbone is a global network",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "gcp-2022-0145",
        "BigQuery’s compute nodes",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "github-2022-0006",
        "as we migrate to a new database cluster",
        "internal_detail",
        internal,
        true,
    );
    agrees(
        "digitalocean-2023-0021",
        "The problems appear to be a direct result of multiple subsea fiber faults",
        "guess",
        |r| r.guess.is_some(),
        true,
    );
}

#[test]
fn batch_ten_an_external_incident_a_rebuild_taking_another_day_jumbo_frames_and_slight_impact() {
    agrees(
        "digitalocean-2025-0056",
        "the external network incident impacting multiple DigitalOcean services",
        "blame",
        |r| r.blame.is_some(),
        true,
    );
    agrees(
        "atlassian-2026-0054",
        "We estimate that the rebuild will take another 24 hours to complete.",
        "promised_fix_time",
        |r| r.promised_fix_time.is_some(),
        true,
    );
    agrees(
        "vultr-2021-0009",
        "rebooted brocade, enabled jumbo on brocade",
        "internal_detail",
        |r| !r.internal_detail.is_empty(),
        true,
    );
    // "little to no impact" is a notice's expectation, but an admission during an incident.
    let empathy = |r: &Review| r.empathy_missing;
    agrees(
        "slack-2020-0013",
        "customers should be experiencing little to no impact now",
        "empathy_missing",
        empathy,
        true,
    );
    agrees(
        "vultr-2022-0030",
        "you may see little to no impact at all",
        "empathy_missing",
        empathy,
        false,
    );
    // The sentence's full stop made "PST." read as a product name.
    agrees(
        "atlassian-2021-0010",
        "The team estimates the issue will be resolved by Feb 11, 11:00 PST.",
        "affected_missing",
        |r| r.affected_missing,
        true,
    );
}
