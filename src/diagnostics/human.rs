//! The human format: `path:line:col: error[rule] message`, the source line with a caret, the help
//! line, then a summary (`3 errors, 5 warnings, 1 waived in 14 files`).

use std::fmt::Write as _;

use super::{Finding, Severity};
use crate::visible::{visible, visible_keeping};
use crate::workspace::SourceMap;

/// Colours, used only when writing to a terminal without `NO_COLOR`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Whether to colour.
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Counts of findings by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Errors not waived.
    pub errors: usize,
    /// Warnings not waived.
    pub warnings: usize,
    /// Info findings not waived.
    pub info: usize,
    /// Waived findings.
    pub waived: usize,
    /// Files read.
    pub files: usize,
}

impl Summary {
    /// Counts `findings` over `files` files.
    pub fn of(findings: &[Finding], files: usize) -> Summary {
        let mut s = Summary {
            files,
            ..Summary::default()
        };
        for f in findings {
            match (f.waived.is_some(), f.severity) {
                (true, _) => s.waived += 1,
                (false, Severity::Error) => s.errors += 1,
                (false, Severity::Warning) => s.warnings += 1,
                (false, Severity::Info) => s.info += 1,
            }
        }
        s
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )?;
        if self.info > 0 {
            write!(f, ", {} info", self.info)?;
        }
        write!(
            f,
            ", {} waived in {}",
            self.waived,
            plural(self.files, "file")
        )
    }
}

/// Writes one finding: header, source line with caret, help, related places.
pub fn finding(out: &mut String, f: &Finding, sources: &SourceMap, style: Style) {
    let file = sources.get(f.span.file);
    let (label, code) = match (f.waived.is_some(), f.severity) {
        (true, _) => ("waived", "2"),
        (false, Severity::Error) => ("error", "1;31"),
        (false, Severity::Warning) => ("warning", "1;33"),
        (false, Severity::Info) => ("info", "1;36"),
    };
    let path = file.display();
    let place = if f.span.pos.line == 0 {
        visible(&path).into_owned()
    } else {
        format!("{}:{}:{}", visible(&path), f.span.pos.line, f.span.pos.col)
    };
    let _ = writeln!(
        out,
        "{place}: {}[{}] {}",
        style.paint(code, label),
        f.rule,
        style.paint("1", &visible(&f.message))
    );
    if let Some(waiver) = &f.waived {
        let _ = writeln!(
            out,
            "   = waived in plan `{}` by {} until {}: {}",
            visible(&waiver.plan),
            visible(&waiver.approved_by),
            visible(&waiver.expires),
            visible(
                &waiver
                    .reason
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        );
        return;
    }
    if let Some((line, col)) = file.excerpt(f.span.pos.line, f.span.pos.col) {
        let number = f.span.pos.line.to_string();
        let pad = " ".repeat(number.len());
        // Tabs stay (the caret line repeats them); other controls are shown escaped, and the
        // caret is placed under the escaped form.
        let before: String = line.chars().take(col.saturating_sub(1) as usize).collect();
        let caret_pad: String = visible_keeping(&before, &['\t'])
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {}", visible_keeping(&line, &['\t']));
        let _ = writeln!(out, "{pad} | {caret_pad}{}", style.paint(code, "^"));
    }
    for (span, note) in &f.related {
        let other = sources.get(span.file);
        let _ = writeln!(
            out,
            "   = note: {}:{}:{}: {}",
            visible(&other.display()),
            span.pos.line,
            span.pos.col,
            visible(note)
        );
    }
    if !f.help.is_empty() {
        let _ = writeln!(out, "   = help: {}", visible(&f.help));
    }
}

/// The whole report.
pub fn report(
    findings: &[Finding],
    sources: &SourceMap,
    style: Style,
    quiet: bool,
    deny_warnings: bool,
) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_report(&mut out, findings, sources, style, quiet, deny_warnings);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the whole report to `out` one finding at a time, so that a report of many findings is
/// never held in memory whole (at 100,000 findings it is tens of megabytes).
pub fn write_report(
    out: &mut impl std::io::Write,
    findings: &[Finding],
    sources: &SourceMap,
    style: Style,
    quiet: bool,
    deny_warnings: bool,
) -> std::io::Result<()> {
    let mut text = String::new();
    for f in findings {
        if quiet && !f.fails(deny_warnings) {
            continue;
        }
        text.clear();
        finding(&mut text, f, sources, style);
        text.push('\n');
        out.write_all(text.as_bytes())?;
    }
    if !quiet {
        writeln!(out, "{}", Summary::of(findings, sources.files.len()))?;
    }
    Ok(())
}
