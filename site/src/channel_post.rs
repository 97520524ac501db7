//! Posts for the team's channels: Slack and Microsoft Teams incoming webhooks get each public
//! update and maintenance step, written from the public view like an email, and, where the
//! team asked for them, the internal notes, marked as internal in the post itself.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use herald_domain::notice::Notice;
use herald_domain::translation::fallback_note;
use herald_domain::{Feed, Label, Locale, PublicFeed};
use serde_json::{json, Value};

use crate::email::Writer;
use crate::markup::plain;

/// Slack refuses a section over 3,000 characters; Teams cards get long past that too.
const TEXT_LIMIT: usize = 2_900;

/// Slack's header block holds at most 150 characters.
const HEADING_LIMIT: usize = 150;

/// One post, before it is written in a channel's format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelPost {
    /// The incident's or maintenance's title.
    pub heading: String,
    /// Its status, in words.
    pub status: String,
    /// Labelled facts: what is affected, the next update, the window.
    pub facts: Vec<(String, String)>,
    /// The text, as plain text.
    pub text: String,
    /// Where to read more, when the public site has an address.
    pub link: Option<String>,
    /// Whether this is an internal note, never shown to customers.
    pub internal: bool,
}

impl ChannelPost {
    /// The post about `notice` in the page's language, or `None` when the public view holds
    /// nothing about it. `site` is the public site's root, ending in `/`.
    pub fn public(
        public: &PublicFeed,
        notice: &Notice,
        site: Option<&str>,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        let reader = public.page.language();
        let writer = Writer::new(public, reader, now);
        let story = writer.story(notice, site.unwrap_or(""))?;
        let mut text = String::new();
        if story.shown.fallback {
            text.push_str(fallback_note(reader, story.shown.language));
            text.push_str("\n\n");
        }
        text.push_str(&plain(story.shown.text));
        Some(Self {
            heading: story.heading,
            status: story.status,
            facts: story
                .facts
                .into_iter()
                .map(|f| (f.label.to_string(), f.value))
                .collect(),
            text,
            link: site.map(|_| story.href),
            internal: false,
        })
    }

    /// The post about internal update `update` of `incident`, from the whole feed (`public`
    /// is its public view, for names and zones): only for a channel the team marked as theirs
    /// alone.
    pub fn internal_note(
        feed: &Feed,
        public: &PublicFeed,
        incident: &str,
        update: &str,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        let reader = feed.page.language();
        let writer = Writer::new(public, reader, now);
        let incident = feed.incidents.iter().find(|i| i.id == incident)?;
        let note = incident.updates.iter().find(|u| u.id == update)?;
        if note.is_public() {
            return None;
        }
        let (label, when) = match reader {
            Locale::En => ("Written", "Internal note: not on the status page"),
            Locale::ZhCn => ("时间", "内部备注：不会出现在状态页面上"),
        };
        Some(Self {
            heading: incident.title.clone(),
            status: format!("{} · {when}", note.status.label(reader)),
            facts: vec![(label.to_string(), writer.when(note.at))],
            text: plain(&note.text),
            link: None,
            internal: true,
        })
    }

    /// A message to the team about the delivery itself (a webhook disabled), not an incident.
    pub fn team_notice(heading: &str, text: &str) -> Self {
        Self {
            heading: heading.to_string(),
            status: "Herald".into(),
            facts: Vec::new(),
            text: text.to_string(),
            link: None,
            internal: true,
        }
    }

    fn heading_line(&self) -> String {
        let mark = if self.internal { "🔒 " } else { "" };
        cut(&format!("{mark}{}", self.heading), HEADING_LIMIT)
    }

    /// The body of a Slack incoming webhook: blocks, with a plain `text` for notifications.
    pub fn slack(&self) -> String {
        let mut details = format!("*{}*", slack_escape(&self.status));
        for (label, value) in &self.facts {
            let _ = write!(
                details,
                "\n*{}:* {}",
                slack_escape(label),
                slack_escape(value)
            );
        }
        let mut blocks = vec![
            json!({"type": "header", "text": {"type": "plain_text", "text": self.heading_line()}}),
            json!({"type": "section", "text": {"type": "mrkdwn", "text": details}}),
            json!({"type": "section", "text": {"type": "plain_text", "text": cut(&self.text, TEXT_LIMIT)}}),
        ];
        if let Some(link) = &self.link {
            blocks.push(json!({"type": "context", "elements": [
                // A `|` would end Slack's link text early.
                {"type": "mrkdwn", "text": format!("<{}|{}>", slack_escape(link), slack_escape(&self.heading).replace('|', "¦"))}
            ]}));
        }
        json!({
            "text": slack_escape(&format!("{}: {}", self.heading_line(), self.status)),
            "blocks": blocks,
            "unfurl_links": false,
        })
        .to_string()
    }

    /// The body of a Microsoft Teams incoming webhook (or Workflows webhook): one Adaptive Card.
    pub fn teams(&self) -> String {
        let mut body = vec![
            json!({"type": "TextBlock", "text": self.heading_line(), "weight": "Bolder", "size": "Medium", "wrap": true}),
            json!({"type": "TextBlock", "text": self.status, "isSubtle": true, "wrap": true, "spacing": "None"}),
        ];
        if !self.facts.is_empty() {
            let facts: Vec<Value> = self
                .facts
                .iter()
                .map(|(title, value)| json!({"title": title, "value": value}))
                .collect();
            body.push(json!({"type": "FactSet", "facts": facts}));
        }
        body.push(json!({"type": "TextBlock", "text": cut(&self.text, TEXT_LIMIT), "wrap": true}));
        let actions: Vec<Value> = self
            .link
            .iter()
            .map(|url| json!({"type": "Action.OpenUrl", "title": self.heading, "url": url}))
            .collect();
        json!({
            "type": "message",
            "summary": format!("{}: {}", self.heading, self.status),
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": null,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                    "actions": actions,
                }
            }]
        })
        .to_string()
    }
}

/// Slack's mrkdwn gives `&`, `<` and `>` meaning; user text must not make links or mentions.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `text` cut to at most `limit` characters, on a character boundary, marked when cut.
fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut short: String = text.chars().take(limit.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_domain::demo::demo_feed;
    use herald_domain::Audience;

    fn now() -> DateTime<Utc> {
        "2026-11-20T12:00:00Z".parse().unwrap()
    }

    fn feed_with_note() -> Feed {
        let mut feed = demo_feed();
        let mut note = feed.incidents[0].updates.last().unwrap().clone();
        note.id = "u-note".into();
        note.audience = Audience::Internal;
        note.text = "Rolled back <@here> the orders-7 deploy & restarted".into();
        feed.incidents[0].updates.push(note);
        feed
    }

    fn latest_public(feed: &Feed) -> Notice {
        let public = PublicFeed::from_feed(feed);
        Notice::IncidentUpdate {
            incident: public.incidents[0].id.clone(),
            update: public.incidents[0].updates[0].id.clone(),
        }
    }

    #[test]
    fn a_public_update_reads_in_slack_and_teams_with_its_link_and_no_internal_note() {
        let feed = feed_with_note();
        let public = PublicFeed::from_feed(&feed);
        let post = ChannelPost::public(
            &public,
            &latest_public(&feed),
            Some("https://status.example.com/"),
            now(),
        )
        .unwrap();
        assert!(!post.internal);
        for body in [post.slack(), post.teams()] {
            let json: Value = serde_json::from_str(&body).unwrap();
            assert!(body.contains(&feed.incidents[0].title), "{body}");
            assert!(body.contains("https://status.example.com/"), "{body}");
            assert!(!body.contains("orders-7"), "{json}");
        }
    }

    #[test]
    fn an_internal_note_is_marked_and_cannot_mention_the_channel() {
        let feed = feed_with_note();
        let post = ChannelPost::internal_note(
            &feed,
            &PublicFeed::from_feed(&feed),
            &feed.incidents[0].id,
            "u-note",
            now(),
        )
        .unwrap();
        assert!(post.internal);
        let slack = post.slack();
        let json: Value = serde_json::from_str(&slack).unwrap();
        assert!(json["text"].as_str().unwrap().starts_with("🔒 "));
        assert!(slack.contains("Internal note: not on the status page"));
        let note_block = &json["blocks"][2]["text"];
        assert_eq!(
            note_block["type"], "plain_text",
            "Slack reads no mention or link in plain text"
        );
        assert!(note_block["text"].as_str().unwrap().contains("<@here>"));
        let public_update = latest_public(&feed);
        let Notice::IncidentUpdate { update, .. } = public_update else {
            unreachable!()
        };
        assert!(
            ChannelPost::internal_note(
                &feed,
                &PublicFeed::from_feed(&feed),
                &feed.incidents[0].id,
                &update,
                now()
            )
            .is_none(),
            "a public update is not a note"
        );
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let long = "维".repeat(5_000);
        let cut_text = cut(&long, TEXT_LIMIT);
        assert_eq!(cut_text.chars().count(), TEXT_LIMIT);
        assert!(cut_text.ends_with('…'));
    }
}
