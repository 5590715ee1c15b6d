//! The Markdown form of a diff report, written to be posted as a pull-request comment:
//! a heading, a summary line, then one table per plan, for registers, for `bcplan.yaml`, and for
//! findings introduced and resolved. Plan text is escaped so it cannot break the tables or
//! inject HTML. With no changes at all, the report is the single line "No changes".

use std::fmt::Write as _;

use super::Report;
use super::cells::{self, cell, code};
use super::model::{FieldChange, FindingEntry, ItemChanges, PlanEntry};

/// The report as GitHub-flavoured Markdown. Control characters and bidirectional overrides from
/// plan text are shown as `\u{..}` (see `visible.rs`).
pub fn report(report: &Report) -> String {
    crate::visible::visible_lines(&markdown(report)).into_owned()
}

fn markdown(report: &Report) -> String {
    let s = &report.summary;
    if s.is_empty() {
        return "No changes\n".to_owned();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## bcplan diff: `{}` → `{}`\n",
        code(&report.old),
        code(&report.new)
    );
    let _ = writeln!(out, "**Summary:** {}.\n", summary_line(report));
    if s.failing_introduced > 0 {
        let _ = writeln!(
            out,
            "**{} of the introduced findings fail{} the check.**\n",
            s.failing_introduced,
            if s.failing_introduced == 1 { "s" } else { "" }
        );
    }
    plan_list(&mut out, "Plans added", &report.plans.added);
    plan_list(&mut out, "Plans removed", &report.plans.removed);
    for plan in &report.plans.changed {
        let _ = writeln!(
            out,
            "### Plan `{}`: {}\n",
            code(&plan.id),
            cell(&plan.title)
        );
        out.push_str("| Change | What | Old | New |\n|---|---|---|---|\n");
        for f in &plan.fields {
            field_row(&mut out, "", f);
        }
        items(&mut out, "activity", &plan.activities);
        items(&mut out, "strategy", &plan.strategies);
        items(&mut out, "procedure", &plan.procedures);
        out.push('\n');
    }
    let r = &report.registers;
    if !(r.added.is_empty() && r.removed.is_empty() && r.changed.is_empty()) {
        out.push_str("### Registers\n\n| Change | What | Old | New |\n|---|---|---|---|\n");
        for e in &r.added {
            let _ = writeln!(out, "| added | {} | | |", named(e.kind, &e.id, &e.name));
        }
        for e in &r.removed {
            let _ = writeln!(out, "| removed | {} | | |", named(e.kind, &e.id, &e.name));
        }
        for e in &r.changed {
            for f in &e.fields {
                field_row(&mut out, &named(e.kind, &e.id, ""), f);
            }
        }
        out.push('\n');
    }
    if !report.workspace.is_empty() {
        out.push_str(
            "### Workspace (`bcplan.yaml`)\n\n| Change | What | Old | New |\n|---|---|---|---|\n",
        );
        for f in &report.workspace {
            field_row(&mut out, "", f);
        }
        out.push('\n');
    }
    finding_table(&mut out, "Findings introduced", &report.findings.introduced);
    finding_table(&mut out, "Findings resolved", &report.findings.resolved);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// "2 findings introduced, 1 resolved; 1 plan changed, 3 register changes".
fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut parts = Vec::new();
    let mut count = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    count(s.plans_added, "plan added", "plans added");
    count(s.plans_removed, "plan removed", "plans removed");
    count(s.plans_changed, "plan changed", "plans changed");
    count(s.register_changes, "register change", "register changes");
    if s.workspace_changed {
        parts.push("`bcplan.yaml` changed".to_owned());
    }
    let findings = format!(
        "{} finding{} introduced, {} resolved",
        s.findings_introduced,
        if s.findings_introduced == 1 { "" } else { "s" },
        s.findings_resolved
    );
    if parts.is_empty() {
        findings
    } else {
        format!("{findings}; {}", parts.join(", "))
    }
}

fn plan_list(out: &mut String, title: &str, plans: &[PlanEntry]) {
    if plans.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title}\n\n| Plan | Title | File |\n|---|---|---|");
    for p in plans {
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` |",
            code(&p.id),
            cell(&p.title),
            code(&p.file)
        );
    }
    out.push('\n');
}

fn items(out: &mut String, kind: &str, changes: &ItemChanges) {
    for i in &changes.added {
        let _ = writeln!(out, "| added | {} | | |", named(kind, &i.id, &i.name));
    }
    for i in &changes.removed {
        let _ = writeln!(out, "| removed | {} | | |", named(kind, &i.id, &i.name));
    }
    for i in &changes.changed {
        for f in &i.fields {
            field_row(out, &named(kind, &i.id, ""), f);
        }
    }
}

fn field_row(out: &mut String, owner: &str, f: &FieldChange) {
    let what = if owner.is_empty() {
        format!("`{}`", code(&f.field))
    } else {
        format!("{owner}: `{}`", code(&f.field))
    };
    let change = f.change;
    let (before, after) = cells::change(f.old.as_ref(), f.new.as_ref());
    let _ = writeln!(out, "| {change} | {what} | {before} | {after} |");
}

fn finding_table(out: &mut String, title: &str, findings: &[FindingEntry]) {
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### {title}\n\n| Severity | Rule | Plan | Message | Where |\n|---|---|---|---|---|"
    );
    for f in findings {
        let severity = if f.waived { "waived" } else { f.severity };
        let plan = f
            .plan
            .as_deref()
            .map_or_else(String::new, |p| format!("`{}`", code(p)));
        let place = if f.line == 0 {
            code(&f.file)
        } else {
            format!("{}:{}", code(&f.file), f.line)
        };
        let _ = writeln!(
            out,
            "| {severity} | `{}` | {plan} | {} | `{place}` |",
            f.rule,
            cell(&f.message)
        );
    }
    out.push('\n');
}

/// "activity `smt-assembly` (SMT assembly)".
fn named(kind: &str, id: &str, name: &str) -> String {
    if name.is_empty() {
        format!("{kind} `{}`", code(id))
    } else {
        format!("{kind} `{}` ({})", code(id), cell(name))
    }
}
