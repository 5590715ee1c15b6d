//! The coverage matrix in the view: activities by scenarios, each cell naming the procedures and
//! strategies that cover the pair, from `rules::coverage::coverage_matrix` (the same matrix
//! `scenario-uncovered` judges).

use serde::Serialize;

use super::bia::activity_ref;
use super::{Ctx, NameRef};
use crate::model::Plan;
use crate::rules::coverage::coverage_matrix;

/// One cell of the coverage matrix.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CellView {
    /// Whether nothing covers the pair.
    pub(crate) gap: bool,
    /// Procedures covering it.
    pub(crate) procedures: Vec<String>,
    /// Strategies covering it.
    pub(crate) strategies: Vec<String>,
}

/// One activity's row of the coverage matrix.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CoverageRow {
    /// The activity.
    pub(crate) activity: NameRef,
    /// A cell per scenario, in the order of `coverage.scenarios`.
    pub(crate) cells: Vec<CellView>,
}

/// The coverage matrix: activities by scenarios.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CoverageView {
    /// Column heads.
    pub(crate) scenarios: Vec<NameRef>,
    /// Rows.
    pub(crate) rows: Vec<CoverageRow>,
    /// Covered cells.
    pub(crate) covered: usize,
    /// All cells.
    pub(crate) total: usize,
    /// Gaps.
    pub(crate) gaps: usize,
    /// Covered share, percent rounded down (100 when there are no cells).
    pub(crate) percent: usize,
}

/// The coverage matrix of `plan`.
pub(super) fn coverage(ctx: &Ctx<'_>, plan: &Plan) -> CoverageView {
    let matrix = coverage_matrix(plan);
    let rows: Vec<CoverageRow> = matrix
        .into_iter()
        .map(|(activity, cells)| CoverageRow {
            activity: activity_ref(ctx, plan, &activity),
            cells: cells
                .into_iter()
                .map(|(_, c)| CellView {
                    gap: c.is_gap(),
                    procedures: c.procedures,
                    strategies: c.strategies,
                })
                .collect(),
        })
        .collect();
    let total: usize = rows.iter().map(|r| r.cells.len()).sum();
    let gaps = rows.iter().flat_map(|r| &r.cells).filter(|c| c.gap).count();
    let covered = total - gaps;
    CoverageView {
        scenarios: plan.scenarios.iter().map(|s| ctx.scenario(s)).collect(),
        rows,
        covered,
        total,
        gaps,
        percent: (covered * 100).checked_div(total).unwrap_or(100),
    }
}
