//! The Atom feed of public updates, one per reader's language: for feed readers and chat
//! integrations. Each text is in the reader's language where one was published, and otherwise
//! as written, after a note saying so, as HTML from the same safe tree the pages render.

use atom_syndication::{Content, Entry, Link, Person, Text};
use chrono::{DateTime, Utc};
use herald_domain::public::incident_page;
use herald_domain::{Label, Locale, PublicFeed};

/// How many of the latest public updates the feed carries.
pub const ATOM_ENTRIES: usize = 100;

/// The Atom document for readers of `reader`, newest entry first; `written_at` is its
/// `updated` when nothing was ever published.
pub fn atom_xml(public: &PublicFeed, written_at: DateTime<Utc>, reader: Locale) -> String {
    let page_language = public.page.language();
    let base = public
        .page
        .url
        .clone()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let mut entries: Vec<Entry> = public
        .incidents
        .iter()
        .flat_map(|incident| incident.updates.iter().map(move |u| (incident, u)))
        .map(|(incident, update)| {
            let mut entry = Entry::default();
            entry.set_id(format!("urn:herald:{}:{}", incident.id, update.id));
            entry.set_title(Text::plain(format!(
                "{} — {}",
                incident.title_in(reader, page_language),
                update.status.label(reader)
            )));
            entry.set_updated(update.at.fixed_offset());
            entry.set_published(Some(update.at.fixed_offset()));
            // HTML from the same safe tree the pages render (bold, links, lists), after the
            // fallback note when the text is not in the reader's language; escaped by the
            // writer, as Atom's `type="html"` wants.
            let mut content = Content::default();
            content.set_content_type(Some("html".to_string()));
            let shown = update.text_for(reader, page_language);
            content.set_value(Some(crate::markup::published(shown, reader)));
            content.set_lang(Some(shown.language.tag().to_string()));
            entry.set_content(Some(content));
            if !base.is_empty() {
                let mut link = Link::default();
                link.set_href(format!("{base}/{}", incident_page(&incident.id)));
                entry.set_links(vec![link]);
            }
            entry
        })
        .collect();
    entries.sort_by(|a, b| b.updated().cmp(a.updated()));
    // Feed readers want what is new; a page with years of history would otherwise send
    // megabytes on every poll. The incident pages keep the whole story.
    entries.truncate(ATOM_ENTRIES);
    let mut feed = atom_syndication::Feed::default();
    let page_id: String = public
        .page
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    feed.set_id(format!("urn:herald:{page_id}"));
    feed.set_title(Text::plain(match reader {
        Locale::En => format!("{} status", public.page.name),
        Locale::ZhCn => format!("{} 服务状态", public.page.name),
    }));
    feed.set_lang(Some(reader.tag().to_string()));
    let updated = entries
        .first()
        .map_or(written_at.fixed_offset(), |e| *e.updated());
    feed.set_updated(updated);
    let mut author = Person::default();
    author.set_name(public.page.name.clone());
    feed.set_authors(vec![author]);
    if !base.is_empty() {
        let mut link = Link::default();
        link.set_href(base);
        feed.set_links(vec![link]);
    }
    feed.set_entries(entries);
    feed.to_string()
}
