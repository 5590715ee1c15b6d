//! Readiness rules for the elements the standards ask a plan to hold beyond its procedures:
//! deactivation criteria, training of the people who lead, distribution of copies, and the depth
//! of successions and delegations.
//!
//! Where a rule's only finding is that an element is absent, it is reported at `info` (see
//! [`Sink::absent`]); an element that is present and wrong at the rule's severity.

use std::collections::{BTreeMap, BTreeSet};

use super::context::{Context, Sink};
use crate::model::{CopyForm, Date, Id, Phase, Plan, Status};
use crate::yaml::spanned::Sp;

fn in_force<'w>(ctx: &Context<'w>) -> impl Iterator<Item = &'w Plan> {
    ctx.ws
        .plans
        .iter()
        .filter(|p| p.status.value != Status::Retired)
}

/// A plan with a stand-down procedure says when the disruption is over and who decides it.
pub(super) fn deactivation_missing(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in in_force(ctx) {
        let Some(stand_down) = plan
            .procedures
            .iter()
            .find(|p| p.phase.value == Phase::StandDown)
        else {
            continue;
        };
        let criteria = plan
            .activation
            .as_ref()
            .and_then(|a| a.deactivation.as_ref());
        let finding = match criteria {
            None => sink.absent(
                ctx,
                stand_down.id.span,
                format!(
                    "plan `{}` has a stand-down procedure (`{}`) but no deactivation criteria (`activation.deactivation`)",
                    plan.id, stand_down.id
                ),
            ),
            Some(list) if list.iter().all(|c| c.trim().is_empty()) => sink.at(
                stand_down.id.span,
                format!(
                    "plan `{}`: `activation.deactivation` lists no criterion, so nobody can tell when to run stand-down procedure `{}`",
                    plan.id, stand_down.id
                ),
            ),
            Some(_) => continue,
        };
        sink.push(
            finding
                .help("add `activation.deactivation:` with the conditions under which the plan is stood down and who decides it")
                .target(plan.id.as_str())
                .plan(plan.id.as_str()),
        );
    }
}

/// The people a role list of `plan` names, each once, in order: team leads and alternates and
/// the activation authority.
fn leaders(plan: &Plan) -> Vec<&Sp<Id>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let teams = plan
        .teams
        .iter()
        .flat_map(|t| t.lead.iter().chain(&t.alternates));
    let authority = plan.activation.iter().flat_map(|a| &a.authority);
    for id in teams.chain(authority) {
        if seen.insert(id.as_str()) {
            out.push(id);
        }
    }
    out
}

/// The people an id written for a person or a team of `plan` stands for.
fn people_of<'p>(plan: &'p Plan, id: &'p Id) -> Vec<&'p str> {
    match plan.teams.iter().find(|t| t.id.value == *id) {
        Some(team) => team
            .lead
            .iter()
            .chain(&team.alternates)
            .chain(&team.members)
            .map(|p| p.as_str())
            .collect(),
        None => vec![id.as_str()],
    }
}

/// Team leads, alternates and activation authorities attended training within `policy.train_every`.
pub(super) fn training_overdue(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in in_force(ctx) {
        let people = leaders(plan);
        if people.is_empty() {
            continue;
        }
        let held: Vec<_> = plan
            .training
            .iter()
            .filter(|t| t.date.value <= ctx.today)
            .collect();
        if plan.training.is_empty() {
            sink.push(
                sink.absent(ctx, plan.id.span, format!("plan `{}` records no training (`training:`) of its team leads, alternates and activation authority", plan.id))
                    .help("record each training or awareness session: `training: [{ date, topic, attendees, by }]`")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
            continue;
        }
        let mut latest: BTreeMap<&str, Date> = BTreeMap::new();
        for t in &held {
            for attendee in &t.attendees {
                for person in people_of(plan, &attendee.value) {
                    let entry = latest.entry(person).or_insert(t.date.value);
                    *entry = (*entry).max(t.date.value);
                }
            }
        }
        for person in people {
            let (span, message) = match latest.get(person.as_str()) {
                None => (
                    person.span,
                    format!(
                        "`{person}` leads or may activate plan `{}` but has no training recorded",
                        plan.id
                    ),
                ),
                Some(last) => {
                    let due = last.plus(&ctx.policy.train_every);
                    if due < ctx.today {
                        (
                            person.span,
                            format!(
                                "`{person}` was last trained on {last} for plan `{}`, more than {} ago",
                                plan.id, ctx.policy.train_every
                            ),
                        )
                    } else {
                        if ctx.due_soon(due) {
                            sink.push(
                                sink.due_soon(
                                    person.span,
                                    &format!("the training of `{person}` for plan `{}`", plan.id),
                                    due,
                                )
                                .help("plan the refresher and record it under `training:`")
                                .target(person.as_str())
                                .plan(plan.id.as_str()),
                            );
                        }
                        continue;
                    }
                }
            };
            sink.push(
                sink.at(span, message)
                    .help("train them on the plan and their role, and record it under `training:` with them among the `attendees`")
                    .target(person.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Everyone who leads or may activate the plan holds a copy, and one copy survives the systems being down.
pub(super) fn distribution_incomplete(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in in_force(ctx) {
        if plan.distribution.is_empty() {
            sink.push(
                sink.absent(ctx, plan.id.span, format!("plan `{}` has no distribution list (`distribution:`)", plan.id))
                    .help("record who holds a copy and in what form: `distribution: [{ to, copy: printed | offline | portal }]`")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
            continue;
        }
        let holders: BTreeSet<&str> = plan
            .distribution
            .iter()
            .flat_map(|d| people_of(plan, &d.to.value))
            .collect();
        let first = &plan.distribution[0].to;
        for person in leaders(plan) {
            if !holders.contains(person.as_str()) {
                sink.push(
                    sink.at(person.span, format!("`{person}` leads or may activate plan `{}` but holds no copy of it", plan.id))
                        .help("add them to `distribution:` (a printed or offline copy for those who must act when systems are down)")
                        .target(person.as_str())
                        .plan(plan.id.as_str()),
                );
            }
        }
        if !plan
            .distribution
            .iter()
            .any(|d| matches!(d.copy.value, CopyForm::Printed | CopyForm::Offline))
        {
            sink.push(
                sink.at(first.span, format!("plan `{}` is distributed only on the portal: no printed or offline copy survives the systems being down", plan.id))
                    .help("give the activation authority and team leads a printed or offline copy")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Successions (activation authority, teams, delegations) are `policy.min_succession` people deep,
/// with no one listed twice.
pub(super) fn succession_depth(ctx: &Context<'_>, sink: &mut Sink) {
    let min = usize::try_from(ctx.policy.min_succession).unwrap_or(usize::MAX);
    for plan in in_force(ctx) {
        let report = |sink: &mut Sink, span, what: String, chain: Vec<&Sp<Id>>, own_gaps: bool| {
            let distinct: BTreeSet<&str> = chain.iter().map(|p| p.as_str()).collect();
            let mut problems = Vec::new();
            // Shallower than two, or a repeat, is activation-incomplete's and owner-deputy's to
            // report for the authority and teams (one finding per gap).
            if distinct.len() < chain.len() && own_gaps {
                problems.push("names the same person twice".to_owned());
            }
            if distinct.len() < min && (own_gaps || distinct.len() >= 2) {
                problems.push(format!(
                    "is {} {} deep, fewer than policy.min_succession ({min})",
                    distinct.len(),
                    if distinct.len() == 1 {
                        "person"
                    } else {
                        "people"
                    }
                ));
            }
            if !problems.is_empty() {
                sink.push(
                    sink.at(span, format!("{what} {}", problems.join(" and ")))
                        .help("name more alternates, in order, each person once")
                        .target(plan.id.as_str())
                        .plan(plan.id.as_str()),
                );
            }
        };
        if let Some(activation) = &plan.activation {
            if let Some(first) = activation.authority.first() {
                report(
                    sink,
                    first.span,
                    format!("the activation authority of plan `{}`", plan.id),
                    activation.authority.iter().collect(),
                    false,
                );
            }
        }
        for team in &plan.teams {
            let chain: Vec<&Sp<Id>> = team.lead.iter().chain(&team.alternates).collect();
            if !chain.is_empty() {
                report(
                    sink,
                    team.id.span,
                    format!("the succession of team `{}`", team.id),
                    chain,
                    false,
                );
            }
        }
        for (i, d) in plan.delegations.iter().enumerate() {
            let chain: Vec<&Sp<Id>> = d.from.iter().chain(&d.to).collect();
            let span = d
                .from
                .as_ref()
                .or(d.to.first())
                .map_or(plan.id.span, |p| p.span);
            report(
                sink,
                span,
                format!(
                    "delegation {} (\"{}\") of plan `{}`",
                    i + 1,
                    d.authority,
                    plan.id
                ),
                chain,
                true,
            );
        }
        if plan.delegations.is_empty() && plan.activation.is_some() {
            sink.push(
                sink.absent(ctx, plan.id.span, format!("plan `{}` records no delegations of authority (`delegations:`)", plan.id))
                    .help("record who may decide what when the usual holder cannot: `delegations: [{ authority, from, to, limit, trigger, ends }]`")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}
