//! Sentences the console builds from the domain's values: why Publish is off, what is
//! shared, how long the text is, how a template or a status is listed.

use herald_domain::command::MAX_TEXT_CHARS;
use herald_domain::declaration::DeclarationBlocker;
use herald_domain::draft::Blocker;
use herald_domain::{IncidentStatus, Label, Locale, TemplateKind};

/// The stable word for a blocker, for tests and styling.
pub fn blocker_id(blocker: &Blocker) -> &'static str {
    match blocker {
        Blocker::NothingToSend => "nothing-to-send",
        Blocker::NoToken => "no-token",
        Blocker::NoAuthor => "no-author",
        Blocker::TooLong { .. } => "too-long",
        Blocker::CheckErrors => "check-errors",
        Blocker::TemplateDoesNotFit { .. } => "template-does-not-fit",
        Blocker::PromiseInThePast => "promise-in-the-past",
        Blocker::MissingVariable(_) => "missing-variable",
        Blocker::ChangesNeedCustomerText => "changes-need-customer-text",
        Blocker::LanguageEmpty(_) => "language-empty",
    }
}

/// Why Publish is off, in words the lead can act on.
pub fn blocker(blocker: &Blocker, locale: Locale) -> String {
    match (blocker, locale) {
        (Blocker::NothingToSend, Locale::En) => "Write the customer text or a note first.".into(),
        (Blocker::NothingToSend, Locale::ZhCn) => "请先填写面向客户的内容或内部备注。".into(),
        (Blocker::NoToken, Locale::En) => {
            "Enter the write token above (see where it is kept).".into()
        }
        (Blocker::NoToken, Locale::ZhCn) => "请先在上方输入写入令牌（说明中有令牌位置）。".into(),
        (Blocker::NoAuthor, Locale::En) => "Say who you are above: every update is signed.".into(),
        (Blocker::NoAuthor, Locale::ZhCn) => "请先在上方填写您的姓名：每条更新都会署名。".into(),
        (Blocker::TooLong { chars }, Locale::En) => {
            format!("The text has {chars} characters; the server takes at most {MAX_TEXT_CHARS}.")
        }
        (Blocker::TooLong { chars }, Locale::ZhCn) => {
            format!("内容共 {chars} 个字符，服务器最多接受 {MAX_TEXT_CHARS} 个。")
        }
        (Blocker::CheckErrors, Locale::En) => {
            "Fix the check's errors, or override with a reason.".into()
        }
        (Blocker::CheckErrors, Locale::ZhCn) => {
            "请修正检查发现的错误，或填写理由后强制发布。".into()
        }
        (Blocker::TemplateDoesNotFit { template, status }, locale) => {
            let (t, s) = (template.label(locale), status.label(locale));
            match locale {
                Locale::En => format!("The text is the “{t}” template, which cannot go out as {s}: pick another template or status."),
                Locale::ZhCn => format!("当前内容来自“{t}”模板，不能以“{s}”状态发布：请更换模板或状态。"),
            }
        }
        (Blocker::PromiseInThePast, Locale::En) => {
            "The promised next-update time has passed: set a new one.".into()
        }
        (Blocker::PromiseInThePast, Locale::ZhCn) => "承诺的下次更新时间已过：请重新设置。".into(),
        (Blocker::MissingVariable(name), Locale::En) => {
            format!("This template needs “{}”: fill it in under Template variables.", variable(name, locale))
        }
        (Blocker::MissingVariable(name), Locale::ZhCn) => {
            format!("此模板需要“{}”：请在“模板变量”中填写。", variable(name, locale))
        }
        (Blocker::ChangesNeedCustomerText, Locale::En) => {
            "A status or component change is seen by customers: say it in the customer text, or keep them as they are for a note.".into()
        }
        (Blocker::ChangesNeedCustomerText, Locale::ZhCn) => {
            "状态或组件的变化客户都能看到：请在面向客户的内容中说明；只发内部备注时请保持不变。".into()
        }
        (Blocker::LanguageEmpty(language), Locale::En) => format!(
            "The {} text is empty: write it, or remove the language to publish one only.",
            language_name(*language, Locale::En)
        ),
        (Blocker::LanguageEmpty(language), Locale::ZhCn) => format!(
            "{}内容为空：请填写，或移除该语言以只发布一种语言。",
            language_name(*language, Locale::ZhCn)
        ),
    }
}

/// A language's name in the lead's language ("Chinese", "英文").
pub fn language_name(language: Locale, lead: Locale) -> &'static str {
    match (language, lead) {
        (Locale::En, Locale::En) => "English",
        (Locale::ZhCn, Locale::En) => "Chinese",
        (Locale::En, Locale::ZhCn) => "英文",
        (Locale::ZhCn, Locale::ZhCn) => "中文",
    }
}

/// The switch that adds the second language.
pub fn write_also_in(language: Locale, lead: Locale) -> String {
    match lead {
        Locale::En => format!("Also write it in {}", language_name(language, lead)),
        Locale::ZhCn => format!("同时用{}撰写", language_name(language, lead)),
    }
}

/// The label of the text box in `language`.
pub fn text_in(language: Locale, lead: Locale) -> String {
    match lead {
        Locale::En => format!("Customer text in {}", language_name(language, lead)),
        Locale::ZhCn => format!("面向客户的{}内容", language_name(language, lead)),
    }
}

/// The warning when `stale`'s text may no longer say what the other one says.
pub fn out_of_date(stale: Locale, lead: Locale) -> String {
    let other = herald_domain::draft::other_language(stale);
    match lead {
        Locale::En => format!(
            "The {} text may be out of date: the {} was edited after it.",
            language_name(stale, lead),
            language_name(other, lead)
        ),
        Locale::ZhCn => format!(
            "{}内容可能已过时：{}内容在它之后被修改过。",
            language_name(stale, lead),
            language_name(other, lead)
        ),
    }
}

/// Why the incident cannot be opened yet.
pub fn declaration_blocker(blocker: &DeclarationBlocker, locale: Locale) -> &'static str {
    match (blocker, locale) {
        (DeclarationBlocker::NoTitle, Locale::En) => {
            "Give the incident a title customers understand."
        }
        (DeclarationBlocker::NoTitle, Locale::ZhCn) => "请填写客户能看懂的事件标题。",
        (DeclarationBlocker::TitleTooLong, Locale::En) => "The title is too long for the widget.",
        (DeclarationBlocker::TitleTooLong, Locale::ZhCn) => "标题过长，小组件无法显示。",
        (DeclarationBlocker::NoComponents, Locale::En) => "Pick at least one affected component.",
        (DeclarationBlocker::NoComponents, Locale::ZhCn) => "请至少选择一个受影响的组件。",
        (DeclarationBlocker::NoText, Locale::En) => "Write the first public update.",
        (DeclarationBlocker::NoText, Locale::ZhCn) => "请填写第一条公开更新。",
        (DeclarationBlocker::PromiseInThePast, Locale::En) => {
            "The promised next-update time has passed: change the cadence to set a new one."
        }
        (DeclarationBlocker::PromiseInThePast, Locale::ZhCn) => {
            "承诺的下次更新时间已过：请修改更新间隔以重新设置。"
        }
    }
}

/// The components another open incident also affects, for the resolve and component panels.
pub fn shared(component: &str, others: &[String], locale: Locale) -> String {
    match locale {
        Locale::En => format!(
            "{component} is also affected by: {}. Changing it changes what those incidents' readers see.",
            others.join(", ")
        ),
        Locale::ZhCn => format!("{component} 同时受以下事件影响：{}。修改它会改变这些事件的读者看到的状态。", others.join("、")),
    }
}

/// The length counter under the text.
pub fn length(chars: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{chars} / {MAX_TEXT_CHARS} characters"),
        Locale::ZhCn => format!("{chars} / {MAX_TEXT_CHARS} 个字符"),
    }
}

/// The template's name, with "suggested" when it fits the incident now.
pub fn template_option(kind: TemplateKind, suggested: bool, locale: Locale) -> String {
    let name = kind.label(locale);
    match (suggested, locale) {
        (false, _) => name.to_string(),
        (true, Locale::En) => format!("{name} (suggested)"),
        (true, Locale::ZhCn) => format!("{name}（推荐）"),
    }
}

/// The status option, marking the one customers were last told.
pub fn status_option(status: IncidentStatus, current: IncidentStatus, locale: Locale) -> String {
    let name = status.label(locale);
    match (status == current, locale) {
        (false, _) => name.to_string(),
        (true, Locale::En) => format!("{name} (now)"),
        (true, Locale::ZhCn) => format!("{name}（当前）"),
    }
}

/// A template variable's name in words a lead reads, for its field and for what is missing.
pub fn variable(name: &str, locale: Locale) -> String {
    let words = match (name, locale) {
        ("components", Locale::En) => "Affected components",
        ("components", Locale::ZhCn) => "受影响的组件",
        ("impact", Locale::En) => "Impact, in customers' words",
        ("impact", Locale::ZhCn) => "影响（客户的说法）",
        ("started_at", Locale::En) => "Started at",
        ("started_at", Locale::ZhCn) => "开始时间",
        ("workaround", Locale::En) => "What customers can do meanwhile",
        ("workaround", Locale::ZhCn) => "客户在此期间可以怎么做",
        ("data_outcome", Locale::En) => {
            "Was any data lost? (\u{201c}No data was lost.\u{201d} once confirmed)"
        }
        ("data_outcome", Locale::ZhCn) => "是否有数据丢失？（确认后填写，例如“没有数据丢失。”）",
        ("status_page", Locale::En) => "Status page address",
        ("status_page", Locale::ZhCn) => "状态页地址",
        ("next_update_at", Locale::En) => "Next update by",
        ("next_update_at", Locale::ZhCn) => "下次更新时间",
        _ => return name.to_string(),
    };
    words.to_string()
}
