//! The console's shared words: the composer, the outbox, the check and the roles.

use herald_domain::Locale;

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
    /// Before the reason the server would refuse the update for, in place of the previews.
    pub cannot_preview: &'static str,
    /// Legend of the choice of which language's readers the previews show.
    pub preview_reader: &'static str,
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
    /// What each outbox state is called.
    pub states: OutboxStates,
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
    /// Above writes held because the server refused the token; the server's reason follows.
    pub held_for_token: &'static str,
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
    cannot_preview: "The server would refuse this update:",
    preview_reader: "As readers of",
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
    states: OutboxStates {
        queued: "Queued",
        sending: "Sending",
        waiting: "Waiting to retry",
        sent: "Sent",
        conflict: "Conflict",
        refused: "Refused",
        held_back: "Held back",
    },
    title: "Communications console",
    to_feed: "Open the internal feed",
    keep_editing: "Keep editing",
    variables: "Template variables (from the incident; edit to change the text)",
    back_to_draft: "Back into the draft",
    clear_sent: "Clear the sent list",
    held_for_token:
        "Held: these go out once a write token the server accepts is entered. The server said:",
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
    cannot_preview: "服务器会拒绝此更新：",
    preview_reader: "读者语言",
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
    states: OutboxStates {
        queued: "排队中",
        sending: "发送中",
        waiting: "等待重试",
        sent: "已发送",
        conflict: "冲突",
        refused: "被拒绝",
        held_back: "暂缓发送",
    },
    title: "沟通控制台",
    to_feed: "打开内部动态",
    keep_editing: "继续编辑",
    variables: "模板变量（来自事件，修改后会更新内容）",
    back_to_draft: "放回草稿",
    clear_sent: "清空已发送列表",
    held_for_token: "暂缓发送：输入服务器接受的写入令牌后即会发出。服务器的答复：",
};

/// The console's phrase table for `locale`.
pub fn console_text(locale: Locale) -> &'static ConsoleText {
    match locale {
        Locale::En => &CONSOLE_EN,
        Locale::ZhCn => &CONSOLE_ZH,
    }
}

/// The outbox's state words, one field per state of a queued write.
#[derive(Debug)]
pub struct OutboxStates {
    /// Written, not yet sent.
    pub queued: &'static str,
    /// On its way to the server.
    pub sending: &'static str,
    /// Failed for a reason that may pass; tried again later.
    pub waiting: &'static str,
    /// Applied by the server.
    pub sent: &'static str,
    /// Someone else published first.
    pub conflict: &'static str,
    /// The server refused it.
    pub refused: &'static str,
    /// Kept back because the write it belongs with failed.
    pub held_back: &'static str,
}

/// What a one-click fix will do to the text, said before the lead clicks it: a fix that
/// rewrites a sentence should not surprise anyone.
pub fn fix_preview(old: &str, new: &str, locale: Locale) -> String {
    // A long sentence is shown by its start; the highlight in the text shows the rest.
    let cut = |s: &str| {
        let s = s.trim();
        match s.char_indices().nth(60) {
            Some((at, _)) => format!("{}…", &s[..at]),
            None => s.to_string(),
        }
    };
    let (old, new) = (cut(old), cut(new));
    match (locale, old.is_empty(), new.is_empty()) {
        (Locale::En, true, _) => format!("Adds \"{new}\""),
        (Locale::En, false, true) => format!("Removes \"{old}\""),
        (Locale::En, false, false) => format!("Replaces \"{old}\" with \"{new}\""),
        (Locale::ZhCn, true, _) => format!("加上“{new}”"),
        (Locale::ZhCn, false, true) => format!("删除“{old}”"),
        (Locale::ZhCn, false, false) => format!("把“{old}”改为“{new}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_preview_says_what_is_added_removed_or_replaced_in_the_readers_language() {
        assert_eq!(
            fix_preview("", "We're sorry. ", Locale::En),
            "Adds \"We're sorry.\""
        );
        assert_eq!(
            fix_preview("https://grafana.example/d/1", "", Locale::En),
            "Removes \"https://grafana.example/d/1\""
        );
        assert_eq!(
            fix_preview("db-eu-3", "我们的一个系统", Locale::ZhCn),
            "把“db-eu-3”改为“我们的一个系统”"
        );
        let long = "a".repeat(80);
        assert_eq!(
            fix_preview(&long, "b", Locale::En),
            format!("Replaces \"{}…\" with \"b\"", "a".repeat(60))
        );
    }
}
