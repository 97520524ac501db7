//! The support kit's words.

use herald_domain::Locale;

/// The support kit's phrases in one language.
#[derive(Debug)]
pub struct SupportText {
    /// Support kit title.
    pub support_title: &'static str,
    /// Heading.
    pub current_wording: &'static str,
    /// Heading.
    pub replies: &'static str,
    /// The reply channels' names.
    pub channels: Channels,
    /// Button.
    pub copy: &'static str,
    /// After copying.
    pub copied: &'static str,
    /// Heading.
    pub do_not_say: &'static str,
    /// No incident on.
    pub nothing_on: &'static str,
    /// Before the published next-update time, once it has passed.
    pub promise_passed: &'static str,
    /// After it: what to tell customers meanwhile.
    pub promise_passed_advice: &'static str,
    /// Beside an incident resolved in the last day, whose replies stay for late tickets.
    pub resolved_recently: &'static str,
    /// The reply language picker.
    pub customer_language: &'static str,
    /// The agent's name field, which signs the email replies.
    pub agent_name: &'static str,
}

/// English.
pub const SUPPORT_EN: SupportText = SupportText {
    support_title: "Support kit",
    current_wording: "What customers have been told",
    replies: "Ready replies",
    channels: Channels {
        chat: "Chat",
        email: "Email",
        phone: "Phone",
    },
    copy: "Copy",
    copied: "Copied",
    do_not_say: "What not to say",
    nothing_on: "No incident is on: nothing to tell customers.",
    promise_passed: "The next update was promised by",
    promise_passed_advice: "and it is overdue. Do not give a new time: say the team is still working on it and that the status page will have the next update.",
    resolved_recently: "Resolved in the last day: these replies stay here for the tickets still coming in.",
    customer_language: "Customer's language",
    agent_name: "Your name (signs emails)",
};

/// Simplified Chinese.
pub const SUPPORT_ZH: SupportText = SupportText {
    support_title: "客服工具包",
    current_wording: "已告知客户的内容",
    replies: "现成回复",
    channels: Channels {
        chat: "聊天",
        email: "邮件",
        phone: "电话",
    },
    copy: "复制",
    copied: "已复制",
    do_not_say: "不要说的话",
    nothing_on: "当前没有事件：无需告知客户。",
    promise_passed: "已承诺在以下时间前发布下一次更新：",
    promise_passed_advice:
        "现已逾期。请不要给出新的时间：告诉客户团队仍在处理，下一次更新会发布在状态页面上。",
    resolved_recently: "过去一天内已解决：这些回复会保留在这里，供仍在陆续到来的工单使用。",
    customer_language: "客户语言",
    agent_name: "您的姓名（用于邮件署名）",
};

/// The support kit's phrase table for `locale`.
pub fn support_text(locale: Locale) -> &'static SupportText {
    match locale {
        Locale::En => &SUPPORT_EN,
        Locale::ZhCn => &SUPPORT_ZH,
    }
}

/// The support kit's reply channels.
#[derive(Debug)]
pub struct Channels {
    /// A chat reply.
    pub chat: &'static str,
    /// An email reply.
    pub email: &'static str,
    /// A phone script.
    pub phone: &'static str,
}
