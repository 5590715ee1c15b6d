//! The Markdown form of plan text: the author's source, kept as written, with raw HTML escaped,
//! images turned into links to them, and links or images with unsafe targets reduced to their text; and escaping for plain values
//! in Markdown output. Parsing options come from `markdown::render`.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::markdown::{after_script_scheme, allowed_url};

/// The Markdown source with raw HTML escaped and unsafe links reduced to their text.
///
/// Rewriting can expose new constructs (text that was inside an HTML block is Markdown once the
/// block is escaped), so it repeats until nothing changes; if that does not settle, the whole text
/// is escaped.
pub(super) fn markdown_source(source: &str, options: Options) -> String {
    let mut current = source.to_owned();
    for _ in 0..4 {
        let edits = unsafe_ranges(&current, options);
        if edits.is_empty() {
            // Only the blanks that already end an HTML tag name: trimming another (a vertical
            // tab after `<div`) would turn the text before it into raw HTML.
            let trimmed = current.trim_end_matches([' ', '\t', '\n', '\r']);
            return close_fences(trimmed, options);
        }
        let mut next = String::with_capacity(current.len() + 16);
        let mut at = 0;
        for (range, replacement) in edits {
            if range.start < at {
                continue; // nested in an edit already made
            }
            next.push_str(&current[at..range.start]);
            next.push_str(&replacement);
            at = range.end;
        }
        next.push_str(&current[at..]);
        current = next;
    }
    escape_text(&current)
}

/// `md` with a fenced code block left open at its end closed, so that it cannot run into what
/// the runbook prints next.
fn close_fences(md: &str, options: Options) -> String {
    let mut depth = 0usize;
    let mut open_fence = None;
    for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) if depth == 0 => {
                let block = &md[range.clone()];
                let first = block.lines().next().unwrap_or_default();
                let indent = &first[..first.len() - first.trim_start().len()];
                let body = first.trim_start();
                let marker = body.chars().next().unwrap_or('`');
                let fence: String = body.chars().take_while(|&c| c == marker).collect();
                let closed = block.lines().count() > 1
                    && block.lines().last().is_some_and(|last| {
                        let last = last.trim();
                        last.len() >= fence.len() && last.chars().all(|c| c == marker)
                    });
                open_fence = (range.end >= md.len() && !closed).then(|| format!("{indent}{fence}"));
            }
            Event::Start(
                Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_),
            ) => {
                depth += 1;
            }
            Event::End(
                TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition,
            ) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    match open_fence {
        Some(fence) => format!("{md}\n{fence}"),
        None => md.to_owned(),
    }
}

/// Ranges of raw HTML, of links and images with unsafe targets, and of link reference
/// definitions with unsafe targets (which would also apply to text elsewhere in the runbook),
/// with their replacements.
fn unsafe_ranges(source: &str, options: Options) -> Vec<(Range<usize>, String)> {
    let mut edits = Vec::new();
    let mut open: Option<(Range<usize>, String, usize)> = None;
    let parser = Parser::new_ext(source, options);
    for (_, def) in parser.reference_definitions().iter() {
        if !allowed_url(&def.dest) {
            edits.push((def.span.clone(), escape_text(&source[def.span.clone()])));
        }
    }
    for (event, range) in parser.into_offset_iter() {
        if let Some((_, text, depth)) = &mut open {
            match event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => *depth += 1,
                Event::End(TagEnd::Link | TagEnd::Image) if *depth > 0 => *depth -= 1,
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    let (range, text, _) = open.take().expect("open link");
                    edits.push((range, escape_text(&text)));
                }
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    text.push_str(&t);
                }
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                let raw = &source[range.clone()];
                edits.push((range, raw.replace('<', "&lt;").replace('>', "&gt;")));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !allowed_url(&dest_url) =>
            {
                open = Some((range, String::new(), 0));
            }
            // An image is shown as a link to it: code hosts would fetch an image.
            Event::Start(Tag::Image { .. }) if source[range.clone()].starts_with('!') => {
                edits.push((range.start..range.start + 1, String::new()));
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    edits
}

/// Escapes text so that Markdown shows it literally (also used for plain values in templates);
/// the colon after a script-capable scheme too, so that it never reads as a URL.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Entities rather than backslashes: the source never holds a tag-like `<script`.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            ':' if after_script_scheme(&out) => out.push_str("\\:"),
            // Private-use characters that mark plan Markdown blocks in the output.
            '\u{E000}' | '\u{E001}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Markdown on one line, for a table cell: line breaks become spaces and pipes are escaped.
pub(crate) fn one_line(md: &str) -> String {
    let joined = md.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    let mut escaped = false;
    for c in joined.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_blanks_never_turn_text_into_raw_html() {
        let options = Options::ENABLE_TABLES;
        for source in ["<div\u{b}", "<div\u{c}", "<script\u{b}\n", "<div\u{a0}"] {
            let md = markdown_source(source, options);
            assert!(
                !Parser::new_ext(&md, options)
                    .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
                "{source:?} became raw HTML: {md:?}"
            );
        }
    }

    #[test]
    fn open_fences_are_closed_and_unsafe_definitions_escaped() {
        let options = Options::ENABLE_TABLES;
        assert_eq!(
            markdown_source("a\n\n```sh\nrm -rf x", options),
            "a\n\n```sh\nrm -rf x\n```"
        );
        assert_eq!(markdown_source("~~~~\nx\n~~~~", options), "~~~~\nx\n~~~~");
        assert_eq!(
            markdown_source("- a\n  ```\n  x", options),
            "- a\n  ```\n  x"
        );
        assert_eq!(
            markdown_source("[x]\n\n[x]: javascript:alert(1)", options),
            "x\n\n\\[x\\]: javascript\\:alert(1)"
        );
    }

    #[test]
    fn one_line_escapes_pipes_once() {
        assert_eq!(one_line("a | b\nc \\| d"), "a \\| b c \\| d");
        assert_eq!(
            escape_text("a_b <c> javascript:x"),
            "a\\_b &lt;c&gt; javascript\\:x"
        );
    }
}
