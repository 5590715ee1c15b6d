//! The template engine: the built-in templates (embedded in the binary), user overrides from
//! `--templates DIR`, and how values are escaped in each output format.
//!
//! HTML templates (`*.html.j2`) escape every value for HTML; Markdown templates (`*.md.j2`) escape
//! every value so that Markdown shows it literally. Plan Markdown ([`Rich`]) prints its HTML or its
//! Markdown form, already made safe. Plan text is only ever a value, never template source.

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior};

use super::markdown::escape_html;
use super::markdown_source::escape_text;
use super::rich::{Rich, indent};
use crate::schema::suggest::did_you_mean;

/// The auto-escape mode of Markdown templates.
const MARKDOWN: &str = "markdown";

/// The built-in templates, by name; a user template with the same name replaces one.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("base.html.j2", include_str!("../../templates/base.html.j2")),
    (
        "macros.html.j2",
        include_str!("../../templates/macros.html.j2"),
    ),
    (
        "runbook.html.j2",
        include_str!("../../templates/runbook.html.j2"),
    ),
    (
        "runbook-analysis.html.j2",
        include_str!("../../templates/runbook-analysis.html.j2"),
    ),
    (
        "index.html.j2",
        include_str!("../../templates/index.html.j2"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    ("macros.md.j2", include_str!("../../templates/macros.md.j2")),
    (
        "runbook.md.j2",
        include_str!("../../templates/runbook.md.j2"),
    ),
    (
        "runbook-analysis.md.j2",
        include_str!("../../templates/runbook-analysis.md.j2"),
    ),
    ("index.md.j2", include_str!("../../templates/index.md.j2")),
    (
        "impact.html.j2",
        include_str!("../../templates/impact.html.j2"),
    ),
    (
        "first-hour-sheet.html.j2",
        include_str!("../../templates/first-hour-sheet.html.j2"),
    ),
    (
        "first-hour.html.j2",
        include_str!("../../templates/first-hour.html.j2"),
    ),
    (
        "action-cards.html.j2",
        include_str!("../../templates/action-cards.html.j2"),
    ),
    (
        "cards.html.j2",
        include_str!("../../templates/cards.html.j2"),
    ),
    (
        "first-hour-sheet.md.j2",
        include_str!("../../templates/first-hour-sheet.md.j2"),
    ),
    (
        "first-hour.md.j2",
        include_str!("../../templates/first-hour.md.j2"),
    ),
    (
        "action-cards.md.j2",
        include_str!("../../templates/action-cards.md.j2"),
    ),
    ("cards.md.j2", include_str!("../../templates/cards.md.j2")),
];

/// Marks where plan Markdown printed as blocks starts and ends in a Markdown template's output,
/// for [`place_blocks`] (private-use characters, removed from plan text).
pub(super) const BLOCK_START: char = '\u{E000}';
/// See [`BLOCK_START`].
pub(super) const BLOCK_END: char = '\u{E001}';

/// Puts each block of plan Markdown in a rendered Markdown template on lines of its own, with a
/// blank line before and after where the template wrote text beside it (`**id:** {{ text }}`):
/// a code fence after other text on its line is no fence, and its content would be read as
/// Markdown (and as HTML, by renderers that pass it).
#[cfg(test)]
pub(super) fn place_blocks(text: &str) -> String {
    let mut out = String::new();
    place_blocks_into(text, &mut out);
    out
}

/// [`place_blocks`], written into `out` (emptied first).
pub(super) fn place_blocks_into(text: &str, out: &mut String) {
    out.clear();
    if !text.contains(BLOCK_START) {
        push_without_block_ends(out, text);
        return;
    }
    out.reserve(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find(BLOCK_START) {
        out.push_str(&rest[..start]);
        rest = &rest[start + BLOCK_START.len_utf8()..];
        let Some(end) = rest.find(BLOCK_END) else {
            continue;
        };
        let line = out.rfind('\n').map_or(0, |i| i + 1);
        if !out[line..].trim().is_empty() {
            out.truncate(out.trim_end_matches(' ').len());
            out.push_str("\n\n");
        }
        out.push_str(&rest[..end]);
        rest = &rest[end + BLOCK_END.len_utf8()..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        if !rest[..line_end].trim().is_empty() {
            out.push_str("\n\n");
            rest = rest.trim_start_matches(' ');
        }
    }
    out.push_str(rest);
    if out.contains(BLOCK_END) {
        *out = out.replace(BLOCK_END, "");
    }
}

/// Appends `text` to `out` without the block end markers.
fn push_without_block_ends(out: &mut String, text: &str) {
    out.reserve(text.len());
    out.extend(text.split(BLOCK_END));
}

/// Collapses runs of blank lines in rendered Markdown to one (outside fenced code blocks, whose
/// content is kept as it is), as Markdown linters expect.
#[cfg(test)]
pub(super) fn tidy_markdown(text: &str) -> String {
    let mut out = String::new();
    tidy_markdown_into(text, &mut out);
    out
}

/// [`tidy_markdown`], written into `out` (emptied first).
pub(super) fn tidy_markdown_into(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut fence: Option<&str> = None;
    let mut blank = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let marker = ["```", "~~~"]
            .into_iter()
            .find(|m| trimmed.starts_with(m) && line.len() - trimmed.len() < 4);
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m && trimmed.trim_end().trim_start_matches(m).is_empty() => {
                fence = None;
            }
            _ => {}
        }
        let is_blank = line.trim().is_empty();
        if is_blank && blank && fence.is_none() {
            continue;
        }
        blank = is_blank && fence.is_none();
        out.push_str(line);
    }
}

/// Builds the template environment: built-ins, then the files of `user_dir` over them.
pub(crate) fn environment(user_dir: Option<&Path>, verbose: bool) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .context("template syntax")?,
    );
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(auto_escape);
    env.set_formatter(format_value);
    env.add_filter("indent", indent_filter);
    env.add_filter("css_string", css_string);
    for (name, source) in BUILTIN {
        env.add_template(name, source)
            .with_context(|| format!("built-in template {name}"))?;
    }
    if let Some(dir) = user_dir {
        for (name, source) in read_user_templates(dir)? {
            let builtin = BUILTIN.iter().any(|(b, _)| *b == name);
            if !builtin {
                match did_you_mean(&name, BUILTIN.iter().map(|(b, _)| *b)) {
                    Some(s) => eprintln!(
                        "warning: {}: not a built-in template name (did you mean `{s}`?); added for includes only",
                        dir.join(&name).display()
                    ),
                    None if verbose => eprintln!(
                        "note: {}: added (it overrides no built-in template)",
                        dir.join(&name).display()
                    ),
                    None => {}
                }
            } else if verbose {
                eprintln!(
                    "note: {} overrides the built-in template",
                    dir.join(&name).display()
                );
            }
            let path = dir.join(&name);
            env.add_template_owned(name, source)
                .map_err(anyhow::Error::new)
                .with_context(|| format!("{}: invalid template", path.display()))?;
        }
    }
    Ok(env)
}

/// The files of a user template folder, as (name, text), sorted by name.
fn read_user_templates(dir: &Path) -> Result<Vec<(String, String)>> {
    if !dir.is_dir() {
        bail!("{}: --templates must be an existing folder", dir.display());
    }
    let mut out = Vec::new();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("{}: cannot read folder", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("{}: cannot read folder", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !path.is_file() || name.starts_with('.') {
            continue;
        }
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "{}: cannot read template (UTF-8 text expected)",
                path.display()
            )
        })?;
        out.push((name, text));
    }
    out.sort();
    Ok(out)
}

/// Whether template `name` writes Markdown (and is escaped for it).
pub(super) fn is_markdown(name: &str) -> bool {
    matches!(auto_escape(name), AutoEscape::Custom(m) if m == MARKDOWN)
}

/// HTML escaping for `.html` templates, Markdown escaping for `.md` templates, none otherwise.
fn auto_escape(name: &str) -> AutoEscape {
    let name = name.strip_suffix(".j2").unwrap_or(name);
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "html" | "htm" | "svg") {
        AutoEscape::Html
    } else if ext == "md" {
        AutoEscape::Custom(MARKDOWN.into())
    } else {
        AutoEscape::None
    }
}

/// Prints one value: plan Markdown in the form the template needs, anything else escaped.
fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let markdown = matches!(state.auto_escape(), AutoEscape::Custom(m) if m == MARKDOWN);
    if let Some(rich) = value.downcast_object_ref::<Rich>() {
        return match state.auto_escape() {
            AutoEscape::Html => out.write_str(rich.html()),
            _ if markdown && !rich.is_inline() => {
                out.write_fmt(format_args!("{BLOCK_START}{}{BLOCK_END}", rich.md()))
            }
            _ => out.write_str(&rich.md()),
        }
        .map_err(Error::from);
    }
    if markdown {
        if value.is_safe() {
            return out
                .write_str(value.as_str().unwrap_or_default())
                .map_err(Error::from);
        }
        // Most values need no escaping: they are written as they are, without a copy.
        if let Some(text) = value.as_str().filter(|t| !t.bytes().any(markdown_special)) {
            return out.write_str(text).map_err(Error::from);
        }
        let text = value.to_string().replace(['\r', '\n'], " ");
        return out.write_str(&escape_text(&text)).map_err(Error::from);
    }
    match value.as_str() {
        Some(text) if !value.is_safe() && *state.auto_escape() == AutoEscape::Html => {
            if text.bytes().any(html_special) {
                out.write_str(&escape_html(text))
            } else {
                out.write_str(text)
            }
            .map_err(Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Whether byte `b` can make [`escape_html`] change a text: without one, it is written as it is.
fn html_special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'/' | b'=' | b':')
}

/// Whether byte `b` can make a value's Markdown form differ from its text: a character
/// [`escape_text`] escapes, a line break, or the first byte of a private-use block marker.
fn markdown_special(b: u8) -> bool {
    matches!(
        b,
        b'<' | b'>'
            | b'\\'
            | b'`'
            | b'*'
            | b'_'
            | b'['
            | b']'
            | b'|'
            | b'~'
            | b'&'
            | b'#'
            | b'!'
            | b':'
            | b'\r'
            | b'\n'
            | 0xEE
    )
}

/// `indent(width, first=false)`: like Jinja's, but keeps plan Markdown and safe text safe.
fn indent_filter(value: &Value, width: usize, first: Option<bool>) -> Value {
    let first = first.unwrap_or(false);
    if let Some(rich) = value.downcast_object_ref::<Rich>() {
        return Value::from_object(rich.indented(width, first));
    }
    let text = indent(&value.to_string(), width, first);
    if value.is_safe() {
        Value::from_safe_string(text)
    } else {
        Value::from(text)
    }
}

/// `css_string`: the value as a quoted CSS string, safe inside a `<style>` element.
fn css_string(value: &Value) -> Value {
    let mut out = String::from("\"");
    for c in value.to_string().chars() {
        match c {
            c if c.is_control() => out.push(' '),
            // Punctuation as hex escapes: nothing can end the string or the style element, and
            // no plan text reads as markup or a URL in the page source.
            c if c.is_ascii_punctuation() && !matches!(c, '.' | ',' | '-' | '_' | '(' | ')') => {
                out.push_str(&format!("\\{:x} ", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Value::from_safe_string(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_is_data_never_template_source() {
        let mut env = environment(None, false).unwrap();
        env.add_template("t.html", "<p>{{ x }}</p>{{ r }}").unwrap();
        env.add_template("t.md", "{{ x }} / {{ r }} / {{ r.inline }}")
            .unwrap();
        let ctx = minijinja::context! {
            x => "{{ 7*7 }} {% raw %} <b>",
            r => Value::from_object(Rich::new("*a* <i>x</i>\n\nb | c")),
        };
        let html = env.get_template("t.html").unwrap().render(&ctx).unwrap();
        assert_eq!(
            html,
            "<p>{{ 7*7 }} {% raw %} &lt;b&gt;</p><p><em>a</em> &lt;i&gt;x&lt;&#x2f;i&gt;</p>\n<p>b | c</p>"
        );
        let md = place_blocks(&env.get_template("t.md").unwrap().render(&ctx).unwrap());
        assert_eq!(
            md,
            "{{ 7\\*7 }} {% raw %} &lt;b&gt; /\n\n*a* &lt;i&gt;x&lt;/i&gt;\n\nb | c\n\n/ *a* &lt;i&gt;x&lt;/i&gt; b \\| c"
        );
    }

    #[test]
    fn plan_markdown_blocks_get_lines_of_their_own() {
        let mut env = environment(None, false).unwrap();
        env.add_template(
            "t.md",
            "**id:** {{ r }} after\n\n{{ r }}\n| {{ r.inline }} |",
        )
        .unwrap();
        let ctx = minijinja::context! {
            r => Value::from_object(Rich::new("```\ncode\n```")),
        };
        let md = env.get_template("t.md").unwrap().render(&ctx).unwrap();
        assert_eq!(
            place_blocks(&md),
            "**id:**\n\n```\ncode\n```\n\nafter\n\n```\ncode\n```\n| ``` code ``` |"
        );
        assert_eq!(place_blocks("a\u{E001}b\u{E000}c"), "abc");
    }

    #[test]
    fn blank_line_runs_collapse_outside_code_fences() {
        assert_eq!(
            tidy_markdown("a\n\n\n\nb\n```\nx\n\n\ny\n```\n\n\nc\n"),
            "a\n\nb\n```\nx\n\n\ny\n```\n\nc\n"
        );
    }

    #[test]
    fn every_file_in_templates_is_built_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        // Sub-folders (the `init` workspace) are not render templates.
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut builtin: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        builtin.sort_unstable();
        assert_eq!(files, builtin);
    }

    proptest::proptest! {
        /// The fast paths of `format_value` write a text unescaped only where escaping would
        /// not have changed it.
        #[test]
        fn text_without_special_bytes_escapes_to_itself(text in "\\PC*|((javascript|data|x)[:a-z]{0,2}[/<&=*\\n\u{E000}]?){0,4}") {
            if !text.bytes().any(html_special) {
                proptest::prop_assert_eq!(escape_html(&text), text.clone());
            }
            if !text.bytes().any(markdown_special) {
                proptest::prop_assert_eq!(escape_text(&text.replace(['\r', '\n'], " ")), text);
            }
        }
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        assert_eq!(
            css_string(&Value::from("a\"</style> x:y"))
                .as_str()
                .unwrap(),
            "\"a\\22 \\3c \\2f style\\3e  x\\3a y\""
        );
    }
}
