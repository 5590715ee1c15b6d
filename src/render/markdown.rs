//! Plan text written in Markdown (purpose, scope, descriptions, messages, step detail...), made
//! safe for both output formats in one place.
//!
//! Plan text is data, never markup we trust: raw HTML is shown as text, and links or images
//! whose scheme is not http(s), mailto or tel (or relative) lose their target and keep only their
//! text. For HTML the events are rewritten and rendered by pulldown-cmark; for Markdown the source
//! is kept (so it reads as the author wrote it) with the same constructs rewritten in place.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::markdown_source::markdown_source;

/// Plan text rendered for HTML, for Markdown, and as plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// HTML fragment, safe to insert into a page.
    pub(crate) html: String,
    /// GitHub-flavoured Markdown, with raw HTML escaped and unsafe links removed.
    pub(crate) md: String,
    /// The text without markup, whitespace collapsed.
    pub(crate) text: String,
}

/// Renders Markdown plan text. This is the only place that parses plan Markdown.
pub(crate) fn render(source: &str) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let parser = || Parser::new_ext(source, options);

    let mut html = String::new();
    let mut dropped: Vec<bool> = Vec::new();
    // Links open around the current event: an image inside a link stays text (no nested links).
    let mut open_links = 0usize;
    let events = parser().filter_map(|event| match event {
        // Text is escaped here (not by pulldown-cmark): see `escape_html`.
        Event::Html(raw) | Event::InlineHtml(raw) | Event::Text(raw) => {
            Some(Event::InlineHtml(escape_html(&raw).into()))
        }
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
            level: demote(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        // Images are never fetched: an image becomes a link to it (its text is the alt text).
        Event::Start(
            Tag::Link {
                dest_url, title, ..
            }
            | Tag::Image {
                dest_url, title, ..
            },
        ) => {
            let keep = allowed_url(&dest_url) && open_links == 0;
            dropped.push(!keep);
            open_links += usize::from(keep);
            keep.then(|| {
                Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url,
                    title,
                    id: "".into(),
                })
            })
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            let kept = !dropped.pop().unwrap_or(true);
            open_links -= usize::from(kept);
            kept.then_some(Event::End(TagEnd::Link))
        }
        other => Some(other),
    });
    pulldown_cmark::html::push_html(&mut html, events);

    let mut text = String::new();
    for event in parser() {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    Rendered {
        html: html.trim_end().to_owned(),
        md: markdown_source(source, options),
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Headings in plan text sit below the runbook's own section headings.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Whether a link or image target may be kept: http(s), mailto, tel, or relative.
pub(crate) fn allowed_url(url: &str) -> bool {
    // A target masked by `--redact` (`mailto:•••@example.com`) is no link worth keeping.
    if url.contains('•') {
        return false;
    }
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].split_once(':') {
        None => true,
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
    }
}

/// Escapes text for HTML content and attributes: `& < > " ' /` and `=`, and the colon after a
/// script-capable URL scheme, so that not even the text of plan content reads as an attribute
/// (`onerror=`) or a script URL (`javascript:`) in the page source.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2f;"),
            '=' => out.push_str("&#61;"),
            ':' if after_script_scheme(&out) => out.push_str("&#58;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` ends with a URL scheme that can run script (`javascript`, `vbscript`, `data`).
pub(crate) fn after_script_scheme(text: &str) -> bool {
    let word: String = text
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "livescript", "data"]
        .iter()
        .any(|scheme| word == *scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text_in_both_formats() {
        let r = render(
            "Hi <script>alert(1)</script> and <img src=x onerror=alert(1)>\n\n<div>\n*x*\n</div>",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("onerror="), "{}", r.html);
        assert!(!r.md.contains("<script"), "{}", r.md);
        assert!(!r.md.contains("<img"), "{}", r.md);
        assert!(!r.md.contains("<div"), "{}", r.md);
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        for src in [
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "[click](java\tscript:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](vbscript:x)",
            "[click](data:text/html,x)",
            "<javascript:alert(1)>",
            "![click](javascript:alert(1))",
        ] {
            let r = render(src);
            assert!(!r.html.contains("<a"), "{src}: {}", r.html);
            assert!(
                !r.html.to_lowercase().contains("javascript:"),
                "{src}: {}",
                r.html
            );
            let links = Parser::new_ext(&r.md, Options::all()).filter(|e| {
                matches!(
                    e,
                    Event::Start(Tag::Link { .. } | Tag::Image { .. })
                        | Event::Html(_)
                        | Event::InlineHtml(_)
                )
            });
            assert_eq!(links.count(), 0, "{src}: {}", r.md);
        }
        let ok = render("[site](https://example.com) [mail](mailto:a@b.c) [rel](docs/x.md)");
        assert_eq!(ok.html.matches("<a href").count(), 3, "{}", ok.html);
        assert_eq!(
            ok.md,
            "[site](https://example.com) [mail](mailto:a@b.c) [rel](docs/x.md)"
        );
    }

    #[test]
    fn images_are_never_fetched() {
        let r = render("![logo](https://example.com/x.png)");
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(
            r.html
                .contains("<a href=\"https://example.com/x.png\">logo</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.md, "[logo](https://example.com/x.png)");
        let linked = render("[![logo](https://example.com/x.png)](https://example.com)");
        assert_eq!(
            linked.html.matches("<a ").count(),
            1,
            "no nested links: {}",
            linked.html
        );
        assert!(!linked.md.contains("!["), "{}", linked.md);
    }

    #[test]
    fn markdown_features_render() {
        let r = render("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- ~~old~~");
        assert!(r.html.contains("<h3>Title</h3>"), "{}", r.html);
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("checkbox"), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
        assert_eq!(r.text, "Title a b 1 2 done old");
    }
}
