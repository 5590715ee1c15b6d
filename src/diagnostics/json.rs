//! The JSON format: a stable, documented shape for scripts (see the README, "JSON output").

use serde::Serialize;

use super::human::Summary;
use super::{Finding, Waived};
use crate::workspace::SourceMap;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    summary: Summary,
    failed: bool,
    findings: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: String,
    line: u32,
    column: u32,
    help: &'a str,
    target: Option<&'a str>,
    plan: Option<&'a str>,
    related: Vec<Related<'a>>,
    waived: Option<&'a Waived>,
}

#[derive(Serialize)]
struct Related<'a> {
    file: String,
    line: u32,
    column: u32,
    message: &'a str,
}

/// The report as pretty-printed JSON, with a trailing newline.
pub fn report(findings: &[Finding], sources: &SourceMap, deny_warnings: bool) -> String {
    let report = Report {
        version: 1,
        summary: Summary::of(findings, sources.files.len()),
        failed: findings.iter().any(|f| f.fails(deny_warnings)),
        findings: findings
            .iter()
            .map(|f| Item {
                rule: f.rule,
                severity: f.severity.as_str(),
                message: &f.message,
                file: sources.get(f.span.file).display(),
                line: f.span.pos.line,
                column: f.span.pos.col,
                help: &f.help,
                target: f.target.as_deref(),
                plan: f.plan.as_deref(),
                related: f
                    .related
                    .iter()
                    .map(|(span, message)| Related {
                        file: sources.get(span.file).display(),
                        line: span.pos.line,
                        column: span.pos.col,
                        message,
                    })
                    .collect(),
                waived: f.waived.as_deref(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
