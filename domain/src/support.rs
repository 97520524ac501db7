//! The support kit: ready replies for tickets, chat and phone, and what not to say.
//!
//! Built from the public view only, so a reply can never quote an internal note.

use crate::builtin_templates::list_in;
use crate::component::names_in;
use crate::incident::IncidentStatus;
use crate::label::Locale;
use crate::public::{PublicFeed, PublicIncident};

/// Where support is answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Live chat: short, warm, one message.
    Chat,
    /// A ticket or email: complete, with the current public wording quoted.
    Email,
    /// A phone script: spoken sentences.
    Phone,
}

impl Channel {
    /// Every channel, in the order the kit shows them.
    pub const ALL: [Channel; 3] = [Channel::Chat, Channel::Email, Channel::Phone];
}

/// One ready reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportReply {
    /// The channel it is written for.
    pub channel: Channel,
    /// Its language.
    pub locale: Locale,
    /// The text, ready to paste or read out.
    pub text: String,
}

/// Something support must not say, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoNotSay {
    /// What not to say.
    pub rule: &'static str,
    /// Why it matters.
    pub why: &'static str,
}

/// Facts a reply is made of, resolved once for every channel.
struct Facts<'a> {
    components: String,
    stage: &'a str,
    workaround: Option<&'a str>,
    next_update: Option<String>,
    status_page: Option<&'a str>,
    page_name: &'a str,
    /// The latest public text in the reply's language; `None` when none was published in it,
    /// so a reply never quotes a text its reader cannot read.
    latest: Option<&'a str>,
    /// The agent who signs an email; `None` leaves a place for the name to be written.
    agent: Option<&'a str>,
}

fn stage_sentence(status: IncidentStatus, locale: Locale) -> &'static str {
    match (status, locale) {
        (IncidentStatus::Identified, Locale::En) => {
            "We have found the cause and are working on a fix."
        }
        (IncidentStatus::Identified, Locale::ZhCn) => "我们已找到原因，正在修复。",
        (IncidentStatus::Monitoring, Locale::En) => {
            "A fix is in place and we are watching it closely."
        }
        (IncidentStatus::Monitoring, Locale::ZhCn) => "修复已经部署，我们正在密切监控。",
        (IncidentStatus::Resolved | IncidentStatus::Postmortem, Locale::En) => {
            "This is now resolved, and everything should be working normally again."
        }
        (IncidentStatus::Resolved | IncidentStatus::Postmortem, Locale::ZhCn) => {
            "问题已经解决，服务应已恢复正常。"
        }
        (IncidentStatus::Investigating | IncidentStatus::Unknown, Locale::En) => {
            "Our team is investigating it right now."
        }
        (IncidentStatus::Investigating | IncidentStatus::Unknown, Locale::ZhCn) => {
            "我们的团队正在全力调查。"
        }
    }
}

/// Ready replies for `incident` on every channel, in `locale`. `page_time` formats the next
/// update time in the page's time zone, as for templates; `agent` signs the email (without
/// one, "[Your name]" marks where the name goes).
pub fn support_replies(
    feed: &PublicFeed,
    incident: &PublicIncident,
    locale: Locale,
    page_time: &dyn Fn(chrono::DateTime<chrono::Utc>) -> String,
    agent: Option<&str>,
) -> Vec<SupportReply> {
    let page = feed.page.language();
    let names = names_in(&feed.components, &incident.components, locale, page);
    let latest = incident.latest().text_for(locale, page);
    let facts = Facts {
        components: list_in(locale, &names),
        stage: stage_sentence(incident.status, locale),
        // In the reply's language only: an English workaround inside a Chinese reply reads
        // as a mistake.
        workaround: incident
            .workaround_in(locale, page)
            .filter(|w| !w.fallback && incident.status.is_open())
            .map(|w| w.text),
        next_update: incident.next_update_due.map(page_time),
        status_page: feed.page.url.as_deref(),
        page_name: &feed.page.name,
        latest: (!latest.fallback).then_some(latest.text),
        agent: agent.map(str::trim).filter(|a| !a.is_empty()),
    };
    Channel::ALL
        .iter()
        .map(|&channel| SupportReply {
            channel,
            locale,
            text: compose(channel, locale, &facts),
        })
        .collect()
}

fn compose(channel: Channel, locale: Locale, f: &Facts<'_>) -> String {
    let parts = match locale {
        Locale::En => english(channel, f),
        Locale::ZhCn => chinese(channel, f),
    };
    let separator = match (channel, locale) {
        (Channel::Email, _) => "\n\n",
        // Chinese sentences end in full-width punctuation and follow each other unspaced.
        (_, Locale::ZhCn) => "",
        (_, Locale::En) => " ",
    };
    parts.join(separator)
}

/// `text` as an email quotes it, each line after `> `.
fn quoted(text: &str) -> String {
    format!("> {}", text.replace('\n', "\n> "))
}

fn english(channel: Channel, f: &Facts<'_>) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    parts.push(match channel {
        Channel::Chat => "Thanks for reaching out, and I'm sorry for the trouble.".into(),
        Channel::Email => "Hello,\n\nThank you for contacting us, and I'm sorry for the trouble this is causing you.".into(),
        Channel::Phone => "Thank you for calling, and I'm sorry for the trouble.".into(),
    });
    parts.push(format!(
        "We know about a problem affecting {}. {}",
        f.components, f.stage
    ));
    if let (Channel::Email, Some(latest)) = (channel, f.latest) {
        parts.push(format!("Here is our latest update:\n\n{}", quoted(latest)));
    }
    if let Some(workaround) = f.workaround {
        parts.push(format!("In the meantime: {workaround}"));
    }
    // A phone script is read aloud: "our status page", never a URL spelled out.
    let status_page = f.status_page.map(|url| {
        if channel == Channel::Phone {
            "our status page"
        } else {
            url
        }
    });
    let on = if channel == Channel::Phone {
        "on"
    } else {
        "at"
    };
    match (&f.next_update, status_page) {
        (Some(at), Some(url)) => {
            parts.push(format!("We will post the next update by {at} {on} {url}."));
        }
        (Some(at), None) => parts.push(format!("We will post the next update by {at}.")),
        (None, Some(url)) => {
            parts.push(format!("You can always find the latest {on} {url}."));
        }
        (None, None) => {}
    }
    if channel == Channel::Email {
        let name = f.agent.unwrap_or("[Your name]");
        parts.push(format!("Kind regards,\n{name}\n{} Support", f.page_name));
    }
    parts
}

fn chinese(channel: Channel, f: &Facts<'_>) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    parts.push(match channel {
        Channel::Chat => "感谢您的联系，给您带来不便，非常抱歉。".into(),
        Channel::Email => "您好：\n\n感谢您联系我们，给您带来的不便，我们深表歉意。".into(),
        Channel::Phone => "感谢您的来电，给您带来不便，非常抱歉。".into(),
    });
    parts.push(format!("我们已知晓影响{}的问题。{}", f.components, f.stage));
    if let (Channel::Email, Some(latest)) = (channel, f.latest) {
        parts.push(format!("以下是我们的最新通报：\n\n{}", quoted(latest)));
    }
    if let Some(workaround) = f.workaround {
        parts.push(format!("在此期间：{workaround}"));
    }
    let status_page = f.status_page.map(|url| {
        if channel == Channel::Phone {
            "我们的状态页面"
        } else {
            url
        }
    });
    // Chinese sets no spaces around Chinese words; a Latin URL or a time gets one on
    // each side so it stays readable and clickable.
    match (&f.next_update, status_page) {
        (Some(at), Some(url)) if channel == Channel::Phone => {
            parts.push(format!("我们将在{at}前在{url}发布下一次更新。"));
        }
        (Some(at), Some(url)) => {
            parts.push(format!("我们将在{at}前于 {url} 发布下一次更新。"));
        }
        (Some(at), None) => parts.push(format!("我们将在{at}前发布下一次更新。")),
        (None, Some(url)) if channel == Channel::Phone => {
            parts.push(format!("您可以随时在{url}查看最新情况。"));
        }
        (None, Some(url)) => parts.push(format!("您可以随时在 {url} 查看最新情况。")),
        (None, None) => {}
    }
    if channel == Channel::Email {
        let name = f.agent.unwrap_or("[您的姓名]");
        parts.push(format!("此致\n敬礼\n\n{name}\n{}客服团队", f.page_name));
    }
    parts
}

/// What support must not say during an incident, in `locale`.
pub fn do_not_say(locale: Locale) -> &'static [DoNotSay] {
    const EN: &[DoNotSay] = &[
        DoNotSay { rule: "Don't promise when it will be fixed (\"it'll be back in an hour\").", why: "A promise that slips costs more trust than saying when the next update is." },
        DoNotSay { rule: "Don't guess at the cause.", why: "Early guesses are often wrong, and a wrong cause repeated by many agents becomes the story." },
        DoNotSay { rule: "Don't blame anyone: a person, a team, a supplier or the customer.", why: "Customers hold us responsible either way; blame sounds like an excuse." },
        DoNotSay { rule: "Don't name internal systems, servers, tools or error codes.", why: "It confuses customers and exposes details attackers use." },
        DoNotSay { rule: "Don't share anything that is not on the status page.", why: "One source of truth: every customer must hear the same story." },
        DoNotSay { rule: "Don't offer refunds or credits unless the policy says so.", why: "Ad-hoc offers are unfair to customers who were not offered them." },
    ];
    const ZH: &[DoNotSay] = &[
        DoNotSay {
            rule: "不要承诺修复时间（如“一小时内恢复”）。",
            why: "承诺一旦落空，比说明下次更新时间更损害信任。",
        },
        DoNotSay {
            rule: "不要猜测原因。",
            why: "早期的猜测常常是错的，被多人转述后就会变成“事实”。",
        },
        DoNotSay {
            rule: "不要指责任何人：个人、团队、供应商或客户。",
            why: "客户只会认为是我们的责任，指责听起来像借口。",
        },
        DoNotSay {
            rule: "不要提及内部系统、服务器、工具或错误代码。",
            why: "这会让客户困惑，也会暴露可被攻击者利用的细节。",
        },
        DoNotSay {
            rule: "不要透露状态页面以外的任何信息。",
            why: "信息来源唯一：每位客户听到的都应该一致。",
        },
        DoNotSay {
            rule: "除非政策允许，不要主动提出退款或补偿。",
            why: "临时提出的补偿对其他客户不公平。",
        },
    ];
    match locale {
        Locale::En => EN,
        Locale::ZhCn => ZH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public() -> PublicFeed {
        PublicFeed::from_feed(&crate::demo::demo_feed())
    }

    fn berlin(at: chrono::DateTime<chrono::Utc>) -> String {
        (at + chrono::Duration::hours(1))
            .format("%H:%M CET")
            .to_string()
    }

    fn reply(locale: Locale, channel: Channel) -> String {
        let feed = public();
        support_replies(&feed, &feed.incidents[0], locale, &berlin, None)
            .into_iter()
            .find(|r| r.channel == channel)
            .unwrap()
            .text
    }

    #[test]
    fn chat_reply_acknowledges_says_what_we_know_what_to_do_and_when_more_comes() {
        let text = reply(Locale::En, Channel::Chat);
        assert!(
            text.starts_with("Thanks for reaching out, and I'm sorry"),
            "{text}"
        );
        assert!(
            text.contains("Checkout and orders, Mobile app and Order confirmation emails"),
            "{text}"
        );
        assert!(text.contains("A fix is in place"), "{text}");
        assert!(
            text.contains("In the meantime: Your basket is kept."),
            "{text}"
        );
        assert!(
            text.ends_with("by 09:51 CET at https://status.larkspur.example."),
            "{text}"
        );
    }

    #[test]
    fn email_quotes_the_current_public_wording() {
        let text = reply(Locale::En, Channel::Email);
        assert!(text.contains("> Orders are going through again."), "{text}");
        assert!(
            text.ends_with("Kind regards,\n[Your name]\nLarkspur Market Support"),
            "a sign-off with a place for the agent's name: {text}"
        );
        let chinese = reply(Locale::ZhCn, Channel::Email);
        assert!(chinese.contains("> 订单已恢复正常提交。"), "{chinese}");
        assert!(chinese.ends_with("此致\n敬礼\n\n[您的姓名]\nLarkspur Market客服团队"));
    }

    #[test]
    fn an_email_is_signed_by_the_agent_who_gave_their_name() {
        let feed = public();
        let email = |locale, agent| {
            support_replies(&feed, &feed.incidents[0], locale, &berlin, agent)
                .into_iter()
                .find(|r| r.channel == Channel::Email)
                .unwrap()
                .text
        };
        let signed = email(Locale::En, Some(" Mina Park "));
        assert!(
            signed.ends_with("Kind regards,\nMina Park\nLarkspur Market Support"),
            "{signed}"
        );
        assert!(!signed.contains("[Your name]"));
        assert!(email(Locale::ZhCn, Some("朴敏娜"))
            .ends_with("此致\n敬礼\n\n朴敏娜\nLarkspur Market客服团队"));
        // A blank name is no name: the place for it stays marked.
        assert!(email(Locale::En, Some("  ")).contains("[Your name]"));
    }

    #[test]
    fn chat_and_phone_quote_nothing_and_the_phone_reads_no_url_aloud() {
        for locale in Locale::ALL {
            for channel in [Channel::Chat, Channel::Phone] {
                assert!(
                    !reply(locale, channel).contains('>'),
                    "{locale:?} {channel:?}"
                );
            }
            assert!(!reply(locale, Channel::Phone).contains("https://"));
        }
        assert!(reply(Locale::En, Channel::Phone).contains("on our status page."));
    }

    #[test]
    fn a_reply_never_mixes_in_text_from_the_other_language() {
        let mut feed = crate::demo::demo_feed();
        for incident in &mut feed.incidents {
            incident.workaround_translations.clear();
            for update in &mut incident.updates {
                update.translations.clear();
            }
        }
        let public = PublicFeed::from_feed(&feed);
        for reply in support_replies(&public, &public.incidents[0], Locale::ZhCn, &berlin, None) {
            assert!(!reply.text.contains("basket"), "{}", reply.text);
            assert!(!reply.text.contains("Orders are going"), "{}", reply.text);
        }
    }

    #[test]
    fn chinese_replies_are_in_chinese() {
        let text = reply(Locale::ZhCn, Channel::Phone);
        assert!(text.starts_with("感谢您的来电"), "{text}");
        assert!(text.contains("修复已经部署"), "{text}");
        assert!(
            text.contains("我们将在09:51 CET前在我们的状态页面发布下一次更新。"),
            "{text}"
        );
        assert!(
            !text.contains("。 "),
            "Chinese sentences follow each other unspaced: {text}"
        );
        let chat = reply(Locale::ZhCn, Channel::Chat);
        assert!(
            chat.contains("前于 https://status.larkspur.example 发布"),
            "{chat}"
        );
    }

    #[test]
    fn resolved_incident_owes_no_next_update_or_workaround() {
        let feed = public();
        let resolved = feed.incidents.iter().find(|i| !i.status.is_open()).unwrap();
        for reply in support_replies(&feed, resolved, Locale::En, &berlin, None) {
            assert!(
                reply.text.contains("This is now resolved"),
                "{}",
                reply.text
            );
            assert!(!reply.text.contains("next update"), "{}", reply.text);
        }
    }

    #[test]
    fn replies_never_quote_internal_notes() {
        let feed = public();
        for locale in Locale::ALL {
            for reply in support_replies(&feed, &feed.incidents[0], locale, &berlin, None) {
                assert!(!reply.text.contains("orders-db"), "{}", reply.text);
                assert!(
                    !reply.text.contains("Tomás"),
                    "no author names: {}",
                    reply.text
                );
            }
        }
    }

    #[test]
    fn do_not_say_list_exists_in_both_languages() {
        assert_eq!(do_not_say(Locale::En).len(), do_not_say(Locale::ZhCn).len());
        assert!(do_not_say(Locale::En)
            .iter()
            .any(|d| d.rule.contains("fixed")));
    }
}
