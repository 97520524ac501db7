//! The comms check: rules a customer-facing update is held to before it is published.
//!
//! Each rule has a stable id, a level (an error blocks publishing until fixed or explicitly
//! overridden, a warning does not), the span it found, why it matters and, where one exists,
//! a fix that can be applied with one click. Patterns are case-insensitive and kept short on
//! purpose: a false alarm costs a glance, a missed host name costs a security review.

use std::ops::Range;

use crate::pattern::{self, Regex};

use crate::incident::{Impact, IncidentStatus};
use crate::label::Locale;
use crate::ranked::{position_rank, sort_by_rank};
pub use crate::review::PatternError;
use crate::review::{PageTerms, Review, Reviewer, Situation};

/// Whether a finding blocks publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Worth a look; publishing goes ahead.
    Warning,
    /// Blocks publishing until fixed or overridden with a reason.
    Error,
}

impl Level {
    /// The stable machine name (`warning`, `error`), as markup classes and overrides spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// The rules, each with a stable id used in overrides and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Blaming a person, a team, a vendor, or "human error".
    Blame,
    /// Internal jargon customers do not share (SQL, replica, pod, OOM, stack trace).
    Jargon,
    /// An internal host name.
    InternalHost,
    /// An IP address.
    IpAddress,
    /// A link to an internal tool or host.
    InternalUrl,
    /// A promised fix time ("fixed in 5 minutes", "back by 3pm").
    PromisedTime,
    /// A guess presented as fact, or speculation in public.
    Guess,
    /// No time for the next update while the incident is open.
    NoNextUpdate,
    /// The text promises the next update at another time than the one set for the update.
    NextUpdateMismatch,
    /// A resolution promises a next update that nobody will post.
    PromiseAfterResolution,
    /// A promise without a time ("should be back shortly").
    VaguePromise,
    /// A resolution that does not say whether any data was lost.
    DataLossUnstated,
    /// No empathy or apology while customers are affected.
    NoEmpathy,
    /// Nothing says what is affected.
    NoAffected,
    /// Shouting: runs of capitals or repeated exclamation marks.
    Shouting,
    /// Longer than the outlet allows.
    TooLong,
    /// A placeholder left in the text ("{impact}", "[TBD]", "XX:XX").
    Placeholder,
}

impl Rule {
    /// Every rule, in the order findings are listed for the same place.
    pub const ALL: [Rule; 17] = [
        Rule::Blame,
        Rule::Jargon,
        Rule::InternalHost,
        Rule::IpAddress,
        Rule::InternalUrl,
        Rule::PromisedTime,
        Rule::Guess,
        Rule::NoNextUpdate,
        Rule::NextUpdateMismatch,
        Rule::PromiseAfterResolution,
        Rule::VaguePromise,
        Rule::DataLossUnstated,
        Rule::NoEmpathy,
        Rule::NoAffected,
        Rule::Shouting,
        Rule::TooLong,
        Rule::Placeholder,
    ];

    /// The stable id (`internal-host`), used in overrides and per-page settings.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Blame => "blame",
            Rule::Jargon => "jargon",
            Rule::InternalHost => "internal-host",
            Rule::IpAddress => "ip-address",
            Rule::InternalUrl => "internal-url",
            Rule::PromisedTime => "promised-time",
            Rule::Guess => "guess",
            Rule::NoNextUpdate => "no-next-update",
            Rule::NextUpdateMismatch => "next-update-mismatch",
            Rule::PromiseAfterResolution => "promise-after-resolution",
            Rule::VaguePromise => "vague-promise",
            Rule::DataLossUnstated => "data-loss-unstated",
            Rule::NoEmpathy => "no-empathy",
            Rule::NoAffected => "no-affected",
            Rule::Shouting => "shouting",
            Rule::TooLong => "too-long",
            Rule::Placeholder => "placeholder",
        }
    }

    /// The rule's usual level; `TooLong` is an error only where text would be cut.
    pub fn level(self) -> Level {
        match self {
            Rule::Blame
            | Rule::InternalHost
            | Rule::IpAddress
            | Rule::InternalUrl
            | Rule::PromisedTime
            | Rule::NoNextUpdate
            | Rule::NextUpdateMismatch
            | Rule::PromiseAfterResolution
            | Rule::Placeholder => Level::Error,
            _ => Level::Warning,
        }
    }

    /// A short name for the finding list.
    pub fn title(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Rule::Blame, Locale::En) => "Blame",
            (Rule::Blame, Locale::ZhCn) => "指责",
            (Rule::Jargon, Locale::En) => "Internal jargon",
            (Rule::Jargon, Locale::ZhCn) => "内部术语",
            (Rule::InternalHost, Locale::En) => "Internal host name",
            (Rule::InternalHost, Locale::ZhCn) => "内部主机名",
            (Rule::IpAddress, Locale::En) => "IP address",
            (Rule::IpAddress, Locale::ZhCn) => "IP 地址",
            (Rule::InternalUrl, Locale::En) => "Internal link",
            (Rule::InternalUrl, Locale::ZhCn) => "内部链接",
            (Rule::PromisedTime, Locale::En) => "Promised fix time",
            (Rule::PromisedTime, Locale::ZhCn) => "承诺修复时间",
            (Rule::Guess, Locale::En) => "Guess presented as fact",
            (Rule::Guess, Locale::ZhCn) => "把猜测当事实",
            (Rule::NoNextUpdate, Locale::En) => "No time for the next update",
            (Rule::NoNextUpdate, Locale::ZhCn) => "没有下次更新时间",
            (Rule::NextUpdateMismatch, Locale::En) => "Next update time differs",
            (Rule::NextUpdateMismatch, Locale::ZhCn) => "下次更新时间不一致",
            (Rule::PromiseAfterResolution, Locale::En) => "Resolved, but promises a next update",
            (Rule::PromiseAfterResolution, Locale::ZhCn) => "已解决却承诺下次更新",
            (Rule::VaguePromise, Locale::En) => "Promise without a time",
            (Rule::VaguePromise, Locale::ZhCn) => "没有时间的承诺",
            (Rule::DataLossUnstated, Locale::En) => "Does not say whether data was lost",
            (Rule::DataLossUnstated, Locale::ZhCn) => "未说明数据是否丢失",
            (Rule::NoEmpathy, Locale::En) => "No empathy",
            (Rule::NoEmpathy, Locale::ZhCn) => "缺少致歉",
            (Rule::NoAffected, Locale::En) => "Does not say what is affected",
            (Rule::NoAffected, Locale::ZhCn) => "未说明受影响的服务",
            (Rule::Shouting, Locale::En) => "Shouting",
            (Rule::Shouting, Locale::ZhCn) => "语气过激",
            (Rule::TooLong, Locale::En) => "Too long",
            (Rule::TooLong, Locale::ZhCn) => "内容过长",
            (Rule::Placeholder, Locale::En) => "Placeholder left in",
            (Rule::Placeholder, Locale::ZhCn) => "遗留占位符",
        }
    }

    /// Why the rule exists, in a sentence the communications lead can agree with.
    pub fn why(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Rule::Blame, Locale::En) => "Customers hold the company responsible; naming a person, team or supplier reads as an excuse and damages trust.",
            (Rule::Blame, Locale::ZhCn) => "客户认为责任在公司；点名个人、团队或供应商听起来像借口，会损害信任。",
            (Rule::Jargon, Locale::En) => "Customers do not know these words; describe what they experience instead.",
            (Rule::Jargon, Locale::ZhCn) => "客户不懂这些术语；请描述客户实际遇到的情况。",
            (Rule::InternalHost, Locale::En) => "Host names mean nothing to customers and tell attackers how the system is built.",
            (Rule::InternalHost, Locale::ZhCn) => "主机名对客户没有意义，却会向攻击者暴露系统结构。",
            (Rule::IpAddress, Locale::En) => "Addresses mean nothing to customers and expose the network.",
            (Rule::IpAddress, Locale::ZhCn) => "IP 地址对客户没有意义，还会暴露网络信息。",
            (Rule::InternalUrl, Locale::En) => "Customers cannot open internal links, and they reveal internal tools.",
            (Rule::InternalUrl, Locale::ZhCn) => "客户无法打开内部链接，而且会暴露内部工具。",
            (Rule::PromisedTime, Locale::En) => "Fix times slip; a missed promise costs more trust than saying when the next update is.",
            (Rule::PromisedTime, Locale::ZhCn) => "修复时间常常延误；失信比说明下次更新时间更伤害信任。",
            (Rule::Guess, Locale::En) => "A guess published as fact becomes the story, and correcting it later costs credibility.",
            (Rule::Guess, Locale::ZhCn) => "公开的猜测会被当成事实，事后更正会损害公信力。",
            (Rule::NoNextUpdate, Locale::En) => "Saying when the next update comes stops customers refreshing and support queues filling.",
            (Rule::NoNextUpdate, Locale::ZhCn) => "说明下次更新时间，客户就不必反复刷新，客服也不会被追问。",
            (Rule::NextUpdateMismatch, Locale::En) => "The cadence clock, the support replies and the widget count down to the time set for the next update; the text must promise the same one.",
            (Rule::NextUpdateMismatch, Locale::ZhCn) => "节奏时钟、客服回复和小组件都以设定的下次更新时间为准；正文承诺的时间必须与之一致。",
            (Rule::PromiseAfterResolution, Locale::En) => "A resolved incident owes no more updates, so nobody will post the one promised; customers would wait for it.",
            (Rule::PromiseAfterResolution, Locale::ZhCn) => "事件已解决，不会再有后续更新；承诺下次更新会让客户一直等待。",
            (Rule::VaguePromise, Locale::En) => "\"Shortly\" means minutes to one reader and hours to another; customers plan around it and feel misled when it passes.",
            (Rule::VaguePromise, Locale::ZhCn) => "“很快”对不同的人意味着几分钟或几小时；客户会据此安排，过时后会觉得被误导。",
            (Rule::DataLossUnstated, Locale::En) => "The first question after an outage is whether anything was lost; saying so, either way, stops customers checking and asking.",
            (Rule::DataLossUnstated, Locale::ZhCn) => "故障结束后客户最先问的是数据有没有丢失；无论结果如何都说明，客户就不必自行核对或追问。",
            (Rule::NoEmpathy, Locale::En) => "Customers are affected right now; acknowledging it is the first thing they look for.",
            (Rule::NoEmpathy, Locale::ZhCn) => "客户正在受到影响；他们首先希望看到的是我们的理解与歉意。",
            (Rule::NoAffected, Locale::En) => "Customers need to know whether this is what they are seeing.",
            (Rule::NoAffected, Locale::ZhCn) => "客户需要知道他们遇到的问题是否就是这个。",
            (Rule::Shouting, Locale::En) => "Capitals and exclamation marks read as panic.",
            (Rule::Shouting, Locale::ZhCn) => "大写字母和连续感叹号会显得慌乱。",
            (Rule::TooLong, Locale::En) => "The text will be cut off where it is shown.",
            (Rule::TooLong, Locale::ZhCn) => "在展示位置会被截断。",
            (Rule::Placeholder, Locale::En) => "Customers would read the placeholder itself and see an update sent unfinished.",
            (Rule::Placeholder, Locale::ZhCn) => "客户会直接看到占位符，觉得这条更新没写完就发布了。",
        }
    }

    /// What to do instead, when no automatic fix fits and nothing is known of the incident.
    pub fn advice(self, locale: Locale) -> String {
        self.advice_for(locale, locale, None)
    }

    /// What to do instead, told to a `reader` of the console's language about a text in
    /// `text`'s language: the instruction in the reader's language, the words to write (where
    /// the advice gives some) in the text's, so a lead on the Chinese console writing the
    /// English update reads Chinese advice quoting English words. `named` is the affected
    /// component the words speak of.
    pub fn advice_for(self, reader: Locale, text: Locale, named: Option<&str>) -> String {
        let Some(example) = self.example(text, named) else {
            return self.instruction(reader, named).to_string();
        };
        let quoted = match reader {
            Locale::En => format!("\"{example}\""),
            Locale::ZhCn => format!("“{example}”"),
        };
        let instruction = self.instruction(reader, named);
        // A quoted sentence keeps its own full stop: not "…as usual."。 after the quote.
        let full_stop = example.ends_with(['.', '。', '!', '！', '?', '？']);
        let slot = ["{example}.", "{example}。"]
            .into_iter()
            .find(|slot| full_stop && instruction.contains(slot))
            .unwrap_or("{example}");
        instruction.replace(slot, &quoted)
    }

    /// The words the advice suggests writing, in the text's language.
    fn example(self, text: Locale, named: Option<&str>) -> Option<String> {
        Some(match (self, text, named) {
            (Rule::Jargon | Rule::Blame, Locale::En, Some(name)) => {
                format!("Some of you cannot use {name} as usual.")
            }
            (Rule::Jargon, Locale::ZhCn, Some(name)) => format!("部分用户的{name}无法正常使用"),
            (Rule::Blame, Locale::ZhCn, Some(name)) => format!("部分用户暂时无法使用{name}"),
            (Rule::Jargon, Locale::En, None) => "orders could not be completed".into(),
            (Rule::Jargon, Locale::ZhCn, None) => "订单无法完成".into(),
            (Rule::InternalHost | Rule::IpAddress, Locale::En, _) => "one of our systems".into(),
            (Rule::InternalHost | Rule::IpAddress, Locale::ZhCn, _) => SYSTEM_ZH.into(),
            (Rule::NoNextUpdate, Locale::En, _) => "We will post the next update by …".into(),
            (Rule::NoNextUpdate, Locale::ZhCn, _) => "我们将在……前发布下一次更新".into(),
            (Rule::DataLossUnstated, Locale::En, _) => "No data was lost.".into(),
            (Rule::DataLossUnstated, Locale::ZhCn, _) => "没有数据丢失。".into(),
            (Rule::NoEmpathy, Locale::En, _) => "We're sorry for the disruption.".into(),
            (Rule::NoEmpathy, Locale::ZhCn, _) => "对此造成的不便，我们深表歉意。".into(),
            _ => return None,
        })
    }

    /// The advice in the reader's language, with `{example}` where the words to write go.
    fn instruction(self, reader: Locale, named: Option<&str>) -> std::borrow::Cow<'static, str> {
        if let Some(name) = named {
            match (self, reader) {
                (Rule::Jargon, Locale::En) => {
                    return "Describe the effect customers see instead: {example}".into()
                }
                (Rule::Jargon, Locale::ZhCn) => {
                    return "改为描述客户看到的影响，例如{example}。".into()
                }
                (Rule::Blame, Locale::En) => {
                    return format!("Say what happened to {name}, not who caused it: {{example}}")
                        .into()
                }
                (Rule::Blame, Locale::ZhCn) => {
                    return format!("说明{name}发生了什么，而不是谁造成的，例如{{example}}。")
                        .into()
                }
                _ => {}
            }
        }
        match (self, reader) {
            (Rule::Blame, Locale::En) => "Say what happened to the service, not who did it.",
            (Rule::Blame, Locale::ZhCn) => "说明服务发生了什么，而不是谁造成的。",
            (Rule::Jargon, Locale::En) => "Describe the effect: {example}.",
            (Rule::Jargon, Locale::ZhCn) => "描述影响，例如{example}。",
            (Rule::InternalHost | Rule::IpAddress, Locale::En) => "Say {example}.",
            (Rule::InternalHost | Rule::IpAddress, Locale::ZhCn) => "改为{example}。",
            (Rule::InternalUrl, Locale::En) => "Remove the link, or link to the status page.",
            (Rule::InternalUrl, Locale::ZhCn) => "删除链接，或改为状态页面链接。",
            (Rule::PromisedTime, Locale::En) => {
                "Remove the fix time and say when the next update is."
            }
            (Rule::PromisedTime, Locale::ZhCn) => "删除修复时间，改为说明下次更新时间。",
            (Rule::Guess, Locale::En) => {
                "Say what you see, and name the cause once it is confirmed."
            }
            (Rule::Guess, Locale::ZhCn) => "说明观察到的情况，确认后再说明原因。",
            (Rule::NoNextUpdate, Locale::En) => "End with {example}.",
            (Rule::NoNextUpdate, Locale::ZhCn) => "结尾加上{example}。",
            (Rule::NextUpdateMismatch, Locale::En) => {
                "Use the time set for the next update, or change that time."
            }
            (Rule::NextUpdateMismatch, Locale::ZhCn) => {
                "使用设定的下次更新时间，或修改设定的时间。"
            }
            (Rule::PromiseAfterResolution, Locale::En) => {
                "Remove the next-update promise, or keep the incident open."
            }
            (Rule::PromiseAfterResolution, Locale::ZhCn) => {
                "删除下次更新的承诺，或保持事件为进行中。"
            }
            (Rule::VaguePromise, Locale::En) => {
                "Drop the promise and say when the next update is, or give a time you can keep."
            }
            (Rule::VaguePromise, Locale::ZhCn) => "删除没有时间的承诺，改为说明下次更新时间。",
            (Rule::DataLossUnstated, Locale::En) => {
                "Say whether any data was lost, once it is known: {example} or what was."
            }
            (Rule::DataLossUnstated, Locale::ZhCn) => {
                "确认后说明数据是否丢失，例如{example}，或说明丢失了什么。"
            }
            (Rule::NoEmpathy, Locale::En) => "Start with {example}",
            (Rule::NoEmpathy, Locale::ZhCn) => "开头加上{example}",
            (Rule::NoAffected, Locale::En) => "Name the affected service as customers know it.",
            (Rule::NoAffected, Locale::ZhCn) => "用客户熟悉的名称说明受影响的服务。",
            (Rule::Shouting, Locale::En) => "Use sentence case and one full stop.",
            (Rule::Shouting, Locale::ZhCn) => "使用正常大小写和句号。",
            (Rule::TooLong, Locale::En) => "Shorten it; link to the status page for details.",
            (Rule::TooLong, Locale::ZhCn) => "请精简内容，详情可链接到状态页面。",
            (Rule::Placeholder, Locale::En) => "Write what goes there, or take it out.",
            (Rule::Placeholder, Locale::ZhCn) => "填写实际内容，或将其删除。",
        }
        .into()
    }
}

/// Where the text will be shown; each outlet has a length limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outlet {
    /// The public status page.
    StatusPage,
    /// The embedded widget's banner.
    Widget,
    /// Email to subscribers.
    Email,
}

impl Outlet {
    /// Characters the outlet shows before cutting.
    pub fn limit(self) -> usize {
        match self {
            Outlet::StatusPage => 2000,
            Outlet::Widget => 280,
            Outlet::Email => 5000,
        }
    }
}

/// A replacement of a span of the checked text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Byte range of the text to replace (empty to insert).
    pub span: Range<usize>,
    /// What goes there.
    pub replacement: String,
}

impl Fix {
    /// The text with this fix applied.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.replacement.len());
        out.push_str(&text[..self.span.start]);
        out.push_str(&self.replacement);
        out.push_str(&text[self.span.end..]);
        out
    }
}

/// One problem found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule: Rule,
    /// Whether it blocks publishing.
    pub level: Level,
    /// Byte range of what was found; empty (at the start or end) for something missing.
    pub span: Range<usize>,
    /// The one-click fix, where there is one.
    pub fix: Option<Fix>,
    /// The language of the text it was found in.
    pub language: Locale,
    /// The affected component the advice speaks of, where the incident names one.
    pub named: Option<String>,
}

impl Finding {
    /// A finding of `rule` at its usual level, with advice in the incident's words.
    pub fn new(rule: Rule, span: Range<usize>, fix: Option<Fix>, context: &CheckContext) -> Self {
        Self {
            rule,
            level: rule.level(),
            span,
            fix,
            language: context.locale,
            named: context.affected.first().cloned(),
        }
    }

    /// What to do instead, in the incident's words and the text's language: jargon and blame
    /// advice name the affected component in customer words ("Some of you cannot use Checkout
    /// and orders as usual."), not a fixed example.
    pub fn advice(&self) -> String {
        self.advice_for(self.language)
    }

    /// The advice as a reader of `reader`'s language is told it: in their language, quoting
    /// the words to write in the text's.
    pub fn advice_for(&self, reader: Locale) -> String {
        self.rule
            .advice_for(reader, self.language, self.named.as_deref())
    }
}

/// What the check needs to know about the update being written.
#[derive(Debug, Clone)]
pub struct CheckContext {
    /// The language of the text.
    pub locale: Locale,
    /// The status the update will set.
    pub status: IncidentStatus,
    /// The incident's impact.
    pub impact: Impact,
    /// Names of the affected components, as customers know them (aliases and translations too).
    pub affected: Vec<String>,
    /// The incident's title: its words name what is affected too.
    pub title: String,
    /// The text announces or reports scheduled maintenance: its window is its timing.
    pub maintenance: bool,
    /// Where the text will be shown.
    pub outlet: Outlet,
    /// When the next update is due, formatted for the text, so a missing time can be added.
    pub next_update_at: Option<String>,
    /// Extra host-name patterns of this page (regular expressions, case-insensitive).
    pub host_patterns: Vec<String>,
}

/// Compiled rules; build once and check every keystroke.
pub struct Checker {
    reviewer: Reviewer,
    jargon: Regex,
    hosts: Vec<Regex>,
    ip: Regex,
    url: Regex,
    internal_url_hint: Regex,
    clock_time: Regex,
    shouting: Regex,
    placeholder: Regex,
}

fn re(built_in: &str) -> Regex {
    pattern::compile(built_in, true).expect("built-in patterns are valid")
}

/// The index in [`DEFAULT_HOST_PATTERNS`] of role-suffixed names (`cache-node-3`).
const ROLE_SUFFIXED: usize = 1;

const DEFAULT_HOST_PATTERNS: [&str; 3] = [
    // Anything under an internal-looking domain: db1.internal, api.corp, nas.lan.
    r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:internal|local|corp|lan|intra|priv|private)\b",
    // Role-suffixed names: orders-db-primary, cache-node-3, payments-prod.
    r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:db|primary|replica|master|slave|node|host|srv|prod|stg|staging|worker|redis|kafka)(?:-?[0-9]+)?\b",
    // Numbered machines: db01, web-03, node7.
    r"\b(?:db|srv|web|app|node|host|worker|k8s)-?[0-9]{1,3}\b",
];

impl Checker {
    /// Compiles the built-in rules plus the page's own host patterns.
    ///
    /// # Errors
    /// The first page pattern that is not a valid regular expression.
    ///
    /// # Panics
    /// Never: the built-in patterns are compiled by every test run.
    pub fn new(host_patterns: &[String]) -> Result<Self, PatternError> {
        Self::for_page(host_patterns, &PageTerms::default())
    }

    /// Compiles the rules with the page's host patterns and its own terms (its names, products
    /// and the engines it sells), so a product called `PostgreSQL` is not jargon there.
    ///
    /// # Errors
    /// The first page pattern or term that is not a valid regular expression.
    ///
    /// # Panics
    /// Never: the built-in patterns are compiled by every test run.
    pub fn for_page(host_patterns: &[String], terms: &PageTerms) -> Result<Self, PatternError> {
        let reviewer = Reviewer::new(terms)?;
        let mut hosts: Vec<Regex> = DEFAULT_HOST_PATTERNS.iter().map(|p| re(p)).collect();
        for host in host_patterns {
            let compiled = pattern::compile(host, true).map_err(|reason| PatternError {
                pattern: host.clone(),
                reason,
            })?;
            hosts.push(compiled);
        }
        Ok(Self {
            reviewer,
            // Low-level terms no customer of a shop or a SaaS shares; product names such as
            // PostgreSQL and the HTTP codes customers see are not here (the real updates showed
            // them to be false alarms), and a page's own products are never jargon.
            jargon: re(concat!(
                r"\b(?:oom(?:-?kill(?:ed|er|s)?)?|out of memory|stack ?traces?|segfaults?|deadlocks?|connection pools?",
                r"|max_connections|null pointer|replica(?:tion)? lag|read replicas?|garbage collection|gc pauses?|kernel panics?)\b",
            )),
            hosts,
            ip: re(r"\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b|\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b"),
            url: re(r"\bhttps?://[^\s)>\]]+"),
            internal_url_hint: re(concat!(
                r"^https?://(?:localhost|127\.|10\.|192\.168\.|172\.(?:1[6-9]|2[0-9]|3[01])\.)",
                // A tool's own host; the same word in a path is often public documentation
                // (developer.atlassian.com/cloud/confluence/rest/...).
                r"|^https?://[^/]*(?:grafana|kibana|jira|confluence|pagerduty|datadog|sentry|splunk)",
                r"|/wiki|slack\.com/archives|/admin\b",
            )),
            clock_time: re(r"\b([0-9]{1,2})[:.：]([0-9]{2})\b|([0-9]{1,2})[:：]([0-9]{2})"),
            shouting: pattern::compile(r"\b[A-Z]{2,}(?:[ \t]+[A-Z]{2,}){2,}\b|!{2,}|！{2,}", false)
                .expect("built-in patterns are valid"),
            // A template's own slot ("{impact}", not a path's "/{owner}"), a marked gap
            // ("[TBD]", "<insert time>", "【待定】") or a time nobody filled in ("XX:XX"); none of
            // these shapes occurs in the 3,299 real updates of the corpus.
            placeholder: re(concat!(
                r"(?:^|[^/\w{])\{\{?\s*[a-z_]{2,30}\s*\}\}?",
                r"|[\[<【（(]\s*(?:tbd|tbc|todo|fixme|placeholder|xxx?|insert\b[^\]>】）)]{0,40}|待定|待补充|待填写)\s*[\]>】）)]",
                r"|\b(?:xx|hh|\?\?)[:：](?:xx|mm|\?\?)\b",
            )),
        })
    }

    /// Every finding in `text`, in order of position.
    pub fn check(&self, text: &str, context: &CheckContext) -> Vec<Finding> {
        let mut findings = Vec::new();
        if text.trim().is_empty() {
            return findings;
        }
        let review = self.reviewer.review(
            text,
            &Situation {
                locale: context.locale,
                resolution: !context.status.is_open(),
                maintenance: context.maintenance,
                title: &context.title,
                components: &context.affected,
            },
        );
        self.check_words(text, context, &review, &mut findings);
        // Found once: both the placeholder and the missing time offer its fix.
        let gap = self.promise_gap(text, context);
        self.check_missing(text, context, &review, gap.as_ref(), &mut findings);
        self.check_form(text, context, gap.as_ref(), &mut findings);
        sort_by_rank(&mut findings, |f| {
            position_rank(f.span.start) * 256 + f.rule as i128
        });
        findings
    }

    /// What is said that should not be: blame, jargon, internals, promises, guesses.
    fn check_words(
        &self,
        text: &str,
        context: &CheckContext,
        review: &Review,
        findings: &mut Vec<Finding>,
    ) {
        let mut found = |rule: Rule, span: Range<usize>, fix: Option<Fix>| {
            findings.push(Finding::new(rule, span, fix, context));
        };
        if let Some(span) = review.blame.clone() {
            let fix = effect_without_party(text, &span, context);
            found(Rule::Blame, span, fix);
        }
        let mut jargon: Vec<Range<usize>> = self
            .jargon
            .find_iter(text)
            .filter(|m| !self.reviewer.is_own_product(m.as_str()))
            .map(|m| m.range())
            .collect();
        // A link ends before the sentence's own punctuation, so removing it keeps the full stop.
        let urls: Vec<Range<usize>> = self
            .url
            .find_iter(text)
            .map(|m| {
                let link = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
                m.start()..m.start() + link.len()
            })
            .collect();
        let inside_url = |span: &Range<usize>| {
            urls.iter()
                .any(|u| u.start <= span.start && span.end <= u.end)
        };
        for url in &urls {
            let link = &text[url.clone()];
            if self.internal_url_hint.is_match(link) || self.hosts.iter().any(|h| h.is_match(link))
            {
                let fix = Fix {
                    span: url.clone(),
                    replacement: String::new(),
                };
                found(Rule::InternalUrl, url.clone(), Some(fix));
            }
        }
        let mut host_spans: Vec<Range<usize>> = Vec::new();
        for (index, host) in self.hosts.iter().enumerate() {
            for m in host.find_iter(text) {
                let span = m.range();
                let overlaps = host_spans
                    .iter()
                    .any(|s| s.start < span.end && span.start < s.end);
                // Only the role-suffixed shape reads like English ("Multi-node"); a page's
                // own patterns and internal domains (non-prod.corp) stay hosts.
                let english = index == ROLE_SUFFIXED && english_compound(&text[span.clone()]);
                if !inside_url(&span) && !overlaps && !english {
                    host_spans.push(span);
                }
            }
        }
        self.sort_internal(text, review, &urls, &mut host_spans, &mut jargon);
        for span in jargon {
            found(Rule::Jargon, span, None);
        }
        sort_by_rank(&mut host_spans, |s| position_rank(s.start));
        for span in host_spans {
            let fix = system_instead(text, &span, context.locale);
            found(Rule::InternalHost, span, Some(fix));
        }
        for m in self.ip.find_iter(text) {
            if !inside_url(&m.range()) && !self.reviewer.is_customer_address(text, &m.range()) {
                let fix = system_instead(text, &m.range(), context.locale);
                found(Rule::IpAddress, m.range(), Some(fix));
            }
        }
        if let Some(span) = review.promised_fix_time.clone() {
            let fix = next_update_instead(text, &span, review, context);
            found(Rule::PromisedTime, span, fix);
        }
        if let Some(span) = review.guess.clone() {
            found(Rule::Guess, span, None);
        }
    }

    /// What must be said and is not: the next update time, empathy, what is affected.
    fn check_missing(
        &self,
        text: &str,
        context: &CheckContext,
        review: &Review,
        gap: Option<&Fix>,
        findings: &mut Vec<Finding>,
    ) {
        let mut found = |rule: Rule, span: Range<usize>, fix: Option<Fix>| {
            findings.push(Finding::new(rule, span, fix, context));
        };
        let open = context.status.is_open();
        if let (true, Some(promised), Some(said)) = (
            open,
            context.next_update_at.as_deref(),
            review.next_update_promise.clone(),
        ) {
            if let (Some(want), Some((span, got))) = (
                self.first_time(promised).map(|(_, t)| t),
                self.first_time(&text[said.clone()]),
            ) {
                if want != got {
                    let span = said.start + span.start..said.start + span.end;
                    let replacement = format!("{:02}:{:02}", want.0, want.1);
                    found(
                        Rule::NextUpdateMismatch,
                        span.clone(),
                        Some(Fix { span, replacement }),
                    );
                }
            }
        }
        if let (false, Some(said)) = (open, review.next_update_promise.clone()) {
            found(Rule::PromiseAfterResolution, said, None);
        }
        if let Some(span) = review.vague_promise.clone() {
            found(Rule::VaguePromise, span, None);
        }
        // Whether data was lost is the first question once service is back; maintenance that
        // went to plan and incidents nobody noticed owe no answer.
        if !open
            && !context.maintenance
            && context.impact > Impact::None
            && review.data_outcome.is_none()
        {
            found(Rule::DataLossUnstated, text.len()..text.len(), None);
        }
        if review.next_update_missing {
            let fix = gap.cloned().or_else(|| {
                context.next_update_at.as_ref().map(|at| Fix {
                    span: text.len()..text.len(),
                    replacement: match context.locale {
                        Locale::En => format!(
                            "{}{}",
                            separator(text, " "),
                            next_update_by(at, context.locale)
                        ),
                        Locale::ZhCn => next_update_by(at, context.locale),
                    },
                })
            });
            found(Rule::NoNextUpdate, text.len()..text.len(), fix);
        }
        // A resolution owes customers a word too ("sorry for the trouble"); a notice that
        // expects no impact owes none (the review reads that from the text).
        if context.impact > Impact::None && review.empathy_missing {
            let replacement = match context.locale {
                Locale::En => "We're sorry for the disruption. ".to_string(),
                Locale::ZhCn => "对此造成的不便，我们深表歉意。".to_string(),
            };
            found(
                Rule::NoEmpathy,
                0..0,
                Some(Fix {
                    span: 0..0,
                    replacement,
                }),
            );
        }
        if review.affected_missing {
            found(Rule::NoAffected, 0..0, None);
        }
    }

    /// How it is said: shouting, and length for the outlet.
    fn check_form(
        &self,
        text: &str,
        context: &CheckContext,
        gap: Option<&Fix>,
        findings: &mut Vec<Finding>,
    ) {
        for m in self.shouting.find_iter(text) {
            let shouted = m.as_str();
            let replacement = if shouted.starts_with(['!', '！']) {
                shouted.chars().next().map(String::from).unwrap_or_default()
            } else {
                shouted.to_lowercase()
            };
            let fix = Fix {
                span: m.range(),
                replacement,
            };
            findings.push(Finding::new(Rule::Shouting, m.range(), Some(fix), context));
        }
        for span in self.placeholders(text) {
            let fix = gap.filter(|g| g.span == span).cloned();
            findings.push(Finding::new(Rule::Placeholder, span, fix, context));
        }
        if let Some((cut, _)) = text.char_indices().nth(context.outlet.limit()) {
            // Only the widget cuts text off; elsewhere a long update is merely hard to read.
            let level = if context.outlet == Outlet::Widget {
                Level::Error
            } else {
                Level::Warning
            };
            findings.push(Finding {
                level,
                ..Finding::new(Rule::TooLong, cut..text.len(), None, context)
            });
        }
    }
}

impl Checker {
    /// Where placeholders were left in `text`.
    fn placeholders<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.placeholder.find_iter(text).map(|m| {
            // The brace shape matched the character before the brace too.
            let found = m.as_str();
            let skip = found
                .find('{')
                .filter(|&i| found[..i].chars().count() <= 1)
                .unwrap_or(0);
            m.start() + skip..m.end()
        })
    }

    /// A placeholder where the next update's time goes ("Next update at [TBD]"): its fix is the
    /// time set for the next update, so the promise is filled in rather than made twice.
    fn promise_gap(&self, text: &str, context: &CheckContext) -> Option<Fix> {
        let at = context.next_update_at.as_ref()?;
        if !context.status.is_open() {
            return None;
        }
        let span = self.placeholders(text).find(|span| {
            let sentence = sentence_around(text, span).unwrap_or(0..text.len());
            let said = text[sentence].to_ascii_lowercase();
            said.contains("update") || said.contains("更新")
        })?;
        Some(Fix {
            span,
            replacement: at.clone(),
        })
    }

    /// The first clock time in `text`, with its span and (hour, minute).
    fn first_time(&self, text: &str) -> Option<(Range<usize>, (u32, u32))> {
        let caps = self.clock_time.captures(text)?;
        let whole = caps.get(0)?;
        let number = |a: usize, b: usize| {
            caps.get(a)
                .or_else(|| caps.get(b))
                .and_then(|m| m.as_str().parse::<u32>().ok())
        };
        Some((whole.range(), (number(1, 3)?, number(2, 4)?)))
    }
}

impl Checker {
    /// Adds what the review found to be internal detail: numbered machines (`fs7`,
    /// `db-eu-3`) to the host names, paths, tickets and low-level units ("our pods") to the
    /// jargon, each once and never inside a link.
    fn sort_internal(
        &self,
        text: &str,
        review: &Review,
        urls: &[Range<usize>],
        host_spans: &mut Vec<Range<usize>>,
        jargon: &mut Vec<Range<usize>>,
    ) {
        let hostname_like = |span: &Range<usize>| {
            let piece = &text[span.clone()];
            piece.chars().any(|c| c.is_ascii_digit())
                && !piece.contains(' ')
                && !piece.starts_with('/')
        };
        for span in &review.internal_detail {
            let overlaps = |spans: &[Range<usize>]| {
                spans
                    .iter()
                    .any(|s| s.start < span.end && span.start < s.end)
            };
            let in_url = urls
                .iter()
                .any(|u| u.start <= span.start && span.end <= u.end);
            if in_url
                || overlaps(host_spans)
                || overlaps(jargon)
                || self.ip.is_match(&text[span.clone()])
            {
                continue;
            }
            if hostname_like(span) {
                host_spans.push(span.clone());
            } else {
                jargon.push(span.clone());
            }
        }
    }
}

/// "multi-node", "single-node", "non-prod": English compounds that have a host's shape.
fn english_compound(token: &str) -> bool {
    const PREFIXES: [&str; 14] = [
        "multi", "single", "cross", "per", "inter", "intra", "non", "sub", "co", "self", "two",
        "many", "all", "each",
    ];
    token
        .split_once('-')
        .is_some_and(|(first, _)| PREFIXES.iter().any(|p| first.eq_ignore_ascii_case(p)))
}

/// Words for a machine that a host name or address often comes with ("the db-eu-3 host"); the
/// fix takes them along, or it would leave "one of our systems host".
const MACHINE_NOUNS: [&str; 14] = [
    "host", "hostname", "server", "node", "cluster", "instance", "machine", "box", "replica",
    "database", "shard", "vm", "ip", "address",
];

/// Words that end the phrase a host name belongs to when reading back from it: the fix keeps
/// "on" in "on the db-eu-3 host" and "restarted" in "We restarted db-eu-3".
const NOT_MODIFIERS: &[&str] = &[
    "on",
    "in",
    "at",
    "to",
    "from",
    "of",
    "off",
    "onto",
    "into",
    "via",
    "with",
    "by",
    "for",
    "over",
    "under",
    "behind",
    "across",
    "through",
    "after",
    "before",
    "during",
    "between",
    "than",
    "about",
    "when",
    "while",
    "and",
    "or",
    "but",
    "is",
    "was",
    "were",
    "are",
    "has",
    "had",
    "restarted",
    "rebooted",
    "replaced",
    "as",
    "that",
    "which",
    "where",
];

/// What a host or an address becomes in Chinese, in the advice and in the fix alike.
const SYSTEM_ZH: &str = "我们的一个系统";

/// Chinese words for a machine, which the fix takes along as the English one does.
const MACHINE_NOUNS_ZH: [&str; 7] = ["服务器", "主机", "节点", "数据库", "集群", "实例", "机器"];

/// The fix for a host name or an address: the phrase it stands in ("an overloaded db-eu-3
/// host") becomes "one of our overloaded systems", so the sentence still reads.
fn system_instead(text: &str, span: &Range<usize>, locale: Locale) -> Fix {
    match locale {
        Locale::En => english_system(text, span),
        Locale::ZhCn => chinese_system(text, span),
    }
}

/// Whether `word` names a machine ("hosts" as well as "host").
fn machine_noun(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    let forms = [
        Some(word.as_str()),
        word.strip_suffix('s'),
        word.strip_suffix("es"),
    ];
    forms.iter().flatten().any(|w| MACHINE_NOUNS.contains(w))
}

/// The English phrase around a host: a determiner up to three words back, a machine noun just
/// after, and the modifiers between kept ("one of our overloaded systems").
fn english_system(text: &str, span: &Range<usize>) -> Fix {
    let mut end = span.end;
    let rest = &text[end..];
    let after = rest.trim_start_matches(' ');
    let word_len = after
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(after.len());
    if word_len > 0 && machine_noun(&after[..word_len]) && after.len() < rest.len() {
        end += rest.len() - after.len() + word_len;
    }
    let mut start = span.start;
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut cursor = span.start;
    for _ in 0..3 {
        let before = &text[..cursor];
        let Some(word_end) = before.strip_suffix(' ').map(str::len) else {
            break;
        };
        let word_start = text[..word_end]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &text[word_start..word_end];
        let lower = word.to_ascii_lowercase();
        if word.is_empty() || NOT_MODIFIERS.contains(&lower.as_str()) {
            break;
        }
        if ["a", "an", "the", "our", "one"].contains(&lower.as_str()) {
            start = word_start;
            break;
        }
        // "on host db-eu-3", "Server db-eu-3 is down": the noun goes with the name even
        // without a determiner before it.
        if cursor == span.start && machine_noun(word) {
            start = word_start;
        }
        words.push((word_start, word));
        cursor = word_start;
    }
    // The words the fix replaces that describe the machine, not name it, are kept.
    let modifiers: Vec<&str> = words
        .iter()
        .rev()
        .filter(|(at, word)| *at >= start && !machine_noun(word))
        .map(|(_, word)| *word)
        .collect();
    let described: String = modifiers.iter().flat_map(|w| [*w, " "]).collect();
    let before = text[..start].trim_end_matches(' ');
    let sentence_start =
        before.is_empty() || before.ends_with('\n') || before.trim_end().ends_with(['.', '!', '?']);
    let capital = sentence_start || text[start..].starts_with(|c: char| c.is_ascii_uppercase());
    let one = if capital { "One" } else { "one" };
    Fix {
        span: start..end,
        replacement: format!("{one} of our {described}systems"),
    }
}

/// The Chinese phrase around a host: a machine word just before or after ("数据库 db-eu-3") and
/// the spaces that set the Latin name apart go with it.
fn chinese_system(text: &str, span: &Range<usize>) -> Fix {
    let mut start = span.start;
    let mut end = span.end;
    let after = text[end..].trim_start_matches(' ');
    let spaced_after = text[end..].len() - after.len();
    if let Some(noun) = MACHINE_NOUNS_ZH.iter().find(|n| after.starts_with(*n)) {
        end += spaced_after + noun.len();
    } else if after.starts_with(|c: char| !c.is_ascii()) {
        end += spaced_after;
    }
    let before = text[..start].trim_end_matches(' ');
    let spaced_before = text[..start].len() - before.len();
    if let Some(noun) = MACHINE_NOUNS_ZH.iter().find(|n| before.ends_with(*n)) {
        start -= spaced_before + noun.len();
    } else if before.ends_with(|c: char| !c.is_ascii()) {
        start -= spaced_before;
    }
    Fix {
        span: start..end,
        replacement: SYSTEM_ZH.into(),
    }
}

/// The fix for a promised fix time: its sentence becomes the promise customers can rely on,
/// the next update's time.
/// When the text already promises the next update elsewhere, the sentence goes instead, so the
/// fix never leaves two promises (one of them perhaps the wrong time).
fn next_update_instead(
    text: &str,
    span: &Range<usize>,
    review: &Review,
    context: &CheckContext,
) -> Option<Fix> {
    let sentence = sentence_around(text, span)?;
    let promised_elsewhere = review
        .next_update_promise
        .as_ref()
        .is_some_and(|p| p.end <= sentence.start || sentence.end <= p.start);
    if promised_elsewhere {
        // The white space after the sentence goes with it, or before it when it is the last.
        let after = text[sentence.end..].len() - text[sentence.end..].trim_start().len();
        let before = if after == 0 {
            text[..sentence.start].len() - text[..sentence.start].trim_end().len()
        } else {
            0
        };
        return Some(Fix {
            span: sentence.start - before..sentence.end + after,
            replacement: String::new(),
        });
    }
    let at = context.next_update_at.as_ref()?;
    Some(Fix {
        span: sentence,
        replacement: next_update_by(at, context.locale),
    })
}

/// The promise customers can rely on, in the one wording the check's fixes use.
fn next_update_by(at: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("We will post the next update by {at}."),
        Locale::ZhCn => format!("我们将在{at}前发布下一次更新。"),
    }
}

/// The sentence of `text` that holds `span`.
fn sentence_around(text: &str, span: &Range<usize>) -> Option<Range<usize>> {
    crate::review::sentences(text)
        .into_iter()
        .find(|s| s.start <= span.start && span.end <= s.end)
}

/// The fix for blame: the effect without the party. A cause clause ("… due to an issue with
/// our upstream provider") is cut from the sentence; a sentence about the party ("Our cloud
/// provider is experiencing an outage") becomes what customers of the component see.
fn effect_without_party(text: &str, span: &Range<usize>, context: &CheckContext) -> Option<Fix> {
    let sentence = sentence_around(text, span)?;
    let found = text[span.clone()].to_ascii_lowercase();
    if CAUSES.iter().any(|c| found.starts_with(c)) {
        let clause_end = cause_clause_end(text, span, &sentence);
        let before = &text[sentence.start..span.start];
        if !before.trim().is_empty() {
            // "Logins fail due to X." → "Logins fail."; the space and a comma before go too.
            let kept = before.trim_end_matches([' ', ',', '，']);
            let kept = ["as a", "as the", "the", "a", "as"]
                .iter()
                .find_map(|w| kept.strip_suffix(w).filter(|k| k.ends_with(' ')))
                .map_or(kept, |k| k.trim_end_matches([' ', ',', '，']));
            return Some(Fix {
                span: sentence.start + kept.len()..clause_end,
                replacement: String::new(),
            });
        }
        // "Due to X, logins fail." → "Logins fail."; with no effect left, the fallback below.
        let after = text[clause_end..sentence.end].trim_start_matches([',', ';', '，', '；', ' ']);
        let effect_left = !after
            .trim_end_matches(['.', '!', '?', '。', '！', '？'])
            .trim()
            .is_empty();
        if effect_left {
            let mut chars = after.chars();
            let first = chars.next()?;
            return Some(Fix {
                span: sentence,
                replacement: first.to_uppercase().chain(chars).collect(),
            });
        }
    }
    let name = context.affected.first()?;
    let replacement = match context.locale {
        Locale::En => format!("Some of you cannot use {name} as usual."),
        Locale::ZhCn => format!("部分用户的{name}暂时无法正常使用。"),
    };
    Some(Fix {
        span: sentence,
        replacement,
    })
}

/// Where a cause clause opened at `span` ends: at the next comma or semicolon, before " and ",
/// " but ", " which " or " so " (what follows is the effect or another thought), after 影响 or
/// 导致 (受…影响, 由于…导致), else before the sentence's final stop.
fn cause_clause_end(text: &str, span: &Range<usize>, sentence: &Range<usize>) -> usize {
    let rest = &text[span.end..sentence.end];
    let mut end = rest
        .trim_end_matches(['.', '!', '?', '。', '！', '？'])
        .len();
    if let Some(i) = rest.find([',', ';', '，', '；']) {
        end = end.min(i);
    }
    for joint in [" and ", " but ", " which ", " so "] {
        if let Some(i) = rest.find(joint) {
            end = end.min(i);
        }
    }
    for connector in ["影响", "导致"] {
        if let Some(i) = rest.find(connector) {
            end = end.min(i + connector.len());
        }
    }
    span.end + end
}

/// The connectors that open a cause clause, lower case.
const CAUSES: [&str; 15] = [
    "due to",
    "caused by",
    "because of",
    "result of",
    "resulting from",
    "stemming from",
    "attributed to",
    "triggered by",
    "related to",
    "isolated to",
    "originat",
    "由于",
    "因为",
    "因",
    "受",
];

fn separator<'a>(text: &str, space: &'a str) -> &'a str {
    if text.is_empty() || text.ends_with(char::is_whitespace) {
        ""
    } else {
        space
    }
}

/// Whether any finding blocks publishing.
pub fn blocks_publishing(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.level == Level::Error)
}

#[cfg(test)]
mod advice_tests {
    use super::{Locale, Rule};

    // The advice that quotes words to write, as it was written before it was split into an
    // instruction in the reader's language and the words in the text's.
    fn old_advice_in(rule: Rule, locale: Locale, name: Option<&str>) -> Option<String> {
        let Some(name) = name else {
            return old_advice(rule, locale)?.to_string().into();
        };
        Some(match (rule, locale) {
            (Rule::Jargon, Locale::En) => format!(
                "Describe the effect customers see instead: \"Some of you cannot use {name} as usual.\""
            ),
            (Rule::Jargon, Locale::ZhCn) => {
                format!("改为描述客户看到的影响，例如“部分用户的{name}无法正常使用”。")
            }
            (Rule::Blame, Locale::En) => format!(
                "Say what happened to {name}, not who caused it: \"Some of you cannot use {name} as usual.\""
            ),
            (Rule::Blame, Locale::ZhCn) => {
                format!("说明{name}发生了什么，而不是谁造成的，例如“部分用户暂时无法使用{name}”。")
            }
            _ => old_advice(rule, locale)?.to_string(),
        })
    }

    fn old_advice(rule: Rule, locale: Locale) -> Option<&'static str> {
        Some(match (rule, locale) {
            (Rule::Blame, Locale::En) => "Say what happened to the service, not who did it.",
            (Rule::Blame, Locale::ZhCn) => "说明服务发生了什么，而不是谁造成的。",
            (Rule::Jargon, Locale::En) => "Describe the effect: \"orders could not be completed\".",
            (Rule::Jargon, Locale::ZhCn) => "描述影响，例如“订单无法完成”。",
            (Rule::InternalHost | Rule::IpAddress, Locale::En) => "Say \"one of our systems\".",
            (Rule::InternalHost | Rule::IpAddress, Locale::ZhCn) => "改为“我们的一个系统”。",
            (Rule::NoNextUpdate, Locale::En) => "End with \"We will post the next update by …\".",
            (Rule::NoNextUpdate, Locale::ZhCn) => "结尾加上“我们将在……前发布下一次更新”。",
            (Rule::DataLossUnstated, Locale::En) => {
                "Say whether any data was lost, once it is known: \"No data was lost.\" or what was."
            }
            (Rule::DataLossUnstated, Locale::ZhCn) => {
                "确认后说明数据是否丢失，例如“没有数据丢失。”，或说明丢失了什么。"
            }
            (Rule::NoEmpathy, Locale::En) => "Start with \"We're sorry for the disruption.\"",
            (Rule::NoEmpathy, Locale::ZhCn) => "开头加上“对此造成的不便，我们深表歉意。”",
            _ => return None,
        })
    }

    #[test]
    fn advice_in_the_texts_own_language_reads_as_it_always_did() {
        for rule in Rule::ALL {
            for locale in Locale::ALL {
                for name in [None, Some("Login")] {
                    let now = rule.advice_for(locale, locale, name);
                    match old_advice_in(rule, locale, name) {
                        Some(before) => assert_eq!(now, before, "{rule:?} {locale:?} {name:?}"),
                        // Advice without words to write: the same whatever the text's language.
                        None => {
                            for text in Locale::ALL {
                                assert_eq!(rule.advice_for(locale, text, name), now, "{rule:?}");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn advice_for_another_languages_text_is_in_the_readers_language_quoting_the_texts() {
        let zh_reader = Rule::NoEmpathy.advice_for(Locale::ZhCn, Locale::En, None);
        assert_eq!(zh_reader, "开头加上“We're sorry for the disruption.”");
        let en_reader = Rule::Jargon.advice_for(Locale::En, Locale::ZhCn, Some("登录"));
        assert_eq!(
            en_reader,
            "Describe the effect customers see instead: \"部分用户的登录无法正常使用\""
        );
        assert_eq!(
            Rule::PromisedTime.advice_for(Locale::ZhCn, Locale::En, None),
            Rule::PromisedTime.advice(Locale::ZhCn)
        );
    }

    #[test]
    fn a_quoted_sentence_is_not_followed_by_a_second_full_stop() {
        // Found walking the Chinese console on an English text: "…as usual."。
        assert_eq!(
            Rule::Jargon.advice_for(Locale::ZhCn, Locale::En, Some("Checkout")),
            "改为描述客户看到的影响，例如“Some of you cannot use Checkout as usual.”"
        );
        assert_eq!(
            Rule::DataLossUnstated.advice_for(Locale::ZhCn, Locale::En, None),
            "确认后说明数据是否丢失，例如“No data was lost.”，或说明丢失了什么。",
            "a comma after the quote stays"
        );
        assert_eq!(
            Rule::InternalHost.advice_for(Locale::ZhCn, Locale::En, None),
            "改为“one of our systems”。",
            "words that are not a sentence keep the instruction's full stop"
        );
    }
}
