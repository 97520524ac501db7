//! The internal feed's words: page chrome, banners, the catch-up card and the timeline.

use herald_domain::Locale;

/// Every fixed phrase of the app in one language.
#[derive(Debug)]
pub struct Text {
    /// Under the page name.
    pub subtitle: &'static str,
    /// Heading of the open incidents.
    pub open_incidents: &'static str,
    /// Shown when no incident is open.
    pub all_clear: &'static str,
    /// Heading of the folded resolved incidents.
    pub resolved_incidents: &'static str,
    /// Heading of the component list.
    pub components: &'static str,
    /// What the language switch changes (the page's own language), shown above it.
    pub language: &'static str,
    /// The other language's name, on the switch.
    pub other_language: &'static str,
    /// While the first load is under way.
    pub loading: &'static str,
    /// When the first load failed.
    pub load_failed: &'static str,
    /// Button to retry at once.
    pub retry_now: &'static str,
    /// Events connected.
    pub live: &'static str,
    /// Heading of the role list.
    pub roles: &'static str,
    /// What follows a label before its value on the same line (": " or "：").
    pub label_colon: &'static str,
    /// A role nobody holds.
    pub nobody: &'static str,
    /// Label before earlier holders.
    pub previously: &'static str,
    /// Field label.
    pub status: &'static str,
    /// Field label.
    pub severity: &'static str,
    /// Field label.
    pub impact: &'static str,
    /// Field label.
    pub affected: &'static str,
    /// Field label.
    pub started: &'static str,
    /// Heading.
    pub latest_public: &'static str,
    /// Heading.
    pub latest_internal: &'static str,
    /// When nothing was published.
    pub no_public_update: &'static str,
    /// When no internal note exists.
    pub no_internal_update: &'static str,
    /// Heading.
    pub tried: &'static str,
    /// When nothing was tried.
    pub nothing_tried: &'static str,
    /// Heading.
    pub next_update: &'static str,
    /// When no update is owed any more.
    pub no_update_owed: &'static str,
    /// Heading.
    pub changed_since: &'static str,
    /// Heading of the same list on a first visit, when everything is new.
    pub latest_changes: &'static str,
    /// When nothing changed.
    pub nothing_new: &'static str,
    /// Button.
    pub mark_read: &'static str,
    /// Marker on entries added since the last look.
    pub new_marker: &'static str,
    /// On the card of an incident opened after the viewer's last look.
    pub new_incident: &'static str,
    /// Before a resolved incident's end time in the folded list.
    pub resolved_at: &'static str,
    /// The link from a resolved incident to its updates in the timeline.
    pub show_updates: &'static str,
    /// Heading.
    pub timeline: &'static str,
    /// Filter label.
    pub show: &'static str,
    /// Filter choice.
    pub all_updates: &'static str,
    /// Filter choice and badge.
    pub public: &'static str,
    /// Filter choice and badge.
    pub internal: &'static str,
    /// Filter label.
    pub incident: &'static str,
    /// Filter choice.
    pub all_incidents: &'static str,
    /// When the filters hide everything.
    pub no_updates: &'static str,
    /// Button under a long timeline.
    pub show_more: &'static str,
    /// Label before the page's own time zone.
    pub page_time: &'static str,
    /// Link to skip to the timeline.
    pub skip_to_timeline: &'static str,
    /// Label of the source when it is another site.
    pub source: &'static str,
    /// Link to the console.
    pub to_console: &'static str,
}

/// English.
pub const EN: Text = Text {
    subtitle: "Incident status",
    open_incidents: "Open incidents",
    all_clear: "No open incidents.",
    resolved_incidents: "Resolved incidents",
    components: "Components",
    language: "Page language",
    other_language: "中文",
    loading: "Loading the incident feed…",
    load_failed: "Could not load the incident feed.",
    retry_now: "Retry now",
    live: "Live",
    roles: "Who is in charge",
    label_colon: ": ",
    nobody: "Nobody assigned",
    previously: "previously",
    status: "Status",
    severity: "Severity",
    impact: "Impact",
    affected: "Affected",
    started: "Started",
    latest_public: "Latest public update",
    latest_internal: "Latest internal note",
    no_public_update: "No public update yet: customers have not been told about this incident.",
    no_internal_update: "No internal note yet.",
    tried: "What was tried",
    nothing_tried: "Nothing reported as tried yet.",
    next_update: "Next public update",
    no_update_owed: "No further update owed: the incident is resolved.",
    changed_since: "Since you last looked",
    latest_changes: "Latest changes",
    nothing_new: "Nothing new since you last looked.",
    mark_read: "Mark as read",
    new_marker: "New",
    new_incident: "New since you last looked",
    resolved_at: "resolved",
    show_updates: "Show its updates",
    timeline: "Timeline",
    show: "Show",
    all_updates: "All updates",
    public: "Public",
    internal: "Internal",
    incident: "Incident",
    all_incidents: "All incidents",
    no_updates: "No updates match these filters.",
    show_more: "Show older updates",
    page_time: "page time",
    skip_to_timeline: "Skip to the timeline",
    source: "Source",
    to_console: "Write an update",
};

/// Simplified Chinese.
pub const ZH: Text = Text {
    subtitle: "事件状态",
    open_incidents: "进行中的事件",
    all_clear: "当前没有进行中的事件。",
    resolved_incidents: "已解决的事件",
    components: "组件",
    language: "页面语言",
    other_language: "English",
    loading: "正在加载事件动态…",
    load_failed: "无法加载事件动态。",
    retry_now: "立即重试",
    live: "实时",
    roles: "负责人",
    label_colon: "：",
    nobody: "尚未指定",
    previously: "之前",
    status: "状态",
    severity: "严重级别",
    impact: "影响",
    affected: "受影响组件",
    started: "开始时间",
    latest_public: "最新公开更新",
    latest_internal: "最新内部备注",
    no_public_update: "尚无公开更新：客户还不知道这个事件。",
    no_internal_update: "尚无内部备注。",
    tried: "已尝试的措施",
    nothing_tried: "尚未报告任何尝试。",
    next_update: "下次公开更新",
    no_update_owed: "事件已解决，无需继续更新。",
    changed_since: "自您上次查看以来",
    latest_changes: "最新变化",
    nothing_new: "自您上次查看以来没有新变化。",
    mark_read: "标为已读",
    new_marker: "新",
    new_incident: "您上次查看后新开",
    resolved_at: "解决于",
    show_updates: "查看其更新",
    timeline: "时间线",
    show: "显示",
    all_updates: "全部更新",
    public: "公开",
    internal: "内部",
    incident: "事件",
    all_incidents: "全部事件",
    no_updates: "没有符合筛选条件的更新。",
    show_more: "显示更早的更新",
    page_time: "页面时区",
    skip_to_timeline: "跳到时间线",
    source: "来源",
    to_console: "撰写更新",
};

/// The phrase table for `locale`.
pub fn text(locale: Locale) -> &'static Text {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH,
    }
}
