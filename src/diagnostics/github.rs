//! The GitHub format: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's files (`::error file=...,line=...,col=...,title=rule::message`).
//!
//! Errors are `::error`, warnings `::warning`, info findings `::notice`. Waived findings are
//! accepted risks, not something to act on in a pull request: they get no annotation and are
//! counted in the summary line that ends the output.

use std::fmt::Write as _;

use super::{Finding, Severity, Summary};
use crate::visible::{visible, visible_lines};
use crate::workspace::SourceMap;

/// The report: one workflow command per finding that is not waived, then the summary line.
///
/// With `quiet`, only failing findings and no summary.
pub fn report(
    findings: &[Finding],
    sources: &SourceMap,
    quiet: bool,
    deny_warnings: bool,
) -> String {
    let mut out = String::new();
    for f in findings {
        if f.waived.is_some() || (quiet && !f.fails(deny_warnings)) {
            continue;
        }
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!("file={}", property(&sources.get(f.span.file).display()));
        if f.span.pos.line > 0 {
            let _ = write!(
                properties,
                ",line={},col={}",
                f.span.pos.line,
                f.span.pos.col.max(1)
            );
        }
        let _ = write!(properties, ",title={}", property(f.rule));
        let message = f.text_with_notes(sources);
        let _ = writeln!(out, "::{command} {properties}::{}", data(&message));
    }
    if !quiet {
        let _ = writeln!(
            out,
            "bcplan: {}",
            Summary::of(findings, sources.files.len())
        );
    }
    out
}

/// Escapes a command's message as the runner expects (`%` and line feed); every other control
/// character but tab (carriage return and bidirectional overrides too) is shown as `\u{..}`, so
/// that no plan value reaches the log or the annotation as a terminal escape.
fn data(text: &str) -> String {
    visible_lines(text).replace('%', "%25").replace('\n', "%0A")
}

/// Escapes a command property value: as [`data`] on one line, plus `:` and `,`, which separate
/// properties.
fn property(text: &str) -> String {
    data(&visible(text)).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{data, property};

    #[test]
    fn escapes_as_the_actions_runner_expects() {
        assert_eq!(data("50% done\nnext: a,b"), "50%25 done%0Anext: a,b");
        assert_eq!(data("a\r\nb"), "a\\u{d}%0Ab");
        assert_eq!(property("C:\\a,b%.yaml"), "C%3A\\a%2Cb%25.yaml");
        assert_eq!(
            data("x\u{1b}]0;title\u{7}\ty\u{9b}2J"),
            "x\\u{1b}]0;title\\u{7}\ty\\u{9b}2J"
        );
        assert_eq!(property("a\nb"), "a\\u{a}b");
    }
}
