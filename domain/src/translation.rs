//! Text in more than one language: what was written in one language, its translations, and
//! which of them a reader gets.
//!
//! Every translatable field keeps its own text as it always was (so a feed without
//! translations reads unchanged) and a map from language to translation beside it. A reader
//! gets their language when it was written, and otherwise the text as written with a note
//! saying so: a status page never hides an update because it is in the other language.

use std::collections::BTreeMap;

use crate::locale::Locale;

/// A text's translations, by language; in the feed, an object keyed by language tag
/// (`{"zh-CN": "…"}`).
pub type Translations = BTreeMap<Locale, String>;

/// Reads a feed's translations leniently: an entry in a language this build does not know is
/// left out, like an unknown enum word, instead of failing the whole document. (The write API
/// reads [`Translations`] strictly and refuses such an entry by name.)
///
/// # Errors
/// When the value is not an object of strings.
pub fn read_known<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Translations, D::Error> {
    use serde::Deserialize;
    let raw = BTreeMap::<String, String>::deserialize(deserializer)?;
    // Inserted one by one: collecting into a map sorts its entries first, with a copy of the
    // standard sort compiled for them alone (about 4 KB of wasm).
    let mut known = Translations::new();
    for (tag, text) in raw {
        if let Some(locale) = Locale::parse(&tag) {
            known.insert(locale, text);
        }
    }
    Ok(known)
}

/// Reads a feed's language tag leniently: one this build does not know reads as absent (the
/// page's default language).
///
/// # Errors
/// When the value is neither a string nor null.
pub fn read_known_language<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Locale>, D::Error> {
    use serde::Deserialize;
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
