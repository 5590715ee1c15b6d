//! Procedure and coverage rules: procedure duration against rto, step owners, the coverage
//! matrix of activities by scenarios, required scenarios, stand-down and the plan header.
//!
//! The coverage matrix and the step schedule are public: the runbook shows the same numbers.

use std::collections::BTreeMap;

use super::context::{Context, Sink};
use crate::model::{Duration, Phase, Plan, Procedure, spell};

/// What covers one activity for one scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// Procedures restoring the activity that list the scenario.
    pub procedures: Vec<String>,
    /// Strategies covering the activity that list the scenario and stand on their own or are
    /// carried out by a procedure.
    pub strategies: Vec<String>,
    /// Strategies covering the pair that people must carry out, but that no procedure carries out.
    pub without_steps: Vec<String>,
    /// Why the scenario does not apply to the activity, when the activity says so.
    pub not_applicable: Option<String>,
}

impl Cell {
    /// Whether nothing covers the pair.
    pub fn is_gap(&self) -> bool {
        self.procedures.is_empty() && self.strategies.is_empty() && self.not_applicable.is_none()
    }
}

/// The coverage matrix of a plan: for each activity (in plan order), a cell per plan scenario.
///
/// A strategy that people must carry out ([`crate::model::StrategyType::needs_steps`]) covers a
/// pair only when a procedure implements it or restores the activity for that scenario.
pub fn coverage_matrix(plan: &Plan) -> Vec<(String, Vec<(String, Cell)>)> {
    plan.activities
        .iter()
        .map(|a| {
            let cells =
                plan.scenarios
                    .iter()
                    .map(|sc| {
                        let procedures: Vec<String> = plan
                            .procedures
                            .iter()
                            .filter(|p| {
                                p.restores.iter().any(|r| r.value == a.id.value)
                                    && p.scenarios.iter().any(|s| s.value == sc.value)
                            })
                            .map(|p| p.id.to_string())
                            .collect();
                        let (strategies, without_steps): (Vec<_>, Vec<_>) =
                            plan.strategies
                                .iter()
                                .filter(|s| {
                                    s.covers.iter().any(|c| c.value == a.id.value)
                                        && s.scenarios.iter().any(|s| s.value == sc.value)
                                })
                                .partition(|s| {
                                    !s.strategy_type.value.needs_steps()
                                        || !procedures.is_empty()
                                        || plan.procedures.iter().any(|p| {
                                            p.implements.iter().any(|i| i.value == s.id.value)
                                        })
                                });
                        let cell = Cell {
                            procedures,
                            strategies: strategies.iter().map(|s| s.id.to_string()).collect(),
                            without_steps: without_steps.iter().map(|s| s.id.to_string()).collect(),
                            not_applicable: a
                                .not_applicable
                                .iter()
                                .find(|n| n.scenario.value == sc.value)
                                .map(|n| n.reason.clone()),
                        };
                        (sc.to_string(), cell)
                    })
                    .collect();
            (a.id.to_string(), cells)
        })
        .collect()
}

/// Start and end (minutes from the start of the procedure) of each step, in step order.
///
/// A step starts when all its `after` steps have ended; without `after`, when the previous step
/// ends. Unknown `after` ids are ignored (unknown-reference reports them); `None` if the steps
/// form a cycle.
pub fn schedule(procedure: &Procedure) -> Option<Vec<(u64, u64)>> {
    let index: BTreeMap<&str, usize> = procedure
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.id.as_ref()?.as_str(), i)))
        .collect();
    let n = procedure.steps.len();
    let mut times: Vec<Option<(u64, u64)>> = vec![None; n];
    for _ in 0..=n {
        let mut progressed = false;
        for (i, step) in procedure.steps.iter().enumerate() {
            if times[i].is_some() {
                continue;
            }
            let preds: Vec<usize> = match &step.after {
                Some(after) => after
                    .iter()
                    .filter_map(|a| index.get(a.as_str()).copied())
                    .collect(),
                None if i > 0 => vec![i - 1],
                None => Vec::new(),
            };
            if preds.iter().all(|p| times[*p].is_some()) {
                let start = preds
                    .iter()
                    .filter_map(|p| times[*p].map(|t| t.1))
                    .max()
                    .unwrap_or(0);
                let length = step.duration.as_ref().map_or(0, |d| d.minutes());
                times[i] = Some((start, start.saturating_add(length)));
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    times.into_iter().collect()
}

/// The largest `ready_within` among the strategies a procedure is charged for `activity`: those
/// it `implements` that cover the activity; without `implements`, those covering the activity for
/// one of the procedure's scenarios.
pub fn strategy_lead_time<'p>(
    plan: &'p Plan,
    procedure: &Procedure,
    activity: &str,
) -> Option<(&'p str, &'p Duration)> {
    plan.strategies
        .iter()
        .filter(|s| s.covers.iter().any(|c| c.as_str() == activity))
        .filter(|s| {
            if procedure.implements.is_empty() {
                s.scenarios
                    .iter()
                    .any(|sc| procedure.scenarios.iter().any(|p| p.value == sc.value))
            } else {
                procedure.implements.iter().any(|i| i.value == s.id.value)
            }
        })
        .filter_map(|s| Some((s.id.as_str(), &s.ready_within.as_ref()?.value)))
        .max_by(|a, b| a.1.cmp(b.1))
}

/// The activities `procedure` restores that have an rto, with that rto.
pub(super) fn restored_rtos<'w>(
    ctx: &Context<'w>,
    plan: &'w Plan,
    procedure: &'w Procedure,
) -> impl Iterator<
    Item = (
        &'w crate::yaml::spanned::Sp<crate::model::Id>,
        &'w crate::yaml::spanned::Sp<Duration>,
    ),
> {
    procedure.restores.iter().filter_map(move |restored| {
        let (_, activity) = ctx
            .index
            .activities
            .get(&(plan.id.as_str(), restored.as_str()))?;
        Some((restored, activity.rto.as_ref()?))
    })
}

/// The critical path of a procedure's steps plus the covering strategy's lead time fits each restored activity's rto.
pub(super) fn procedure_exceeds_rto(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for procedure in &plan.procedures {
            // Restoration and stand-down run after recovery: the rto does not time them.
            if !matches!(procedure.phase.value, Phase::Response | Phase::Recovery) {
                continue;
            }
            let Some(times) = schedule(procedure) else {
                continue;
            };
            let best = times.iter().map(|t| t.1).max().unwrap_or(0);
            let worst: u64 = procedure
                .steps
                .iter()
                .filter_map(|s| s.duration.as_ref())
                .map(|d| d.minutes())
                .sum();
            for (restored, rto) in restored_rtos(ctx, plan, procedure) {
                let (lead_name, lead) = strategy_lead_time(plan, procedure, restored.as_str())
                    .map_or(("", 0), |(n, d)| (n, d.minutes()));
                if best + lead <= rto.minutes() {
                    continue;
                }
                let with_strategy = if lead > 0 {
                    format!(" + strategy `{lead_name}` ready_within {}", spell(lead))
                } else {
                    String::new()
                };
                sink.push(
                    sink.at(procedure.id.span, format!(
                        "procedure `{}` takes {} (critical path {}{with_strategy}; worst case, every step in sequence: {}), more than the rto {rto} of `{restored}`",
                        procedure.id,
                        spell(best + lead),
                        spell(best),
                        spell(worst + lead)
                    ))
                    .help("run steps in parallel (`after:`), shorten them, or use a strategy that is ready sooner")
                    .target(procedure.id.as_str())
                    .plan(plan.id.as_str()),
                );
            }
        }
    }
}

/// Every step has an owner.
pub(super) fn step_unowned(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for procedure in &plan.procedures {
            for (i, step) in procedure.steps.iter().enumerate() {
                if step.owner.is_none() {
                    let span = step.id.as_ref().map_or(step.action.span, |id| id.span);
                    sink.push(
                        sink.at(
                            span,
                            format!(
                                "step {} of procedure `{}` has no owner: \"{}\"",
                                i + 1,
                                procedure.id,
                                step.action.value
                            ),
                        )
                        .help("add `owner:` with the person or team who does it")
                        .target(procedure.id.as_str())
                        .plan(plan.id.as_str()),
                    );
                }
            }
        }
    }
}

/// Every activity has a procedure or strategy for every scenario in scope.
pub(super) fn scenario_uncovered(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for ((activity_id, cells), activity) in
            coverage_matrix(plan).into_iter().zip(&plan.activities)
        {
            let gaps: Vec<&str> = cells
                .iter()
                .filter(|(_, c)| c.is_gap())
                .map(|(s, _)| s.as_str())
                .collect();
            if gaps.is_empty() {
                continue;
            }
            let row: Vec<String> = cells
                .iter()
                .map(|(s, c)| {
                    if c.is_gap() {
                        format!("{s}: GAP")
                    } else if c.procedures.is_empty() && c.strategies.is_empty() {
                        format!("{s}: not applicable")
                    } else {
                        format!(
                            "{s}: {}",
                            c.procedures
                                .iter()
                                .chain(&c.strategies)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join("+")
                        )
                    }
                })
                .collect();
            // Strategy -> the gap scenarios it would cover if a procedure carried it out.
            let mut unexecuted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (s, c) in cells.iter().filter(|(_, c)| c.is_gap()) {
                for strategy in &c.without_steps {
                    unexecuted.entry(strategy).or_default().push(s);
                }
            }
            let without_steps: Vec<String> = unexecuted
                .iter()
                .map(|(strategy, scenarios)| {
                    format!(
                        "{}: covered by strategy `{strategy}`, but no procedure carries it out",
                        scenarios.join(", ")
                    )
                })
                .collect();
            let message = if without_steps.is_empty() {
                format!(
                    "activity `{activity_id}` has no procedure or strategy for: {}",
                    gaps.join(", ")
                )
            } else {
                format!(
                    "activity `{activity_id}` has no procedure or strategy for: {} ({})",
                    gaps.join(", "),
                    without_steps.join("; ")
                )
            };
            sink.push(
                sink.at(activity.id.span, message)
                    .help(format!("coverage row: {}; add the scenario to a procedure that restores the activity or a strategy that covers it (a strategy people carry out needs a procedure that `implements` it), or list it under the activity's `not_applicable` with the reason", row.join(" | ")))
                    .target(activity_id)
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Every plan addresses the scenarios policy requires.
pub(super) fn required_scenario_missing(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for required in &ctx.policy.required_scenarios {
            if !plan.scenarios.iter().any(|s| s.value == required.value) {
                let span = plan.scenarios.first().map_or(plan.id.span, |s| s.span);
                sink.push(
                    sink.at(span, format!("plan `{}` does not address required scenario `{required}`", plan.id))
                        .help("add it to the plan's `scenarios:` and cover it with procedures or strategies")
                        .target(required.as_str())
                        .plan(plan.id.as_str()),
                );
            }
        }
    }
}

/// Every plan has a stand-down procedure.
pub(super) fn stand_down_missing(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        if !plan
            .procedures
            .iter()
            .any(|p| p.phase.value == Phase::StandDown)
        {
            sink.push(
                sink.at(plan.id.span, format!("plan `{}` has no stand-down procedure", plan.id))
                    .help("add a procedure with `phase: stand-down`: how to return to normal and close the incident")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Every plan states purpose, scope and objectives.
pub(super) fn plan_header_incomplete(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        let missing: Vec<&str> = [
            ("purpose", blank(&plan.purpose)),
            ("scope", blank(&plan.scope)),
            ("objectives", plan.objectives.is_empty()),
        ]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(n, _)| n)
        .collect();
        if !missing.is_empty() {
            sink.push(
                sink.at(
                    plan.id.span,
                    format!("plan `{}` is missing {}", plan.id, missing.join(", ")),
                )
                .help("state why the plan exists, what it covers and what recovery it aims for")
                .target(plan.id.as_str())
                .plan(plan.id.as_str()),
            );
        }
    }
}
