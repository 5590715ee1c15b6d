//! The index page in the view: one line per rendered plan with status, owner, review due date,
//! finding counts and coverage, plus totals over the workspace.

use serde::Serialize;

use super::findings::Counts;
use super::people::PersonView;
use super::{Ctx, Meta, PlanView};

/// One plan on the index.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PlanSummary {
    /// Plan id (the runbook is `<id>.html` / `<id>.md`).
    pub(crate) id: String,
    /// Title.
    pub(crate) title: String,
    /// Version.
    pub(crate) version: Option<String>,
    /// Status.
    pub(crate) status: String,
    /// Status label.
    pub(crate) status_label: String,
    /// Domain label.
    pub(crate) domain: Option<String>,
    /// Classification label.
    pub(crate) classification_label: Option<String>,
    /// Owner.
    pub(crate) owner: Option<PersonView>,
    /// Next review due.
    pub(crate) review_due: Option<String>,
    /// Whether the review is overdue.
    pub(crate) review_overdue: bool,
    /// The plan's finding counts (as in its appendix).
    pub(crate) findings: Counts,
    /// Covered cells of the coverage matrix.
    pub(crate) covered: usize,
    /// All cells of the coverage matrix.
    pub(crate) cells: usize,
    /// Covered share, percent.
    pub(crate) coverage_percent: usize,
    /// Coverage gaps.
    pub(crate) gaps: usize,
    /// Number of activities.
    pub(crate) activities: usize,
    /// Number of procedures.
    pub(crate) procedures: usize,
}

impl PlanSummary {
    /// The index line of a plan, from its view.
    pub(crate) fn of(view: &PlanView) -> PlanSummary {
        let c = &view.cover;
        let coverage = &view.bia.coverage;
        PlanSummary {
            id: c.id.clone(),
            title: c.title.clone(),
            version: c.version.clone(),
            status: c.status.clone(),
            status_label: c.status_label.clone(),
            domain: c.domain.clone(),
            classification_label: c.classification_label.clone(),
            owner: c.owner.clone(),
            review_due: c.review_due.clone(),
            review_overdue: c.review_overdue,
            findings: view.records.finding_counts,
            covered: coverage.covered,
            cells: coverage.total,
            coverage_percent: coverage.percent,
            gaps: coverage.gaps,
            activities: view.bia.activities.len(),
            procedures: view.procedures.len(),
        }
    }
}

/// What the index templates get: `doc`, `plans` and `totals`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct IndexView {
    /// Facts of the run.
    pub(crate) doc: Meta,
    /// The rendered plans, by id.
    pub(crate) plans: Vec<PlanSummary>,
    /// Counts over all findings of the workspace (including registers).
    pub(crate) totals: Counts,
    /// Findings that belong to no rendered plan (registers, other plans).
    pub(crate) other_findings: Counts,
}

impl IndexView {
    /// The index of `plans` (the rendered plans) with their index lines, `summaries`.
    pub(crate) fn new(
        ctx: &Ctx<'_>,
        doc: Meta,
        plans: &[&crate::model::Plan],
        mut summaries: Vec<PlanSummary>,
    ) -> IndexView {
        let mut in_plans = vec![false; ctx.findings.len()];
        for plan in plans {
            for i in ctx.buckets.of(plan) {
                in_plans[i] = true;
            }
        }
        let others = ctx
            .findings
            .iter()
            .zip(&in_plans)
            .filter(|(_, in_plan)| !**in_plan)
            .map(|(f, _)| f);
        summaries.sort_by(|a, b| a.id.cmp(&b.id));
        IndexView {
            doc,
            plans: summaries,
            totals: Counts::of(ctx.findings),
            other_findings: Counts::of(others),
        }
    }
}
