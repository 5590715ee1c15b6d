//! The GitLab format: a GitLab Code Quality report (a subset of the Code Climate issue format),
//! which merge requests show inline on the changed lines and in their Code Quality widget.
//! Waived findings are accepted risks, not something to fix in a merge request: they are left out.

use serde_json::{Value as Json, json};

use super::sarif::fnv1a;
use super::{Finding, Severity};
use crate::workspace::SourceMap;

/// The report: a JSON array with one issue per finding that is not waived, and a trailing newline.
///
/// Failing findings (errors, and warnings under `--deny warnings`) are `major`, other warnings
/// `minor`, info findings `info`.
pub fn report(findings: &[Finding], sources: &SourceMap, deny_warnings: bool) -> String {
    let mut seen = std::collections::HashSet::new();
    let issues: Vec<Json> = findings
        .iter()
        .filter(|f| f.waived.is_none())
        .map(|f| {
            let severity = match f.severity {
                _ if f.fails(deny_warnings) => "major",
                Severity::Warning => "minor",
                Severity::Info | Severity::Error => "info",
            };
            let path = sources.get(f.span.file).display();
            let target = f.target.as_deref().unwrap_or_default();
            let plan = f.plan.as_deref().unwrap_or_default();
            // As in SARIF: never the line, so an issue keeps its identity when lines move.
            let mut hash = fnv1a(&[f.rule, &path, plan, target, &f.message]);
            // Two findings alike in all of that still need fingerprints of their own.
            while !seen.insert(hash) {
                hash = fnv1a(&[&format!("{hash:016x}")]);
            }
            let fingerprint = format!("{hash:016x}");
            json!({
                "type": "issue",
                "description": f.message,
                "check_name": f.rule,
                "content": { "body": f.text_with_notes(sources) },
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {
                    "path": path,
                    "lines": { "begin": f.span.pos.line.max(1) },
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}
