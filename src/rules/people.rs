//! People, authority and communication rules: owners and deputies, key-person risk, reachable
//! contacts, activation, the call tree and the communications matrix.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::context::{Context, Sink};
use super::graph::cycles;
use crate::model::{Audience, Id, PhoneEntry, Plan};
use crate::yaml::spanned::Sp;

/// The people a plan names, each once, in order of first mention: owner and deputy, activity
/// owners and deputies, team leads, alternates and members, activation authority, communication
/// owners and step owners (step owners that are teams are left out).
pub fn named_people(plan: &Plan) -> Vec<&Sp<Id>> {
    let teams: HashSet<&str> = plan.teams.iter().map(|t| t.id.as_str()).collect();
    let all = plan
        .owner
        .iter()
        .chain(&plan.deputy)
        .chain(
            plan.activities
                .iter()
                .flat_map(|a| a.owner.iter().chain(&a.deputy)),
        )
        .chain(
            plan.teams
                .iter()
                .flat_map(|t| t.lead.iter().chain(&t.alternates).chain(&t.members)),
        )
        .chain(plan.activation.iter().flat_map(|a| &a.authority))
        .chain(plan.communications.iter().filter_map(|c| c.owner.as_ref()))
        .chain(
            plan.procedures
                .iter()
                .flat_map(|p| &p.steps)
                .filter_map(|s| s.owner.as_ref())
                .filter(|o| !teams.contains(o.as_str())),
        );
    let mut seen = HashSet::new();
    all.filter(|id| seen.insert(id.as_str())).collect()
}

/// Plans, activities and teams have an owner or lead and a different deputy or alternate.
pub(super) fn owner_deputy(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        let check = |sink: &mut Sink,
                     what: &str,
                     id: &Sp<Id>,
                     owner: Option<&Sp<Id>>,
                     deputies: &[&Sp<Id>],
                     words: (&str, &str)| {
            let problem = match owner {
                None => format!("has no {}", words.0),
                Some(_) if deputies.is_empty() => format!("has no {}", words.1),
                Some(o) if deputies.iter().all(|d| d.value == o.value) => {
                    format!("has `{o}` as both {} and {}", words.0, words.1)
                }
                Some(_) => return,
            };
            sink.push(
                sink.at(id.span, format!("{what} `{id}` {problem}"))
                    .help(format!(
                        "name {} and a different {} who can stand in",
                        if words.0 == "owner" {
                            "an owner"
                        } else {
                            "a lead"
                        },
                        words.1
                    ))
                    .target(id.as_str())
                    .plan(plan.id.as_str()),
            );
        };
        check(
            sink,
            "plan",
            &plan.id,
            plan.owner.as_ref(),
            &plan.deputy.iter().collect::<Vec<_>>(),
            ("owner", "deputy"),
        );
        for a in &plan.activities {
            check(
                sink,
                "activity",
                &a.id,
                a.owner.as_ref(),
                &a.deputy.iter().collect::<Vec<_>>(),
                ("owner", "deputy"),
            );
        }
        for t in &plan.teams {
            check(
                sink,
                "team",
                &t.id,
                t.lead.as_ref(),
                &t.alternates.iter().collect::<Vec<_>>(),
                ("lead", "alternate"),
            );
        }
    }
}

/// No one holds more primary roles than policy allows, or is their own stand-in.
pub(super) fn key_person(ctx: &Context<'_>, sink: &mut Sink) {
    let mut roles: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for plan in &ctx.ws.plans {
        if let Some(o) = &plan.owner {
            roles
                .entry(o.as_str())
                .or_default()
                .push(format!("owner of plan `{}`", plan.id));
        }
        for a in &plan.activities {
            if let Some(o) = &a.owner {
                roles
                    .entry(o.as_str())
                    .or_default()
                    .push(format!("owner of activity `{}/{}`", plan.id, a.id));
            }
            if let (Some(o), Some(d)) = (&a.owner, &a.deputy) {
                if o.value == d.value {
                    sink.push(self_deputy(sink, d, &format!("activity `{}`", a.id), plan));
                }
            }
        }
        if let (Some(o), Some(d)) = (&plan.owner, &plan.deputy) {
            if o.value == d.value {
                sink.push(self_deputy(sink, d, &format!("plan `{}`", plan.id), plan));
            }
        }
        for t in &plan.teams {
            if let Some(lead) = &t.lead {
                roles
                    .entry(lead.as_str())
                    .or_default()
                    .push(format!("lead of team `{}/{}`", plan.id, t.id));
                if let Some(alt) = t.alternates.iter().find(|a| a.value == lead.value) {
                    sink.push(self_deputy(sink, alt, &format!("team `{}`", t.id), plan));
                }
            }
        }
    }
    let max = ctx.policy.max_primary_roles as usize;
    for (person, held) in roles {
        if held.len() <= max {
            continue;
        }
        let span = ctx.index.people.get(person).map(|p| p.id.span);
        let Some(span) = span else { continue };
        sink.push(
            sink.at(span, format!("`{person}` holds {} primary roles (more than {max}): {}", held.len(), held.join(", ")))
                .help("spread ownership so that losing one person does not leave several activities without a leader")
                .target(person),
        );
    }
}

fn self_deputy(sink: &Sink, id: &Sp<Id>, role: &str, plan: &Plan) -> crate::diagnostics::Finding {
    sink.at(
        id.span,
        format!("`{id}` is both primary and stand-in for {role}"),
    )
    .help("name a different person as deputy or alternate")
    .target(id.as_str())
    .plan(plan.id.as_str())
}

/// Everyone a plan names has a phone answered around the clock.
pub(super) fn contact_unreachable(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for id in named_people(plan) {
            let Some(person) = ctx.index.people.get(id.as_str()) else {
                continue;
            };
            if person.phone_24_7().is_some() {
                continue;
            }
            let why = if person.phones.is_empty() {
                "has no phone number"
            } else {
                "has no phone answered 24/7"
            };
            // `hours: "24x7"` is a slip in the register: point there, not at every plan.
            if let Some(hours) = person.phones.iter().find_map(PhoneEntry::almost_24_7) {
                sink.push(
                    sink.at(
                        hours.span,
                        format!(
                            "`{id}` ({}) is named in plan `{}` but has no phone answered 24/7: `hours: {}` is not read as around the clock",
                            person.name, plan.id, hours.value
                        ),
                    )
                    .help("write `hours: \"24/7\"`: only that spelling means around the clock")
                    .related(id.span, format!("`{id}` is named here"))
                    .target(id.as_str())
                    .plan(plan.id.as_str()),
                );
                continue;
            }
            sink.push(
                sink.at(id.span, format!("`{id}` ({}) is named in plan `{}` but {why}", person.name, plan.id))
                    .help("add a phone with `hours: \"24/7\"` to the person's entry in the People register")
                    .target(id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Contact details were confirmed within the review interval.
pub(super) fn stale_contact(ctx: &Context<'_>, sink: &mut Sink) {
    for person in &ctx.ws.people {
        let message = match &person.verified {
            None => format!("contact details of `{}` were never verified", person.id),
            Some(v) if v.value > ctx.today => format!(
                "contact details of `{}` have a verification date in the future ({v})",
                person.id
            ),
            Some(v) if v.value.plus(&ctx.policy.review_every) < ctx.today => format!(
                "contact details of `{}` were last verified on {v}, more than {} ago",
                person.id, ctx.policy.review_every
            ),
            Some(_) => continue,
        };
        let span = person.verified.as_ref().map_or(person.id.span, |v| v.span);
        sink.push(
            sink.at(span, message)
                .help("confirm the phone numbers and e-mail with the person and update `verified:`")
                .target(person.id.as_str()),
        );
    }
}

/// Activation names at least two people in succession and at least one criterion.
pub(super) fn activation_incomplete(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        let problems = match &plan.activation {
            None => vec!["has no `activation` section".to_owned()],
            Some(a) => {
                let mut p = Vec::new();
                let distinct: std::collections::HashSet<&str> =
                    a.authority.iter().map(|p| p.as_str()).collect();
                if distinct.len() < a.authority.len() {
                    p.push("names the same person twice in its succession".to_owned());
                }
                if distinct.len() < 2 {
                    p.push(format!(
                        "names {} person{} who may invoke it (at least 2 needed, in succession)",
                        distinct.len(),
                        if distinct.len() == 1 { "" } else { "s" }
                    ));
                }
                if a.criteria.is_empty() {
                    p.push("has no activation criteria".to_owned());
                }
                p
            }
        };
        if !problems.is_empty() {
            let span = plan
                .activation
                .as_ref()
                .and_then(|a| a.authority.first())
                .map_or(plan.id.span, |a| a.span);
            sink.push(
                sink.at(span, format!("plan `{}` {}", plan.id, problems.join(" and ")))
                    .help("say who may invoke the plan (at least two, in order of succession) and under which criteria")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// The call tree has no cycle and reaches everyone the plan names.
pub(super) fn call_tree(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        let Some(tree) = &plan.call_tree else {
            sink.push(
                sink.at(plan.id.span, format!("plan `{}` has no call tree", plan.id))
                    .help("add `call_tree:` with a `root` and who calls whom")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
            continue;
        };
        let edges: BTreeMap<String, Vec<String>> = tree
            .calls
            .iter()
            .map(|(caller, callees)| {
                (
                    caller.to_string(),
                    callees.iter().map(ToString::to_string).collect(),
                )
            })
            .collect();
        for cycle in cycles(&edges) {
            let span = tree
                .calls
                .keys()
                .find(|k| k.as_str() == cycle[0])
                .map_or(tree.root.span, |k| k.span);
            sink.push(
                sink.at(
                    span,
                    format!(
                        "call tree of plan `{}` has a cycle: {}",
                        plan.id,
                        cycle.join(" -> ")
                    ),
                )
                .help("each person should be called by one caller, down from the root")
                .target(plan.id.as_str())
                .plan(plan.id.as_str()),
            );
        }
        let mut reached: BTreeSet<&str> = BTreeSet::new();
        let mut stack = vec![tree.root.as_str()];
        while let Some(person) = stack.pop() {
            if reached.insert(person) {
                if let Some((_, callees)) = tree.calls.iter().find(|(k, _)| k.as_str() == person) {
                    stack.extend(callees.iter().map(|c| c.as_str()));
                }
            }
        }
        for caller in tree.calls.keys() {
            let broken = ctx.ws.broken.contains(&("person", caller.to_string()));
            if !ctx.index.people.contains_key(caller.as_str()) && !broken {
                sink.push(
                    sink.at(caller.span, format!("caller `{caller}` in the call tree of plan `{}` is not a person of the People register", plan.id))
                        .help("callers must be people with phones; add the person to the register or fix the id")
                        .target(caller.as_str())
                        .plan(plan.id.as_str()),
                );
                continue;
            }
            if !reached.contains(caller.as_str()) {
                sink.push(
                    sink.at(caller.span, format!("caller `{caller}` in the call tree of plan `{}` is never called from the root `{}`", plan.id, tree.root))
                        .help("attach this branch to the tree: someone reachable from the root must call this person")
                        .target(caller.as_str())
                        .plan(plan.id.as_str()),
                );
            }
        }
        let missing: Vec<&Sp<Id>> = named_people(plan)
            .into_iter()
            .filter(|p| !reached.contains(p.as_str()) && ctx.index.people.contains_key(p.as_str()))
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            sink.push(
                sink.at(tree.root.span, format!("the call tree of plan `{}` does not reach {}", plan.id, names.join(", ")))
                    .help("add them under `call_tree.calls` so that everyone the plan names gets the call")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Communications cover employees, customers, suppliers and authorities or regulators.
pub(super) fn communications_gap(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        let has = |a: Audience| plan.communications.iter().any(|c| c.audience.value == a);
        let mut missing: Vec<&str> = [
            Audience::Employees,
            Audience::Customers,
            Audience::Suppliers,
        ]
        .into_iter()
        .filter(|a| !has(*a))
        .map(Audience::as_str)
        .collect();
        if !has(Audience::Authorities) && !has(Audience::Regulators) {
            missing.push("authorities or regulators");
        }
        if !missing.is_empty() {
            let span = plan
                .communications
                .first()
                .map_or(plan.id.span, |c| c.audience.span);
            sink.push(
                sink.at(
                    span,
                    format!(
                        "plan `{}` has no communication for: {}",
                        plan.id,
                        missing.join(", ")
                    ),
                )
                .help("add `communications:` entries saying who tells them what, when and how")
                .target(plan.id.as_str())
                .plan(plan.id.as_str()),
            );
        }
    }
}
