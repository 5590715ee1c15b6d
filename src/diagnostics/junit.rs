//! The JUnit format: JUnit XML for CI test reports. Each file read is a `<testsuite>`, each rule
//! a `<testcase>` in it; a failing finding is a `<failure>`. Findings that do not fail the check
//! (info, warnings without `--deny warnings`, waived) are listed in the test case's
//! `<system-out>`, and a test case whose findings are all waived is `<skipped>`.

use std::fmt::Write as _;

use super::{Finding, Severity};
use crate::visible::visible_lines;
use crate::workspace::SourceMap;
use crate::yaml::spanned::FileId;

/// The report as JUnit XML. `rules` are the rules that ran, one test case each per file.
pub fn report(
    findings: &[Finding],
    sources: &SourceMap,
    rules: &[&str],
    deny_warnings: bool,
) -> String {
    let (mut tests, mut failures, mut skipped) = (0, 0, 0);
    let mut suites = String::new();
    for (index, file) in sources.files.iter().enumerate() {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        let path = escape(&file.display());
        let (mut suite_failures, mut suite_skipped) = (0, 0);
        let mut cases = String::new();
        for rule in rules {
            let mine: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.span.file == id && f.rule == *rule)
                .collect();
            let failing: Vec<&&Finding> = mine.iter().filter(|f| f.fails(deny_warnings)).collect();
            let all_waived = !mine.is_empty() && mine.iter().all(|f| f.waived.is_some());
            let _ = write!(cases, "    <testcase classname=\"{path}\" name=\"{rule}\"");
            if mine.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            if !failing.is_empty() {
                suite_failures += 1;
            }
            for f in &failing {
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{}\" type=\"{rule}\">{}</failure>",
                    escape(&f.message),
                    escape_text(&describe(f, sources))
                );
            }
            if all_waived {
                suite_skipped += 1;
                let _ = writeln!(cases, "      <skipped message=\"{} waived\"/>", mine.len());
            }
            let passing: Vec<String> = mine
                .iter()
                .filter(|f| !f.fails(deny_warnings))
                .map(|f| describe(f, sources))
                .collect();
            if !passing.is_empty() {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    escape_text(&passing.join("\n"))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        let _ = write!(
            suites,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"0\" skipped=\"{suite_skipped}\">\n{cases}  </testsuite>\n",
            rules.len()
        );
        tests += rules.len();
        failures += suite_failures;
        skipped += suite_skipped;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bcplan\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}

/// One finding as text: `path:line:col: severity message`, then help, related places and waiver.
fn describe(f: &Finding, sources: &SourceMap) -> String {
    let file = sources.get(f.span.file).display();
    let place = if f.span.pos.line == 0 {
        file
    } else {
        format!("{file}:{}:{}", f.span.pos.line, f.span.pos.col)
    };
    let label = match (&f.waived, f.severity) {
        (Some(_), _) => "waived",
        (None, Severity::Error) => "error",
        (None, Severity::Warning) => "warning",
        (None, Severity::Info) => "info",
    };
    let mut text = format!(
        "{place}: {label}[{}] {}",
        f.rule,
        f.text_with_notes(sources)
    );
    if let Some(w) = &f.waived {
        let reason = w.reason.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = write!(
            text,
            "\nwaived in plan `{}` by {} until {}: {reason}",
            w.plan, w.approved_by, w.expires
        );
    }
    text
}

/// Escapes text for an XML attribute value (line breaks kept as character references).
fn escape(text: &str) -> String {
    escape_xml(text, true)
}

/// Escapes text for XML element content (line breaks kept as they are).
fn escape_text(text: &str) -> String {
    escape_xml(text, false)
}

/// Escapes XML markup characters. Control characters but line feed and tab (most of which XML 1.0
/// cannot hold at all) are shown as `\u{..}`, like every human-readable output; the two
/// non-characters XML forbids become U+FFFD.
fn escape_xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in visible_lines(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' if !attribute => out.push(c),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text};

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\n\u{1}\u{ffff}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;\\u{1}\u{FFFD}"
        );
        assert_eq!(escape_text("a\r\u{1b}[2J\tb"), "a\\u{d}\\u{1b}[2J\tb");
        assert_eq!(escape_text("x\ny]]>"), "x\ny]]&gt;");
    }
}
