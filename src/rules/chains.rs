//! Dependency chains for the BIA rules: the slowest (or leakiest) path through what an activity
//! or system depends on, walked depth-first once per rule run, with shared parts memoised and
//! cycles cut (dependency-cycle reports them).

use std::collections::{HashMap, HashSet};

use super::context::Context;
use crate::model::{Activity, Dependency, Duration, Plan, System};

/// A dependency chain as text (slowest path) and the slowest recovery time on it.
pub(super) type Chain = (Vec<String>, Option<Duration>);

/// Depth-first walk state: nodes on the current path (cycles are cut there; dependency-cycle
/// reports them) and finished nodes, so shared dependencies are walked once.
#[derive(Default)]
pub(super) struct Walk {
    seen: HashSet<String>,
    memo: HashMap<String, Chain>,
}

/// What a system chain is judged by.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Metric {
    /// Recovery time: systems, and sites when the system has no `dr_site`.
    Rto,
    /// Data-loss window: systems only.
    Rpo,
}

/// The worst link of a system's dependency chain by `metric`: the chain as text and its value.
/// A walk (and its memo) serves one metric only.
pub(super) fn system_chain(
    ctx: &Context<'_>,
    system: &System,
    metric: Metric,
    walk: &mut Walk,
) -> Chain {
    if let Some(done) = walk.memo.get(system.id.as_str()) {
        return done.clone();
    }
    let (label, own) = match metric {
        Metric::Rto => ("rto", system.rto.as_ref()),
        Metric::Rpo => ("rpo", system.rpo.as_ref()),
    };
    let own = own.map(|r| r.value.clone());
    let head = format!(
        "{} ({label} {})",
        system.id,
        own.as_ref()
            .map_or_else(|| "unknown".to_owned(), ToString::to_string)
    );
    let mut best = (vec![head.clone()], own);
    if !walk.seen.insert(system.id.to_string()) {
        return best;
    }
    let mut consider = |chain: Vec<String>, time: Option<Duration>| {
        if time
            .as_ref()
            .is_some_and(|t| best.1.as_ref().is_none_or(|b| t > b))
        {
            let mut longer = vec![head.clone()];
            longer.extend(chain);
            best = (longer, time);
        }
    };
    for dep in &system.depends_on {
        match dep {
            Dependency::System(id) => {
                if let Some(next) = ctx.index.systems.get(id.as_str()) {
                    let (chain, time) = system_chain(ctx, next, metric, walk);
                    consider(chain, time);
                }
            }
            Dependency::Site(id) if metric == Metric::Rto && system.dr_site.is_none() => {
                if let Some(recovery) = ctx
                    .index
                    .sites
                    .get(id.as_str())
                    .and_then(|s| s.recovery_time.as_ref())
                {
                    consider(
                        vec![format!("site {id} (recovery_time {recovery})")],
                        Some(recovery.value.clone()),
                    );
                }
            }
            _ => {}
        }
    }
    walk.seen.remove(system.id.as_str());
    walk.memo.insert(system.id.to_string(), best.clone());
    best
}

/// Whether the activity documents a (non-blank) workaround.
pub(super) fn has_workaround(a: &Activity) -> bool {
    a.workaround
        .as_deref()
        .is_some_and(|w| !w.trim().is_empty())
}

/// Systems an activity depends on whose (chain) rto exceeds the activity's rto, with the chain.
pub(super) fn slow_systems<'w>(
    ctx: &Context<'w>,
    a: &'w Activity,
    walk: &mut Walk,
) -> Vec<(&'w Dependency, String, Duration)> {
    let Some(rto) = &a.rto else { return Vec::new() };
    let mut out = Vec::new();
    for dep in &a.depends_on {
        let Dependency::System(id) = dep else {
            continue;
        };
        let Some(system) = ctx.index.systems.get(id.as_str()) else {
            continue;
        };
        let (chain, slowest) = system_chain(ctx, system, Metric::Rto, walk);
        if let Some(slowest) = slowest.filter(|s| *s > rto.value) {
            out.push((
                dep,
                format!("{} (rto {rto}) <- {}", a.id, chain.join(" <- ")),
                slowest,
            ));
        }
    }
    out
}

/// The slowest chain through activity dependencies, starting at `a`.
pub(super) fn activity_chain(
    ctx: &Context<'_>,
    plan: &Plan,
    a: &Activity,
    walk: &mut Walk,
) -> Chain {
    let name = format!("{}/{}", plan.id, a.id);
    if let Some(done) = walk.memo.get(&name) {
        return done.clone();
    }
    let own = a.rto.as_ref().map(|r| r.value.clone());
    let mut best = (
        vec![format!(
            "{name} (rto {})",
            own.as_ref()
                .map_or_else(|| "unknown".to_owned(), ToString::to_string)
        )],
        own,
    );
    if !walk.seen.insert(name.clone()) {
        return best;
    }
    for dep in &a.depends_on {
        let Dependency::Activity(r) = dep else {
            continue;
        };
        let Some((p, next)) = ctx.index.activity(plan.id.as_str(), r) else {
            continue;
        };
        let (chain, rto) = activity_chain(ctx, p, next, walk);
        if rto
            .as_ref()
            .is_some_and(|r| best.1.as_ref().is_none_or(|b| r > b))
        {
            let mut longer = best.0[..1].to_vec();
            longer.extend(chain);
            best = (longer, rto);
        }
    }
    walk.seen.remove(&name);
    walk.memo.insert(name, best.clone());
    best
}
