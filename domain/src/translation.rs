//! Text in more than one language: what was written in one language, its translations, and
//! which of them a reader gets.
//!
//! Every translatable field keeps its own text as it always was (so a feed without
//! translations reads unchanged) and a map from language to translation beside it. A reader
//! gets their language when it was written, and otherwise the text as written with a note
//! saying so: a status page never hides an update because it is in the other language.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::locale::Locale;

/// A text per language: a text's translations, or the page's time zone per language; in the
/// feed, an object keyed by language tag (`{"zh-CN": "…"}`).
///
/// The entries are kept in a short vector ordered by language, one per language: there are as
/// many as Herald has languages, and a `BTreeMap` brought its whole node machinery into every
/// browser bundle for them. It reads and writes the same JSON and answers like the map did.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Translations(Vec<(Locale, String)>);

impl Translations {
    /// No text in any language.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Whether there is no text in any language.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many languages have a text.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The text in `language`, if there is one.
    pub fn get(&self, language: &Locale) -> Option<&String> {
        self.0
            .iter()
            .find(|(l, _)| l == language)
            .map(|(_, text)| text)
    }

    /// Whether there is a text in `language`.
    pub fn contains_key(&self, language: &Locale) -> bool {
        self.get(language).is_some()
    }

    /// Files `text` under `language`, returning the text it replaces.
    pub fn insert(&mut self, language: Locale, text: String) -> Option<String> {
        match self.0.iter().position(|(l, _)| *l >= language) {
            Some(at) if self.0[at].0 == language => {
                Some(std::mem::replace(&mut self.0[at].1, text))
            }
            Some(at) => {
                self.0.insert(at, (language, text));
                None
            }
            None => {
                self.0.push((language, text));
                None
            }
        }
    }

    /// Takes the text in `language` out.
    pub fn remove(&mut self, language: &Locale) -> Option<String> {
        let at = self.0.iter().position(|(l, _)| l == language)?;
        Some(self.0.remove(at).1)
    }

    /// Removes every text.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Each language with its text, in the languages' order.
    pub fn iter(&self) -> impl Iterator<Item = (&Locale, &String)> {
        self.0.iter().map(|(l, text)| (l, text))
    }

    /// The languages that have a text, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Locale> {
        self.0.iter().map(|(l, _)| l)
    }

    /// The texts, in their languages' order.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, text)| text)
    }

    /// The texts, to change in place.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.0.iter_mut().map(|(_, text)| text)
    }

    /// Keeps only the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&Locale, &mut String) -> bool) {
        self.0.retain_mut(|(l, text)| keep(l, text));
    }
}

impl fmt::Debug for Translations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The text in a language known to be there, as a map indexes.
///
/// # Panics
/// When there is no text in that language.
impl std::ops::Index<&Locale> for Translations {
    type Output = String;

    fn index(&self, language: &Locale) -> &String {
        self.get(language).expect("a text in that language")
    }
}

impl<const N: usize> From<[(Locale, String); N]> for Translations {
    fn from(entries: [(Locale, String); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl FromIterator<(Locale, String)> for Translations {
    fn from_iter<I: IntoIterator<Item = (Locale, String)>>(entries: I) -> Self {
        let mut translations = Self::new();
        for (language, text) in entries {
            translations.insert(language, text);
        }
        translations
    }
}

impl IntoIterator for Translations {
    type Item = (Locale, String);
    type IntoIter = std::vec::IntoIter<(Locale, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// One entry as a map's iterator gives it: the language and its text, by reference.
type Entry<'a> = (&'a Locale, &'a String);

impl<'a> IntoIterator for &'a Translations {
    type Item = Entry<'a>;
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Locale, String)>,
        fn(&'a (Locale, String)) -> Entry<'a>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(l, text)| (l, text))
    }
}

impl Serialize for Translations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (language, text) in &self.0 {
            map.serialize_entry(language, text)?;
        }
        map.end()
    }
}

/// Reads translations strictly: a language this build does not know is refused by name.
impl<'de> Deserialize<'de> for Translations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ByLanguage { strict: true })
    }
}

/// Reads an object of texts keyed by language tag, strictly or leaving unknown tags out.
struct ByLanguage {
    strict: bool,
}

impl<'de> Visitor<'de> for ByLanguage {
    type Value = Translations;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of texts keyed by language tag")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Translations, A::Error> {
        let mut read = Translations::new();
        if self.strict {
            // A repeated language keeps its last text, as a map would.
            while let Some((language, text)) = map.next_entry::<Locale, String>()? {
                read.insert(language, text);
            }
            return Ok(read);
        }
        // Tags of one language (`zh-CN`, `zh-Hans`) resolve as the map of tags they were once
        // read into did: the greatest tag wins, and a repeated tag keeps its last text.
        let mut tags: Vec<(Locale, String)> = Vec::new();
        while let Some((tag, text)) = map.next_entry::<std::borrow::Cow<'de, str>, String>()? {
            let Some(language) = Locale::parse(&tag) else {
                continue;
            };
            match tags.iter_mut().find(|(l, _)| *l == language) {
                Some((_, kept)) if kept.as_str() > tag.as_ref() => continue,
                Some((_, kept)) => *kept = tag.into_owned(),
                None => tags.push((language, tag.into_owned())),
            }
            read.insert(language, text);
        }
        Ok(read)
    }
}

/// Reads a feed's translations leniently: an entry in a language this build does not know is
/// left out, like an unknown enum word, instead of failing the whole document. (The write API
/// reads [`Translations`] strictly and refuses such an entry by name.)
///
/// # Errors
/// When the value is not an object of strings.
pub fn read_known<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Translations, D::Error> {
    deserializer.deserialize_map(ByLanguage { strict: false })
}

/// Reads a feed's language tag leniently: one this build does not know reads as absent (the
/// page's default language).
///
/// # Errors
/// When the value is neither a string nor null.
pub fn read_known_language<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Locale>, D::Error> {
    let raw = Option::<String>::deserialize(deserializer)?;
    Ok(raw.as_deref().and_then(Locale::parse))
}

/// The text a reader is shown, and in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized<'a> {
    /// The text.
    pub text: &'a str,
    /// The language it is in (the `lang` of the element that shows it).
    pub language: Locale,
    /// Whether it is not the reader's language, because none was written in it: the reader
    /// is told ("shown in English: no Chinese text was published").
    pub fallback: bool,
}

/// What `reader` is shown of a text written in `own_language` with `translations`.
///
/// A translation that is blank counts as none, so an emptied field falls back instead of
/// showing nothing.
pub fn choose<'a>(
    reader: Locale,
    own: &'a str,
    own_language: Locale,
    translations: &'a Translations,
) -> Localized<'a> {
    if reader == own_language {
        return Localized {
            text: own,
            language: own_language,
            fallback: false,
        };
    }
    match translations.get(&reader).filter(|t| !t.trim().is_empty()) {
        Some(text) => Localized {
            text,
            language: reader,
            fallback: false,
        },
        None => Localized {
            text: own,
            language: own_language,
            fallback: true,
        },
    }
}

/// What `reader` is shown of a text whose language is `own_language`, or the page's
/// default `page` when the text does not say.
pub fn choose_text<'a>(
    reader: Locale,
    page: Locale,
    own: &'a str,
    own_language: Option<Locale>,
    translations: &'a Translations,
) -> Localized<'a> {
    choose(reader, own, own_language.unwrap_or(page), translations)
}

/// The same as [`choose`] for a name with no language of its own: it is in the page's
/// default language, and a missing translation falls back to it.
pub fn choose_name<'a>(
    reader: Locale,
    own: &'a str,
    page_language: Locale,
    translations: &'a Translations,
) -> &'a str {
    choose(reader, own, page_language, translations).text
}

/// The note beside a text shown in another language than the reader's, in the reader's
/// language: every outlet (pages, widget, Atom, support kit) says it the same way.
pub fn fallback_note(reader: Locale, shown: Locale) -> &'static str {
    match (reader, shown) {
        (Locale::En, Locale::ZhCn) => "Shown in Chinese: no English text was published.",
        (Locale::ZhCn, Locale::En) => "以英文显示：未发布中文内容。",
        // A text is never a fallback in the reader's own language.
        (Locale::En, Locale::En) | (Locale::ZhCn, Locale::ZhCn) => "",
    }
}

/// `translations` trimmed, without the blank ones: what is stored for a name or a title.
pub fn cleaned(translations: &Translations) -> Translations {
    translations
        .iter()
        .map(|(language, text)| (*language, text.trim().to_string()))
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(text: &str) -> Translations {
        Translations::from([(Locale::ZhCn, text.to_string())])
    }

    #[test]
    fn a_reader_of_the_written_language_gets_the_text_itself() {
        let translations = zh("结账缓慢。");
        let shown = choose(Locale::En, "Checkout is slow.", Locale::En, &translations);
        assert_eq!(shown.text, "Checkout is slow.");
        assert!(!shown.fallback);
    }

    #[test]
    fn a_reader_of_a_translated_language_gets_the_translation() {
        let translations = zh("结账缓慢。");
        let shown = choose(Locale::ZhCn, "Checkout is slow.", Locale::En, &translations);
        assert_eq!(shown.text, "结账缓慢。");
        assert_eq!(shown.language, Locale::ZhCn);
        assert!(!shown.fallback);
    }

    #[test]
    fn without_a_translation_the_reader_gets_the_text_as_written_and_is_told() {
        for translations in [Translations::new(), zh("  ")] {
            let shown = choose(Locale::ZhCn, "Checkout is slow.", Locale::En, &translations);
            assert_eq!(shown.text, "Checkout is slow.");
            assert_eq!(shown.language, Locale::En);
            assert!(shown.fallback);
        }
    }

    #[test]
    fn a_text_written_in_chinese_falls_back_for_english_readers() {
        let none = Translations::new();
        let shown = choose(Locale::En, "结账缓慢。", Locale::ZhCn, &none);
        assert_eq!(
            (shown.text, shown.language, shown.fallback),
            ("结账缓慢。", Locale::ZhCn, true)
        );
    }

    #[test]
    fn a_feed_keeps_the_translations_it_knows_and_leaves_out_the_others() {
        let update: crate::Update = serde_json::from_str(
            r#"{"id":"u1","at":"2026-11-20T08:36:00Z","audience":"public","status":"identified",
                "author":"a","text":"Slow.","language":"de","translations":{"zh-CN":"缓慢。","ja":"遅い。"}}"#,
        )
        .unwrap();
        assert_eq!(update.language, None);
        assert_eq!(update.translations, zh("缓慢。"));
    }

    #[test]
    fn translations_answer_as_the_map_they_replaced() {
        let mut map = std::collections::BTreeMap::new();
        let mut translations = Translations::new();
        for (language, text) in [
            (Locale::ZhCn, "一"),
            (Locale::En, "one"),
            (Locale::ZhCn, "二"),
        ] {
            assert_eq!(
                translations.insert(language, text.to_string()),
                map.insert(language, text.to_string())
            );
        }
        assert_eq!(
            translations.iter().collect::<Vec<_>>(),
            map.iter().collect::<Vec<_>>()
        );
        assert_eq!(
            serde_json::to_string(&translations).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        assert_eq!(translations.remove(&Locale::En), map.remove(&Locale::En));
        assert_eq!(translations.get(&Locale::En), None);
        assert_eq!(translations.len(), 1);
    }

    #[test]
    fn a_feeds_tags_of_one_language_resolve_as_the_map_of_tags_did() {
        // The reading before: every tag into a map of tags, then each known one filed.
        fn before(json: &str) -> Translations {
            let raw: std::collections::BTreeMap<String, String> =
                serde_json::from_str(json).unwrap();
            let mut known = Translations::new();
            for (tag, text) in raw {
                if let Some(locale) = Locale::parse(&tag) {
                    known.insert(locale, text);
                }
            }
            known
        }
        #[derive(serde::Deserialize)]
        struct Field(#[serde(deserialize_with = "read_known")] Translations);
        for json in [
            r#"{"zh-Hans":"甲","zh-CN":"乙"}"#,
            r#"{"zh-CN":"乙","zh-Hans":"甲"}"#,
            r#"{"zh-CN":"乙","zh-CN":"丙","de":"x"}"#,
            r#"{"en-GB":"a","en":"b","EN":"c","zh":"d"}"#,
            "{}",
        ] {
            let Field(now) = serde_json::from_str(json).unwrap();
            assert_eq!(now, before(json), "{json}");
        }
    }

    #[test]
    fn the_fallback_note_is_in_the_readers_language_and_names_the_shown_one() {
        assert!(fallback_note(Locale::En, Locale::ZhCn).starts_with("Shown in Chinese"));
        assert!(fallback_note(Locale::ZhCn, Locale::En).starts_with("以英文显示"));
        assert!(fallback_note(Locale::En, Locale::En).is_empty());
    }

    #[test]
    fn translations_are_keyed_by_language_tag_and_unknown_languages_are_refused() {
        let json = serde_json::to_string(&zh("结账缓慢。")).unwrap();
        assert_eq!(json, r#"{"zh-CN":"结账缓慢。"}"#);
        assert_eq!(
            serde_json::from_str::<Translations>(&json).unwrap(),
            zh("结账缓慢。")
        );
        assert!(serde_json::from_str::<Translations>(r#"{"zh-Hans":"x"}"#).is_ok());
        let error = serde_json::from_str::<Translations>(r#"{"de":"x"}"#).unwrap_err();
        assert!(error.to_string().contains("\"de\""), "{error}");
        assert!(serde_json::from_str::<Translations>(r#"{"zh-TW":"x"}"#).is_err());
    }
}
