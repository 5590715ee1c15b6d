//! Procedures in the view: numbered steps with owner, duration and the elapsed time at the end
//! of each step against the RTO of every activity the procedure restores.
//!
//! Times come from `rules::coverage::schedule` and `strategy_lead_time`, so the runbook shows the
//! same numbers `procedure-exceeds-rto` judges.

use serde::Serialize;

use super::people::PersonView;
use super::{Ctx, NameRef, enum_name, label};
use crate::model::{Id, Plan, Procedure, spell};
use crate::render::rich::Rich;
use crate::rules::coverage::{schedule, strategy_lead_time};

/// Who does a step: a person, or a team shown with its lead.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct OwnerView {
    /// People or team id.
    pub(crate) id: String,
    /// Person or team name.
    pub(crate) name: String,
    /// Whether the owner is a team.
    pub(crate) is_team: bool,
    /// The person to call: the owner, or the team's lead.
    pub(crate) person: Option<PersonView>,
}

/// An RTO a step ends after.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Exceeded {
    /// The restored activity.
    pub(crate) activity: NameRef,
    /// Its RTO.
    pub(crate) rto: String,
}

/// One step.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StepView {
    /// 1-based number.
    pub(crate) number: usize,
    /// Step id, if given.
    pub(crate) id: Option<String>,
    /// What to do.
    pub(crate) action: String,
    /// Who does it.
    pub(crate) owner: Option<OwnerView>,
    /// How long it takes.
    pub(crate) duration: Option<String>,
    /// Elapsed time when it can start (none when the steps form a cycle).
    pub(crate) start: Option<String>,
    /// Elapsed time when it ends: the cumulative time of the procedure at this step.
    pub(crate) end: Option<String>,
    /// Numbers of the steps it waits for, when `after` says so.
    pub(crate) after: Vec<usize>,
    /// Whether `after: []` starts it at the beginning, in parallel with the first step.
    pub(crate) parallel_start: bool,
    /// Restored activities whose RTO has passed when this step ends.
    pub(crate) exceeds: Vec<Exceeded>,
    /// Detail (Markdown).
    pub(crate) detail: Option<Rich>,
}

/// An activity a procedure restores, with the time budget.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RestoredView {
    /// The activity.
    pub(crate) activity: NameRef,
    /// Its RTO.
    pub(crate) rto: Option<String>,
    /// The covering strategy with the longest `ready_within` for this procedure's scenarios.
    pub(crate) strategy: Option<String>,
    /// That strategy's `ready_within`.
    pub(crate) ready_within: Option<String>,
    /// Critical path plus strategy lead time: what `procedure-exceeds-rto` compares to the RTO.
    pub(crate) total: Option<String>,
    /// Whether the total exceeds the RTO.
    pub(crate) exceeded: bool,
}

/// One procedure.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ProcedureView {
    /// Id.
    pub(crate) id: String,
    /// Title.
    pub(crate) title: String,
    /// Phase (`recovery`) and label (`Recovery`).
    pub(crate) phase: String,
    /// Phase label.
    pub(crate) phase_label: String,
    /// When and why to use it (Markdown).
    pub(crate) description: Option<Rich>,
    /// What it restores, with the time budget of each.
    pub(crate) restores: Vec<RestoredView>,
    /// Scenarios it answers.
    pub(crate) scenarios: Vec<NameRef>,
    /// Strategies it carries out: the strategy id, named with its type.
    pub(crate) implements: Vec<NameRef>,
    /// The steps.
    pub(crate) steps: Vec<StepView>,
    /// Length of the critical path (none when the steps form a cycle).
    pub(crate) critical_path: Option<String>,
    /// Length if every step ran in sequence.
    pub(crate) sequential: String,
    /// Whether any restored activity's RTO is exceeded.
    pub(crate) exceeded: bool,
    /// How conformity is verified after restart.
    pub(crate) verification: Option<String>,
}

/// The view of `procedure` of `plan`.
pub(super) fn procedure(ctx: &Ctx<'_>, plan: &Plan, procedure: &Procedure) -> ProcedureView {
    let times = schedule(procedure);
    let critical = times
        .as_ref()
        .map(|t| t.iter().map(|t| t.1).max().unwrap_or(0));
    let activities: Vec<(NameRef, Option<u64>, Option<String>)> = procedure
        .restores
        .iter()
        .map(|r| {
            let activity = plan.activities.iter().find(|a| a.id.value == r.value);
            let name = activity.map(|a| ctx.text(&a.name));
            let rto = activity.and_then(|a| a.rto.as_ref());
            (
                NameRef::new(r.as_str(), name),
                rto.map(|d| d.minutes()),
                rto.map(|d| d.value.to_string()),
            )
        })
        .collect();
    let restores: Vec<RestoredView> = activities
        .iter()
        .map(|(activity, rto, rto_text)| {
            let lead = strategy_lead_time(plan, procedure, &activity.id);
            let total = critical.map(|c| c + lead.map_or(0, |(_, d)| d.minutes()));
            RestoredView {
                activity: activity.clone(),
                rto: rto_text.clone(),
                strategy: lead.map(|(s, _)| s.to_owned()),
                ready_within: lead.map(|(_, d)| d.to_string()),
                total: total.map(spell),
                exceeded: matches!((total, rto), (Some(t), Some(r)) if t > *r),
            }
        })
        .collect();
    let number_of = |id: &Id| {
        procedure
            .steps
            .iter()
            .position(|s| s.id.as_ref().is_some_and(|s| s.value == *id))
            .map(|i| i + 1)
    };
    let steps = procedure
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let time = times.as_ref().map(|t| t[i]);
            StepView {
                number: i + 1,
                id: step.id.as_ref().map(ToString::to_string),
                action: ctx.text(&step.action.value),
                owner: step.owner.as_ref().map(|o| owner(ctx, plan, &o.value)),
                duration: step.duration.as_ref().map(|d| d.value.to_string()),
                start: time.map(|t| spell(t.0)),
                end: time.map(|t| spell(t.1)),
                after: step
                    .after
                    .iter()
                    .flatten()
                    .filter_map(|a| number_of(&a.value))
                    .collect(),
                parallel_start: step.after.as_ref().is_some_and(Vec::is_empty) && i > 0,
                exceeds: activities
                    .iter()
                    .filter(|(_, rto, _)| matches!((time, rto), (Some(t), Some(r)) if t.1 > *r))
                    .map(|(a, _, text)| Exceeded {
                        activity: a.clone(),
                        rto: text.clone().unwrap_or_default(),
                    })
                    .collect(),
                detail: ctx.rich(step.detail.as_deref()),
            }
        })
        .collect();
    ProcedureView {
        id: procedure.id.to_string(),
        title: ctx.text(&procedure.title),
        phase: enum_name(&procedure.phase.value),
        phase_label: label(&enum_name(&procedure.phase.value)),
        description: ctx.rich(procedure.description.as_deref()),
        exceeded: restores.iter().any(|r| r.exceeded),
        restores,
        scenarios: procedure
            .scenarios
            .iter()
            .map(|s| ctx.scenario(s))
            .collect(),
        implements: procedure
            .implements
            .iter()
            .map(|id| {
                let strategy = plan.strategies.iter().find(|s| s.id.value == id.value);
                NameRef::new(
                    id.as_str(),
                    strategy.map(|s| {
                        format!(
                            "{id} ({})",
                            label(s.strategy_type.value.as_str()).to_lowercase()
                        )
                    }),
                )
            })
            .collect(),
        steps,
        critical_path: critical.map(spell),
        sequential: spell(
            procedure
                .steps
                .iter()
                .filter_map(|s| s.duration.as_ref())
                .map(|d| d.minutes())
                .sum(),
        ),
        verification: ctx.opt_text(procedure.verification.as_deref()),
    }
}

/// The owner of a step: a team of the plan (with its lead) or a person.
fn owner(ctx: &Ctx<'_>, plan: &Plan, id: &Id) -> OwnerView {
    if let Some(team) = plan.teams.iter().find(|t| t.id.value == *id) {
        return OwnerView {
            id: id.to_string(),
            name: ctx.text(&team.name),
            is_team: true,
            person: ctx.opt_person(team.lead.as_ref()),
        };
    }
    let person = ctx.person(id);
    OwnerView {
        id: id.to_string(),
        name: person.name.clone(),
        is_team: false,
        person: Some(person),
    }
}
