//! Structural rules that need the index: unknown-reference and dependency-cycle.
//! (yaml-syntax, schema and duplicate-id are reported while loading and indexing.)

use std::collections::BTreeMap;

use super::context::{Context, Sink, sorted_keys};
use super::graph::cycles;
use crate::model::Dependency;
use crate::schema::suggest::did_you_mean;
use crate::workspace::refs::{Ref, RefKind};
use crate::yaml::spanned::Span;

/// Every reference names an existing entity of the right kind.
pub(super) fn unknown_reference(ctx: &Context<'_>, sink: &mut Sink) {
    for r in ctx.refs {
        let id = r.id.as_str();
        let (exists, shown) = match (r.kind, r.activity) {
            (RefKind::Activity, Some(a)) => {
                let plan = a.plan.as_ref().map_or_else(
                    || r.plan.map(|p| p.id.to_string()).unwrap_or_default(),
                    ToString::to_string,
                );
                if ctx.ws.broken.contains(&("plan", plan.clone())) {
                    // The plan exists but could not be loaded: its activities are unknown.
                    continue;
                }
                if a.plan.is_some() && !ctx.index.plans.contains_key(plan.as_str()) {
                    let help = did_you_mean(&plan, ctx.index.plans.keys().copied()).map_or_else(
                        || "check the plan id".to_owned(),
                        |s| format!("did you mean `{s}/{}`?", a.activity),
                    );
                    sink.push(
                        sink.at(
                            r.span,
                            format!("`{a}` refers to plan `{plan}`, which does not exist"),
                        )
                        .help(help)
                        .target(a.to_string()),
                    );
                    continue;
                }
                let exists = ctx.index.activities.contains_key(&(plan.as_str(), id))
                    || ctx
                        .ws
                        .broken
                        .contains(&("activity", format!("{plan}/{id}")));
                (exists, a.to_string())
            }
            (RefKind::PersonOrTeam, _) => (
                known(ctx, r) || ctx.ws.broken.contains(&("person", id.to_owned())),
                id.to_owned(),
            ),
            (kind, _) => (
                known(ctx, r) || ctx.ws.broken.contains(&(kind.word(), id.to_owned())),
                id.to_owned(),
            ),
        };
        if exists {
            continue;
        }
        let candidates = candidates(ctx, r);
        let prefix = r
            .activity
            .and_then(|a| a.plan.as_ref())
            .map_or_else(String::new, |p| format!("{p}/"));
        let help = match did_you_mean(id, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{prefix}{s}`?"),
            None if candidates.is_empty() => format!("define the {} first", r.kind.word()),
            None if matches!(
                r.kind,
                RefKind::Activity
                    | RefKind::Procedure
                    | RefKind::Step
                    | RefKind::Strategy
                    | RefKind::PersonOrTeam
            ) =>
            {
                format!("no {} has this id; check the spelling", r.kind.word())
            }
            None => format!(
                "no {} has this id; check the spelling or add it to its register",
                r.kind.word()
            ),
        };
        let mut finding = sink
            .at(
                r.span,
                format!(
                    "`{}` refers to {} `{shown}`, which does not exist",
                    r.field,
                    article(r.kind.word())
                ),
            )
            .help(help)
            .target(shown);
        if let Some(plan) = r.plan {
            finding = finding.plan(plan.id.to_string());
        }
        sink.push(finding);
    }
}

fn article(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}

/// Whether a reference (other than a cross-plan activity reference) names an existing entity.
fn known(ctx: &Context<'_>, r: &Ref<'_>) -> bool {
    let i = ctx.index;
    let id = r.id.as_str();
    match r.kind {
        RefKind::Person => i.people.contains_key(id),
        RefKind::PersonOrTeam => {
            i.people.contains_key(id)
                || r.plan
                    .is_some_and(|p| p.teams.iter().any(|t| t.id.as_str() == id))
        }
        RefKind::Site => i.sites.contains_key(id),
        RefKind::Supplier => i.suppliers.contains_key(id),
        RefKind::Material => i.materials.contains_key(id),
        RefKind::System => i.systems.contains_key(id),
        RefKind::Lane => i.lanes.contains_key(id),
        RefKind::Scenario => i.scenarios.contains_key(id),
        RefKind::Activity => r
            .plan
            .is_some_and(|p| i.activities.contains_key(&(p.id.as_str(), id))),
        RefKind::Procedure => r
            .plan
            .is_some_and(|p| p.procedures.iter().any(|x| x.id.as_str() == id)),
        RefKind::Strategy => r
            .plan
            .is_some_and(|p| p.strategies.iter().any(|x| x.id.as_str() == id)),
        RefKind::Obligation => i.obligations.contains_key(id),
        RefKind::Step => r.procedure.is_some_and(|p| {
            p.steps
                .iter()
                .any(|s| s.id.as_ref().is_some_and(|s| s.as_str() == id))
        }),
    }
}

/// The ids a reference could name (computed only for references that name nothing).
fn candidates<'w>(ctx: &Context<'w>, r: &Ref<'w>) -> Vec<&'w str> {
    let i = ctx.index;
    match r.kind {
        RefKind::Person => sorted_keys(&i.people),
        RefKind::PersonOrTeam => {
            let mut v: Vec<&str> = i.people.keys().copied().collect();
            if let Some(plan) = r.plan {
                v.extend(plan.teams.iter().map(|t| t.id.as_str()));
            }
            v.sort_unstable();
            v
        }
        RefKind::Site => sorted_keys(&i.sites),
        RefKind::Supplier => sorted_keys(&i.suppliers),
        RefKind::Material => sorted_keys(&i.materials),
        RefKind::System => sorted_keys(&i.systems),
        RefKind::Lane => sorted_keys(&i.lanes),
        RefKind::Scenario => sorted_keys(&i.scenarios),
        RefKind::Activity => {
            let plan = r
                .activity
                .and_then(|a| a.plan.as_ref())
                .map(crate::model::Id::as_str)
                .or(r.plan.map(|p| p.id.as_str()));
            let mut v: Vec<&str> = i
                .activities
                .keys()
                .filter(|(p, _)| Some(*p) == plan)
                .map(|(_, a)| *a)
                .collect();
            v.sort_unstable();
            v
        }
        RefKind::Procedure => r
            .plan
            .map(|p| p.procedures.iter().map(|x| x.id.as_str()).collect())
            .unwrap_or_default(),
        RefKind::Strategy => r
            .plan
            .map(|p| p.strategies.iter().map(|x| x.id.as_str()).collect())
            .unwrap_or_default(),
        RefKind::Obligation => sorted_keys(&i.obligations),
        RefKind::Step => r
            .procedure
            .map(|p| {
                p.steps
                    .iter()
                    .filter_map(|s| s.id.as_ref().map(|i| i.as_str()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Activity and system `depends_on`, and step `after`, form no cycle.
pub(super) fn dependency_cycle(ctx: &Context<'_>, sink: &mut Sink) {
    // Activities, named `plan/activity`.
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut spans: BTreeMap<String, Span> = BTreeMap::new();
    for ((plan_id, activity_id), (plan, activity)) in &ctx.index.activities {
        let name = format!("{plan_id}/{activity_id}");
        spans.insert(name.clone(), activity.id.span);
        let next = edges.entry(name).or_default();
        for dep in &activity.depends_on {
            if let Dependency::Activity(a) = dep {
                if let Some((p, target)) = ctx.index.activity(plan.id.as_str(), a) {
                    next.push(format!("{}/{}", p.id, target.id));
                }
            }
        }
    }
    report_cycles(sink, "activity", &edges, &spans);
    // Systems.
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut spans = BTreeMap::new();
    for (id, system) in &ctx.index.systems {
        spans.insert((*id).to_owned(), system.id.span);
        let next = edges.entry((*id).to_owned()).or_default();
        for dep in &system.depends_on {
            if let Dependency::System(s) = dep {
                next.push(s.to_string());
            }
        }
    }
    report_cycles(sink, "system", &edges, &spans);
    // Steps within each procedure.
    for plan in &ctx.ws.plans {
        for procedure in &plan.procedures {
            // Steps are named by id, else by number; a step without `after` waits for the
            // previous one, which can close a loop as well.
            let name = |i: usize| {
                procedure.steps[i]
                    .id
                    .as_ref()
                    .map_or_else(|| format!("step {}", i + 1), ToString::to_string)
            };
            let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut spans = BTreeMap::new();
            for (i, step) in procedure.steps.iter().enumerate() {
                let span = step.id.as_ref().map_or(step.action.span, |id| id.span);
                spans.insert(name(i), span);
                let next = edges.entry(name(i)).or_default();
                match &step.after {
                    Some(after) => next.extend(after.iter().map(ToString::to_string)),
                    None if i > 0 => next.push(name(i - 1)),
                    None => {}
                }
            }
            report_cycles(
                sink,
                &format!("step (procedure `{}`)", procedure.id),
                &edges,
                &spans,
            );
        }
    }
}

fn report_cycles(
    sink: &mut Sink,
    what: &str,
    edges: &BTreeMap<String, Vec<String>>,
    spans: &BTreeMap<String, Span>,
) {
    for cycle in cycles(edges) {
        let Some(span) = spans.get(&cycle[0]) else {
            continue;
        };
        let shown = cycle.join(" -> ");
        sink.push(
            sink.at(*span, format!("{what} dependency cycle: {shown}"))
                .help("break the cycle: something in it must be able to recover without the others")
                .target(cycle[0].clone()),
        );
    }
}
