//! The languages Herald writes in: a leaf every model type may use.

/// A language Herald writes in; in the feed, its BCP 47 tag (`en`, `zh-CN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Locale {
    /// Every supported language.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// Picks the closest supported language for a BCP 47 tag (`zh-Hans-CN` → Chinese).
    pub fn from_tag(tag: &str) -> Self {
        let tag = tag.to_ascii_lowercase();
        let traditional = ["zh-hant", "zh-tw", "zh-hk", "zh-mo"]
            .iter()
            .any(|t| tag.starts_with(t));
        if tag.starts_with("zh") && !traditional {
            Locale::ZhCn
        } else {
            Locale::En
        }
    }

    /// The language a tag names exactly enough to file text under it: `en` and its regions,
    /// `zh`, `zh-CN`, `zh-SG` and `zh-Hans…`; `None` for any other language, so a translation
    /// in a language Herald does not know is refused rather than filed as English.
    pub fn parse(tag: &str) -> Option<Self> {
        let tag = tag.to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Locale::En),
            "zh" if Locale::from_tag(&tag) == Locale::ZhCn => Some(Locale::ZhCn),
            _ => None,
        }
    }

    /// The language's name in itself, as a language menu lists it ("English", "简体中文").
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
        }
    }

    /// The BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }
}

impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

impl<'de> serde::Deserialize<'de> for Locale {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Locale::parse(&tag).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "language {tag:?} is not one Herald writes (en, zh-CN)"
            ))
        })
    }
}
