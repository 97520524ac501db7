//! Update text is Markdown; this turns it into a small tree of safe blocks and inlines that a
//! view renders element by element, never as HTML.
//!
//! Safety is by construction: raw HTML in the text becomes literal text, images become their
//! alt text (a status feed loads nothing from elsewhere), and a link survives only with an
//! `http`, `https` or `mailto` address. There is no variant that could carry markup.
//!
//! Statuspage bodies carry a little HTML (`<b>Customer Impact:</b>`, `<br />`, `<a href>`,
//! `<ul><li><strong>`, about one update in nine). The reader finds each tag (as inline HTML,
//! or as an HTML block) by CommonMark's rules; the few tags that mean bold, italics, a line
//! break, a link or a list become the same safe tree, and every other tag stays literal text.
//!
//! The reader is Herald's own (`blocks`, `inlines`): CommonMark without tables, footnotes or
//! smart punctuation, plus strikethrough, which is what status updates use. pulldown-cmark
//! read it before and was 78 KB gzip of every browser bundle, most of it tables (2,125 entity
//! names, Unicode case folding) an update never needs; it stays as the tests' reference, and
//! the two agree on the real corpus (BENCHMARKS.md).

mod blocks;
mod inlines;
#[cfg(test)]
mod reference;

/// A block of rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A heading, shown as emphasised text: updates are short and headings are rare.
    Heading(Vec<Inline>),
    /// A list; `ordered` numbers it. Each item is a list of blocks.
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Block>>,
    },
    /// A quotation.
    Quote(Vec<Block>),
    /// Preformatted code.
    Code(String),
    /// A thematic break.
    Rule,
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, shown as text whatever it contains.
    Text(String),
    /// Inline code.
    Code(String),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Emphasis.
    Emphasis(Vec<Inline>),
    /// Struck-through text.
    Strike(Vec<Inline>),
    /// A link with a checked address.
    Link {
        /// The address: `http:`, `https:` or `mailto:` only.
        href: String,
        /// What the link says.
        children: Vec<Inline>,
    },
    /// A hard line break.
    Break,
}

/// Whether an address may become a link: only schemes that cannot run code.
pub fn is_safe_href(href: &str) -> bool {
    // Browsers drop whitespace and control characters inside a scheme (`java\tscript:`), so
    // the check looks at what the browser would see.
    let visible = crate::lowercase::lowercase_chars(
        href.chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .take(8),
    );
    visible.starts_with("https://")
        || visible.starts_with("http://")
        || visible.starts_with("mailto:")
}

/// A tag of the safe HTML subset, as pulldown-cmark hands it over (`<b>`, `</a>`, `<br />`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum HtmlTag {
    /// `<b>`, `<strong>`, `<i>`, `<em>`, `<a href>`: opens inline content.
    Open(HtmlInline),
    /// The matching end tag.
    Close(HtmlInline),
    /// `<br>`, `<br/>`, `<br />`.
    Break,
    /// `<ul>`, `<ol>`, `<li>`, `<p>`, `<div>` and their ends: structure, in an HTML block.
    Block(&'static str),
}

/// Inline content an HTML tag opens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HtmlInline {
    Strong,
    Emphasis,
    /// A link; its address only when it is safe.
    Link(Option<String>),
}

impl HtmlInline {
    fn same_kind(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// Reads one tag of the safe subset; `None` for anything else, which stays text.
fn html_tag(raw: &str) -> Option<HtmlTag> {
    let inner = raw.trim().strip_prefix('<')?.strip_suffix('>')?.trim();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    let name_end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let attributes = &inner[name_end..];
    let inline = match name.as_str() {
        "b" | "strong" => HtmlInline::Strong,
        "i" | "em" => HtmlInline::Emphasis,
        "a" if closing => HtmlInline::Link(None),
        "a" => HtmlInline::Link(href_of(attributes).filter(|h| is_safe_href(h))),
        "br" => return Some(HtmlTag::Break),
        "ul" | "ol" | "li" | "p" | "div" => {
            let token = match (name.as_str(), closing) {
                ("li", false) => "li",
                ("ol", false) => "ol",
                _ => "paragraph",
            };
            return Some(HtmlTag::Block(token));
        }
        _ => return None,
    };
    Some(if closing {
        HtmlTag::Close(inline)
    } else {
        HtmlTag::Open(inline)
    })
}

/// The `href` attribute's value, quoted or not, with its entities decoded.
fn href_of(attributes: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let at = lower.find("href")?;
    let rest = attributes[at + 4..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let value = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
        _ => rest.split(|c: char| c.is_whitespace()).next()?,
    };
    Some(decode_entities(value).trim().to_string())
}

/// `text` with its HTML character references (`&amp;`, `&#39;`, `&eacute;`) decoded as the
/// Markdown spec decodes them, named ones by the reader's table of the 2,125. As a browser
/// does, a numeric reference to a C1 control (`&#150;`, from text pasted out of old word
/// processors) reads as the Windows-1252 character; unlike a browser, a name without its `;`
/// (`&amp` in running text) and a number of more than seven digits stay as written.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let windows = windows_1252_references(text);
    std::borrow::Cow::Owned(inlines::resolve_references(
        windows.as_deref().unwrap_or(text),
    ))
}

/// What the HTML standard reads for the numeric references `&#128;` to `&#159;`.
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// `text` with its references to C1 controls (`&#150;`, `&#x96;`) replaced by the characters
/// browsers show for them; `None` when it has none.
fn windows_1252_references(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut done = 0;
    for (at, _) in text.match_indices("&#") {
        if at < done {
            continue;
        }
        let rest = &text[at + 2..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 || len > 7 || !digits[len..].starts_with(';') {
            continue;
        }
        let Ok(code) = u32::from_str_radix(&digits[..len], radix) else {
            continue;
        };
        if let Some(&c) = code
            .checked_sub(0x80)
            .and_then(|i| WINDOWS_1252.get(i as usize))
        {
            out.push_str(&text[done..at]);
            out.push(c);
            done = at + 2 + (rest.len() - digits.len()) + len + 1;
        }
    }
    (done > 0).then(|| {
        out.push_str(&text[done..]);
        out
    })
}

/// An HTML block's raw text as Markdown structure (lists and paragraphs), its inline tags left
/// for the second parse to read as inline HTML; anything else stays as it is.
fn html_block_as_markdown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut numbered = false;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start].replace('\n', " "));
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = &rest[start..=start + end];
        match html_tag(tag) {
            Some(HtmlTag::Block("li")) => out.push_str(if numbered { "\n1. " } else { "\n- " }),
            Some(HtmlTag::Block("ol")) => {
                numbered = true;
                out.push_str("\n\n");
            }
            Some(HtmlTag::Block(_)) => {
                if tag.to_ascii_lowercase().contains("ol") {
                    numbered = false;
                }
                out.push_str("\n\n");
            }
            // Inline tags and anything unknown: as written, for the second parse.
            _ => out.push_str(tag),
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(&rest.replace('\n', " "));
    out
}

/// Parses update text into safe blocks. Never fails: anything unusual is kept as text.
pub fn parse(text: &str) -> Vec<Block> {
    merge_text(blocks::blocks(text, true))
}

/// Adjacent text runs come from the parser in pieces; one run per piece of text reads better.
fn merge_text(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .map(|block| match block {
            Block::Paragraph(inlines) => Block::Paragraph(merge_inlines(inlines)),
            Block::Heading(inlines) => Block::Heading(merge_inlines(inlines)),
            Block::Quote(blocks) => Block::Quote(merge_text(blocks)),
            Block::List { ordered, items } => Block::List {
                ordered,
                items: items.into_iter().map(merge_text).collect(),
            },
            other => other,
        })
        .collect()
}

fn merge_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Strong(children) => Inline::Strong(merge_inlines(children)),
            Inline::Emphasis(children) => Inline::Emphasis(merge_inlines(children)),
            Inline::Strike(children) => Inline::Strike(merge_inlines(children)),
            Inline::Link { href, children } => Inline::Link {
                href,
                children: merge_inlines(children),
            },
            other => other,
        };
        match (merged.last_mut(), inline) {
            (Some(Inline::Text(previous)), Inline::Text(next)) => previous.push_str(&next),
            (_, inline) => merged.push(inline),
        }
    }
    merged
}

/// The opening of update text for a one-line list ("since you last looked"): the first
/// paragraph's inlines, with emphasis, code and links kept, cut after `limit` characters of
/// text with "…". Lists and quotes give their first paragraph; code gives its first line.
pub fn summary(text: &str, limit: usize) -> Vec<Inline> {
    let blocks = parse(text);
    let whole: usize = blocks.iter().map(block_chars).sum();
    let first = blocks
        .into_iter()
        .find_map(first_inlines)
        .unwrap_or_default();
    let shown = first.iter().map(inline_chars).sum::<usize>().min(limit);
    let mut budget = Budget {
        left: limit,
        cut: false,
    };
    let mut kept = cut(first, &mut budget);
    // Later paragraphs, items or lines left out are text left out too: "…" says so.
    if !budget.cut && whole > shown {
        kept.push(Inline::Text(" …".into()));
    }
    kept
}

/// Characters of visible text in a block, for telling whether a summary left any out.
fn block_chars(block: &Block) -> usize {
    match block {
        Block::Paragraph(inlines) | Block::Heading(inlines) => {
            inlines.iter().map(inline_chars).sum()
        }
        Block::List { items, .. } => items.iter().flatten().map(block_chars).sum(),
        Block::Quote(blocks) => blocks.iter().map(block_chars).sum(),
        Block::Code(code) => code.trim().chars().count(),
        Block::Rule => 0,
    }
}

/// Characters of visible text in an inline (a line break shows none).
fn inline_chars(inline: &Inline) -> usize {
    match inline {
        Inline::Text(text) | Inline::Code(text) => text.trim().chars().count(),
        Inline::Strong(children) | Inline::Emphasis(children) | Inline::Strike(children) => {
            children.iter().map(inline_chars).sum()
        }
        Inline::Link { children, .. } => children.iter().map(inline_chars).sum(),
        Inline::Break => 0,
    }
}

fn first_inlines(block: Block) -> Option<Vec<Inline>> {
    match block {
        Block::Paragraph(inlines) | Block::Heading(inlines) => Some(inlines),
        Block::List { items, .. } => items.into_iter().flatten().find_map(first_inlines),
        Block::Quote(blocks) => blocks.into_iter().find_map(first_inlines),
        Block::Code(code) => code
            .lines()
            .next()
            .map(|l| vec![Inline::Code(l.to_string())]),
        Block::Rule => None,
    }
}

/// How much text a summary may still show, and whether it has already been cut.
struct Budget {
    left: usize,
    cut: bool,
}

/// `inlines` with at most `budget.left` characters of text, ending in "…" wherever text was left
/// out: inside the inline that was cut, or after the last whole one when the budget ran out
/// exactly at its end (a summary that stopped there read as complete).
fn cut(inlines: Vec<Inline>, budget: &mut Budget) -> Vec<Inline> {
    let mut kept = Vec::new();
    let mut rest = inlines.into_iter();
    while let Some(inline) = rest.next() {
        if budget.left == 0 {
            if !budget.cut && (inline_chars(&inline) > 0 || rest.any(|i| inline_chars(&i) > 0)) {
                kept.push(Inline::Text("…".into()));
                budget.cut = true;
            }
            break;
        }
        let shortened = |text: String, budget: &mut Budget| {
            let count = text.chars().count();
            if count <= budget.left {
                budget.left -= count;
                text
            } else {
                let keep = budget.left.saturating_sub(1);
                budget.left = 0;
                budget.cut = true;
                format!(
                    "{}…",
                    text.chars().take(keep).collect::<String>().trim_end()
                )
            }
        };
        kept.push(match inline {
            Inline::Text(text) => Inline::Text(shortened(text, budget)),
            Inline::Code(code) => Inline::Code(shortened(code, budget)),
            Inline::Strong(children) => Inline::Strong(cut(children, budget)),
            Inline::Emphasis(children) => Inline::Emphasis(cut(children, budget)),
            Inline::Strike(children) => Inline::Strike(cut(children, budget)),
            Inline::Link { href, children } => Inline::Link {
                href,
                children: cut(children, budget),
            },
            Inline::Break => Inline::Text(" ".into()),
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn character_references_are_decoded_as_a_browser_would_and_nothing_else_changes() {
        for (written, meant) in [
            ("Tom &amp; Jerry", "Tom & Jerry"),
            ("&lt;b&gt; is not bold", "<b> is not bold"),
            ("it&#39;s back, it&#x27;s fine", "it's back, it's fine"),
            ("caf&eacute; &nbsp;open", "café \u{a0}open"),
            ("  padded &amp; kept  ", "  padded & kept  "),
            (
                "a\\b &amp; [x](y) *not* _markdown_",
                "a\\b & [x](y) *not* _markdown_",
            ),
            (
                "line one &amp;\nline two &gt; <raw> &unknown; &",
                "line one &\nline two > <raw> &unknown; &",
            ),
            ("no references at all", "no references at all"),
            ("it&#146;s &#150; &#x93;quoted&#x94;", "it’s – “quoted”"),
        ] {
            assert_eq!(decode_entities(written), meant, "{written:?}");
        }
    }

    #[test]
    fn hostile_nesting_and_long_runs_read_as_text_past_their_limits() {
        // The parser before this one overflowed the stack on 50,000 quote marks: in the
        // browser that is an abort of the whole page.
        let deep = parse(&">".repeat(50_000));
        assert!(!deep.is_empty());
        for text in [
            "- ".repeat(30_000),
            "[".repeat(100_000),
            "[a](".repeat(20_000),
            "*_".repeat(50_000),
            "`` ` ".repeat(20_000),
            "<a ".repeat(30_000),
        ] {
            let blocks = parse(&text);
            assert!(!blocks.is_empty(), "{}", &text[..8]);
        }
    }

    #[test]
    fn control_characters_at_a_line_start_are_text_and_never_stop_the_reader() {
        // "\u{1}>" once looped for ever, allocating until the process died: the reader marked
        // lazy lines with that character inside the text.
        for text in [
            "\u{1}>",
            "\u{1}> a\n> b",
            "\u{1}    code\n    more",
            "\u{1}- a\n- b",
            "\u{1}<div>\nx",
            "> a\n\u{1}b\n\u{1}> c",
            "- a\n\u{1}    b\n\u{1}- c",
            "\u{0}>\u{0}\n\u{1}\u{1}",
        ] {
            assert_eq!(parse(text), reference::parse(text), "{text:?}");
        }
    }

    #[test]
    fn every_named_reference_html_defines_decodes_to_its_characters_and_no_other_name_does() {
        for (name, value) in &html_escape::NAMED_ENTITIES {
            let name = std::str::from_utf8(name).unwrap();
            assert_eq!(decode_entities(&format!("&{name};")), *value, "{name}");
        }
        for unknown in ["&notit;", "&ampx;", "&AMP", "&;", "&#;", "&#x;", "&Amp;"] {
            assert_eq!(decode_entities(unknown), unknown);
        }
    }

    proptest! {
        #[test]
        fn decoding_agrees_with_html_escape_on_text_with_references(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[a-zA-Z0-9 .,:;!?()\\[\\]*_#/\\\\\n<>-]{0,12}",
                    Just("&amp;".to_string()),
                    Just("&lt;".to_string()),
                    Just("&quot;".to_string()),
                    Just("&#39;".to_string()),
                    Just("&#x4e2d;".to_string()),
                    Just("&hellip;".to_string()),
                    Just("&rarr;".to_string()),
                ],
                0..12,
            )
        ) {
            let written: String = parts.concat();
            prop_assert_eq!(
                decode_entities(&written).into_owned(),
                html_escape::decode_html_entities(&written).into_owned()
            );
        }
    }

    #[test]
    fn statuspage_bold_breaks_and_links_become_the_safe_tree() {
        let blocks = parse(
            "<b>Customer Impact:</b> Users could not sign in.<br />Details at <a href=\"https://status.example.com/x\">our page</a>.",
        );
        assert_eq!(
            blocks,
            [Block::Paragraph(vec![
                Inline::Strong(vec![text("Customer Impact:")]),
                text(" Users could not sign in."),
                Inline::Break,
                text("Details at "),
                Inline::Link {
                    href: "https://status.example.com/x".into(),
                    children: vec![text("our page")],
                },
                text("."),
            ])]
        );
    }

    #[test]
    fn a_statuspage_list_is_a_list_and_an_unsafe_link_keeps_only_its_text() {
        let blocks = parse(
            "<ul><li><strong>API:</strong> errors</li><li>Web: <a href='javascript:alert(1)'>slow</a></li></ul>",
        );
        assert_eq!(
            blocks,
            [Block::List {
                ordered: false,
                items: vec![
                    vec![Block::Paragraph(vec![
                        Inline::Strong(vec![text("API:")]),
                        text(" errors"),
                    ])],
                    vec![Block::Paragraph(vec![text("Web: slow")])],
                ],
            }]
        );
    }

    #[test]
    fn other_tags_stay_text_and_an_unclosed_bold_ends_with_its_paragraph() {
        let blocks = parse("Hi <script>alert(1)</script> <b>bold\n\nnext </b> <i>it</i>");
        assert_eq!(
            blocks,
            [
                Block::Paragraph(vec![
                    text("Hi <script>alert(1)</script> "),
                    Inline::Strong(vec![text("bold")]),
                ]),
                Block::Paragraph(vec![text("next </b> "), Inline::Emphasis(vec![text("it")])]),
            ]
        );
    }

    #[test]
    fn paragraphs_emphasis_code_and_links() {
        let blocks =
            parse("We **found** the cause: `db-7`.\n\nSee [our page](https://status.example.com).");
        assert_eq!(
            blocks,
            [
                Block::Paragraph(vec![
                    text("We "),
                    Inline::Strong(vec![text("found")]),
                    text(" the cause: "),
                    Inline::Code("db-7".into()),
                    text("."),
                ]),
                Block::Paragraph(vec![
                    text("See "),
                    Inline::Link {
                        href: "https://status.example.com".into(),
                        children: vec![text("our page")]
                    },
                    text("."),
                ]),
            ]
        );
    }

    #[test]
    fn raw_html_is_kept_as_text_never_as_markup() {
        let blocks = parse("Fixed <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n<div onclick=x>block</div>");
        let all = format!("{blocks:?}");
        assert!(all.contains("<script>"), "kept, as text: {all}");
        assert!(blocks.iter().all(|b| matches!(b, Block::Paragraph(_))));
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "<javascript:alert(1)>",
        ] {
            let blocks = parse(bad);
            assert!(
                !format!("{blocks:?}").contains("Link"),
                "{bad} became a link: {blocks:?}"
            );
        }
        assert!(is_safe_href("mailto:support@example.com"));
        assert!(is_safe_href(" HTTPS://example.com"));
    }

    #[test]
    fn paragraphs_stay_apart() {
        // Regression: single-run paragraphs were once merged as if they were tight list items.
        assert_eq!(
            parse("Orders are going through again.\n\nIf an order failed earlier, nothing was charged."),
            [
                Block::Paragraph(vec![text("Orders are going through again.")]),
                Block::Paragraph(vec![text("If an order failed earlier, nothing was charged.")]),
            ]
        );
    }

    #[test]
    fn images_become_their_alt_text() {
        let blocks = parse("![status chart](https://tracker.example/pixel.gif)");
        assert_eq!(blocks, [Block::Paragraph(vec![text("status chart")])]);
    }

    #[test]
    fn lists_quotes_code_and_breaks() {
        let blocks =
            parse("- first\n- second\n\n> quoted\n\n```\nlet x = 1;\n```\n\nline one  \nline two");
        assert_eq!(
            blocks,
            [
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![Block::Paragraph(vec![text("first")])],
                        vec![Block::Paragraph(vec![text("second")])]
                    ]
                },
                Block::Quote(vec![Block::Paragraph(vec![text("quoted")])]),
                Block::Code("let x = 1;".into()),
                Block::Paragraph(vec![text("line one"), Inline::Break, text("line two")]),
            ]
        );
    }

    proptest! {
        /// Any text parses, and no link in the result has an unsafe address.
        #[test]
        fn any_text_parses_and_links_stay_safe(text in "\\PC{0,200}") {
            fn links_safe(inlines: &[Inline]) -> bool {
                inlines.iter().all(|i| match i {
                    Inline::Link { href, children } => is_safe_href(href) && links_safe(children),
                    Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strike(c) => links_safe(c),
                    _ => true,
                })
            }
            fn blocks_safe(blocks: &[Block]) -> bool {
                blocks.iter().all(|b| match b {
                    Block::Paragraph(i) | Block::Heading(i) => links_safe(i),
                    Block::Quote(b) => blocks_safe(b),
                    Block::List { items, .. } => items.iter().all(|b| blocks_safe(b)),
                    _ => true,
                })
            }
            prop_assert!(blocks_safe(&parse(&text)));
        }
    }

    #[test]
    fn a_summary_keeps_the_first_paragraphs_marks_and_cuts_with_an_ellipsis() {
        let inlines = summary("**Orders** fail in `eu-west`.\n\nSecond paragraph.", 200);
        assert_eq!(
            inlines,
            vec![
                Inline::Strong(vec![Inline::Text("Orders".into())]),
                Inline::Text(" fail in ".into()),
                Inline::Code("eu-west".into()),
                Inline::Text(".".into()),
                Inline::Text(" …".into()),
            ],
            "the second paragraph is left out, and the summary says so"
        );
        let cut = summary("**Orders** are failing for everyone", 12);
        assert_eq!(
            cut,
            vec![
                Inline::Strong(vec![Inline::Text("Orders".into())]),
                Inline::Text(" are…".into()),
            ]
        );
        assert_eq!(
            summary("- first item\n- second", 50),
            vec![Inline::Text("first item".into()), Inline::Text(" …".into())],
            "the second item is left out, and the summary says so"
        );
        assert_eq!(summary("", 50), Vec::<Inline>::new());
    }

    /// Every text of the real corpus where Herald's reader and the reference disagree.
    fn corpus_disagreements() -> Vec<(String, String)> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/updates/corpus.jsonl"
        );
        let corpus = std::fs::read_to_string(path).expect("the corpus");
        corpus
            .lines()
            .filter_map(|line| {
                let row: serde_json::Value = serde_json::from_str(line).ok()?;
                let text = row["text"].as_str()?;
                (parse(text) != reference::parse(text)).then(|| {
                    (
                        row["id"].as_str().unwrap_or("?").to_string(),
                        text.to_string(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn the_reader_agrees_with_the_reference_on_every_real_update() {
        let differ = corpus_disagreements();
        for (id, text) in differ.iter().take(5) {
            eprintln!(
                "{id}: {text:?}\n  herald:    {:?}\n  reference: {:?}",
                parse(text),
                reference::parse(text)
            );
        }
        assert!(differ.is_empty(), "{} of the corpus differ", differ.len());
    }

    proptest! {
        #[test]
        fn the_reader_agrees_with_the_reference_on_markdown_shaped_text(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[a-z ]{1,8}",
                    Just("\n".to_string()),
                    Just("\n\n".to_string()),
                    Just("*".to_string()),
                    Just("**".to_string()),
                    Just("_".to_string()),
                    Just("~~".to_string()),
                    Just("`".to_string()),
                    Just("- ".to_string()),
                    Just("1. ".to_string()),
                    Just("> ".to_string()),
                    Just("# ".to_string()),
                    Just("[a](https://x.example)".to_string()),
                    Just("[".to_string()),
                    Just("]".to_string()),
                    // Paired: the reference loses a block that follows an unclosed tag in a
                    // tight list item (its paragraph has no end event), where Herald keeps it.
                    Just("<b>bold</b>".to_string()),
                    Just("<br>".to_string()),
                    Just("&amp;".to_string()),
                    Just("  ".to_string()),
                    Just("\\".to_string()),
                    Just("***".to_string()),
                    Just("```".to_string()),
                    Just("    ".to_string()),
                    // No tabs: in indentation they read as spaces to the next multiple of
                    // four, and a tab just past a code block's indentation shows as those
                    // spaces where the reference keeps the tab; nothing else differs.
                    Just("<a href=\"https://x.example\">x</a>".to_string()),
                    Just("[r]: https://r.example".to_string()),
                    Just("[r]".to_string()),
                    Just("![i](https://p.example)".to_string()),
                    Just("<https://a.example>".to_string()),
                    Just("1) ".to_string()),
                    Just("+ ".to_string()),
                    Just("---".to_string()),
                    Just("===".to_string()),
                    Just("~".to_string()),
                    Just("&#39;".to_string()),
                    Just("<!-- c -->".to_string()),
                    Just("<div>".to_string()),
                    Just("中文，".to_string()),
                    // Control characters are text like any other (the fuzzer found one that
                    // read as an internal mark and looped).
                    Just("\u{1}".to_string()),
                    Just("\u{0}".to_string()),
                ],
                0..16,
            )
        ) {
            let text: String = parts.concat();
            // The reference drops an escaped bracket's label after a link ("[r]\\[r]: …"
            // loses "[r]"); Herald shows it.
            prop_assume!(!text.contains("]\\["));
            prop_assert_eq!(parse(&text), reference::parse(&text), "{:?}", text);
        }
    }

    #[test]
    fn a_summary_of_the_first_paragraph_says_that_more_follows() {
        // Regression (newcomer issue): "Short first paragraph." read as the whole note.
        assert_eq!(
            summary(
                "Short first paragraph.\n\nSecond paragraph with the details.",
                140
            ),
            vec![
                Inline::Text("Short first paragraph.".into()),
                Inline::Text(" …".into())
            ]
        );
        assert_eq!(
            summary("One paragraph only.", 140),
            vec![Inline::Text("One paragraph only.".into())]
        );
    }

    #[test]
    fn a_summary_cut_where_an_inline_ends_still_ends_in_an_ellipsis() {
        // Regression (newcomer issue): "…with `basket_items`" stopped at the code span's end
        // with no "…", and read as the whole note.
        assert_eq!(
            summary("Rolled back the change to `basket_items` (the cache).", 38),
            vec![
                Inline::Text("Rolled back the change to ".into()),
                Inline::Code("basket_items".into()),
                Inline::Text("…".into()),
            ]
        );
        assert_eq!(
            summary("**Orders** fail", 6),
            vec![
                Inline::Strong(vec![Inline::Text("Orders".into())]),
                Inline::Text("…".into()),
            ]
        );
        // Nothing left out, no ellipsis: the text fits exactly.
        assert_eq!(
            summary("**Orders** fail", 11),
            vec![
                Inline::Strong(vec![Inline::Text("Orders".into())]),
                Inline::Text(" fail".into()),
            ]
        );
        let one = summary("A **b** c", 3);
        assert_eq!(
            one.iter()
                .filter(|i| matches!(i, Inline::Text(t) if t.ends_with('…')))
                .count(),
            1,
            "{one:?}"
        );
    }
}
