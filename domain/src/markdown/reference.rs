//! The reference the reader is tested against: the safe tree as pulldown-cmark's events
//! built it when Herald used that parser (tests only; see `tests::the_reader_agrees_…`).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{html_block_as_markdown, html_tag, is_safe_href, Block, HtmlInline, HtmlTag, Inline};

fn end_of(inline: &HtmlInline) -> TagEnd {
    match inline {
        HtmlInline::Strong => TagEnd::Strong,
        HtmlInline::Emphasis => TagEnd::Emphasis,
        HtmlInline::Link(_) => TagEnd::Link,
    }
}

/// What is being built while events arrive.
enum Open {
    /// Blocks; the flag says the last one is a paragraph of bare text (a tight list item)
    /// that more bare text continues.
    Blocks(Vec<Block>, bool),
    Inlines(Vec<Inline>),
    List(bool, Vec<Vec<Block>>),
}

/// The tree as pulldown-cmark's events built it before Herald read Markdown itself.
pub(super) fn parse(text: &str) -> Vec<Block> {
    super::merge_text(parse_at(text, true))
}

/// [`parse`], reading HTML blocks as the safe subset when `html_blocks` (not inside one).
// One match over the parser's events, each arm a few lines: splitting it would scatter them.
#[allow(clippy::too_many_lines)]
fn parse_at(text: &str, html_blocks: bool) -> Vec<Block> {
    let mut stack: Vec<Open> = vec![Open::Blocks(Vec::new(), false)];
    // Inline HTML tags still open, with the stack's length when each was opened, so an
    // unclosed `<b>` ends with the paragraph it is in, as browsers end it.
    let mut html_open: Vec<(HtmlInline, usize)> = Vec::new();
    let mut html_block: Option<String> = None;
    // Links and images need their target remembered until their end.
    let mut links: Vec<Option<String>> = Vec::new();
    let mut code: Option<String> = None;
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        if let Some(buffer) = code.as_mut() {
            match event {
                Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let body = code.take().unwrap_or_default();
                    push_block(
                        &mut stack,
                        Block::Code(body.trim_end_matches('\n').to_string()),
                    );
                }
                _ => {}
            }
            continue;
        }
        if let Some(buffer) = html_block.as_mut() {
            match event {
                Event::Html(t) | Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => {
                    let raw = html_block.take().unwrap_or_default();
                    for block in parse_at(&html_block_as_markdown(&raw), false) {
                        push_block(&mut stack, block);
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::HtmlBlock) if html_blocks => html_block = Some(String::new()),
            Event::InlineHtml(t) => match html_tag(&t) {
                Some(HtmlTag::Open(inline)) => {
                    if let HtmlInline::Link(href) = &inline {
                        links.push(href.clone());
                    }
                    stack.push(Open::Inlines(Vec::new()));
                    html_open.push((inline, stack.len()));
                }
                Some(HtmlTag::Close(inline))
                    if html_open.last().is_some_and(|(open, depth)| {
                        open.same_kind(&inline) && *depth == stack.len()
                    }) =>
                {
                    if let Some((open, _)) = html_open.pop() {
                        close(&mut stack, &mut links, end_of(&open));
                    }
                }
                Some(HtmlTag::Break) => push_inline(&mut stack, Inline::Break),
                _ => push_inline(&mut stack, Inline::Text(t.into_string())),
            },
            Event::End(end) => {
                while let Some((open, _)) = html_open.pop_if(|(_, depth)| *depth == stack.len()) {
                    close(&mut stack, &mut links, end_of(&open));
                }
                close(&mut stack, &mut links, end);
            }
            Event::Start(tag) => match tag {
                Tag::Link { dest_url, .. } => {
                    links.push(is_safe_href(&dest_url).then(|| dest_url.trim().to_string()));
                    stack.push(Open::Inlines(Vec::new()));
                }
                Tag::Image { .. } => {
                    links.push(None);
                    stack.push(Open::Inlines(Vec::new()));
                }
                Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_) => {
                    stack.push(Open::Blocks(Vec::new(), false));
                }
                Tag::List(start) => stack.push(Open::List(start.is_some(), Vec::new())),
                Tag::CodeBlock(_) => code = Some(String::new()),
                // Paragraphs, headings, emphasis and anything else (tables, HTML blocks,
                // metadata) gather inlines; `close` decides what they become.
                _ => stack.push(Open::Inlines(Vec::new())),
            },
            Event::Text(t) | Event::Html(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push_inline(&mut stack, Inline::Text(t.into_string()));
            }
            Event::Code(t) => push_inline(&mut stack, Inline::Code(t.into_string())),
            Event::SoftBreak => push_inline(&mut stack, Inline::Text(" ".into())),
            Event::HardBreak => push_inline(&mut stack, Inline::Break),
            Event::Rule => push_block(&mut stack, Block::Rule),
            Event::FootnoteReference(t) => push_inline(&mut stack, Inline::Text(format!("[{t}]"))),
            Event::TaskListMarker(done) => {
                push_inline(
                    &mut stack,
                    Inline::Text(if done { "[x] " } else { "[ ] " }.into()),
                );
            }
        }
    }
    // Close whatever an unbalanced stream left open, keeping its content.
    while let Some((open, _)) = html_open.pop_if(|(_, depth)| *depth == stack.len()) {
        close(&mut stack, &mut links, end_of(&open));
    }
    while stack.len() > 1 {
        close(&mut stack, &mut links, TagEnd::Paragraph);
    }
    match stack.pop() {
        Some(Open::Blocks(blocks, _)) => blocks,
        _ => Vec::new(),
    }
}

fn push_inline(stack: &mut Vec<Open>, inline: Inline) {
    match stack.last_mut() {
        Some(Open::Inlines(inlines)) => inlines.push(inline),
        // Bare text straight inside a list item or quote (a tight list): it continues the
        // paragraph of bare text before it, or starts one.
        Some(Open::Blocks(blocks, tight)) => {
            if let (true, Some(Block::Paragraph(previous))) = (*tight, blocks.last_mut()) {
                previous.push(inline);
            } else {
                blocks.push(Block::Paragraph(vec![inline]));
                *tight = true;
            }
        }
        _ => push_block(stack, Block::Paragraph(vec![inline])),
    }
}

fn push_block(stack: &mut Vec<Open>, block: Block) {
    match stack.last_mut() {
        Some(Open::Blocks(blocks, tight)) => {
            blocks.push(block);
            *tight = false;
        }
        Some(Open::List(_, items)) => items.push(vec![block]),
        Some(Open::Inlines(inlines)) => inlines.extend(block_text(block)),
        None => stack.push(Open::Blocks(vec![block], false)),
    }
}

/// A block flattened to inlines, for the rare block that lands inside inline content.
fn block_text(block: Block) -> Vec<Inline> {
    match block {
        Block::Paragraph(inlines) | Block::Heading(inlines) => inlines,
        Block::Code(text) => vec![Inline::Code(text)],
        Block::Rule => Vec::new(),
        Block::Quote(blocks) => blocks.into_iter().flat_map(block_text).collect(),
        Block::List { items, .. } => items.into_iter().flatten().flat_map(block_text).collect(),
    }
}

fn close(stack: &mut Vec<Open>, links: &mut Vec<Option<String>>, end: TagEnd) {
    if stack.len() <= 1 {
        return;
    }
    let Some(open) = stack.pop() else { return };
    match open {
        Open::Inlines(children) => {
            let inline = match end {
                TagEnd::Paragraph => return push_block(stack, Block::Paragraph(children)),
                TagEnd::Heading(_) => return push_block(stack, Block::Heading(children)),
                TagEnd::Emphasis => Inline::Emphasis(children),
                TagEnd::Strong => Inline::Strong(children),
                TagEnd::Strikethrough => Inline::Strike(children),
                TagEnd::Link => {
                    if let Some(href) = links.pop().flatten() {
                        Inline::Link { href, children }
                    } else {
                        for child in children {
                            push_inline(stack, child);
                        }
                        return;
                    }
                }
                _ => {
                    // Images (their alt text), table cells and anything unknown: the text only.
                    if matches!(end, TagEnd::Image) {
                        links.pop();
                    }
                    for child in children {
                        push_inline(stack, child);
                    }
                    return;
                }
            };
            push_inline(stack, inline);
        }
        Open::Blocks(blocks, _) => match stack.last_mut() {
            Some(Open::List(_, items)) => items.push(blocks),
            _ => push_block(stack, Block::Quote(blocks)),
        },
        Open::List(ordered, items) => push_block(stack, Block::List { ordered, items }),
    }
}
