//! Subscriber emails: the confirmation that starts a subscription and one email per notice,
//! each as plain text and HTML in the subscriber's language. Like the pages, a notice email is
//! written from the public view only, and its HTML is the site's safe rendering of the text.

use std::fmt::Write;

use askama::Template;
use chrono::{DateTime, Utc};
use herald_domain::notice::{MaintenanceStep, Notice};
use herald_domain::public::{incident_page, maintenance_page};
use herald_domain::translation::fallback_note;
use herald_domain::{Label, Locale, Localized, PublicFeed};

use crate::clock::{shown, zone};
use crate::markup::{plain, published};

/// An email's parts, ready for the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
    /// The language it is written in, for `Content-Language`.
    pub language: Locale,
}

/// Where a subscriber's email links to. The manage and unsubscribe links carry a signed token
/// and are made by the server; the site's address is its public URL.
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    /// The public site's root, ending in `/`.
    pub site: &'a str,
    /// The subscriber's page for choosing components and language.
    pub manage: &'a str,
    /// The one-click unsubscribe page.
    pub unsubscribe: &'a str,
}

/// The words of the emails, in one language.
struct EmailWords {
    announced: &'static str,
    reminder: &'static str,
    started: &'static str,
    completed: &'static str,
    affected: &'static str,
    window: &'static str,
    next_update: &'static str,
    follow: &'static str,
    why: &'static str,
    all_components: &'static str,
    chosen: &'static str,
    manage: &'static str,
    unsubscribe: &'static str,
    confirm_subject: &'static str,
    confirm_intro: &'static str,
    confirm_action: &'static str,
    confirm_expires: &'static str,
    confirm_ignore: &'static str,
    list_separator: &'static str,
    colon: &'static str,
    /// Between a lead-in and the page's name: a space in English, none after Chinese
    /// punctuation.
    space: &'static str,
    /// The end of a sentence.
    stop: &'static str,
}

const EN: EmailWords = EmailWords {
    announced: "Scheduled maintenance",
    reminder: "Maintenance starts soon",
    started: "Maintenance under way",
    completed: "Maintenance completed",
    affected: "Affected",
    window: "Window",
    next_update: "Next update",
    follow: "Follow this on our status page",
    why: "You get this email because you subscribed to updates from",
    all_components: "all components",
    chosen: "Your components",
    manage: "Choose components or language",
    unsubscribe: "Unsubscribe",
    confirm_subject: "Confirm your subscription",
    confirm_intro: "Someone, hopefully you, asked to receive status updates from",
    confirm_action: "Confirm the subscription",
    confirm_expires: "This link works until",
    confirm_ignore: "If this was not you, ignore this email: nothing will be sent to you.",
    list_separator: ", ",
    colon: ": ",
    space: " ",
    stop: ".",
};

const ZH: EmailWords = EmailWords {
    announced: "计划维护",
    reminder: "维护即将开始",
    started: "维护进行中",
    completed: "维护已完成",
    affected: "受影响",
    window: "时间窗口",
    next_update: "下次更新",
    follow: "在状态页面上关注最新进展",
    why: "您收到这封邮件，是因为您订阅了以下页面的状态更新：",
    all_components: "全部组件",
    chosen: "您订阅的组件",
    manage: "选择组件或语言",
    unsubscribe: "退订",
    confirm_subject: "请确认您的订阅",
    confirm_intro: "有人（希望是您本人）申请接收以下页面的状态更新：",
    confirm_action: "确认订阅",
    confirm_expires: "此链接的有效期至",
    confirm_ignore: "如果这不是您本人的操作，请忽略这封邮件：我们不会向您发送任何内容。",
    list_separator: "、",
    colon: "：",
    space: "",
    stop: "。",
};

fn words(locale: Locale) -> &'static EmailWords {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH,
    }
}

/// One labelled fact under the title.
pub(crate) struct Fact {
    pub(crate) label: &'static str,
    pub(crate) value: String,
}

#[derive(Template)]
#[template(path = "email.html")]
struct NoticeHtml<'a> {
    lang: &'static str,
    page: &'a str,
    heading: &'a str,
    status: &'a str,
    facts: &'a [Fact],
    body: &'a str,
    link: Option<(&'a str, &'a str)>,
    footer: &'a Footer<'a>,
}

/// What every notice email ends with: why it came and how to change that.
struct Footer<'a> {
    why: String,
    chosen: String,
    manage_label: &'static str,
    manage: &'a str,
    unsubscribe_label: &'static str,
    unsubscribe: &'a str,
}

/// What a notice says, before it is written as text or HTML (or as a team channel's post).
pub(crate) struct Story<'p> {
    pub(crate) heading: String,
    pub(crate) status: String,
    pub(crate) facts: Vec<Fact>,
    pub(crate) shown: Localized<'p>,
    pub(crate) href: String,
}

/// How one reader is written to: their language, the page's, their zone and words.
pub(crate) struct Writer<'p> {
    public: &'p PublicFeed,
    reader: Locale,
    page: Locale,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    words: &'static EmailWords,
}

impl<'p> Writer<'p> {
    /// A writer for readers of `reader`, in the zone the page sets for that language.
    pub(crate) fn new(public: &'p PublicFeed, reader: Locale, now: DateTime<Utc>) -> Self {
        Self {
            public,
            reader,
            page: public.page.language(),
            tz: zone(public.page.zone_for(reader)),
            now,
            words: words(reader),
        }
    }

    /// What `notice` says, linked under `root`; `None` when the public view has nothing.
    pub(crate) fn story(&self, notice: &Notice, root: &str) -> Option<Story<'p>> {
        match notice {
            Notice::IncidentUpdate { incident, update } => self.incident(incident, update, root),
            Notice::Maintenance {
                maintenance, step, ..
            } => self.maintenance(maintenance, *step, root),
            // Emails and channels tell of incidents and maintenance; a component's own
            // change is for webhooks.
            Notice::ComponentChange { .. } => None,
        }
    }

    pub(crate) fn when(&self, at: DateTime<Utc>) -> String {
        shown(at, self.tz, self.reader, self.now)
    }

    fn names(&self, ids: &[String]) -> String {
        herald_domain::component::names_in(&self.public.components, ids, self.reader, self.page)
            .join(self.words.list_separator)
    }

    fn incident(&self, incident: &str, update: &str, root: &str) -> Option<Story<'p>> {
        let (reader, page, w) = (self.reader, self.page, self.words);
        let incident = self.public.incidents.iter().find(|i| i.id == incident)?;
        let update = incident.updates.iter().find(|u| u.id == update)?;
        let mut facts = Vec::new();
        if !incident.components.is_empty() {
            facts.push(Fact {
                label: w.affected,
                value: self.names(&incident.components),
            });
        }
        // The promise is repeated only while it stands: the latest update of an open
        // incident, never an old one sent late.
        let latest = incident.latest().id == update.id;
        if let (true, Some(due)) = (latest, incident.next_update_due) {
            facts.push(Fact {
                label: w.next_update,
                value: self.when(due),
            });
        }
        Some(Story {
            heading: incident.title_in(reader, page).to_string(),
            status: update.status.label(reader).to_string(),
            facts,
            shown: update.text_for(reader, page),
            href: format!("{root}{}", incident_page(&incident.id)),
        })
    }

    fn maintenance(&self, id: &str, step: MaintenanceStep, root: &str) -> Option<Story<'p>> {
        let w = self.words;
        let maintenance = self.public.maintenances.iter().find(|m| m.id == id)?;
        let status = match step {
            MaintenanceStep::Announced => w.announced,
            MaintenanceStep::Reminder => w.reminder,
            MaintenanceStep::Started => w.started,
            MaintenanceStep::Completed => w.completed,
        };
        let mut facts = vec![Fact {
            label: w.window,
            value: format!(
                "{} – {}",
                self.when(maintenance.window_start),
                self.when(maintenance.window_end)
            ),
        }];
        if !maintenance.components.is_empty() {
            facts.push(Fact {
                label: w.affected,
                value: self.names(&maintenance.components),
            });
        }
        Some(Story {
            heading: maintenance.title_in(self.reader, self.page).to_string(),
            status: status.to_string(),
            facts,
            shown: maintenance.description_in(self.reader, self.page),
            href: format!("{root}{}", maintenance_page(&maintenance.id)),
        })
    }

    fn text(&self, story: &Story<'_>, footer: &Footer<'_>) -> String {
        let w = self.words;
        let mut text = format!("{}\n{}\n\n", story.heading, story.status);
        for fact in &story.facts {
            let _ = writeln!(text, "{}{}{}", fact.label, w.colon, fact.value);
        }
        text.push('\n');
        if story.shown.fallback {
            text.push_str(fallback_note(self.reader, story.shown.language));
            text.push_str("\n\n");
        }
        text.push_str(&plain(story.shown.text));
        let _ = write!(
            text,
            "\n\n{}{}{}\n\n-- \n{}\n{}\n{}{}{}\n{}{}{}\n",
            w.follow,
            w.colon,
            story.href,
            footer.why,
            footer.chosen,
            w.manage,
            w.colon,
            footer.manage,
            w.unsubscribe,
            w.colon,
            footer.unsubscribe
        );
        text
    }
}

/// The email telling a subscriber of `reader` about `notice`, or `None` when the public view
/// has nothing to say about it (an update that is not public, an incident or maintenance no
/// longer in the feed). `chosen` is the subscriber's components, `None` for all.
pub fn notice_email(
    public: &PublicFeed,
    notice: &Notice,
    reader: Locale,
    chosen: Option<&[String]>,
    links: &Links<'_>,
    now: DateTime<Utc>,
) -> Option<Email> {
    let page = public.page.language();
    let r = Writer::new(public, reader, now);
    let w = r.words;
    let root = if reader == page {
        links.site.to_string()
    } else {
        format!("{}{}/", links.site, reader.tag())
    };
    let story = r.story(notice, &root)?;
    let footer = Footer {
        why: format!("{}{}{}{}", w.why, w.space, public.page.name, w.stop),
        chosen: format!(
            "{}{}{}",
            w.chosen,
            w.colon,
            chosen.map_or_else(|| w.all_components.to_string(), |ids| r.names(ids))
        ),
        manage_label: w.manage,
        manage: links.manage,
        unsubscribe_label: w.unsubscribe,
        unsubscribe: links.unsubscribe,
    };
    let text = r.text(&story, &footer);
    let body = published(story.shown, reader);
    let html = NoticeHtml {
        lang: reader.tag(),
        page: &public.page.name,
        heading: &story.heading,
        status: &story.status,
        facts: &story.facts,
        body: &body,
        link: Some((w.follow, &story.href)),
        footer: &footer,
    }
    .render()
    .ok()?;
    Some(Email {
        subject: format!(
            "[{}] {}{}{}",
            public.page.name, story.status, w.colon, story.heading
        ),
        text,
        html,
        language: reader,
    })
}

#[derive(Template)]
#[template(path = "email_confirm.html")]
struct ConfirmHtml<'a> {
    lang: &'static str,
    page: &'a str,
    intro: &'a str,
    action: &'a str,
    confirm: &'a str,
    expires: &'a str,
    ignore: &'a str,
}

/// The email that asks a new subscriber to confirm, with the signed link and when it expires.
///
/// # Panics
/// Never in practice: the template's values are plain strings.
pub fn confirmation_email(
    page_name: &str,
    page_zone: &str,
    reader: Locale,
    confirm: &str,
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Email {
    let w = words(reader);
    let expires = shown(expires, zone(page_zone), reader, now);
    let intro = format!("{}{}{page_name}{}", w.confirm_intro, w.space, w.stop);
    let expires_line = format!("{}{}{expires}{}", w.confirm_expires, w.space, w.stop);
    let text = format!(
        "{intro}\n\n{}{}{confirm}\n\n{expires_line}\n\n{}\n",
        w.confirm_action, w.colon, w.confirm_ignore
    );
    let html = ConfirmHtml {
        lang: reader.tag(),
        page: page_name,
        intro: &intro,
        action: w.confirm_action,
        confirm,
        expires: &expires_line,
        ignore: w.confirm_ignore,
    }
    .render()
    .expect("the confirmation template renders plain strings");
    Email {
        subject: format!("[{page_name}] {}", w.confirm_subject),
        text,
        html,
        language: reader,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_domain::demo::demo_feed;
    use herald_domain::{Audience, Feed};

    const LINKS: Links<'static> = Links {
        site: "https://status.example.com/",
        manage: "https://status.example.com/subscriptions/manage?token=m",
        unsubscribe: "https://status.example.com/subscriptions/unsubscribe?token=u",
    };

    fn now() -> DateTime<Utc> {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    fn latest_public(feed: &Feed) -> Notice {
        let incident = &feed.incidents[0];
        let update = incident
            .updates
            .iter()
            .rev()
            .find(|u| u.is_public())
            .unwrap();
        Notice::IncidentUpdate {
            incident: incident.id.clone(),
            update: update.id.clone(),
        }
    }

    #[test]
    fn an_update_email_names_the_page_incident_status_and_links_in_both_parts() {
        let feed = demo_feed();
        let public = PublicFeed::from_feed(&feed);
        let email = notice_email(
            &public,
            &latest_public(&feed),
            Locale::En,
            None,
            &LINKS,
            now(),
        )
        .unwrap();
        let incident = &public.incidents[0];
        assert!(
            email.subject.starts_with(&format!("[{}] ", feed.page.name)),
            "{}",
            email.subject
        );
        assert!(email.subject.contains(&incident.title), "{}", email.subject);
        for part in [&email.text, &email.html] {
            assert!(part.contains(&incident.title), "{part}");
            assert!(part.contains("subscriptions/unsubscribe?token=u"), "{part}");
            assert!(part.contains("subscriptions/manage?token=m"), "{part}");
            assert!(part.contains("all components"), "{part}");
        }
        let page = format!("https://status.example.com/incidents/{}/", incident.id);
        assert!(email.text.contains(&page), "{}", email.text);
        assert!(
            !email.text.contains('<'),
            "plain text has no markup: {}",
            email.text
        );
    }

    #[test]
    fn a_chinese_subscriber_gets_chinese_words_and_the_chinese_site() {
        let feed = demo_feed();
        let public = PublicFeed::from_feed(&feed);
        let chosen = [feed.incidents[0].components[0].clone()];
        let email = notice_email(
            &public,
            &latest_public(&feed),
            Locale::ZhCn,
            Some(&chosen),
            &LINKS,
            now(),
        )
        .unwrap();
        assert!(email.text.contains("退订："), "{}", email.text);
        assert!(email
            .text
            .contains("https://status.example.com/zh-CN/incidents/"));
        assert!(email
            .html
            .starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(email.text.contains("您订阅的组件："), "{}", email.text);
    }

    #[test]
    fn an_internal_note_or_a_vanished_incident_makes_no_email() {
        let mut feed = demo_feed();
        let notice = latest_public(&feed);
        let Notice::IncidentUpdate { update, .. } = &notice else {
            unreachable!()
        };
        let update = update.clone();
        for u in &mut feed.incidents[0].updates {
            if u.id == update {
                u.audience = Audience::Internal;
            }
        }
        let public = PublicFeed::from_feed(&feed);
        assert_eq!(
            notice_email(&public, &notice, Locale::En, None, &LINKS, now()),
            None
        );
        let gone = Notice::IncidentUpdate {
            incident: "nope".into(),
            update,
        };
        assert_eq!(
            notice_email(&public, &gone, Locale::En, None, &LINKS, now()),
            None
        );
    }

    #[test]
    fn hostile_text_stays_text_in_the_html_part() {
        let mut feed = demo_feed();
        feed.incidents[0].title = "<script>alert(1)</script>".into();
        let notice = latest_public(&feed);
        let public = PublicFeed::from_feed(&feed);
        let email = notice_email(&public, &notice, Locale::En, None, &LINKS, now()).unwrap();
        assert!(!email.html.contains("<script>"), "{}", email.html);
        assert!(
            email.html.contains("alert(1)"),
            "the title is still shown, as text"
        );
    }

    #[test]
    fn the_confirmation_says_when_its_link_expires_in_the_page_zone() {
        let email = confirmation_email(
            "Larkspur Market",
            "Europe/Berlin",
            Locale::En,
            "https://status.example.com/subscriptions/confirm?token=c",
            "2026-12-03T10:00:00Z".parse().unwrap(),
            now(),
        );
        assert_eq!(email.subject, "[Larkspur Market] Confirm your subscription");
        assert!(
            email.text.contains("until Thu 3 Dec, 11:00 CET"),
            "{}",
            email.text
        );
        assert!(email.html.contains("confirm?token=c"));
        let zh = confirmation_email(
            "Larkspur Market",
            "Asia/Shanghai",
            Locale::ZhCn,
            "https://x/c",
            "2026-12-03T10:00:00Z".parse().unwrap(),
            now(),
        );
        assert!(zh.text.contains("北京时间 12月3日 18:00"), "{}", zh.text);
    }
}
