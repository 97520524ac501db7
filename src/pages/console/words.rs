//! The console's own phrases, in every language, looked up by name.

use herald_domain::Locale;

/// The console's phrases in one language.
#[derive(Debug)]
pub struct Words {
    /// Where the write token comes from; `quoted` parts are shown as code.
    pub token_hint: &'static str,
    /// Where a demo server keeps the token; `{file}` is its path.
    pub token_kept_in: &'static str,
    /// While the token is being checked.
    pub token_checking: &'static str,
    /// A token that may write.
    pub token_valid: &'static str,
    /// Before the reason of a refused token.
    pub token_refused: &'static str,
    /// Before the reason the server could not be asked.
    pub token_unreachable: &'static str,
    /// Field label.
    pub author_label: &'static str,
    /// Button.
    pub author_save: &'static str,
    /// Before the author's name.
    pub author_as: &'static str,
    /// Button.
    pub author_change: &'static str,
    /// Button and heading.
    pub open_incident: &'static str,
    /// Field label.
    pub new_title: &'static str,
    /// Field label.
    pub impact: &'static str,
    /// Field label.
    pub severity: &'static str,
    /// Severity option.
    pub no_severity: &'static str,
    /// Legend.
    pub affected: &'static str,
    /// Field label.
    pub cadence_minutes: &'static str,
    /// Legend.
    pub roles: &'static str,
    /// Field label.
    pub workaround: &'static str,
    /// Field label.
    pub first_text: &'static str,
    /// Under the first text while it follows the form.
    pub first_text_follows: &'static str,
    /// Button.
    pub open_submit: &'static str,
    /// Button.
    pub cancel: &'static str,
    /// Summary of the incident settings.
    pub settings: &'static str,
    /// Button.
    pub settings_save: &'static str,
    /// When the settings equal the incident.
    pub settings_unchanged: &'static str,
    /// Field label.
    pub next_update_in: &'static str,
    /// Unit.
    pub minutes: &'static str,
    /// Offer bar.
    pub offer: &'static str,
    /// Button.
    pub offer_accept: &'static str,
    /// Button.
    pub offer_decline: &'static str,
    /// Button.
    pub undo: &'static str,
    /// Checkbox.
    pub show_all_templates: &'static str,
    /// Checkbox.
    pub restore_components: &'static str,
    /// Legend.
    pub tried: &'static str,
    /// Placeholder.
    pub tried_placeholder: &'static str,
    /// Button.
    pub tried_add: &'static str,
    /// Label of the outcome select.
    pub tried_outcome: &'static str,
    /// Button.
    pub remove: &'static str,
    /// Holding bar.
    pub holding_confirm: &'static str,
    /// Button.
    pub holding_publish: &'static str,
    /// Before the server's reason.
    pub refused: &'static str,
    /// After a resolved incident's name in the picker.
    pub resolved_mark: &'static str,
    /// While a newly opened incident is on its way.
    pub arriving: &'static str,
    /// When there are no incidents to write for.
    pub no_incident: &'static str,
    /// Why hand-over is off.
    pub hand_over_needs_token: &'static str,
    /// Why changing the incident is off.
    pub settings_needs_token: &'static str,
    /// Why opening is off.
    pub open_needs: &'static str,
    /// The public site is live at the feed's version; `{version}` and `{time}` are filled in.
    pub site_live: &'static str,
    /// The public site is being published.
    pub site_catching_up: &'static str,
    /// The public site is not updating; `{error}` and `{time}` are filled in.
    pub site_failing: &'static str,
    /// Nothing was ever published and it is failing; `{error}` is filled in.
    pub site_never: &'static str,
    /// The server could not be asked; `{error}` is filled in.
    pub site_unknown: &'static str,
    /// The link to the public site.
    pub site_link: &'static str,
    /// Where the emails about the latest public update stand; `{done}`, `{pending}` and
    /// `{failed}` are filled in.
    pub deliveries: &'static str,
    /// The same for webhooks and team channels.
    pub webhook_deliveries: &'static str,
    /// How many webhooks were disabled after failing again and again.
    pub webhooks_disabled: &'static str,
    /// Label of the title in the page's other language, before the language's name.
    pub title_in: &'static str,
    /// Label of the workaround in the page's other language, before the language's name.
    pub workaround_in: &'static str,
    /// What readers of the other language see while its field is empty.
    pub translation_empty: &'static str,
    /// Why a workaround only in the other language cannot be saved.
    pub workaround_first: &'static str,
}

const EN: Words = Words {
    token_hint: "Ask whoever runs this Herald server for the write token: it is the `write = …` line of the server's token file, or its `HERALD_WRITE_TOKEN`.",
    token_kept_in: "This demo server keeps its write token in `{file}`, on the line `write = …`: paste what follows the equals sign.",
    token_checking: "Checking the token with the server…",
    token_valid: "The server accepts this token for publishing.",
    token_refused: "The server refused this token:",
    token_unreachable: "The token could not be checked yet:",
    author_label: "Your name (signs every update you publish from this tab)",
    author_save: "Use this name",
    author_as: "Publishing as",
    author_change: "Change",
    open_incident: "Open an incident",
    new_title: "Title customers see",
    impact: "Impact",
    severity: "Severity",
    no_severity: "Not set",
    affected: "Affected components and their status now",
    cadence_minutes: "Public update every (minutes)",
    roles: "Who is in charge",
    workaround: "What customers can do meanwhile (optional)",
    first_text: "First public update",
    first_text_follows: "Written from the template and kept in step with the form until you type in it.",
    open_submit: "Open the incident and publish the first update",
    cancel: "Cancel",
    settings: "Incident details: title, impact, severity, cadence, workaround, components",
    settings_save: "Save changes",
    settings_unchanged: "Nothing changed yet.",
    next_update_in: "Next public update promised in",
    minutes: "min",
    offer: "Your words were kept. The template would now read:",
    offer_accept: "Use the template's text",
    offer_decline: "Keep mine",
    undo: "Undo the replacement",
    show_all_templates: "Also list templates that move the incident back a stage",
    restore_components: "Return the affected components to Operational",
    tried: "What was tried (for responders)",
    tried_placeholder: "e.g. Restarted payment workers",
    tried_add: "Record",
    tried_outcome: "How it turned out",
    remove: "Remove",
    holding_confirm: "A holding update with the current status is ready. Check the previews below, then publish.",
    holding_publish: "Publish the holding update",
    refused: "The server refused the last publish; your draft is back:",
    resolved_mark: " (resolved)",
    arriving: "The new incident is on its way to the server…",
    no_incident: "No incident is open. Open one above.",
    hand_over_needs_token: "Enter the write token above to hand roles over.",
    settings_needs_token: "Enter the write token above to change the incident.",
    open_needs: "To open the incident:",
    site_live: "Status page live: version {version}, published {time}.",
    site_catching_up: "Status page: publishing the latest version…",
    site_failing: "The status page is not updating ({error}). Customers still see the version published {time}.",
    site_never: "The status page has never been published ({error}).",
    site_unknown: "Could not ask the server about the status page ({error}).",
    site_link: "Open the status page",
    deliveries: "Emails about the latest public update: {done} sent, {pending} waiting, {failed} failed.",
    webhook_deliveries: "Webhooks and team channels: {done} posted, {pending} waiting, {failed} failed.",
    webhooks_disabled: "Webhooks disabled after repeated failures: {count} (the team channels were told).",
    title_in: "Title in",
    workaround_in: "Workaround in",
    translation_empty: "Left empty, readers of that language see the text above, with a note that it is not in their language.",
    workaround_first: "Write the workaround in the page's own language first: the translation is shown beside it.",
};

const ZH: Words = Words {
    token_hint: "写入令牌请向运行此 Herald 服务器的人索取：它是服务器令牌文件中 `write = …` 这一行，或其 `HERALD_WRITE_TOKEN`。",
    token_kept_in: "此演示服务器的写入令牌保存在 `{file}` 中，位于 `write = …` 这一行：粘贴等号后面的内容。",
    token_checking: "正在向服务器核验令牌…",
    token_valid: "服务器接受此令牌，可以发布。",
    token_refused: "服务器拒绝了此令牌：",
    token_unreachable: "暂时无法核验令牌：",
    author_label: "您的姓名（在此标签页发布的每条更新都会署名）",
    author_save: "使用此姓名",
    author_as: "发布人",
    author_change: "修改",
    open_incident: "新建事件",
    new_title: "客户看到的标题",
    impact: "影响",
    severity: "严重级别",
    no_severity: "未设置",
    affected: "受影响的组件及其当前状态",
    cadence_minutes: "公开更新间隔（分钟）",
    roles: "负责人",
    workaround: "客户在此期间可以怎么做（可选）",
    first_text: "第一条公开更新",
    first_text_follows: "根据模板生成，在您编辑之前会随表单内容更新。",
    open_submit: "新建事件并发布第一条更新",
    cancel: "取消",
    settings: "事件信息：标题、影响、严重级别、更新间隔、临时方案、组件",
    settings_save: "保存修改",
    settings_unchanged: "尚未修改。",
    next_update_in: "承诺的下次公开更新时间：",
    minutes: "分钟后",
    offer: "已保留您的文字。模板现在的内容是：",
    offer_accept: "使用模板内容",
    offer_decline: "保留我的文字",
    undo: "撤销替换",
    show_all_templates: "同时列出会让事件退回上一阶段的模板",
    restore_components: "将受影响的组件恢复为“正常运行”",
    tried: "已尝试的措施（仅响应人员可见）",
    tried_placeholder: "例如：重启了支付服务",
    tried_add: "记录",
    tried_outcome: "结果",
    remove: "移除",
    holding_confirm: "已准备好保持当前状态的“暂无新进展”更新。请先查看下方预览，再发布。",
    holding_publish: "发布“暂无新进展”更新",
    refused: "服务器拒绝了上一次发布，草稿已恢复：",
    resolved_mark: "（已解决）",
    arriving: "新事件正在提交到服务器…",
    no_incident: "当前没有进行中的事件。可在上方新建。",
    hand_over_needs_token: "请先在上方输入写入令牌，才能交接角色。",
    settings_needs_token: "请先在上方输入写入令牌，才能修改事件信息。",
    open_needs: "新建事件之前还需要：",
    site_live: "状态页面已发布：版本 {version}，发布于 {time}。",
    site_catching_up: "状态页面：正在发布最新版本…",
    site_failing: "状态页面未能更新（{error}）。客户看到的仍是 {time} 发布的版本。",
    site_never: "状态页面从未发布成功（{error}）。",
    site_unknown: "无法向服务器查询状态页面（{error}）。",
    site_link: "打开状态页面",
    deliveries: "最新公开更新的邮件：已发送 {done} 封，等待中 {pending} 封，失败 {failed} 封。",
    webhook_deliveries: "Webhook 与团队频道：已推送 {done} 条，等待中 {pending} 条，失败 {failed} 条。",
    webhooks_disabled: "因多次失败而停用的 Webhook：{count} 个（已通知团队频道）。",
    title_in: "标题 ·",
    workaround_in: "临时方案 ·",
    translation_empty: "留空时，该语言的读者会看到上面的文字，并附有“未以其语言发布”的提示。",
    workaround_first: "请先用页面默认语言填写临时方案：译文会与之并列显示。",
};

/// The console's phrases for `locale`.
pub fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH,
    }
}
