//! Update text rendered from Markdown, element by element: nothing in the text is ever parsed
//! as HTML by the browser (see `herald_domain::markdown`).

use herald_domain::markdown::{parse, summary, Block, Inline};
use leptos::prelude::*;

/// An update's Markdown text as safe elements.
// Leptos hands props over by value.
#[allow(clippy::needless_pass_by_value)]
#[component]
pub fn MarkdownText(
    /// The Markdown source.
    text: String,
) -> impl IntoView {
    // `dir="auto"`: a right-to-left text reads right to left whatever the page's direction.
    view! { <div class="update-text" dir="auto">{blocks(parse(&text))}</div> }
}

/// The opening of an update's text on one line, its Markdown rendered as the timeline renders
/// it (a summary showed `**Orders**` with its stars).
#[allow(clippy::needless_pass_by_value)]
#[component]
pub fn MarkdownSummary(
    /// The Markdown source.
    text: String,
    /// How many characters of text to show at most.
    #[prop(default = 140)]
    limit: usize,
) -> impl IntoView {
    view! { <span class="update-summary" dir="auto">{inlines(summary(&text, limit))}</span> }
}

fn blocks(blocks: Vec<Block>) -> AnyView {
    blocks.into_iter().map(block).collect_view().into_any()
}

fn block(block: Block) -> AnyView {
    match block {
        Block::Paragraph(content) => view! { <p>{inlines(content)}</p> }.into_any(),
        Block::Heading(content) => {
            view! { <p class="md-heading"><strong>{inlines(content)}</strong></p> }.into_any()
        }
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|item| view! { <li>{blocks(item)}</li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Quote(content) => view! { <blockquote>{blocks(content)}</blockquote> }.into_any(),
        Block::Code(code) => view! { <pre><code>{code}</code></pre> }.into_any(),
        Block::Rule => view! { <hr /> }.into_any(),
    }
}

fn inlines(inlines: Vec<Inline>) -> AnyView {
    inlines.into_iter().map(inline).collect_view().into_any()
}

fn inline(inline: Inline) -> AnyView {
    match inline {
        Inline::Text(text) => text.into_any(),
        Inline::Code(code) => view! { <code>{code}</code> }.into_any(),
        Inline::Strong(content) => view! { <strong>{inlines(content)}</strong> }.into_any(),
        Inline::Emphasis(content) => view! { <em>{inlines(content)}</em> }.into_any(),
        Inline::Strike(content) => view! { <del>{inlines(content)}</del> }.into_any(),
        // External links open apart from the incident view and pass no referrer or opener.
        Inline::Link { href, children } => view! {
            <a href=href rel="noopener noreferrer nofollow" target="_blank">{inlines(children)}</a>
        }
        .into_any(),
        Inline::Break => view! { <br /> }.into_any(),
    }
}
