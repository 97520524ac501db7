//! Reading documents Herald does not control (a Statuspage page, a document that may not be a
//! feed at all): a text where one is expected, and anything else read past instead of failing
//! the document.
//!
//! These read straight from the parser rather than through `serde_json::Value`, whose generic
//! tree (maps of values, numbers of every kind) was otherwise compiled into every browser
//! bundle for these few fields alone. What they do not keep they still read as strictly as a
//! `Value` would, so a document `Value` refused as broken is refused as broken still.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Any JSON value, kept only when it is a string: `"identified"` reads as that text; a number,
/// `true`, `null`, an array or an object read as no text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnyText(pub Option<String>);

impl AnyText {
    /// The text, when the value was a string.
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de> Deserialize<'de> for AnyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Keep::Text).map(AnyText)
    }
}

/// A word naming one of an enum's unit variants, read from any value the way serde reads such
/// a variant out of a `serde_json::Value`: a string, or an object with exactly that one key
/// and a null value (serde's externally tagged form; the last of a repeated key counts).
/// Anything else is no word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnyWord(pub Option<String>);

impl AnyWord {
    /// The word, when the value named one.
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de> Deserialize<'de> for AnyWord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Keep::Word).map(AnyWord)
    }
}

/// The text under `key` of a JSON object: `Ok(None)` when the value is not an object, has no
/// such key or holds something else there; the last one wins when the key repeats.
///
/// # Errors
/// When the text is not JSON as `serde_json::Value` reads it (broken or cut off, with
/// something after the value, a lone surrogate escape, a number out of range, nested too deep).
pub fn text_under(json: &str, key: &'static str) -> Result<Option<String>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let found = deserializer.deserialize_any(Keep::Under(key))?;
    deserializer.end()?;
    Ok(found)
}

/// What one reading keeps of a value; everything else is read, checked and dropped. One
/// visitor for the three, so the bundle compiles the walk over a value once.
#[derive(Clone, Copy)]
enum Keep {
    /// A string.
    Text,
    /// A string, or the key of an object with one key over null.
    Word,
    /// The string under this key of an object.
    Under(&'static str),
}

impl<'de> Visitor<'de> for Keep {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, text: &str) -> Result<Option<String>, E> {
        Ok(match self {
            Keep::Text | Keep::Word => Some(text.to_string()),
            Keep::Under(_) => None,
        })
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<String>, A::Error> {
        Checked.visit_seq(seq).map(|_| None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        match self {
            Keep::Text => Checked.visit_map(map).map(|_| None),
            Keep::Under(wanted) => {
                let mut found = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == wanted {
                        found = map.next_value::<AnyText>()?.0;
                    } else {
                        map.next_value::<Checked>()?;
                    }
                }
                Ok(found)
            }
            Keep::Word => {
                // Each distinct key with whether its last value was null, as an object holds it.
                let mut keys: Vec<(String, bool)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let null = map.next_value::<Option<Checked>>()?.is_none();
                    match keys.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 = null,
                        None => keys.push((key, null)),
                    }
                }
                Ok(match keys.as_slice() {
                    [(key, true)] => Some(key.clone()),
                    _ => None,
                })
            }
        }
    }
}

/// Any JSON value, read as strictly as `serde_json::Value` reads one and then dropped: its
/// strings decoded (a lone surrogate escape is refused), its numbers in range, its nesting
/// within the parser's limit. Skipping with `IgnoredAny` checks none of these, so broken JSON
/// inside a value Herald does not keep would pass where the `Value` this replaces refused it.
#[derive(Clone, Copy)]
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Checked)
    }
}

impl<'de> Visitor<'de> for Checked {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_none<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Checked, D::Error> {
        Checked::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Checked)
    }
}

#[cfg(test)]
mod tests {
    use super::{text_under, AnyText};

    #[test]
    fn any_value_reads_and_only_strings_are_kept() {
        let read = |json: &str| serde_json::from_str::<AnyText>(json).unwrap().0;
        assert_eq!(read(r#""identified""#), Some("identified".to_string()));
        assert_eq!(read(r#""caf\u00e9""#), Some("café".to_string()));
        for other in [
            "null",
            "true",
            "3",
            "-2",
            "1.5e3",
            "[1, [2], {}]",
            r#"{"a": {"b": [null]}}"#,
        ] {
            assert_eq!(read(other), None, "{other}");
        }
        assert!(serde_json::from_str::<AnyText>("[1, 2").is_err());
    }

    /// What `serde_json::Value` refuses, anywhere in a value these read past.
    const BROKEN_INSIDE: [&str; 5] = [
        r#"["\ud83d"]"#,
        r#"{"a": 1e400}"#,
        "[1,]",
        r#"{"a": {"b": "\q"}}"#,
        "",
    ];

    #[test]
    fn what_a_value_refuses_inside_is_refused_still_with_its_reason() {
        let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
        for broken in BROKEN_INSIDE.iter().copied().chain([deep.as_str()]) {
            let wrapped = format!(r#"{{"schema": "1.2", "x": {broken}}}"#);
            let value = serde_json::from_str::<serde_json::Value>(&wrapped).unwrap_err();
            let under = text_under(&wrapped, "schema").unwrap_err();
            assert_eq!(under.to_string(), value.to_string(), "{wrapped}");
            assert_eq!(under.classify(), value.classify(), "{wrapped}");
            let text = serde_json::from_str::<AnyText>(&wrapped).unwrap_err();
            assert_eq!(text.to_string(), value.to_string(), "{wrapped}");
        }
    }

    #[test]
    fn a_word_is_a_string_or_serdes_one_key_object_over_null() {
        let read = |json: &str| serde_json::from_str::<super::AnyWord>(json).unwrap().0;
        assert_eq!(read(r#""resolved""#), Some("resolved".to_string()));
        assert_eq!(read(r#"{"resolved": null}"#), Some("resolved".to_string()));
        assert_eq!(
            read(r#"{"resolved": null, "resolved": null}"#),
            Some("resolved".to_string())
        );
        assert_eq!(
            read(r#"{"resolved": 1, "resolved": null}"#),
            Some("resolved".to_string())
        );
        for other in [
            r#"{"resolved": {}}"#,
            r#"{"a": null, "b": null}"#,
            "{}",
            "[\"resolved\"]",
            "3",
            "null",
        ] {
            assert_eq!(read(other), None, "{other}");
        }
        // The same words serde reads out of a `Value` for a unit variant.
        for json in [
            r#""resolved""#,
            r#"{"resolved": null}"#,
            r#"{"resolved": {}}"#,
            r#"{"resolved": null, "x": null}"#,
            "7",
        ] {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let from_value = serde_json::from_value::<crate::IncidentStatus>(value).ok();
            let from_word =
                read(json).and_then(|w| serde_json::from_value(serde_json::Value::String(w)).ok());
            assert_eq!(from_word, from_value, "{json}");
        }
    }

    #[test]
    fn the_text_under_a_key_is_found_in_objects_only() {
        assert_eq!(
            text_under(r#"{"a": [1, {"schema": "x"}], "schema": "1.2"}"#, "schema").unwrap(),
            Some("1.2".to_string())
        );
        assert_eq!(
            text_under(r#"{"schema": "1.0", "schema": "2.0"}"#, "schema").unwrap(),
            Some("2.0".to_string())
        );
        for other in [
            r#"{"schema": 1}"#,
            r#"{"other": "1.0"}"#,
            r#"["schema", "1.0"]"#,
            r#""1.0""#,
            "null",
            "7",
        ] {
            assert_eq!(text_under(other, "schema").unwrap(), None, "{other}");
        }
        for broken in [
            r#"{"schema": "1.0""#,
            r#"{"schema": "1.0"} x"#,
            r#"{"a": "\q"}"#,
            "",
            "{,}",
        ] {
            assert!(text_under(broken, "schema").is_err(), "{broken}");
        }
    }
}
