//! Update text as HTML: the domain's safe Markdown tree written out with every piece of text
//! escaped, the same tree the browser apps render element by element. Nothing a text holds can
//! become markup: raw HTML in it is text, and a link keeps only a safe scheme.

use std::fmt::Write;

use herald_domain::markdown::{parse, Block, Inline};
use herald_domain::translation::fallback_note;
use herald_domain::{Locale, Localized};
use html_escape::{encode_double_quoted_attribute, encode_text};

/// A published text for a reader of `reader`: in its own `lang`, `dir="auto"`, after the
/// fallback note when it is not in the reader's language.
pub fn published(shown: Localized<'_>, reader: Locale) -> String {
    let mut html = format!(
        r#"<div class="published-text" lang="{}" dir="auto">"#,
        shown.language.tag()
    );
    if shown.fallback {
        let _ = write!(
            html,
            r#"<p class="fallback-note" data-testid="fallback-note" lang="{}">{}</p>"#,
            reader.tag(),
            encode_text(fallback_note(reader, shown.language))
        );
    }
    html.push_str(r#"<div class="update-text" dir="auto">"#);
    blocks(&mut html, &parse(shown.text));
    html.push_str("</div></div>");
    html
}

fn blocks(html: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(content) => wrap(html, "<p>", content, "</p>"),
            Block::Heading(content) => {
                wrap(
                    html,
                    r#"<p class="md-heading"><strong>"#,
                    content,
                    "</strong></p>",
                );
            }
            Block::List { ordered, items } => {
                html.push_str(if *ordered { "<ol>" } else { "<ul>" });
                for item in items {
                    html.push_str("<li>");
                    self::blocks(html, item);
                    html.push_str("</li>");
                }
                html.push_str(if *ordered { "</ol>" } else { "</ul>" });
            }
            Block::Quote(content) => {
                html.push_str("<blockquote>");
                self::blocks(html, content);
                html.push_str("</blockquote>");
            }
            Block::Code(code) => {
                let _ = write!(html, "<pre><code>{}</code></pre>", encode_text(code));
            }
            Block::Rule => html.push_str("<hr>"),
        }
    }
}

fn wrap(html: &mut String, open: &str, content: &[Inline], close: &str) {
    html.push_str(open);
    inlines(html, content);
    html.push_str(close);
}

fn inlines(html: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => html.push_str(&encode_text(text)),
            Inline::Code(code) => {
                let _ = write!(html, "<code>{}</code>", encode_text(code));
            }
            Inline::Strong(content) => wrap(html, "<strong>", content, "</strong>"),
            Inline::Emphasis(content) => wrap(html, "<em>", content, "</em>"),
            Inline::Strike(content) => wrap(html, "<s>", content, "</s>"),
            Inline::Link { href, children } => {
                let _ = write!(
                    html,
                    r#"<a href="{}" rel="nofollow noopener">"#,
                    encode_double_quoted_attribute(href)
                );
                self::inlines(html, children);
                html.push_str("</a>");
            }
            Inline::Break => html.push_str("<br>"),
        }
    }
}

/// A published text as plain text, for the text part of an email: paragraphs apart, list items
/// on their own lines, a link's address after its words. Nothing is escaped: plain text is
/// never read as markup.
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    plain_blocks(&mut out, &parse(text), "");
    out.trim_end().to_string()
}

fn plain_blocks(out: &mut String, blocks: &[Block], indent: &str) {
    for block in blocks {
        match block {
            Block::Paragraph(content) | Block::Heading(content) => {
                out.push_str(indent);
                plain_inlines(out, content, indent);
                out.push_str("\n\n");
            }
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}. ", n + 1)
                    } else {
                        "- ".to_string()
                    };
                    let mut inner = String::new();
                    plain_blocks(&mut inner, item, "");
                    let nested = format!("{indent}{}", " ".repeat(marker.len()));
                    for (i, line) in inner.trim_end().lines().enumerate() {
                        if i == 0 {
                            let _ = writeln!(out, "{indent}{marker}{line}");
                        } else if line.is_empty() {
                            out.push('\n');
                        } else {
                            let _ = writeln!(out, "{nested}{line}");
                        }
                    }
                }
                out.push('\n');
            }
            Block::Quote(content) => {
                let mut inner = String::new();
                plain_blocks(&mut inner, content, "");
                for line in inner.trim_end().lines() {
                    let _ = writeln!(out, "{indent}> {line}");
                }
                out.push('\n');
            }
            Block::Code(code) => {
                for line in code.trim_end().lines() {
                    let _ = writeln!(out, "{indent}    {line}");
                }
                out.push('\n');
            }
            Block::Rule => {
                let _ = write!(out, "{indent}----\n\n");
            }
        }
    }
}

fn plain_inlines(out: &mut String, inlines: &[Inline], indent: &str) {
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Strong(content) | Inline::Emphasis(content) | Inline::Strike(content) => {
                plain_inlines(out, content, indent);
            }
            Inline::Link { href, children } => {
                let mut words = String::new();
                plain_inlines(&mut words, children, indent);
                let bare = href.strip_prefix("mailto:").unwrap_or(href);
                if words == *href || words == bare {
                    out.push_str(&words);
                } else {
                    let _ = write!(out, "{words} ({bare})");
                }
            }
            Inline::Break => {
                out.push('\n');
                out.push_str(indent);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        published(
            Localized {
                text,
                language: Locale::En,
                fallback: false,
            },
            Locale::En,
        )
    }

    #[test]
    fn markup_in_a_text_is_text() {
        let html =
            shown("Text <script>alert(1)</script> and **bold** <img src=x onerror=alert(1)>");
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;") && html.contains("<strong>bold</strong>"));
    }

    #[test]
    fn only_safe_links_survive_and_their_address_cannot_break_out() {
        let html = shown(r#"[status](https://example.com/?a="><b>) [x](javascript:alert(1))"#);
        assert!(
            !html.contains("javascript:") || !html.contains("href=\"javascript"),
            "{html}"
        );
        assert!(!html.contains("\"><b>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.com/?a=&quot;&gt;&lt;b&gt;""#),
            "{html}"
        );
    }

    #[test]
    fn a_fallback_says_so_in_the_reader_s_language() {
        let html = published(
            Localized {
                text: "We are investigating.",
                language: Locale::En,
                fallback: true,
            },
            Locale::ZhCn,
        );
        assert!(html.contains(r#"lang="en" dir="auto""#));
        assert!(html.contains("以英文显示：未发布中文内容。"));
    }
    #[test]
    fn plain_text_keeps_the_words_and_shows_link_addresses() {
        let text = plain(
            "We are **investigating** failed [checkouts](https://status.example.com/x).\n\n- Retry in a minute\n- Use the app\n\nSee <b>not markup</b>",
        );
        assert_eq!(
            text,
            "We are investigating failed checkouts (https://status.example.com/x).\n\n- Retry in a minute\n- Use the app\n\nSee not markup"
        );
    }
}
