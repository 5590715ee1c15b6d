//! Findings in the view: the appendix of a runbook lists the findings that belong to the plan,
//! with the requirement each rule comes from and the waiver that accepts it, if any.
//!
//! A plan's findings are those the checks attach to it, those located in its file, and those about
//! register entries it refers to (a person it names, a supplier it depends on...).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::Ctx;
use crate::diagnostics::{Finding, Severity};
use crate::model::Plan;
use crate::workspace::refs::Ref;
use crate::yaml::spanned::FileId;

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

/// The findings and references of a workspace bucketed once, so that a plan's findings are found
/// without scanning the whole workspace for each plan. Keys borrow from the findings and the
/// workspace, except activity references written `plan/activity`, which are joined into owned text.
#[derive(Debug, Default)]
pub(crate) struct Buckets<'w> {
    /// Findings attached to a plan, by plan id.
    by_plan: HashMap<&'w str, Vec<usize>>,
    /// Findings attached to no plan, by file.
    by_file: HashMap<FileId, Vec<usize>>,
    /// Findings attached to no plan, by target id.
    by_target: HashMap<&'w str, Vec<usize>>,
    /// What each plan refers to (activity references in full), by the plan's address.
    used: HashMap<usize, BTreeSet<Cow<'w, str>>>,
}

/// The key of a plan in [`Buckets::used`]: its address (two plans may share an id).
fn plan_key(plan: &Plan) -> usize {
    std::ptr::from_ref(plan) as usize
}

impl<'w> Buckets<'w> {
    /// Buckets `findings` and `refs`.
    pub(crate) fn new(findings: &'w [Finding], refs: &[Ref<'w>]) -> Buckets<'w> {
        let mut b = Buckets::default();
        for (i, f) in findings.iter().enumerate() {
            match &f.plan {
                Some(p) => b.by_plan.entry(p.as_str()).or_default().push(i),
                None => {
                    b.by_file.entry(f.span.file).or_default().push(i);
                    if let Some(t) = &f.target {
                        b.by_target.entry(t.as_str()).or_default().push(i);
                    }
                }
            }
        }
        for r in refs {
            if let Some(plan) = r.plan {
                b.used.entry(plan_key(plan)).or_default().insert(
                    r.activity
                        .map_or(Cow::Borrowed(r.id.as_str()), |a| Cow::Owned(a.to_string())),
                );
            }
        }
        b
    }

    /// The indices of the findings that belong to `plan`, ascending.
    pub(crate) fn of(&self, plan: &Plan) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        let mut add = |list: Option<&Vec<usize>>| found.extend(list.into_iter().flatten());
        add(self.by_plan.get(plan.id.as_str()));
        add(self.by_file.get(&plan.id.span.file));
        for target in self.used.get(&plan_key(plan)).into_iter().flatten() {
            add(self.by_target.get(target.as_ref()));
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The findings that belong to `plan` (see the module documentation), in file order.
pub(crate) fn plan_findings<'f>(ctx: &Ctx<'f>, plan: &Plan) -> Vec<&'f Finding> {
    ctx.buckets
        .of(plan)
        .into_iter()
        .map(|i| &ctx.findings[i])
        .collect()
}

/// A finding as the appendix shows it.
pub(super) fn finding(ctx: &Ctx<'_>, f: &Finding) -> FindingView {
    let rule = crate::rules::find(f.rule);
    let file = ctx.path(&ctx.ws.sources.get(f.span.file).display());
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
