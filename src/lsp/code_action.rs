//! `textDocument/codeAction`: apply the "did you mean" suggestion of a `schema` or
//! `unknown-reference` finding, and add a waiver skeleton for a finding a waiver can accept.
//!
//! The skeleton leaves `reason` empty, so it accepts nothing until someone writes why the risk is
//! accepted (an incomplete waiver is itself reported).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Position, Range, TextEdit, WorkspaceEdit,
};

use super::diagnostics::{RuleDocs, diagnostic};
use super::project::{Project, uri_of};
use super::text::{self, token_range};
use crate::diagnostics::Finding;
use crate::model::{Date, Duration, Plan};
use crate::rules::find;
use crate::yaml::spanned::FileId;

/// The code actions for the findings of `file` that touch `range`.
pub(crate) fn actions(
    project: &Project,
    file: FileId,
    range: Range,
    today: Date,
) -> Vec<CodeActionOrCommand> {
    let source = project.ws.sources.get(file);
    let mut out = Vec::new();
    for finding in project.findings.iter().filter(|f| f.span.file == file) {
        let at = token_range(source, finding.span.pos);
        if at.end < range.start || range.end < at.start {
            continue;
        }
        let shown = diagnostic(finding, &project.ws, &uri_of, &RuleDocs::None);
        if let Some(suggestion) = suggestion(finding) {
            if let Some(uri) = project.uri(file) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Change to `{suggestion}`"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri, vec![TextEdit::new(at, suggestion)])])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
            }
        }
        if let Some(edit) = waiver(project, file, finding, today) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Add a waiver for this `{}` finding", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown]),
                edit: Some(edit),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// The replacement a finding's help suggests (`did you mean `x`?`).
fn suggestion(finding: &Finding) -> Option<String> {
    if !matches!(finding.rule, "schema" | "unknown-reference") {
        return None;
    }
    let rest = finding.help.split("did you mean `").nth(1)?;
    let word = rest.split('`').next()?;
    (!word.is_empty()).then(|| word.to_owned())
}

/// A plain YAML scalar for `value`, quoted when it needs to be.
fn scalar(value: &str) -> String {
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
    {
        value.to_owned()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// The edit adding a waiver skeleton for `finding` to the plan it belongs to (or the plan of this
/// file, for a finding about a register entry).
fn waiver(
    project: &Project,
    file: FileId,
    finding: &Finding,
    today: Date,
) -> Option<WorkspaceEdit> {
    let rule = find(finding.rule)?;
    if rule.structural() || finding.rule == "waiver-expired" || finding.waived.is_some() {
        return None;
    }
    let target = finding.target.as_ref()?;
    let ws = &project.ws;
    let plan: &Plan = match &finding.plan {
        Some(id) => ws.plans.iter().find(|p| p.id.as_str() == id)?,
        None => ws
            .plans
            .iter()
            .find(|p| p.id.span.file == file)
            .or_else(|| ws.plans.first())?,
    };
    let plan_file = plan.id.span.file;
    let text = &ws.sources.get(plan_file).text;
    let lines: Vec<&str> = text.split('\n').collect();
    // The plan's YAML document: from the `---` above its id to the next one.
    let id_line = plan.id.span.pos.line.saturating_sub(1) as usize;
    let start = lines[..=id_line.min(lines.len() - 1)]
        .iter()
        .rposition(|l| l.starts_with("---"))
        .map_or(0, |p| p + 1);
    let end = lines[start..]
        .iter()
        .skip(1)
        .position(|l| l.starts_with("---"))
        .map_or(lines.len(), |p| start + 1 + p);
    let expires = today.plus(&"90d".parse::<Duration>().ok()?);
    let approved_by = plan
        .owner
        .as_ref()
        .map_or_else(String::new, ToString::to_string);
    let entry = |indent: &str| {
        format!(
            "{indent}- rule: {}\n{indent}  target: {}\n{indent}  reason: \"\"\n{indent}  approved_by: {approved_by}\n{indent}  expires: {expires}\n",
            finding.rule,
            scalar(target)
        )
    };
    let waivers = (start..end).find(|&i| lines[i].starts_with("waivers:"));
    let edit = match waivers {
        Some(i) => {
            let rest = lines[i]["waivers:".len()..]
                .split(" #")
                .next()
                .unwrap_or_default()
                .trim();
            if rest == "[]" {
                TextEdit::new(
                    Range::new(
                        Position::new(u32::try_from(i).ok()?, 0),
                        Position::new(
                            u32::try_from(i).ok()?,
                            text::utf16(lines[i], lines[i].chars().count()),
                        ),
                    ),
                    format!("waivers:\n{}", entry("  ").trim_end_matches('\n')),
                )
            } else if rest.is_empty() {
                let indent: String = lines
                    .get(i + 1)
                    .map(|l| l.chars().take_while(|c| *c == ' ').collect())
                    .filter(|s: &String| !s.is_empty())
                    .unwrap_or_else(|| "  ".to_owned());
                let at = Position::new(u32::try_from(i + 1).ok()?, 0);
                TextEdit::new(Range::new(at, at), entry(&indent))
            } else {
                return None;
            }
        }
        None => {
            // Append at the end of the plan's document.
            let last = (start..end).rev().find(|&i| !lines[i].trim().is_empty())?;
            let at = Position::new(
                u32::try_from(last).ok()?,
                text::utf16(
                    lines[last],
                    lines[last].trim_end_matches('\r').chars().count(),
                ),
            );
            TextEdit::new(
                Range::new(at, at),
                format!("\nwaivers:\n{}", entry("  ").trim_end_matches('\n')),
            )
        }
    };
    let uri = project.uri(plan_file)?;
    Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri, vec![edit])])),
        ..WorkspaceEdit::default()
    })
}
