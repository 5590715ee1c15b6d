//! "Choose by scenario": for each scenario of the plan, the procedures that answer it in the
//! order they are run (response, recovery, restoration, stand-down; plan order within a phase),
//! each with its number in the runbook and its critical path.

use serde::Serialize;

use super::procedures::ProcedureView;
use super::{Ctx, NameRef};
use crate::model::{Id, Plan};

/// The order phases are run in.
const PHASES: [&str; 4] = ["response", "recovery", "restoration", "stand-down"];

/// A procedure as the chooser names it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Chosen {
    /// Number in the runbook (`2.3`).
    pub(crate) number: String,
    /// Procedure id.
    pub(crate) id: String,
    /// Title.
    pub(crate) title: String,
    /// Phase label.
    pub(crate) phase_label: String,
    /// Critical path (none when the steps wait for each other in a cycle).
    pub(crate) critical_path: Option<String>,
}

/// Scenarios and what to run for each of them.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ScenarioRow {
    /// The scenarios (several when the same procedures answer them, in plan order).
    pub(crate) scenarios: Vec<NameRef>,
    /// The procedures, in running order; empty when no procedure answers it.
    pub(crate) procedures: Vec<Chosen>,
    /// Whether the plan lists the scenarios as in scope (a procedure may name one it does not).
    pub(crate) in_scope: bool,
    /// The row of procedures that name no scenario (no scenarios then).
    pub(crate) any_event: bool,
}

/// Rows with the same procedures (and scope), merged into the first of them.
fn merge(rows: Vec<ScenarioRow>) -> Vec<ScenarioRow> {
    let mut out: Vec<ScenarioRow> = Vec::new();
    for row in rows {
        let same = |r: &&mut ScenarioRow| {
            !row.procedures.is_empty()
                && !row.any_event
                && !r.any_event
                && r.in_scope == row.in_scope
                && r.procedures
                    .iter()
                    .map(|c| &c.id)
                    .eq(row.procedures.iter().map(|c| &c.id))
        };
        match out.iter_mut().find(same) {
            Some(r) => r.scenarios.extend(row.scenarios),
            None => out.push(row),
        }
    }
    out
}

/// The chooser of `plan`: its scenarios first, then any other scenario a procedure names;
/// scenarios answered by the same procedures share a row.
pub(super) fn chooser(
    ctx: &Ctx<'_>,
    plan: &Plan,
    procedures: &[ProcedureView],
) -> Vec<ScenarioRow> {
    let mut keys: Vec<(String, bool)> = Vec::new();
    for s in &plan.scenarios {
        if !keys.iter().any(|(k, _)| k == s.as_str()) {
            keys.push((s.to_string(), true));
        }
    }
    for s in procedures.iter().flat_map(|p| &p.scenarios) {
        if !keys.iter().any(|(k, _)| *k == s.id) {
            keys.push((s.id.clone(), false));
        }
    }
    let mut rows: Vec<ScenarioRow> = keys
        .into_iter()
        .map(|(key, in_scope)| ScenarioRow {
            procedures: in_order(procedures, |p| p.scenarios.iter().any(|s| s.id == key)),
            scenarios: vec![ctx.scenario(&Id(key.into()))],
            in_scope,
            any_event: false,
        })
        .collect();
    let unscoped = in_order(procedures, |p| p.scenarios.is_empty());
    if !unscoped.is_empty() {
        rows.push(ScenarioRow {
            scenarios: Vec::new(),
            procedures: unscoped,
            in_scope: true,
            any_event: true,
        });
    }
    merge(rows)
}

/// The procedures `wanted` picks, in running order: by phase, then in plan order.
fn in_order(procedures: &[ProcedureView], wanted: impl Fn(&ProcedureView) -> bool) -> Vec<Chosen> {
    let mut chosen: Vec<(usize, usize, &ProcedureView)> = procedures
        .iter()
        .enumerate()
        .filter(|(_, p)| wanted(p))
        .map(|(i, p)| {
            let phase = PHASES
                .iter()
                .position(|f| *f == p.phase)
                .unwrap_or(PHASES.len());
            (phase, i, p)
        })
        .collect();
    chosen.sort_by_key(|(phase, i, _)| (*phase, *i));
    chosen
        .into_iter()
        .map(|(_, i, p)| Chosen {
            number: format!("2.{}", i + 1),
            id: p.id.clone(),
            title: p.title.clone(),
            phase_label: p.phase_label.clone(),
            critical_path: p.critical_path.clone(),
        })
        .collect()
}
