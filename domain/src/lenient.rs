//! Reading documents Herald does not control (a Statuspage page, a document that may not be a
//! feed at all): a text where one is expected, and anything else read past instead of failing
//! the document.
//!
//! These read straight from the parser rather than through `serde_json::Value`, whose generic
//! tree (maps of values, numbers of every kind) was otherwise compiled into every browser
//! bundle for these few fields alone.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

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
        deserializer.deserialize_any(AnyTextVisitor)
    }
}

/// Reads every kind of value, keeping strings.
struct AnyTextVisitor;

impl<'de> Visitor<'de> for AnyTextVisitor {
    type Value = AnyText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, text: &str) -> Result<AnyText, E> {
        Ok(AnyText(Some(text.to_string())))
    }

    fn visit_string<E>(self, text: String) -> Result<AnyText, E> {
        Ok(AnyText(Some(text)))
    }

    fn visit_bool<E>(self, _: bool) -> Result<AnyText, E> {
        Ok(AnyText(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<AnyText, E> {
        Ok(AnyText(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<AnyText, E> {
        Ok(AnyText(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<AnyText, E> {
        Ok(AnyText(None))
    }

    fn visit_unit<E>(self) -> Result<AnyText, E> {
        Ok(AnyText(None))
    }

    fn visit_none<E>(self) -> Result<AnyText, E> {
        Ok(AnyText(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<AnyText, D::Error> {
        AnyText::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyText, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(AnyText(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyText, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(AnyText(None))
    }
}

/// The text under `key` of a JSON object: `Ok(None)` when the value is not an object, has no
/// such key or holds something else there; the last one wins when the key repeats.
///
/// # Errors
/// Only when the text is not JSON (broken or cut off, or with something after the value).
pub fn text_under(json: &str, key: &'static str) -> Result<Option<String>, serde_json::Error> {
    /// Reads an object's entries, keeping the one named `key`.
    struct Under(&'static str);

    impl<'de> Visitor<'de> for Under {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
            let mut found = None;
            while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if name == self.0 {
                    found = map.next_value::<AnyText>()?.0;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<String>, A::Error> {
            AnyTextVisitor.visit_seq(seq).map(|_| None)
        }

        fn visit_str<E>(self, _: &str) -> Result<Option<String>, E> {
            Ok(None)
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
    }

    let mut deserializer = serde_json::Deserializer::from_str(json);
    let found = deserializer.deserialize_any(Under(key))?;
    deserializer.end()?;
    Ok(found)
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
