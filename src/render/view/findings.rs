//! Findings in the view: the appendix of a runbook lists the findings that belong to the plan,
//! with the requirement each rule comes from and the waiver that accepts it, if any.
//!
//! A plan's findings are those the checks attach to it, those located in its file, and those about
//! register entries it refers to (a person it names, a supplier it depends on...).

use std::collections::BTreeSet;

use serde::Serialize;

use super::Ctx;
use crate::diagnostics::{Finding, Severity};
use crate::model::Plan;

/// The waiver that accepted a finding.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct WaivedView {
    /// Plan holding the waiver.
    pub(crate) plan: String,
    /// Why.
    pub(crate) reason: String,
    /// Approver (name).
    pub(crate) approved_by: String,
    /// Until when.
    pub(crate) expires: String,
}

/// A finding in the appendix.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FindingView {
    /// Rule name.
    pub(crate) rule: String,
    /// `error`, `warning` or `info`.
    pub(crate) severity: String,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: Option<String>,
    /// `file:line` (just the file for whole-file findings).
    pub(crate) location: String,
    /// The standard or practice the rule comes from.
    pub(crate) source: String,
    /// The rule's one-line summary.
    pub(crate) summary: String,
    /// The waiver accepting it.
    pub(crate) waived: Option<WaivedView>,
}

/// Finding counts.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub(crate) struct Counts {
    /// Errors not waived.
    pub(crate) errors: usize,
    /// Warnings not waived.
    pub(crate) warnings: usize,
    /// Info findings not waived.
    pub(crate) info: usize,
    /// Waived findings.
    pub(crate) waived: usize,
}

impl Counts {
    /// Counts `findings`.
    pub(crate) fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match (f.waived.is_some(), f.severity) {
                (true, _) => c.waived += 1,
                (false, Severity::Error) => c.errors += 1,
                (false, Severity::Warning) => c.warnings += 1,
                (false, Severity::Info) => c.info += 1,
            }
        }
        c
    }
}

/// The findings that belong to `plan` (see the module documentation), in file order.
pub(crate) fn plan_findings<'f>(ctx: &Ctx<'f>, plan: &Plan) -> Vec<&'f Finding> {
    let used: BTreeSet<String> = ctx
        .refs
        .iter()
        .filter(|r| r.plan.is_some_and(|p| std::ptr::eq(p, plan)))
        .map(|r| {
            r.activity
                .map_or_else(|| r.id.to_string(), ToString::to_string)
        })
        .collect();
    let file = plan.id.span.file;
    ctx.findings
        .iter()
        .filter(|f| match &f.plan {
            Some(p) => *p == plan.id.as_str(),
            None => f.span.file == file || f.target.as_ref().is_some_and(|t| used.contains(t)),
        })
        .collect()
}

/// A finding as the appendix shows it.
pub(super) fn finding(ctx: &Ctx<'_>, f: &Finding) -> FindingView {
    let rule = crate::rules::find(f.rule);
    let file = ctx.ws.sources.get(f.span.file).display();
    FindingView {
        rule: f.rule.to_owned(),
        severity: f.severity.as_str().to_owned(),
        message: ctx.text(&f.message),
        help: ctx.opt_text(Some(&f.help)),
        location: if f.span.pos.line == 0 {
            file
        } else {
            format!("{file}:{}", f.span.pos.line)
        },
        source: rule.map(|r| r.source.to_owned()).unwrap_or_default(),
        summary: rule.map(|r| r.summary().to_owned()).unwrap_or_default(),
        waived: f.waived.as_ref().map(|w| WaivedView {
            plan: w.plan.clone(),
            reason: ctx.text(&w.reason),
            approved_by: ctx
                .index
                .people
                .get(w.approved_by.as_str())
                .map_or_else(|| w.approved_by.clone(), |p| ctx.text(&p.name)),
            expires: w.expires.clone(),
        }),
    }
}
