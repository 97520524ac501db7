//! The block half of the reader: paragraphs, ATX and setext headings, thematic breaks,
//! fenced and indented code, block quotes, bullet and numbered lists, HTML blocks and link
//! reference definitions, by CommonMark's rules, line by line.
//!
//! Nesting deeper than [`DEEPEST`] quotes or lists reads as paragraph text: no real update
//! nests so far, and a hostile one cannot exhaust the stack.

use super::inlines::{
    self, destination, link_label, normalise_label, title, unescape, Definitions,
};
use super::{html_block_as_markdown, Block, Inline};

/// Quotes and lists nest at most this deep.
const DEEPEST: usize = 32;

/// A block before its inlines are read: references may be defined after they are used.
enum Raw {
    Paragraph(String),
    Heading(String),
    Code(String),
    Rule,
    Quote(Vec<Raw>),
    List { ordered: bool, items: Vec<Vec<Raw>> },
    Html(String),
}

/// Reads `text` into blocks; HTML blocks are read as the safe subset when `html_blocks`.
pub(super) fn blocks(text: &str, html_blocks: bool) -> Vec<Block> {
    let lines: Vec<Line> = text
        .split('\n')
        .map(|line| Line::plain(expand_tabs(line.strip_suffix('\r').unwrap_or(line))))
        .collect();
    let mut definitions = Definitions::new();
    let raw = read(&lines, 0, false, &mut definitions);
    shape(raw, &definitions, html_blocks)
}

fn shape(raw: Vec<Raw>, definitions: &Definitions, html_blocks: bool) -> Vec<Block> {
    let mut out = Vec::new();
    // Whether the last block is the text of an HTML block, which the next one continues.
    let mut html_text = false;
    for block in raw {
        let was_html_text = std::mem::replace(&mut html_text, false);
        match block {
            Raw::Paragraph(text) => {
                let inlines = inlines::inlines(&text, definitions);
                if !inlines.is_empty() {
                    out.push(Block::Paragraph(inlines));
                }
            }
            Raw::Heading(text) => out.push(Block::Heading(inlines::inlines(&text, definitions))),
            Raw::Code(text) => out.push(Block::Code(text)),
            Raw::Rule => out.push(Block::Rule),
            Raw::Quote(inner) => out.push(Block::Quote(shape(inner, definitions, html_blocks))),
            Raw::List { ordered, items } => out.push(Block::List {
                ordered,
                items: items
                    .into_iter()
                    .map(|item| shape(item, definitions, html_blocks))
                    .collect(),
            }),
            Raw::Html(raw) if html_blocks => {
                out.extend(blocks(&html_block_as_markdown(&raw), false));
            }
            // Inside an HTML block, another one is what it says.
            Raw::Html(raw) => {
                html_text = true;
                match out.last_mut() {
                    Some(Block::Paragraph(inlines)) if was_html_text => {
                        inlines.push(Inline::Text(raw));
                    }
                    _ => out.push(Block::Paragraph(vec![Inline::Text(raw)])),
                }
            }
        }
    }
    out
}

/// Tabs in a line's structure (its indentation, quote marks, list markers and the space after
/// them) as spaces to the next multiple of four, which is what they mean there; tabs in the
/// text stay.
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_string();
    }
    let prefix = structure_len(line);
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line[..prefix].chars() {
        if c == '\t' {
            let to = (column / 4 + 1) * 4;
            out.extend(std::iter::repeat_n(' ', to - column));
            column = to;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out.push_str(&line[prefix..]);
    out
}

/// The length of a line's structural prefix: white space, `>`, and list markers followed by
/// white space.
fn structure_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut at = 0;
    loop {
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'>') {
            at += 1;
        }
        let mut marker = at;
        if marker < bytes.len() && matches!(bytes[marker], b'-' | b'+' | b'*') {
            marker += 1;
        } else {
            while marker < bytes.len() && bytes[marker].is_ascii_digit() {
                marker += 1;
            }
            if marker > at && marker < bytes.len() && matches!(bytes[marker], b'.' | b')') {
                marker += 1;
            } else {
                marker = at;
            }
        }
        if marker > at && marker < bytes.len() && matches!(bytes[marker], b' ' | b'\t') {
            at = marker;
        } else {
            return at;
        }
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Only spaces and tabs: other white space (a no-break space) is text.
fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t']).is_empty()
}

/// Whether a line's innermost content is paragraph text, which a lazy line may continue.
fn ends_in_paragraph(line: &str) -> bool {
    let mut text = line;
    for _ in 0..=DEEPEST {
        if indent(text) >= 4 {
            return false;
        }
        let inner = &text[indent(text)..];
        if let Some(quoted) = inner.strip_prefix('>') {
            text = quoted.strip_prefix(' ').unwrap_or(quoted);
        } else if let Some(marker) = list_marker(inner) {
            if marker.empty {
                return false;
            }
            text = &inner[marker.width.min(inner.len())..];
        } else {
            return !is_blank(inner) && !starts_block(inner) && html_block_start(inner).is_none();
        }
    }
    false
}

/// Reads `lines` into raw blocks, adding the definitions it finds; `more` says a line end
/// followed the last line in the whole text.
#[allow(clippy::too_many_lines)]
fn read(lines: &[Line], depth: usize, more: bool, definitions: &mut Definitions) -> Vec<Raw> {
    if depth > DEEPEST {
        let text: Vec<&str> = lines.iter().map(|l| l.text.trim()).collect();
        return vec![Raw::Paragraph(text.join("\n").trim().to_string())];
    }
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].text.as_str();
        // With no paragraph left to continue, a lazy line reads as any other; a block that
        // starts with it takes it whatever it is, and only later lazy lines continue text.
        if lines[i].lazy && !paragraph.is_empty() {
            paragraph.push(line);
            i += 1;
            continue;
        }
        let start = i;
        if is_blank(line) {
            flush(&mut paragraph, &mut out, definitions);
            i += 1;
            continue;
        }
        let spaces = indent(line);
        let rest = &line[spaces..];
        let open = !paragraph.is_empty();
        if spaces >= 4 {
            if open {
                // A continuation keeps its indentation: a code span across lines shows it;
                // the inline reader drops it after a line end.
                paragraph.push(line);
                i += 1;
                continue;
            }
            let mut body: Vec<&str> = Vec::new();
            while i < lines.len()
                && (i == start || !lines[i].lazy && (is_blank(&lines[i]) || indent(&lines[i]) >= 4))
            {
                body.push(lines[i].get(4..).unwrap_or(""));
                i += 1;
            }
            while body.last().is_some_and(|l| is_blank(l)) {
                body.pop();
            }
            out.push(Raw::Code(body.join("\n")));
            continue;
        }
        if open && setext_level(rest) {
            // Definitions at the paragraph's start are not its text: with nothing else, the
            // line under them is no underline, but it still cannot begin an empty list item.
            let text = take_definitions(&mut paragraph, definitions);
            if !is_blank(&text) {
                out.push(Raw::Heading(text));
                i += 1;
                continue;
            }
        }
        if let Some((fence, len)) = fence(rest) {
            flush(&mut paragraph, &mut out, definitions);
            i += 1;
            let mut body: Vec<&str> = Vec::new();
            let mut closed = false;
            while i < lines.len() {
                let line = lines[i].text.as_str();
                let inner = &line[indent(line)..];
                if indent(line) < 4
                    && inner.starts_with(&fence.to_string().repeat(len))
                    && inner.trim_start_matches(fence).trim().is_empty()
                {
                    i += 1;
                    closed = true;
                    break;
                }
                body.push(&line[indent(line).min(spaces)..]);
                i += 1;
            }
            // A fence left open at the end drops a last blank line indented less than four,
            // as the reference does.
            if !closed && lines.last().is_some_and(|l| is_blank(l) && l.len() < 4) {
                body.pop();
            }
            out.push(Raw::Code(
                body.join("\n").trim_end_matches('\n').to_string(),
            ));
            continue;
        }
        if let Some(text) = atx_heading(rest) {
            flush(&mut paragraph, &mut out, definitions);
            out.push(Raw::Heading(text.to_string()));
            i += 1;
            continue;
        }
        if thematic_break(rest) {
            flush(&mut paragraph, &mut out, definitions);
            out.push(Raw::Rule);
            i += 1;
            continue;
        }
        if rest.starts_with('>') {
            flush(&mut paragraph, &mut out, definitions);
            let mut inner: Vec<Line> = Vec::new();
            let mut lazy = false;
            while i < lines.len() {
                let line = lines[i].text.as_str();
                let rest = &line[indent(line)..];
                let marked = i == start || !lines[i].lazy;
                if marked && indent(line) < 4 && rest.starts_with('>') {
                    let content = &rest[1..];
                    let content = content.strip_prefix(' ').unwrap_or(content);
                    lazy = ends_in_paragraph(content);
                    inner.push(Line::plain(content));
                } else if lazy
                    && !is_blank(line)
                    && (!marked
                        || indent(line) >= 4
                        || !starts_block(rest) && list_marker(rest).is_none())
                {
                    inner.push(Line::lazy(line));
                } else {
                    break;
                }
                i += 1;
            }
            let followed = more || i < lines.len();
            out.push(Raw::Quote(read(&inner, depth + 1, followed, definitions)));
            continue;
        }
        if let Some(marker) = list_marker(rest) {
            if !open || marker.may_interrupt() {
                flush(&mut paragraph, &mut out, definitions);
                let (list, next) = read_list(lines, i, depth, more, definitions);
                out.push(list);
                i = next;
                continue;
            }
        }
        if let Some(kind) = html_block_start(rest) {
            if !open || kind != HtmlKind::Tag {
                flush(&mut paragraph, &mut out, definitions);
                let mut raw: Vec<&str> = Vec::new();
                while i < lines.len() {
                    let line = lines[i].text.as_str();
                    if kind.ends_at_blank() && is_blank(line) {
                        break;
                    }
                    raw.push(line);
                    i += 1;
                    if !kind.ends_at_blank() && kind.ends(line) {
                        break;
                    }
                }
                // As written, with the line end after its last line when there was one.
                let mut raw = raw.join("\n");
                if i < lines.len() || more {
                    raw.push('\n');
                }
                out.push(Raw::Html(raw));
                continue;
            }
        }
        paragraph.push(if open { line } else { rest });
        i += 1;
    }
    flush(&mut paragraph, &mut out, definitions);
    out
}

/// A line of a container's content.
struct Line {
    text: String,
    /// A lazy line, on its way into a container from outside it: it continues the innermost
    /// paragraph whatever it looks like there (`===`, or a comment once the container's
    /// indentation is taken off), as CommonMark reads it. A flag beside the text, not a mark
    /// in it, since any mark could also be in the text.
    lazy: bool,
}

impl Line {
    fn plain(text: impl Into<String>) -> Self {
        Line {
            text: text.into(),
            lazy: false,
        }
    }

    fn lazy(text: &str) -> Self {
        Line {
            text: text.to_string(),
            lazy: true,
        }
    }
}

impl std::ops::Deref for Line {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

/// Whether `text` (a line without its indentation) starts a block that ends a lazy line.
fn starts_block(text: &str) -> bool {
    text.starts_with('>')
        || fence(text).is_some()
        || atx_heading(text).is_some()
        || thematic_break(text)
        || list_marker(text).is_some_and(Marker::may_interrupt)
        || html_block_start(text).is_some_and(|k| k != HtmlKind::Tag)
}

/// The paragraph so far, without the link reference definitions at its start.
fn flush(paragraph: &mut Vec<&str>, out: &mut Vec<Raw>, definitions: &mut Definitions) {
    let text = take_definitions(paragraph, definitions);
    if !is_blank(&text) {
        out.push(Raw::Paragraph(text));
    }
}

/// Empties `paragraph`, records the definitions at its start, and gives the text after them.
fn take_definitions(paragraph: &mut Vec<&str>, definitions: &mut Definitions) -> String {
    let mut text = paragraph.join("\n");
    paragraph.clear();
    while let Some((label, dest, len)) = definition(&text) {
        let label = normalise_label(label);
        if !definitions.iter().any(|(l, _)| *l == label) {
            definitions.push((label, dest));
        }
        text = text[len..].trim_start_matches([' ', '\t']).to_string();
    }
    text.trim_matches([' ', '\t']).to_string()
}

/// `[label]: destination "title"` at the start of `text`: the label, the destination and
/// the length with its line end.
fn definition(text: &str) -> Option<(&str, String, usize)> {
    let (label, mut at) = link_label(text)?;
    if label.trim().is_empty() || !text[at..].starts_with(':') {
        return None;
    }
    at += 1;
    at += space_with_one_break(&text[at..]);
    let (dest, len) = destination(&text[at..])?;
    if dest.is_empty() && !text[at..].starts_with("<>") {
        return None;
    }
    at += len;
    let line_end = |from: usize| {
        let rest = &text[from..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        match rest[gap..].chars().next() {
            None => Some(from + gap),
            Some('\n') => Some(from + gap + 1),
            _ => None,
        }
    };
    let before_title = at;
    let gap = space_with_one_break(&text[at..]);
    if gap > 0 {
        if let Some(end) = title(&text[at + gap..]).and_then(|len| line_end(at + gap + len)) {
            return Some((label, unescape(dest), end));
        }
    }
    line_end(before_title).map(|end| (label, unescape(dest), end))
}

fn space_with_one_break(text: &str) -> usize {
    let first = text.len() - text.trim_start_matches([' ', '\t']).len();
    let rest = &text[first..];
    match rest.strip_prefix('\n') {
        Some(next) => first + 1 + (next.len() - next.trim_start_matches([' ', '\t']).len()),
        None => first,
    }
}

fn setext_level(text: &str) -> bool {
    let text = text.trim_end();
    !text.is_empty() && (text.bytes().all(|b| b == b'=') || text.bytes().all(|b| b == b'-'))
}

/// ```` ``` ```` or `~~~` (or longer) opening a fence: its character and length.
fn fence(text: &str) -> Option<(char, usize)> {
    let c = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = text.len() - text.trim_start_matches(c).len();
    if len < 3 || (c == '`' && text[len..].contains('`')) {
        return None;
    }
    Some((c, len))
}

fn atx_heading(text: &str) -> Option<&str> {
    let level = text.len() - text.trim_start_matches('#').len();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &text[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    // A closing run of `#` goes, when a space comes before it (or it is all there is).
    let without = rest.trim_end_matches('#');
    let content = if without.is_empty() {
        ""
    } else if without.ends_with([' ', '\t']) {
        without.trim_end()
    } else {
        rest
    };
    Some(content)
}

fn thematic_break(text: &str) -> bool {
    let mut marks = text.chars().filter(|c| !matches!(c, ' ' | '\t'));
    let Some(first) = marks.next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    let mut count = 1;
    for c in marks {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// A list item's marker.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Marker {
    /// The bullet (`-`, `+`, `*`) or the numbered list's delimiter (`.`, `)`).
    kind: char,
    ordered: bool,
    /// The number a numbered item starts with.
    start: u64,
    /// Columns of the marker and the spaces after it: where the item's content starts.
    width: usize,
    /// Whether the item's first line has no content.
    empty: bool,
}

impl Marker {
    /// A list may begin inside a paragraph only with content, and numbered only at 1.
    fn may_interrupt(self) -> bool {
        !self.empty && (!self.ordered || self.start == 1)
    }
}

fn list_marker(text: &str) -> Option<Marker> {
    let (kind, ordered, start, len) = match text.chars().next()? {
        c @ ('-' | '+' | '*') => (c, false, 0, 1),
        c if c.is_ascii_digit() => {
            let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let delimiter = text[digits..].chars().next()?;
            if digits > 9 || !matches!(delimiter, '.' | ')') {
                return None;
            }
            (delimiter, true, text[..digits].parse().ok()?, digits + 1)
        }
        _ => return None,
    };
    let rest = &text[len..];
    if rest.trim().is_empty() {
        return Some(Marker {
            kind,
            ordered,
            start,
            width: len + 1,
            empty: true,
        });
    }
    let spaces = indent(rest);
    if spaces == 0 {
        return None;
    }
    let width = if spaces > 4 { len + 1 } else { len + spaces };
    Some(Marker {
        kind,
        ordered,
        start,
        width,
        empty: false,
    })
}

/// The list that starts at `lines[from]`, and the line after it.
fn read_list(
    lines: &[Line],
    from: usize,
    depth: usize,
    more: bool,
    definitions: &mut Definitions,
) -> (Raw, usize) {
    let first_spaces = indent(&lines[from]);
    let Some(first) = list_marker(&lines[from][first_spaces..]) else {
        return (
            Raw::List {
                ordered: false,
                items: Vec::new(),
            },
            from + 1,
        );
    };
    let mut items = Vec::new();
    let mut i = from;
    loop {
        let spaces = indent(&lines[i]);
        let Some(marker) = list_marker(&lines[i][spaces..]) else {
            break;
        };
        if marker.kind != first.kind || marker.ordered != first.ordered {
            break;
        }
        let width = spaces + marker.width;
        let mut body: Vec<Line> = vec![Line::plain(if marker.empty {
            ""
        } else {
            &lines[i][width.min(lines[i].len())..]
        })];
        let mut lazy = !marker.empty && ends_in_paragraph(&body[0]);
        i += 1;
        while i < lines.len() {
            let line = lines[i].text.as_str();
            if lines[i].lazy {
                if !lazy {
                    break;
                }
                body.push(Line::lazy(line));
            } else if is_blank(line) {
                // An item can begin with at most one blank line.
                if marker.empty && body.len() == 1 {
                    break;
                }
                body.push(Line::plain(""));
                lazy = false;
            } else if indent(line) >= width {
                let content = &line[width..];
                lazy = ends_in_paragraph(content);
                body.push(Line::plain(content));
            } else if lazy
                && (indent(line) >= 4 || !starts_block(&line[indent(line)..]))
                && !(indent(line) < 4 && list_marker(&line[indent(line)..]).is_some())
            {
                // Any marker ends the item, even one that could not begin a list inside a
                // paragraph; indented four or more, it is text.
                body.push(Line::lazy(line));
            } else {
                break;
            }
            i += 1;
        }
        // Blank lines at an item's end belong between items, not in it.
        let mut trailing = 0;
        while body.len() > 1 && body.last().is_some_and(|l| is_blank(l)) {
            body.pop();
            trailing += 1;
        }
        let followed = more || i < lines.len() || trailing > 0;
        items.push(read(&body, depth + 1, followed, definitions));
        // Blank lines between items do not end the list; the next item's marker continues it.
        let mut next = i;
        while next < lines.len() && is_blank(&lines[next]) {
            next += 1;
        }
        let Some(line) = lines.get(next) else {
            break;
        };
        let spaces = indent(line);
        let continues = !line.lazy
            && spaces < 4
            && !thematic_break(&line[spaces..])
            && list_marker(&line[spaces..])
                .is_some_and(|m| m.kind == first.kind && m.ordered == first.ordered);
        if !continues {
            break;
        }
        i = next;
    }
    (
        Raw::List {
            ordered: first.ordered,
            items,
        },
        i.max(from + 1),
    )
}

/// The seven kinds of HTML block, by how they end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HtmlKind {
    /// `<script>`, `<pre>`, `<style>`, `<textarea>`: until its end tag.
    Raw,
    Comment,
    Instruction,
    Declaration,
    Cdata,
    /// A block-level tag: until a blank line.
    Block,
    /// Any other whole tag alone on its line: until a blank line; it cannot interrupt a
    /// paragraph.
    Tag,
}

impl HtmlKind {
    fn ends_at_blank(self) -> bool {
        matches!(self, Self::Block | Self::Tag)
    }

    fn ends(self, line: &str) -> bool {
        let lower = line.to_ascii_lowercase();
        match self {
            Self::Raw => ["</script>", "</pre>", "</style>", "</textarea>"]
                .iter()
                .any(|end| lower.contains(end)),
            Self::Comment => line.contains("-->"),
            Self::Instruction => line.contains("?>"),
            Self::Declaration => line.contains('>'),
            Self::Cdata => line.contains("]]>"),
            Self::Block | Self::Tag => false,
        }
    }
}

/// Block-level tag names (CommonMark's list).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

fn html_block_start(text: &str) -> Option<HtmlKind> {
    let rest = text.strip_prefix('<')?;
    let lower = rest.to_ascii_lowercase();
    let name_end = |s: &str| {
        s.find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(s.len())
    };
    for raw in ["script", "pre", "style", "textarea"] {
        if let Some(after) = lower.strip_prefix(raw) {
            if after.is_empty() || after.starts_with([' ', '\t', '>']) {
                return Some(HtmlKind::Raw);
            }
        }
    }
    if rest.starts_with("!--") {
        return Some(HtmlKind::Comment);
    }
    if rest.starts_with('?') {
        return Some(HtmlKind::Instruction);
    }
    if rest.starts_with("![CDATA[") {
        return Some(HtmlKind::Cdata);
    }
    if rest.starts_with('!') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(HtmlKind::Declaration);
    }
    let tag = lower.strip_prefix('/').unwrap_or(&lower);
    let name = &tag[..name_end(tag)];
    let after = &tag[name.len()..];
    if BLOCK_TAGS.contains(&name)
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"))
    {
        return Some(HtmlKind::Block);
    }
    let whole = inlines::raw_html(text)?;
    let tag_like = text.starts_with("</") || inlines::open_tag(rest).is_some();
    let names_raw = ["script", "style", "pre", "textarea"].contains(&name);
    (tag_like && !names_raw && text[whole..].trim().is_empty()).then_some(HtmlKind::Tag)
}
