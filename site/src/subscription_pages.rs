//! The pages of email subscriptions: the subscribe form on the static site (it works with
//! JavaScript off: a plain form posting to herald-server), and the pages herald-server answers
//! with (check your inbox, confirm, manage, unsubscribe, and every refusal), in the reader's
//! language and the site's look.

use askama::Template;
use herald_domain::{Locale, PublicFeed};

/// The subscription pages' words, in one language.
#[derive(Debug)]
pub struct SubscriptionWords {
    /// The subscribe page's title.
    pub subscribe: &'static str,
    /// The link in the site's header (beside the Atom feed's, so it names email).
    pub email_updates: &'static str,
    /// Under the title.
    pub subscribe_intro: &'static str,
    /// The address field.
    pub email: &'static str,
    /// The language choice.
    pub language: &'static str,
    /// The component choice.
    pub components: &'static str,
    /// Every component.
    pub all_components: &'static str,
    /// Only the ticked ones.
    pub some_components: &'static str,
    /// The subscribe button.
    pub subscribe_button: &'static str,
    /// The save button on the manage page.
    pub save: &'static str,
    /// The unsubscribe button.
    pub unsubscribe_button: &'static str,
    /// The confirm button.
    pub confirm_button: &'static str,
    /// Back to the status page.
    pub back: &'static str,
}

/// English.
pub const EN: SubscriptionWords = SubscriptionWords {
    subscribe: "Subscribe to updates",
    email_updates: "Email updates",
    subscribe_intro: "Get an email when an incident or a maintenance affects the components you choose. We send a confirmation first; you can unsubscribe from any email with one click.",
    email: "Email address",
    language: "Language",
    components: "Components",
    all_components: "All components",
    some_components: "Only these:",
    subscribe_button: "Subscribe",
    save: "Save",
    unsubscribe_button: "Unsubscribe",
    confirm_button: "Confirm my subscription",
    back: "Back to the status page",
};

/// Simplified Chinese.
pub const ZH: SubscriptionWords = SubscriptionWords {
    subscribe: "订阅更新",
    email_updates: "邮件通知",
    subscribe_intro: "当事件或维护影响您选择的组件时，我们会发送邮件通知您。我们会先发送一封确认邮件；每封邮件中都可以一键退订。",
    email: "电子邮件地址",
    language: "语言",
    components: "组件",
    all_components: "全部组件",
    some_components: "仅以下组件：",
    subscribe_button: "订阅",
    save: "保存",
    unsubscribe_button: "退订",
    confirm_button: "确认订阅",
    back: "返回状态页面",
};

/// The subscription words of `locale`.
pub fn subscription_words(locale: Locale) -> &'static SubscriptionWords {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH,
    }
}

/// What a subscription page says: its title and its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// After the form: the same whoever the address belongs to.
    CheckInbox,
    /// A confirmation link was opened: one more click.
    Confirm,
    /// Confirmed.
    Confirmed,
    /// The manage page.
    Manage,
    /// The manage page after saving.
    Saved,
    /// An unsubscribe link was opened: one more click.
    Unsubscribe,
    /// Unsubscribed: the address is deleted.
    Unsubscribed,
    /// A confirmation link past its time.
    Expired,
    /// A link that is not ours, or names a subscriber who is gone.
    Invalid,
    /// Too many requests from one client or for one address.
    TooMany,
    /// The address is not one.
    BadAddress,
    /// The server has no relay configured.
    NotEnabled,
    /// The server could not store the request.
    Failed,
}

impl Said {
    /// The title and the sentence in `locale`.
    pub fn words(self, locale: Locale) -> (&'static str, &'static str) {
        match (self, locale) {
            (Self::CheckInbox, Locale::En) => ("Check your inbox", "If this address can subscribe, an email with a confirmation link is on its way. Nothing else is sent until you confirm. The link works for 48 hours."),
            (Self::CheckInbox, Locale::ZhCn) => ("请查收邮件", "如果该地址可以订阅，一封带有确认链接的邮件正在发送中。在您确认之前，我们不会发送任何其他内容。链接在 48 小时内有效。"),
            (Self::Confirm, Locale::En) => ("Confirm your subscription", "Press the button to start receiving status updates by email."),
            (Self::Confirm, Locale::ZhCn) => ("确认订阅", "点击下面的按钮，开始通过电子邮件接收状态更新。"),
            (Self::Confirmed, Locale::En) => ("You are subscribed", "You will get an email when an incident or a maintenance affects your components. Every email has a link to change this or to unsubscribe."),
            (Self::Confirmed, Locale::ZhCn) => ("订阅成功", "当事件或维护影响您订阅的组件时，您会收到邮件。每封邮件中都有更改订阅或退订的链接。"),
            (Self::Manage, Locale::En) => ("Your subscription", "Choose the language of your emails and the components you hear about."),
            (Self::Manage, Locale::ZhCn) => ("您的订阅", "选择邮件的语言以及您希望收到通知的组件。"),
            (Self::Saved, Locale::En) => ("Saved", "Your choices are saved; the next email follows them."),
            (Self::Saved, Locale::ZhCn) => ("已保存", "您的选择已保存，之后的邮件将按此发送。"),
            (Self::Unsubscribe, Locale::En) => ("Unsubscribe", "Press the button to stop all status emails. Your address is deleted."),
            (Self::Unsubscribe, Locale::ZhCn) => ("退订", "点击下面的按钮，停止接收所有状态邮件。您的地址将被删除。"),
            (Self::Unsubscribed, Locale::En) => ("You are unsubscribed", "No more status emails will be sent to you, and your address is deleted. You can still read the status page at any time."),
            (Self::Unsubscribed, Locale::ZhCn) => ("已退订", "我们不会再向您发送状态邮件，您的地址已被删除。您仍可随时查看状态页面。"),
            (Self::Expired, Locale::En) => ("This link has expired", "Confirmation links work for 48 hours. Subscribe again to get a new one."),
            (Self::Expired, Locale::ZhCn) => ("链接已过期", "确认链接的有效期为 48 小时。请重新订阅以获取新的链接。"),
            (Self::Invalid, Locale::En) => ("This link does not work", "It may be incomplete, or the subscription it was for no longer exists."),
            (Self::Invalid, Locale::ZhCn) => ("链接无效", "链接可能不完整，或者对应的订阅已不存在。"),
            (Self::TooMany, Locale::En) => ("Too many requests", "Please wait a few minutes and try again."),
            (Self::TooMany, Locale::ZhCn) => ("请求过于频繁", "请稍等几分钟后再试。"),
            (Self::BadAddress, Locale::En) => ("Check the address", "That does not look like an email address (name@example.com)."),
            (Self::BadAddress, Locale::ZhCn) => ("请检查地址", "这看起来不像电子邮件地址（例如 name@example.com）。"),
            (Self::NotEnabled, Locale::En) => ("Email updates are not available", "This status page does not send emails. Its Atom feed has every update."),
            (Self::NotEnabled, Locale::ZhCn) => ("暂不提供邮件通知", "此状态页面不发送邮件。其 Atom 订阅源包含所有更新。"),
            (Self::Failed, Locale::En) => ("Something went wrong", "Your request could not be saved. Please try again in a minute."),
            (Self::Failed, Locale::ZhCn) => ("出现问题", "您的请求未能保存。请一分钟后再试。"),
        }
    }
}

/// A component the reader can tick.
pub struct ComponentChoice {
    /// Its id, the value sent.
    pub id: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Whether it is ticked.
    pub checked: bool,
}

/// A language the reader can pick.
pub struct LanguageChoice {
    /// Its tag, the value sent.
    pub tag: &'static str,
    /// Its own name.
    pub name: &'static str,
    /// Whether it is picked.
    pub checked: bool,
}

/// The subscribe or manage form.
pub struct FormView {
    /// Where it posts.
    pub action: String,
    /// The address field and its value, on the subscribe form only.
    pub email: Option<String>,
    /// The languages.
    pub languages: Vec<LanguageChoice>,
    /// Whether "all components" is picked.
    pub all: bool,
    /// The components.
    pub components: Vec<ComponentChoice>,
    /// The button's words.
    pub submit: &'static str,
    /// The page's language, sent back so the answer is in it.
    pub lang: &'static str,
    /// The words.
    pub words: &'static SubscriptionWords,
}

impl FormView {
    /// The form for `public`'s components, with `chosen` ticked (`None`: all), in `language`.
    pub fn new(
        public: &PublicFeed,
        reader: Locale,
        action: String,
        language: Locale,
        chosen: Option<&[String]>,
        email: Option<String>,
        submit: &'static str,
    ) -> Self {
        let page = public.page.language();
        Self {
            action,
            email,
            languages: Locale::ALL
                .into_iter()
                .map(|l| LanguageChoice {
                    tag: l.tag(),
                    name: l.endonym(),
                    checked: l == language,
                })
                .collect(),
            all: chosen.is_none(),
            components: public
                .components
                .iter()
                .map(|c| ComponentChoice {
                    id: c.id.clone(),
                    name: c.name_in(reader, page).to_string(),
                    checked: chosen.is_some_and(|ids| ids.contains(&c.id)),
                })
                .collect(),
            submit,
            lang: reader.tag(),
            words: subscription_words(reader),
        }
    }
}

/// A single-button form (confirm, unsubscribe).
pub struct ButtonView {
    /// Where it posts.
    pub action: String,
    /// What it says.
    pub label: &'static str,
    /// Whether it ends something (styled as such).
    pub ending: bool,
}

/// A page herald-server answers a subscription request with.
#[derive(Template)]
#[template(path = "subscription.html")]
pub struct SubscriptionPage {
    /// Its language.
    pub lang: &'static str,
    /// The status page's name.
    pub site_name: String,
    /// The public site's root, for the way back.
    pub site_root: String,
    /// The title.
    pub title: &'static str,
    /// The sentence.
    pub sentence: &'static str,
    /// Whether it is a refusal (announced to screen readers at once).
    pub refusal: bool,
    /// A form, if the page has one.
    pub form: Option<FormView>,
    /// Buttons, if the page has them.
    pub buttons: Vec<ButtonView>,
    /// The styles, written into the page.
    pub styles: &'static str,
    /// The words.
    pub words: &'static SubscriptionWords,
}

impl SubscriptionPage {
    /// A page saying `said` to a reader of `reader`.
    pub fn new(public: &PublicFeed, site_root: &str, reader: Locale, said: Said) -> Self {
        let (title, sentence) = said.words(reader);
        let page = public.page.language();
        let root = if reader == page {
            site_root.to_string()
        } else {
            format!("{site_root}{}/", reader.tag())
        };
        Self {
            lang: reader.tag(),
            site_name: public.page.name.clone(),
            site_root: root,
            title,
            sentence,
            refusal: matches!(
                said,
                Said::Expired
                    | Said::Invalid
                    | Said::TooMany
                    | Said::BadAddress
                    | Said::NotEnabled
                    | Said::Failed
            ),
            form: None,
            buttons: Vec::new(),
            styles: crate::assets::STYLES,
            words: subscription_words(reader),
        }
    }

    /// The page with `form`.
    #[must_use]
    pub fn with_form(mut self, form: FormView) -> Self {
        self.form = Some(form);
        self
    }

    /// The page with a button.
    #[must_use]
    pub fn with_button(mut self, button: ButtonView) -> Self {
        self.buttons.push(button);
        self
    }

    /// The page as HTML.
    ///
    /// # Panics
    /// Never in practice: the template takes plain strings.
    pub fn html(&self) -> String {
        self.render()
            .expect("the subscription page renders plain strings")
    }
}
