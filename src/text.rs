//! The app's own words (page chrome, banners, the catch-up card) in every supported language.
//!
//! One table per language, so a missing translation is a compile error rather than English
//! leaking into the Chinese page. Names of statuses, impacts and roles come from the domain's
//! `Label`, shared with the widget and the support replies.

use herald_domain::{FeedError, Locale};

use crate::sync::SyncError;

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

/// A span of time in words: "45 s", "3 min", "2 h 5 min".
pub fn span(seconds: i64, locale: Locale) -> String {
    let seconds = seconds.max(0);
    let (hours, minutes) = (seconds / 3600, (seconds % 3600) / 60);
    match locale {
        Locale::En if seconds < 60 => format!("{seconds} s"),
        Locale::En if hours == 0 => format!("{minutes} min"),
        Locale::En if minutes == 0 => format!("{hours} h"),
        Locale::En => format!("{hours} h {minutes} min"),
        Locale::ZhCn if seconds < 60 => format!("{seconds} 秒"),
        Locale::ZhCn if hours == 0 => format!("{minutes} 分钟"),
        Locale::ZhCn if minutes == 0 => format!("{hours} 小时"),
        Locale::ZhCn => format!("{hours} 小时 {minutes} 分钟"),
    }
}

/// How long ago, in words: "just now", "3 min ago".
pub fn ago(seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En if seconds < 10 => "just now".into(),
        Locale::En => format!("{} ago", span(seconds, locale)),
        Locale::ZhCn if seconds < 10 => "刚刚".into(),
        Locale::ZhCn => format!("{}前", span(seconds, locale)),
    }
}

/// "in 4 min" or "overdue by 3 min", for the cadence countdown.
pub fn due(seconds_left: i64, locale: Locale) -> String {
    match (locale, seconds_left >= 0) {
        (Locale::En, true) => format!("due in {}", clock(seconds_left)),
        (Locale::En, false) => format!("overdue by {}", span(-seconds_left, locale)),
        (Locale::ZhCn, true) => format!("还有 {}", clock(seconds_left)),
        (Locale::ZhCn, false) => format!("已逾期 {}", span(-seconds_left, locale)),
    }
}

/// `m:ss` or `h:mm:ss`, for a countdown that ticks every second.
fn clock(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// "since 09:14 (35 min)" for how long a status has held.
pub fn since(when: &str, seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En => format!("since {when} ({})", span(seconds, locale)),
        Locale::ZhCn => format!("自 {when} 起（{}）", span(seconds, locale)),
    }
}

/// The stale banner's first sentence.
pub fn stale(when: &str, seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En => format!(
            "Showing the feed as last synced at {when} ({}); it may be out of date.",
            ago(seconds, locale)
        ),
        Locale::ZhCn => format!(
            "显示的是 {when}（{}）同步的信息，可能已过时。",
            ago(seconds, locale)
        ),
    }
}

/// "Next try in 8 s." for the banners.
pub fn next_try(seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En if seconds <= 0 => "Trying again now.".into(),
        Locale::En => format!("Next try in {}.", span(seconds, locale)),
        Locale::ZhCn if seconds <= 0 => "正在重试。".into(),
        Locale::ZhCn => format!("{}后重试。", span(seconds, locale)),
    }
}

/// The quiet line when all is well: how long nothing has changed when events are live (a
/// newcomer read "last synced 57 s ago" as stale), when the last check was when polling.
pub fn synced(live: bool, seconds: i64, poll_seconds: u64, locale: Locale) -> String {
    match (locale, live) {
        (Locale::En, true) if seconds < 10 => "Live · up to date".into(),
        (Locale::En, true) => format!("Live · no news for {}", span(seconds, locale)),
        (Locale::En, false) => format!(
            "Checking every {poll_seconds} s · last checked {}",
            ago(seconds, locale)
        ),
        (Locale::ZhCn, true) if seconds < 10 => "实时 · 已是最新".into(),
        (Locale::ZhCn, true) => format!("实时 · {}内没有新消息", span(seconds, locale)),
        (Locale::ZhCn, false) => {
            format!(
                "每 {poll_seconds} 秒检查一次 · 上次检查于{}",
                ago(seconds, locale)
            )
        }
    }
}

/// The folded line of sent writes ("7 sent").
pub fn sent_count(count: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{count} sent"),
        Locale::ZhCn => format!("已发送 {count} 条"),
    }
}

/// A role hand-over, for the "since you last looked" list.
pub fn hand_over(role: &str, holder: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{role} handed over to {holder}"),
        Locale::ZhCn => format!("{role} 交接给 {holder}"),
    }
}

/// What the screen-reader live region says about a new update.
pub fn announce(title: &str, status: &str, internal: bool, locale: Locale) -> String {
    match (locale, internal) {
        (Locale::En, false) => format!("New public update on {title}: {status}."),
        (Locale::En, true) => format!("New internal note on {title}: {status}."),
        (Locale::ZhCn, false) => format!("{title} 有新的公开更新：{status}。"),
        (Locale::ZhCn, true) => format!("{title} 有新的内部备注：{status}。"),
    }
}

/// Why the sync failed, in plain words.
pub fn sync_error(error: &SyncError, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Reason: {error}."),
        Locale::ZhCn => {
            let reason = match error {
                SyncError::Unreachable(detail) => format!("无法连接到事件动态接口（{detail}）"),
                SyncError::TimedOut { seconds } => format!("接口在 {seconds} 秒内没有响应"),
                SyncError::Http { status, .. } => format!("接口返回了 HTTP {status}"),
                SyncError::Feed(FeedError::UnsupportedSchema { found, .. }) => {
                    format!("接口使用的数据格式 {found} 比此版本 Herald 更新，请升级 Herald")
                }
                SyncError::Feed(FeedError::Malformed { .. }) => {
                    format!("接口返回的不是有效的 JSON（{error}）")
                }
                other => format!("接口返回的内容无法读取（{other}）"),
            };
            format!("原因：{reason}。")
        }
    }
}

/// The console's phrases in one language.
#[derive(Debug)]
pub struct ConsoleText {
    /// Heading.
    pub compose: &'static str,
    /// Field label.
    pub incident: &'static str,
    /// Field label.
    pub template: &'static str,
    /// First option of the template picker.
    pub pick_template: &'static str,
    /// Marks the template that fits the incident.
    pub suggested: &'static str,
    /// The label of the customer text's language, told apart from the page's.
    pub language: &'static str,
    /// Field label.
    pub status: &'static str,
    /// Field label.
    pub public_text: &'static str,
    /// Field label.
    pub internal_note_label: &'static str,
    /// Legend of the component changes.
    pub components: &'static str,
    /// Button.
    pub publish: &'static str,
    /// Keyboard hint.
    pub shortcuts: &'static str,
    /// Why publishing is disabled.
    pub blocked: &'static str,
    /// Override checkbox.
    pub override_label: &'static str,
    /// Override reason placeholder.
    pub override_reason: &'static str,
    /// Heading.
    pub check: &'static str,
    /// When the check finds nothing.
    pub check_clean: &'static str,
    /// The comms check before there is any text to check.
    pub check_empty: &'static str,
    /// Button.
    pub apply_fix: &'static str,
    /// Button.
    pub show_in_text: &'static str,
    /// Level word.
    pub error: &'static str,
    /// Level word.
    pub warning: &'static str,
    /// Heading.
    pub previews: &'static str,
    /// Preview title.
    pub preview_page: &'static str,
    /// Preview title.
    pub preview_widget: &'static str,
    /// Preview title.
    pub preview_support: &'static str,
    /// Preview title.
    pub preview_internal: &'static str,
    /// When there is nothing to preview.
    pub nothing_to_preview: &'static str,
    /// Heading.
    pub outbox: &'static str,
    /// When the outbox is empty.
    pub outbox_empty: &'static str,
    /// Button.
    pub retry_now: &'static str,
    /// Button.
    pub dismiss: &'static str,
    /// Button on a conflict.
    pub send_anyway: &'static str,
    /// Conflict explanation.
    pub conflict: &'static str,
    /// Label of an outbox entry.
    pub public_update: &'static str,
    /// Label of an outbox entry.
    pub internal_note: &'static str,
    /// Label of an outbox entry.
    pub hand_over: &'static str,
    /// Heading.
    pub cadence: &'static str,
    /// Button.
    pub holding: &'static str,
    /// Checkbox.
    pub notify: &'static str,
    /// Notification text.
    pub notify_text: &'static str,
    /// Heading.
    pub roles: &'static str,
    /// Button.
    pub hand_over_button: &'static str,
    /// Token form.
    pub token_label: &'static str,
    /// Token form.
    pub remember_token: &'static str,
    /// Token form.
    pub use_token: &'static str,
    /// Shown with a token.
    pub token_set: &'static str,
    /// Button.
    pub forget_token: &'static str,
    /// Outbox states.
    pub states: [&'static str; 7],
    /// Page title.
    pub title: &'static str,
    /// Link to the internal feed.
    pub to_feed: &'static str,
    /// Button on a conflict.
    pub keep_editing: &'static str,
    /// Legend of the template variables.
    pub variables: &'static str,
    /// Button on a refused write.
    pub back_to_draft: &'static str,
    /// Button under the sent writes.
    pub clear_sent: &'static str,
}

/// English.
pub const CONSOLE_EN: ConsoleText = ConsoleText {
    compose: "Compose an update",
    incident: "Incident",
    template: "Template",
    pick_template: "Pick a template…",
    suggested: "suggested",
    language: "Customer text in",
    status: "Status",
    public_text: "Customer-facing text",
    internal_note_label: "Internal note for responders (optional, never public)",
    components: "Component status",
    publish: "Publish",
    shortcuts: "Alt+T template · F8 next finding",
    blocked: "Fix the errors above, or override with a reason, to publish.",
    override_label: "Publish anyway, overriding the check",
    override_reason: "Why (kept with the update)",
    check: "Check",
    check_clean: "No findings: the text reads well.",
    check_empty: "Nothing to check yet: write the customer text.",
    apply_fix: "Apply fix",
    show_in_text: "Show",
    error: "Error",
    warning: "Warning",
    previews: "Preview per audience",
    preview_page: "Public status page",
    preview_widget: "Embedded widget",
    preview_support: "Support reply (chat)",
    preview_internal: "Internal feed",
    nothing_to_preview: "Write something to see it here.",
    outbox: "Outbox",
    outbox_empty: "Nothing waiting.",
    retry_now: "Retry now",
    dismiss: "Dismiss",
    send_anyway: "Send on top of theirs",
    conflict: "Someone else published first. Their update:",
    public_update: "Public update",
    internal_note: "Internal note",
    hand_over: "Hand-over",
    cadence: "Next public update",
    holding: "Post a holding update",
    notify: "Notify me 2 minutes before it is due",
    notify_text: "The next public update is due in 2 minutes.",
    roles: "Roles",
    hand_over_button: "Hand over",
    token_label: "Write token",
    remember_token: "Remember on this device",
    use_token: "Use token",
    token_set: "Publishing with a write token (kept for this tab).",
    forget_token: "Forget token",
    states: [
        "Queued",
        "Sending",
        "Waiting to retry",
        "Sent",
        "Conflict",
        "Refused",
        "Held back",
    ],
    title: "Communications console",
    to_feed: "Open the internal feed",
    keep_editing: "Keep editing",
    variables: "Template variables (from the incident; edit to change the text)",
    back_to_draft: "Back into the draft",
    clear_sent: "Clear the sent list",
};

/// Simplified Chinese.
pub const CONSOLE_ZH: ConsoleText = ConsoleText {
    compose: "撰写更新",
    incident: "事件",
    template: "模板",
    pick_template: "选择模板…",
    suggested: "推荐",
    language: "客户文本语言",
    status: "状态",
    public_text: "面向客户的内容",
    internal_note_label: "给响应人员的内部备注（可选，不会公开）",
    components: "组件状态",
    publish: "发布",
    shortcuts: "Alt+T 选择模板 · F8 下一个问题",
    blocked: "请先修正上面的错误，或填写理由后强制发布。",
    override_label: "仍然发布（忽略检查结果）",
    override_reason: "理由（将与更新一起保存）",
    check: "检查",
    check_clean: "没有发现问题。",
    check_empty: "尚无可检查的内容：请先填写面向客户的内容。",
    apply_fix: "应用修改",
    show_in_text: "定位",
    error: "错误",
    warning: "警告",
    previews: "按受众预览",
    preview_page: "公开状态页",
    preview_widget: "嵌入式小组件",
    preview_support: "客服回复（聊天）",
    preview_internal: "内部动态",
    nothing_to_preview: "输入内容后在此预览。",
    outbox: "发件箱",
    outbox_empty: "没有待发送的内容。",
    retry_now: "立即重试",
    dismiss: "移除",
    send_anyway: "在对方更新之后发送",
    conflict: "其他人已先发布。对方的更新：",
    public_update: "公开更新",
    internal_note: "内部备注",
    hand_over: "交接",
    cadence: "下次公开更新",
    holding: "发布“暂无新进展”更新",
    notify: "到期前 2 分钟提醒我",
    notify_text: "下次公开更新将在 2 分钟后到期。",
    roles: "角色",
    hand_over_button: "交接",
    token_label: "写入令牌",
    remember_token: "在此设备上记住",
    use_token: "使用令牌",
    token_set: "正在使用写入令牌发布（仅保存在此标签页）。",
    forget_token: "清除令牌",
    states: [
        "排队中",
        "发送中",
        "等待重试",
        "已发送",
        "冲突",
        "被拒绝",
        "暂缓发送",
    ],
    title: "沟通控制台",
    to_feed: "打开内部动态",
    keep_editing: "继续编辑",
    variables: "模板变量（来自事件，修改后会更新内容）",
    back_to_draft: "放回草稿",
    clear_sent: "清空已发送列表",
};

/// The console's phrase table for `locale`.
pub fn console_text(locale: Locale) -> &'static ConsoleText {
    match locale {
        Locale::En => &CONSOLE_EN,
        Locale::ZhCn => &CONSOLE_ZH,
    }
}

/// The public status page's and the support kit's phrases in one language.
#[derive(Debug)]
pub struct StatusText {
    /// Under the page name.
    pub subtitle: &'static str,
    /// Link to the Atom feed.
    pub atom: &'static str,
    /// Theme picker label.
    pub theme: &'static str,
    /// Theme choices: system, light, dark.
    pub themes: [&'static str; 3],
    /// Active incidents region.
    pub active: &'static str,
    /// Heading.
    pub maintenance: &'static str,
    /// Maintenance state.
    pub in_progress: &'static str,
    /// Maintenance state.
    pub scheduled: &'static str,
    /// Heading.
    pub components: &'static str,
    /// Heading.
    pub history: &'static str,
    /// No resolved incidents.
    pub no_history: &'static str,
    /// Support kit title.
    pub support_title: &'static str,
    /// Heading.
    pub current_wording: &'static str,
    /// Heading.
    pub replies: &'static str,
    /// Channel names: chat, email, phone.
    pub channels: [&'static str; 3],
    /// Button.
    pub copy: &'static str,
    /// After copying.
    pub copied: &'static str,
    /// Heading.
    pub do_not_say: &'static str,
    /// No incident on.
    pub nothing_on: &'static str,
    /// The reply language picker.
    pub customer_language: &'static str,
}

/// English.
pub const STATUS_EN: StatusText = StatusText {
    subtitle: "Service status",
    atom: "Subscribe (Atom)",
    theme: "Theme",
    themes: ["System", "Light", "Dark"],
    active: "Active incidents",
    maintenance: "Scheduled maintenance",
    in_progress: "In progress",
    scheduled: "Scheduled",
    components: "Components",
    history: "Past incidents",
    no_history: "No past incidents.",
    support_title: "Support kit",
    current_wording: "What customers have been told",
    replies: "Ready replies",
    channels: ["Chat", "Email", "Phone"],
    copy: "Copy",
    copied: "Copied",
    do_not_say: "What not to say",
    nothing_on: "No incident is on: nothing to tell customers.",
    customer_language: "Customer's language",
};

/// Simplified Chinese.
pub const STATUS_ZH: StatusText = StatusText {
    subtitle: "服务状态",
    atom: "订阅（Atom）",
    theme: "主题",
    themes: ["跟随系统", "浅色", "深色"],
    active: "进行中的事件",
    maintenance: "计划维护",
    in_progress: "进行中",
    scheduled: "已计划",
    components: "组件",
    history: "历史事件",
    no_history: "没有历史事件。",
    support_title: "客服工具包",
    current_wording: "已告知客户的内容",
    replies: "现成回复",
    channels: ["聊天", "邮件", "电话"],
    copy: "复制",
    copied: "已复制",
    do_not_say: "不要说的话",
    nothing_on: "当前没有事件：无需告知客户。",
    customer_language: "客户语言",
};

/// The status page's phrase table for `locale`.
pub fn status_text(locale: Locale) -> &'static StatusText {
    match locale {
        Locale::En => &STATUS_EN,
        Locale::ZhCn => &STATUS_ZH,
    }
}
