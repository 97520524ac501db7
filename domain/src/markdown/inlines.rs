//! The inline half of the reader: code spans, emphasis, strikethrough, links (inline, by
//! reference and automatic), images as their alt text, character references, backslash
//! escapes, line breaks and the safe HTML subset, by CommonMark's rules.
//!
//! Work is bounded whatever the text: past [`MOST_DELIMITERS`] runs of `*`, `_` or `~` and
//! [`MOST_BRACKETS`] brackets the rest is read as plain text, so a hostile update cannot make
//! the reader quadratic on a large input.

use super::{html_tag, is_safe_href, HtmlInline, HtmlTag, Inline};

/// Runs of `*`, `_` and `~` read as emphasis; later ones are text.
const MOST_DELIMITERS: usize = 1_000;
/// `[` and `![` read as link openers; later ones are text.
const MOST_BRACKETS: usize = 1_000;

/// The document's link reference definitions: normalised label and destination.
pub(super) type Definitions = Vec<(String, String)>;

/// What the scanner has read, before emphasis and the HTML subset give it its shape.
enum Node {
    Text(String),
    Done(Inline),
    /// A raw HTML tag, read by the safe subset once emphasis is settled.
    Html(String),
    /// A run of `*`, `_` or `~`: what is left of it, its length as written, and which way
    /// it may act.
    Delimiter {
        mark: u8,
        left: usize,
        written: usize,
        opens: bool,
        closes: bool,
    },
    /// `[` or `![`, until its `]` makes it a link or leaves it text.
    Bracket {
        image: bool,
    },
    Group(Kind, Vec<Node>),
}

#[derive(Clone, Copy)]
enum Kind {
    Emphasis,
    Strong,
    Strike,
}

struct Opener {
    node: usize,
    image: bool,
    active: bool,
    /// Where the text between the brackets starts, for a reference by the link's own text.
    from: usize,
}

/// Reads one paragraph's or heading's text into inlines.
pub(super) fn inlines(text: &str, definitions: &Definitions) -> Vec<Inline> {
    let mut reader = Reader {
        text,
        at: 0,
        nodes: Vec::new(),
        openers: Vec::new(),
        definitions,
        delimiters: 0,
        brackets: 0,
        no_closing_run: Vec::new(),
    };
    reader.read();
    let mut nodes = reader.nodes;
    emphasis(&mut nodes, 0);
    shape(nodes)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    nodes: Vec<Node>,
    openers: Vec<Opener>,
    definitions: &'a Definitions,
    delimiters: usize,
    brackets: usize,
    /// Backtick run lengths with no run of the same length later: a second search for one
    /// would fail again, so it is not made.
    no_closing_run: Vec<usize>,
}

impl Reader<'_> {
    fn read(&mut self) {
        let bytes = self.text.as_bytes();
        let mut plain = self.at;
        while self.at < bytes.len() {
            let b = bytes[self.at];
            if !matches!(
                b,
                b'\\' | b'`' | b'*' | b'_' | b'~' | b'[' | b']' | b'!' | b'<' | b'&' | b'\n'
            ) {
                self.at += 1;
                continue;
            }
            self.text_run(plain, self.at);
            self.special(b);
            plain = self.at;
        }
        self.text_run(plain, bytes.len());
    }

    fn text_run(&mut self, from: usize, to: usize) {
        if from < to {
            self.push_text(&self.text[from..to]);
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(Node::Text(last)) = self.nodes.last_mut() {
            last.push_str(text);
        } else {
            self.nodes.push(Node::Text(text.to_string()));
        }
    }

    /// Reads what starts at the special byte `b` at `self.at` and moves past it.
    fn special(&mut self, b: u8) {
        let rest = &self.text[self.at..];
        match b {
            b'\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some('\n') => {
                        self.nodes.push(Node::Done(Inline::Break));
                        self.at += 2;
                        self.skip_indentation();
                    }
                    Some(c) if c.is_ascii_punctuation() => {
                        self.push_text(&c.to_string());
                        self.at += 2;
                    }
                    _ => {
                        self.push_text("\\");
                        self.at += 1;
                    }
                }
            }
            b'`' => self.code_span(),
            b'*' | b'_' | b'~' => self.delimiter_run(b),
            b'!' if rest.as_bytes().get(1) == Some(&b'[') => self.bracket(true),
            b'!' => {
                self.push_text("!");
                self.at += 1;
            }
            b'[' => self.bracket(false),
            b']' => self.close_bracket(),
            b'<' => self.angle(),
            b'&' => {
                if let Some((decoded, len)) = reference(rest) {
                    self.push_text(&decoded);
                    self.at += len;
                } else {
                    self.push_text("&");
                    self.at += 1;
                }
            }
            _ => self.line_end(),
        }
    }

    fn line_end(&mut self) {
        // Trailing spaces never show; two or more make the line end a hard break.
        let mut hard = false;
        if let Some(Node::Text(last)) = self.nodes.last_mut() {
            let kept = last.trim_end_matches(' ').len();
            hard = last.len() - kept >= 2;
            last.truncate(kept);
            if last.is_empty() {
                self.nodes.pop();
            }
        }
        if hard {
            self.nodes.push(Node::Done(Inline::Break));
        } else {
            self.push_text(" ");
        }
        self.at += 1;
        self.skip_indentation();
    }

    /// The next line's indentation is not text.
    fn skip_indentation(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }

    fn code_span(&mut self) {
        let rest = &self.text[self.at..];
        let run = rest.len() - rest.trim_start_matches('`').len();
        let after = self.at + run;
        if !self.no_closing_run.contains(&run) {
            let mut search = after;
            while let Some(found) = self.text[search..].find('`') {
                let start = search + found;
                let tail = &self.text[start..];
                let len = tail.len() - tail.trim_start_matches('`').len();
                if len == run {
                    let body = self.text[after..start].replace('\n', " ");
                    let body = match body.strip_prefix(' ').and_then(|b| b.strip_suffix(' ')) {
                        Some(inner) if !body.bytes().all(|b| b == b' ') => inner.to_string(),
                        _ => body,
                    };
                    self.nodes.push(Node::Done(Inline::Code(body)));
                    self.at = start + len;
                    return;
                }
                search = start + len;
            }
            self.no_closing_run.push(run);
        }
        self.push_text(&"`".repeat(run));
        self.at = after;
    }

    fn delimiter_run(&mut self, mark: u8) {
        let rest = &self.text[self.at..];
        let len = rest.len() - rest.trim_start_matches(char::from(mark)).len();
        let before = self.text[..self.at].chars().next_back();
        let after = self.text[self.at + len..].chars().next();
        self.at += len;
        self.delimiters += 1;
        if self.delimiters > MOST_DELIMITERS || (mark == b'~' && len > 2) {
            self.push_text(&rest[..len]);
            return;
        }
        let (opens, closes) = flanking(mark, len, before, after);
        self.nodes.push(Node::Delimiter {
            mark,
            left: len,
            written: len,
            opens,
            closes,
        });
    }

    fn bracket(&mut self, image: bool) {
        let len = if image { 2 } else { 1 };
        self.brackets += 1;
        if self.brackets > MOST_BRACKETS {
            self.push_text(&self.text[self.at..self.at + len]);
            self.at += len;
            return;
        }
        self.at += len;
        self.openers.push(Opener {
            node: self.nodes.len(),
            image,
            active: true,
            from: self.at,
        });
        self.nodes.push(Node::Bracket { image });
    }

    fn close_bracket(&mut self) {
        let Some(opener) = self.openers.pop() else {
            self.push_text("]");
            self.at += 1;
            return;
        };
        if !opener.active {
            self.push_text("]");
            self.at += 1;
            return;
        }
        let label_text = &self.text[opener.from..self.at];
        let after = self.at + 1;
        let target = inline_target(&self.text[after..])
            .map(|(dest, len)| (dest, after + len))
            .or_else(|| self.reference_target(label_text, after));
        let Some((dest, end)) = target else {
            self.push_text("]");
            self.at += 1;
            return;
        };
        self.at = end;
        emphasis(&mut self.nodes, opener.node + 1);
        let children = shape(self.nodes.drain(opener.node + 1..).collect());
        self.nodes.truncate(opener.node);
        if opener.image {
            // An image is its alt text: a status feed loads nothing from elsewhere.
            self.nodes.extend(children.into_iter().map(Node::Done));
            return;
        }
        let linked = link(&dest, children);
        self.nodes.extend(linked);
        // A link holds no link: the brackets before it stay text.
        for earlier in &mut self.openers {
            if !earlier.image {
                earlier.active = false;
            }
        }
    }

    /// `[text][label]`, `[label][]` or `[label]` for a defined label: its destination and
    /// where the reference ends.
    fn reference_target(&self, own: &str, after: usize) -> Option<(String, usize)> {
        let rest = &self.text[after..];
        let (label, end) = match link_label(rest) {
            Some((label, len)) if !label.trim().is_empty() => (label, after + len),
            Some((_, len)) => (own, after + len),
            None => (own, after),
        };
        let wanted = normalise_label(label);
        self.definitions
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, dest)| (dest.clone(), end))
    }

    /// `<`: an automatic link, a raw HTML tag, or a plain `<`.
    fn angle(&mut self) {
        let rest = &self.text[self.at..];
        if let Some((href, shown, len)) = autolink(rest) {
            let linked = link(&href, vec![Inline::Text(shown.to_string())]);
            self.nodes.extend(linked);
            self.at += len;
        } else if let Some(len) = raw_html(rest) {
            self.nodes.push(Node::Html(rest[..len].to_string()));
            self.at += len;
        } else {
            self.push_text("<");
            self.at += 1;
        }
    }
}

/// Whether a run of `len` `mark`s between `before` and `after` may open and may close
/// emphasis: CommonMark's left- and right-flanking rules, `_` never inside a word, and, as
/// GitHub reads strikethrough, `~~` inside a word too.
fn flanking(mark: u8, len: usize, before: Option<char>, after: Option<char>) -> (bool, bool) {
    let punctuation = |c: char| is_punctuation(c);
    let opens = match (before, after) {
        (_, None) => false,
        (_, Some(next)) if next.is_whitespace() => false,
        (None, _) => true,
        (Some(prev), Some(next)) => {
            (mark == b'*' && !punctuation(next))
                || (mark == b'~' && (len > 1 || (prev == '~' && !punctuation(next))))
                || prev.is_whitespace()
                || punctuation(prev)
        }
    };
    let closes = match (before, after) {
        (None, _) => false,
        (Some(prev), _) if prev.is_whitespace() => false,
        (_, None) => true,
        (Some(prev), Some(next)) => {
            ((mark == b'*' || (mark == b'~' && len > 1)) && !punctuation(prev))
                || (mark == b'~' && prev == '~')
                || next.is_whitespace()
                || punctuation(next)
        }
    };
    (opens, closes)
}

/// A link to `dest` when its scheme is safe; otherwise only what it says.
fn link(dest: &str, children: Vec<Inline>) -> Vec<Node> {
    if is_safe_href(dest) {
        vec![Node::Done(Inline::Link {
            href: dest.trim().to_string(),
            children,
        })]
    } else {
        children.into_iter().map(Node::Done).collect()
    }
}

/// CommonMark's punctuation: ASCII punctuation and the Unicode punctuation and symbol
/// blocks Herald's two languages use (general punctuation, CJK and full-width forms).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{a1}'..='\u{bf}' | '\u{d7}' | '\u{f7}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
            | '\u{2190}'..='\u{23ff}' | '\u{3000}'..='\u{303f}'
            | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}'
            | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}')
}

/// A character reference at the start of `text` (`&amp;`, `&#39;`, `&#x4e2d;`): what it
/// stands for and its length; `None` when it is not one.
pub(super) fn reference(text: &str) -> Option<(String, usize)> {
    let body = text.strip_prefix('&')?;
    if let Some(number) = body.strip_prefix('#') {
        let (digits, radix, most, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6, 3),
            None => (number, 10, 7, 2),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 || len > most || !digits[len..].starts_with(';') {
            return None;
        }
        let code = u32::from_str_radix(&digits[..len], radix).ok()?;
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        return Some((c.to_string(), skip + len + 1));
    }
    let len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    if len == 0 || len > 32 || !body[len..].starts_with(';') {
        return None;
    }
    // The names real updates use, without a search of the whole list.
    let common = match &body[..len] {
        "amp" => Some("&"),
        "lt" => Some("<"),
        "gt" => Some(">"),
        "quot" => Some("\""),
        "nbsp" => Some("\u{a0}"),
        _ => None,
    };
    if let Some(value) = common {
        return Some((value.to_string(), len + 2));
    }
    let wanted = format!("\0{}\t", &body[..len]);
    let at = ENTITIES.find(&wanted)? + wanted.len();
    let value = ENTITIES[at..].split('\0').next()?;
    Some((value.to_string(), len + 2))
}

/// HTML's named character references, `\0name\tvalue` each (written by `build.rs` from
/// html-escape's table, so the list is WHATWG's).
const ENTITIES: &str = include_str!(concat!(env!("OUT_DIR"), "/entities.txt"));

/// Backslash escapes and character references resolved, as in a link destination.
pub(super) fn unescape(text: &str) -> String {
    resolve(text, &['\\', '&'])
}

/// Character references resolved; backslashes stay as written.
pub(super) fn resolve_references(text: &str) -> String {
    resolve(text, &['&'])
}

/// `text` with each escape or reference that starts with one of `marks` resolved.
fn resolve(text: &str, marks: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marks) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(escaped) = tail
            .strip_prefix('\\')
            .and_then(|t| t.chars().next())
            .filter(char::is_ascii_punctuation)
        {
            out.push(escaped);
            rest = &tail[2..];
        } else if let Some((decoded, len)) =
            tail.starts_with('&').then(|| reference(tail)).flatten()
        {
            out.push_str(&decoded);
            rest = &tail[len..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `(destination "title")` at the start of `text`: the destination, and the length up to and
/// with the `)`.
fn inline_target(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix('(')?;
    let mut at = 1 + skip_space(inner);
    let (dest, len) = destination(&text[at..])?;
    at += len;
    let gap = skip_space(&text[at..]);
    if gap > 0 || text[at..].starts_with(')') {
        at += gap;
        if let Some(len) = title(&text[at..]) {
            at += len;
            at += skip_space(&text[at..]);
        }
    }
    text[at..]
        .starts_with(')')
        .then(|| (unescape(dest), at + 1))
}

/// Spaces, tabs and at most one line break.
fn skip_space(text: &str) -> usize {
    let mut breaks = 0;

    text.find(|c: char| match c {
        ' ' | '\t' => false,
        '\n' => {
            breaks += 1;
            breaks > 1
        }
        _ => true,
    })
    .unwrap_or(text.len())
}

/// A link destination at the start of `text`: `<…>` or a run with balanced parentheses.
pub(super) fn destination(text: &str) -> Option<(&str, usize)> {
    if let Some(inner) = text.strip_prefix('<') {
        let mut chars = inner.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if escapes(&inner[i..]) => {
                    chars.next();
                }
                '\n' | '<' => return None,
                '>' => return Some((&inner[..i], i + 2)),
                _ => {}
            }
        }
        return None;
    }
    let mut depth = 0usize;
    let mut end = text.len();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if escapes(&text[i..]) => {
                chars.next();
            }
            '(' => {
                depth += 1;
                if depth > 32 {
                    return None;
                }
            }
            ')' if depth == 0 => {
                end = i;
                break;
            }
            ')' => depth -= 1,
            c if c.is_whitespace() || c.is_control() => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    (depth == 0).then_some((&text[..end], end))
}

/// Whether the backslash that starts `text` escapes the character after it (ASCII
/// punctuation only; before anything else it is a backslash).
fn escapes(text: &str) -> bool {
    text.as_bytes().get(1).is_some_and(u8::is_ascii_punctuation)
}

/// A link title (`"…"`, `'…'` or `(…)`) at the start of `text`: its length.
pub(super) fn title(text: &str) -> Option<usize> {
    let open = text.chars().next()?;
    let close = match open {
        '"' => '"',
        '\'' => '\'',
        '(' => ')',
        _ => return None,
    };
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' && escapes(&text[i..]) {
            chars.next();
        } else if c == close {
            return Some(i + 1);
        } else if open == '(' && c == '(' {
            return None;
        }
    }
    None
}

/// `[label]` at the start of `text`: the label and the length with both brackets.
pub(super) fn link_label(text: &str) -> Option<(&str, usize)> {
    let inner = text.strip_prefix('[')?;
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if i > 999 {
            return None;
        }
        match c {
            '\\' if escapes(&inner[i..]) => {
                chars.next();
            }
            '[' => return None,
            ']' => return Some((&inner[..i], i + 2)),
            _ => {}
        }
    }
    None
}

/// A label as references compare it: case folded, its runs of white space one space.
pub(super) fn normalise_label(label: &str) -> String {
    let spaced = label.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::lowercase::lowercase_chars(spaced.chars())
}

/// `<scheme:…>` or `<name@domain>` at the start of `text`: the address, what it shows, and
/// the length.
fn autolink(text: &str) -> Option<(String, &str, usize)> {
    let inner = text.strip_prefix('<')?;
    // Nothing in an automatic link is white space or `<`: the search stops there.
    let end = inner.find(|c: char| c == '>' || c == '<' || c.is_whitespace())?;
    let body = &inner[..end];
    if !inner[end..].starts_with('>') || body.is_empty() || body.contains(char::is_control) {
        return None;
    }
    if let Some(colon) = body.find(':') {
        let scheme = &body[..colon];
        let mut chars = scheme.chars();
        if (2..=32).contains(&scheme.len())
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        {
            return Some((body.to_string(), body, end + 2));
        }
    }
    let (local, domain) = body.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let domain_ok = domain.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    (local_ok && domain_ok).then(|| (format!("mailto:{body}"), body, end + 2))
}

/// The length of the raw HTML (a tag, comment, processing instruction, declaration or CDATA
/// section) at the start of `text`, by CommonMark's grammar.
pub(super) fn raw_html(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('<')?;
    if let Some(comment) = rest.strip_prefix("!--") {
        if comment.starts_with('>') {
            return Some(5);
        }
        if comment.starts_with("->") {
            return Some(6);
        }
        return comment.find("-->").map(|i| 4 + i + 3);
    }
    if let Some(cdata) = rest.strip_prefix("![CDATA[") {
        return cdata.find("]]>").map(|i| 9 + i + 3);
    }
    if let Some(pi) = rest.strip_prefix('?') {
        return pi.find("?>").map(|i| 2 + i + 2);
    }
    if let Some(declaration) = rest.strip_prefix('!') {
        if declaration.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return declaration.find('>').map(|i| 2 + i + 1);
        }
        return None;
    }
    if let Some(closing) = rest.strip_prefix('/') {
        let name = tag_name(closing)?;
        let after = &closing[name..];
        let space = after.len() - after.trim_start().len();
        return after[space..]
            .starts_with('>')
            .then_some(2 + name + space + 1);
    }
    open_tag(rest).map(|len| len + 1)
}

fn tag_name(text: &str) -> Option<usize> {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(
        text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(text.len()),
    )
}

/// An open tag after its `<`: name, attributes, optional `/`, `>`.
pub(super) fn open_tag(text: &str) -> Option<usize> {
    let mut at = tag_name(text)?;
    loop {
        let rest = &text[at..];
        let space = rest.len() - rest.trim_start().len();
        let after = &rest[space..];
        if after.starts_with('>') {
            return Some(at + space + 1);
        }
        if after.starts_with("/>") {
            return Some(at + space + 2);
        }
        if space == 0 {
            return None;
        }
        // An attribute: name, then optionally `=` and a value.
        let name = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-')))
            .unwrap_or(after.len());
        if name == 0
            || !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == ':')
        {
            return None;
        }
        at += space + name;
        let rest = &text[at..];
        let space = rest.len() - rest.trim_start().len();
        if let Some(value) = rest[space..].strip_prefix('=') {
            let gap = value.len() - value.trim_start().len();
            let value = &value[gap..];
            let len = if let quote @ ('"' | '\'') = value.chars().next()? {
                value[1..].find(quote)? + 2
            } else {
                let len = value
                    .find(|c: char| c.is_whitespace() || "\"'=<>`".contains(c))
                    .unwrap_or(value.len());
                if len == 0 {
                    return None;
                }
                len
            };
            at += space + 1 + gap + len;
        }
    }
}

/// CommonMark's "process emphasis" over `nodes[from..]`: each closing run finds the nearest
/// opening run of its kind and what lies between becomes its emphasis.
fn emphasis(nodes: &mut Vec<Node>, from: usize) {
    // Below these, no opener for a closer of that kind was found: not searched again.
    let mut bottoms = [from; 13];
    let mut i = from;
    while i < nodes.len() {
        let Node::Delimiter {
            mark,
            left,
            written,
            opens: closer_opens,
            closes: true,
        } = nodes[i]
        else {
            i += 1;
            continue;
        };
        if left == 0 {
            i += 1;
            continue;
        }
        let kind = bottom_kind(mark, written, closer_opens);
        let mut found = None;
        let mut j = i;
        while j > bottoms[kind] {
            j -= 1;
            if let Node::Delimiter {
                mark: m,
                left: l,
                written: w,
                opens: true,
                closes: opener_closes,
            } = nodes[j]
            {
                if m != mark || l == 0 {
                    continue;
                }
                let odd = (opener_closes || closer_opens)
                    && (w + written) % 3 == 0
                    && !(w % 3 == 0 && written % 3 == 0);
                let fits = if mark == b'~' { w == written } else { !odd };
                if fits {
                    found = Some((j, l));
                    break;
                }
            }
        }
        let Some((o, opener_left)) = found else {
            bottoms[kind] = i;
            if !closer_opens {
                // Neither an opener nor a closer any more: plain text.
                if let Node::Delimiter { closes, .. } = &mut nodes[i] {
                    *closes = false;
                }
            }
            i += 1;
            continue;
        };
        let used = if mark == b'~' {
            left
        } else if left >= 2 && opener_left >= 2 {
            2
        } else {
            1
        };
        let group = match (mark, used) {
            (b'~', _) => Kind::Strike,
            (_, 2) => Kind::Strong,
            _ => Kind::Emphasis,
        };
        let children: Vec<Node> = nodes.drain(o + 1..i).collect();
        nodes.insert(o + 1, Node::Group(group, children));
        for b in &mut bottoms {
            *b = (*b).min(o + 1);
        }
        let mut closer = o + 2;
        if let Node::Delimiter { left, .. } = &mut nodes[o] {
            *left -= used;
            if *left == 0 {
                nodes.remove(o);
                closer -= 1;
            }
        }
        if let Node::Delimiter { left, .. } = &mut nodes[closer] {
            *left -= used;
        }
        i = closer;
    }
}

/// Which search a closer makes, as CommonMark keys its openers' floor: by mark, and for
/// `*` and `_` by whether the closer may open and its length modulo 3 (the rule of three).
fn bottom_kind(mark: u8, written: usize, opens: bool) -> usize {
    match mark {
        // One floor for both tilde lengths, as pulldown-cmark keeps it (the reference).
        b'~' => 12,
        _ => usize::from(mark == b'_') * 6 + usize::from(opens) * 3 + written % 3,
    }
}

/// The nodes as inlines: what is left of delimiter runs and brackets as text, and raw HTML
/// through the safe subset: a known tag pairs with its end tag at the same level, an unclosed
/// one ends where its level ends (as browsers end it), anything else stays text.
fn shape(nodes: Vec<Node>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut open: Vec<(HtmlInline, usize)> = Vec::new();
    for node in nodes {
        match node {
            Node::Text(text) => out.push(Inline::Text(text)),
            Node::Done(inline) => out.push(inline),
            Node::Delimiter { mark, left, .. } => {
                if left > 0 {
                    out.push(Inline::Text(char::from(mark).to_string().repeat(left)));
                }
            }
            Node::Bracket { image } => {
                out.push(Inline::Text(if image { "![" } else { "[" }.into()));
            }
            Node::Group(kind, children) => {
                let children = shape(children);
                out.push(match kind {
                    Kind::Emphasis => Inline::Emphasis(children),
                    Kind::Strong => Inline::Strong(children),
                    Kind::Strike => Inline::Strike(children),
                });
            }
            Node::Html(raw) => match html_tag(&raw) {
                Some(HtmlTag::Open(inline)) => open.push((inline, out.len())),
                Some(HtmlTag::Close(inline))
                    if open.last().is_some_and(|(o, _)| o.same_kind(&inline)) =>
                {
                    if let Some((inline, at)) = open.pop() {
                        let children = out.split_off(at);
                        wrap(&mut out, inline, children);
                    }
                }
                Some(HtmlTag::Break) => out.push(Inline::Break),
                _ => out.push(Inline::Text(raw)),
            },
        }
    }
    while let Some((inline, at)) = open.pop() {
        let children = out.split_off(at);
        wrap(&mut out, inline, children);
    }
    out
}

fn wrap(out: &mut Vec<Inline>, inline: HtmlInline, children: Vec<Inline>) {
    match inline {
        HtmlInline::Strong => out.push(Inline::Strong(children)),
        HtmlInline::Emphasis => out.push(Inline::Emphasis(children)),
        HtmlInline::Link(Some(href)) => out.push(Inline::Link { href, children }),
        HtmlInline::Link(None) => out.extend(children),
    }
}
