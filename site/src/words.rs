//! The public site's own words, per language, looked up by name. Status words are the domain's
//! labels, so the site says exactly what the API, the widget and the console say.

use herald_domain::Locale;

/// The site's phrases in one language.
#[derive(Debug)]
pub struct SiteWords {
    /// Under the page name.
    pub subtitle: &'static str,
    /// Link to the Atom feed.
    pub atom: &'static str,
    /// The link to the same page in the other language.
    pub other_language: &'static str,
    /// The theme picker's label.
    pub theme: &'static str,
    /// Theme choice: follow the device.
    pub theme_system: &'static str,
    /// Theme choice.
    pub theme_light: &'static str,
    /// Theme choice.
    pub theme_dark: &'static str,
    /// Heading of the open incidents.
    pub active: &'static str,
    /// Heading.
    pub maintenance: &'static str,
    /// A maintenance under way.
    pub in_progress: &'static str,
    /// A maintenance announced.
    pub scheduled: &'static str,
    /// A maintenance whose work is done.
    pub completed: &'static str,
    /// Heading.
    pub components: &'static str,
    /// Heading of the recent resolved incidents.
    pub history: &'static str,
    /// No resolved incidents.
    pub no_history: &'static str,
    /// Link to every month.
    pub all_history: &'static str,
    /// Heading of a month's page ("Incidents in").
    pub incidents_in: &'static str,
    /// A month with no incidents.
    pub no_incidents_in_month: &'static str,
    /// Back to the status page.
    pub back: &'static str,
    /// Before the affected components of an incident.
    pub affected: &'static str,
    /// Between a label and what follows it on one line (Chinese writes a full-width colon).
    pub colon: &'static str,
    /// Before the impact of an incident.
    pub impact: &'static str,
    /// Before the workaround.
    pub workaround: &'static str,
    /// Before the next-update time.
    pub next_update: &'static str,
    /// Before when customers started to be affected.
    pub started: &'static str,
    /// Before when it was resolved.
    pub resolved: &'static str,
    /// Before when the page was written.
    pub published: &'static str,
    /// Shown by the script when a refresh fails.
    pub stale: &'static str,
    /// The badge's label.
    pub badge_label: &'static str,
    /// The text alternative of an uptime bar ("uptime over 90 days").
    pub uptime: &'static str,
    /// A day without a recorded outage.
    pub no_outage: &'static str,
    /// Minutes of partial outage in a day.
    pub partial_minutes: &'static str,
    /// Minutes of major outage in a day.
    pub major_minutes: &'static str,
    /// Words either side of the uptime bar's ends.
    pub days_ago: &'static str,
    /// The bar's right end.
    pub today: &'static str,
}

/// English.
pub const EN: SiteWords = SiteWords {
    subtitle: "Service status",
    atom: "Subscribe (Atom)",
    other_language: "中文",
    theme: "Theme",
    theme_system: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    active: "Active incidents",
    maintenance: "Scheduled maintenance",
    in_progress: "In progress",
    scheduled: "Scheduled",
    completed: "Completed",
    components: "Components",
    history: "Past incidents",
    no_history: "No past incidents.",
    all_history: "Incident history",
    incidents_in: "Incidents in",
    no_incidents_in_month: "No incidents were published this month.",
    back: "Current status",
    affected: "Affected",
    colon: ": ",
    impact: "Impact",
    workaround: "Meanwhile",
    next_update: "Next update by",
    started: "Started",
    resolved: "Resolved",
    published: "Page published",
    stale: "Could not refresh: this is the status as last published.",
    badge_label: "status",
    uptime: "Uptime over the last 90 days",
    no_outage: "No outage",
    partial_minutes: "min partial outage",
    major_minutes: "min major outage",
    days_ago: "90 days ago",
    today: "Today",
};

/// Simplified Chinese.
pub const ZH: SiteWords = SiteWords {
    subtitle: "服务状态",
    atom: "订阅（Atom）",
    other_language: "English",
    theme: "主题",
    theme_system: "跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    active: "进行中的事件",
    maintenance: "计划维护",
    in_progress: "进行中",
    scheduled: "已计划",
    completed: "已完成",
    components: "组件",
    history: "历史事件",
    no_history: "没有历史事件。",
    all_history: "事件历史",
    incidents_in: "事件：",
    no_incidents_in_month: "本月没有发布事件。",
    back: "当前状态",
    affected: "受影响",
    colon: "：",
    impact: "影响",
    workaround: "临时办法",
    next_update: "下次更新时间",
    started: "开始",
    resolved: "已解决",
    published: "页面发布于",
    stale: "无法刷新：以下是最近一次发布的状态。",
    badge_label: "状态",
    uptime: "过去 90 天的可用性",
    no_outage: "无中断",
    partial_minutes: "分钟部分中断",
    major_minutes: "分钟严重中断",
    days_ago: "90 天前",
    today: "今天",
};

/// The site's phrase table for `locale`.
pub fn words(locale: Locale) -> &'static SiteWords {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH,
    }
}
