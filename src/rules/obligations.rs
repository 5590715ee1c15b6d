//! notification-deadline: every notification duty of the Obligations register that applies to a
//! plan is fulfilled by one of its communications, in time, by someone reachable around the clock.

use std::collections::BTreeSet;

use super::context::{Context, Sink};
use crate::model::{Clock, Dependency, Obligation, Plan, Status};

/// Whether `plan` depends, directly or through its materials and systems, on a supplier that
/// processes personal data.
fn uses_personal_data(ctx: &Context<'_>, plan: &Plan) -> bool {
    let mut suppliers: BTreeSet<&str> = BTreeSet::new();
    let mut systems: Vec<&str> = Vec::new();
    let mut seen_systems = BTreeSet::new();
    for a in &plan.activities {
        for dep in &a.depends_on {
            match dep {
                Dependency::Supplier(id) => {
                    suppliers.insert(id.as_str());
                }
                Dependency::Material(id) => {
                    if let Some(m) = ctx.index.materials.get(id.as_str()) {
                        suppliers.extend(m.sources.iter().map(|s| s.as_str()));
                    }
                }
                Dependency::System(id) => systems.push(id.as_str()),
                _ => {}
            }
        }
    }
    while let Some(id) = systems.pop() {
        if !seen_systems.insert(id) {
            continue;
        }
        let Some(system) = ctx.index.systems.get(id) else {
            continue;
        };
        for dep in &system.depends_on {
            match dep {
                Dependency::Supplier(s) => {
                    suppliers.insert(s.as_str());
                }
                Dependency::System(s) => systems.push(s.as_str()),
                _ => {}
            }
        }
    }
    suppliers.iter().any(|s| {
        ctx.index
            .suppliers
            .get(s)
            .and_then(|s| s.processes_personal_data.as_ref())
            .is_some_and(|p| p.value)
    })
}

/// Whether `obligation` applies to `plan`.
fn applies(ctx: &Context<'_>, obligation: &Obligation, plan: &Plan) -> bool {
    let scope = obligation.applies_to.clone().unwrap_or_default();
    let scenario_ok = scope.scenarios.is_empty()
        || scope
            .scenarios
            .iter()
            .any(|s| plan.scenarios.iter().any(|p| p.value == s.value));
    let domain_ok =
        scope.domains.is_empty() || plan.domain.is_some_and(|d| scope.domains.contains(&d));
    let data_ok = obligation.when_personal_data != Some(true) || uses_personal_data(ctx, plan);
    scenario_ok && domain_ok && data_ok
}

fn clock_word(clock: Option<Clock>) -> &'static str {
    match clock {
        Some(Clock::Awareness) | None => "awareness",
        Some(Clock::Activation) => "activation",
        Some(Clock::Disruption) => "the disruption",
    }
}

/// Each applicable obligation has a communication fulfilling it in time, owned by someone reachable 24/7.
pub(super) fn notification_deadline(ctx: &Context<'_>, sink: &mut Sink) {
    let mut obligations: Vec<&Obligation> = ctx.index.obligations.values().copied().collect();
    obligations.sort_by_key(|o| o.id.span);
    for plan in ctx
        .ws
        .plans
        .iter()
        .filter(|p| p.status.value != Status::Retired)
    {
        for obligation in obligations.iter().filter(|o| applies(ctx, o, plan)) {
            let duty = format!(
                "obligation `{}` (notify {} within {} of {}{})",
                obligation.id,
                obligation.notify.value.as_str(),
                obligation.deadline,
                clock_word(obligation.clock),
                obligation
                    .basis
                    .as_deref()
                    .map_or_else(String::new, |b| format!(", {b}"))
            );
            let fulfilling: Vec<_> = plan
                .communications
                .iter()
                .filter(|c| c.fulfils.iter().any(|f| f.value == obligation.id.value))
                .collect();
            if fulfilling.is_empty() {
                let span = plan
                    .communications
                    .first()
                    .map_or(plan.id.span, |c| c.audience.span);
                sink.push(
                    sink.at(span, format!("plan `{}` has no communication that fulfils {duty}", plan.id))
                        .help(format!("add a communication to {} with `fulfils: [{}]`, an owner reachable 24/7 and `within:` no later than {}", obligation.notify.value.as_str(), obligation.id, obligation.deadline))
                        .target(obligation.id.as_str())
                        .plan(plan.id.as_str()),
                );
                continue;
            }
            let problems: Vec<(crate::yaml::spanned::Span, String)> = fulfilling
                .iter()
                .map(|c| {
                    let mut wrong = Vec::new();
                    match &c.within {
                        None => wrong.push("says no `within`".to_owned()),
                        Some(w) if w.value > obligation.deadline.value => {
                            wrong.push(format!("is sent within {w}, later than the deadline"));
                        }
                        Some(_) => {}
                    }
                    let reachable = c.owner.as_ref().is_some_and(|o| {
                        ctx.index
                            .people
                            .get(o.as_str())
                            .is_some_and(|p| p.phone_24_7().is_some())
                    });
                    if !reachable {
                        wrong.push(match &c.owner {
                            None => "has no owner".to_owned(),
                            Some(o) => format!("is owned by `{o}`, who has no phone answered 24/7"),
                        });
                    }
                    let span = c.within.as_ref().map_or(c.audience.span, |w| w.span);
                    (span, wrong.join(" and "))
                })
                .collect();
            if problems.iter().any(|(_, p)| p.is_empty()) {
                continue;
            }
            let (span, why) = &problems[0];
            sink.push(
                sink.at(*span, format!("plan `{}`: the communication that fulfils {duty} {why}", plan.id))
                    .help(format!("send it within {} at the latest, and give it an owner with a phone answered 24/7", obligation.deadline))
                    .target(obligation.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}
