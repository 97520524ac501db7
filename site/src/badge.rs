//! The status badge: an SVG in shields.io's flat geometry (20 px high, a grey label and a
//! coloured message, Verdana 11 px), so it sits beside a project's other badges.

use herald_domain::{Indicator, Locale};
use html_escape::encode_text;

use crate::words::words;

/// The badge's message: one or two words, as badges say it.
fn message(indicator: Indicator, locale: Locale) -> &'static str {
    match (indicator, locale) {
        (Indicator::None, Locale::En) => "operational",
        (Indicator::Maintenance, Locale::En) => "maintenance",
        (Indicator::Minor, Locale::En) => "minor outage",
        (Indicator::Major, Locale::En) => "partial outage",
        (Indicator::Critical, Locale::En) => "major outage",
        (Indicator::None, Locale::ZhCn) => "正常",
        (Indicator::Maintenance, Locale::ZhCn) => "维护中",
        (Indicator::Minor, Locale::ZhCn) => "轻微中断",
        (Indicator::Major, Locale::ZhCn) => "部分中断",
        (Indicator::Critical, Locale::ZhCn) => "重大中断",
    }
}

/// shields.io's named colours for each state.
fn colour(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::None => "#4c1",
        Indicator::Maintenance => "#007ec6",
        Indicator::Minor => "#dfb317",
        Indicator::Major => "#fe7d37",
        Indicator::Critical => "#e05d44",
    }
}

/// Width in pixels of `text` in Verdana 11 px, close enough for the badge to fit its words
/// (the shapes, not a font file: the badge must not depend on fonts at render time).
fn text_width(text: &str) -> u32 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 35,
            ' ' | 'f' | 'r' | 't' | '(' | ')' | '-' => 45,
            'm' | 'w' => 95,
            'M' | 'W' => 105,
            'A'..='Z' => 75,
            '0'..='9' | 'a'..='z' => 65,
            c if c.is_ascii() => 65,
            // CJK and other wide scripts fill the em square.
            _ => 110,
        })
        .sum::<u32>()
        .div_ceil(10)
}

/// The badge for `indicator`, its words in `locale`.
pub fn badge(indicator: Indicator, locale: Locale) -> String {
    let label = words(locale).badge_label;
    let message = message(indicator, locale);
    let (label_text, message_text) = (text_width(label), text_width(message));
    let (left, right) = (label_text + 10, message_text + 10);
    let width = left + right;
    let title = match locale {
        Locale::En => format!("{label}: {message}"),
        Locale::ZhCn => format!("{label}：{message}"),
    };
    // Text is drawn at 10× and scaled down, as shields.io does, for crisp sub-pixel placement.
    let label_x = left * 5;
    let message_x = left * 10 + right * 5;
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{title}" lang="{lang}">"#,
            "<title>{title}</title>",
            r##"<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##,
            r##"<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>"##,
            r##"<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" fill="{colour}"/><rect width="{width}" height="20" fill="url(#s)"/></g>"##,
            r##"<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">"##,
            r##"<text aria-hidden="true" x="{label_x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{label_length}">{label}</text>"##,
            r##"<text x="{label_x}" y="140" transform="scale(.1)" fill="#fff" textLength="{label_length}">{label}</text>"##,
            r##"<text aria-hidden="true" x="{message_x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{message_length}">{message}</text>"##,
            r##"<text x="{message_x}" y="140" transform="scale(.1)" fill="#fff" textLength="{message_length}">{message}</text>"##,
            "</g></svg>"
        ),
        width = width,
        left = left,
        right = right,
        colour = colour(indicator),
        title = encode_text(&title),
        lang = locale.tag(),
        label = encode_text(label),
        message = encode_text(message),
        label_x = label_x,
        message_x = message_x,
        label_length = label_text * 10,
        message_length = message_text * 10,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_is_twenty_pixels_high_with_a_title_and_an_image_role() {
        let svg = badge(Indicator::Critical, Locale::En);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r#"height="20" role="img" aria-label="status: major outage""#));
        assert!(svg.contains("<title>status: major outage</title>"));
        assert!(svg.contains("#e05d44"));
    }

    #[test]
    fn longer_words_make_a_wider_badge_and_chinese_has_its_own() {
        let width = |svg: &str| -> u32 {
            svg.split("width=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let ok = badge(Indicator::None, Locale::En);
        let partial = badge(Indicator::Major, Locale::En);
        assert!(width(&partial) > width(&ok));
        let zh = badge(Indicator::None, Locale::ZhCn);
        assert!(zh.contains("<title>状态：正常</title>") && zh.contains(r#"lang="zh-CN""#));
    }
}
