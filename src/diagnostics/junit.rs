//! The JUnit format: JUnit XML for CI test reports, valid against the Jenkins/xunit
//! `junit-10.xsd`. Each file read is a `<testsuite>`; each finding in it is a `<testcase>` of its
//! own (`name` = `rule: target`, so report viewers that show one failure per test case lose
//! none), and each rule that found nothing in the file is one passing `<testcase>`. A finding
//! that fails the check has a `<failure>`; a waived one is `<skipped>`; one that does not fail
//! the check (info, warnings without `--deny warnings`) passes, with its text in `<system-out>`.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Finding, Severity};
use crate::visible::visible_lines;
use crate::workspace::SourceMap;
use crate::yaml::spanned::FileId;

/// The report as JUnit XML, with a suite for each of `files` (the files checked) and for each
/// other file holding a finding. `rules` are the rules that ran: each that found nothing in a
/// checked file is one passing test case of that file's suite.
pub fn report(
    findings: &[Finding],
    sources: &SourceMap,
    files: &[FileId],
    rules: &[&str],
    deny_warnings: bool,
) -> String {
    let (mut tests, mut failures) = (0, 0);
    let mut suites = String::new();
    for (index, file) in sources.files.iter().enumerate() {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        if !files.contains(&id) && !findings.iter().any(|f| f.span.file == id) {
            continue;
        }
        let path = escape(&file.display());
        let (mut suite_tests, mut suite_failures, mut suite_skipped) = (0, 0, 0);
        let mut cases = String::new();
        for rule in rules {
            let mine: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.span.file == id && f.rule == *rule)
                .collect();
            if mine.is_empty() {
                suite_tests += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{path}\" name=\"{rule}\"/>"
                );
                continue;
            }
            for (f, name) in mine.iter().zip(case_names(&mine)) {
                suite_tests += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{path}\" name=\"{}\">",
                    escape(&name)
                );
                let text = escape_text(&describe(f, sources));
                if f.fails(deny_warnings) {
                    suite_failures += 1;
                    let _ = writeln!(
                        cases,
                        "      <failure message=\"{}\" type=\"{rule}\">{text}</failure>",
                        escape(&f.message),
                    );
                } else {
                    if f.waived.is_some() {
                        suite_skipped += 1;
                        let _ = writeln!(
                            cases,
                            "      <skipped message=\"waived: {}\"/>",
                            escape(&f.message)
                        );
                    }
                    let _ = writeln!(cases, "      <system-out>{text}</system-out>");
                }
                cases.push_str("    </testcase>\n");
            }
        }
        let _ = write!(
            suites,
            "  <testsuite name=\"{path}\" tests=\"{suite_tests}\" failures=\"{suite_failures}\" errors=\"0\" skipped=\"{suite_skipped}\">\n{cases}  </testsuite>\n",
        );
        tests += suite_tests;
        failures += suite_failures;
    }
    // `<testsuites>` takes no `skipped` attribute in junit-10.xsd; the suites carry it.
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bcplan\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

/// The test case names of one rule's findings in one file: `rule: target` (the id the finding
/// is about, else its plan, else its line), with the line added where two would be the same.
fn case_names(findings: &[&Finding]) -> Vec<String> {
    let base: Vec<String> = findings
        .iter()
        .map(|f| {
            let about = f
                .target
                .clone()
                .or_else(|| f.plan.clone())
                .unwrap_or_else(|| place(f).into());
            format!("{}: {about}", f.rule)
        })
        .collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for name in &base {
        *count.entry(name).or_default() += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    base.iter()
        .zip(findings)
        .map(|(name, f)| {
            let mut name = if count[name.as_str()] > 1 && (f.target.is_some() || f.plan.is_some()) {
                format!("{name} ({})", place(f))
            } else {
                name.clone()
            };
            // Still the same (two findings at one place): number them.
            let n = seen.entry(name.clone()).or_default();
            *n += 1;
            if *n > 1 {
                let _ = write!(name, " #{n}");
            }
            name
        })
        .collect()
}

/// `line L` (or `the file` for a finding about a whole file).
fn place(f: &Finding) -> String {
    if f.span.pos.line == 0 {
        "the file".to_owned()
    } else {
        format!("line {}", f.span.pos.line)
    }
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
