//! When each activity stops and recovers, how, and the verdict against its objectives.
//!
//! An activity stops at the earliest time a dependency is unavailable (a material when its stock
//! runs out). It recovers at the earliest of: a strategy covering it for the scenario, whose own
//! site and provider are not lost, being ready; every dependency being back. Activity dependencies are followed
//! across plans, each activity worked out once.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use super::chain::Chain;
use super::state::{Down, State, States, UNREAD};
use super::{ActivityImpact, At, How, ProcedureCheck, StrategyUse, Verdict};
use crate::model::{Activity, Dependency, Plan, Provider, StrategyType, spell};
use crate::rules::coverage::{schedule, strategy_lead_time};
use crate::workspace::Workspace;
use crate::workspace::index::Index;

/// An activity's (plan id, activity id).
type ActivityKey<'w> = (&'w str, &'w str);

/// What a dependent activity needs to know of an activity that stops.
#[derive(Clone)]
pub(crate) struct Stop {
    at: u64,
    back: At,
    chain: Chain,
    verdict: String,
}

/// What an activity does in the event.
#[derive(Clone)]
pub(crate) enum Outcome {
    /// It keeps running.
    Runs,
    /// It stops.
    Stops(Stop),
    /// Whether it stops could not be judged: no dependency is known to be lost, but some could
    /// not be read or judged.
    Unjudged,
}

/// Activities worked out so far (each once), and those on the current path (a loop is cut
/// there).
#[derive(Default)]
pub(crate) struct Walk {
    memo: HashMap<(String, String), Outcome>,
    visiting: HashSet<(String, String)>,
    /// The activities that stop, in the order they were worked out.
    pub(crate) found: Vec<ActivityImpact>,
    /// The activities that could not be judged, as `plan/activity` with the dependencies that
    /// could not be read or judged.
    pub(crate) unjudged: Vec<(String, String)>,
}

/// Whether `scenarios` apply under the event's scenario: they list it, or list none.
pub(crate) fn applies(
    scenarios: &[crate::yaml::spanned::Sp<crate::model::Id>],
    scenario: Option<&str>,
) -> bool {
    scenario.is_none_or(|s| scenarios.is_empty() || scenarios.iter().any(|x| x.as_str() == s))
}

/// The state of one dependency of an activity of `plan`.
fn dependency(
    states: &mut States<'_, '_>,
    walk: &mut Walk,
    plan: &Plan,
    dep: &Dependency,
) -> State {
    let index = states.index;
    let known = match dep {
        Dependency::Site(s) => index.sites.contains_key(s.as_str()),
        Dependency::System(s) => index.systems.contains_key(s.as_str()),
        Dependency::Material(s) => index.materials.contains_key(s.as_str()),
        Dependency::Supplier(s) => index.suppliers.contains_key(s.as_str()),
        Dependency::Lane(s) => index.lanes.contains_key(s.as_str()),
        Dependency::Activity(a) => index.activity(plan.id.as_str(), &a.value).is_some(),
    };
    if !known {
        states.note_unknown(dep.kind(), &dep.target());
        return State::Unknown(UNREAD.to_owned());
    }
    let down = |d: Option<Down>| d.map_or(State::Fine, State::Down);
    match dep {
        Dependency::Site(s) => down(states.site(s.as_str())),
        Dependency::System(s) => down(states.system(s.as_str())),
        Dependency::Supplier(s) => down(states.supplier(s.as_str())),
        Dependency::Material(s) => states.material(s.as_str()),
        Dependency::Lane(s) => states.lane(s.as_str()),
        Dependency::Activity(a) => {
            let (p, act) = index
                .activity(plan.id.as_str(), &a.value)
                .expect("checked above");
            match super::deeper(|| impact(states, walk, p, act)) {
                Outcome::Runs => State::Fine,
                Outcome::Unjudged => State::Unknown("could not be judged".to_owned()),
                Outcome::Stops(stop) => {
                    // Named with its plan once the chain leaves it.
                    let label = format!("{}/{}", p.id, act.id);
                    State::Down(Down {
                        at: stop.at,
                        back: stop.back,
                        chain: stop
                            .chain
                            .before()
                            .map_or_else(|| Chain::start(label.clone()), |c| c.then(label.clone())),
                        switch: false,
                        note: format!("its own verdict: {}", stop.verdict),
                    })
                }
            }
        }
    }
}

/// When `activity` of `plan` stops and is back, whether it runs on, or that it could not be
/// judged; the full impact is added to `walk.found` (or `walk.unjudged`) the first time.
pub(crate) fn impact(
    states: &mut States<'_, '_>,
    walk: &mut Walk,
    plan: &Plan,
    activity: &Activity,
) -> Outcome {
    let key = (plan.id.to_string(), activity.id.to_string());
    if let Some(done) = walk.memo.get(&key) {
        return done.clone();
    }
    // A loop is always entered at its first activity, so that where it is cut does not depend
    // on where the walk came from: that activity's walk works out the whole loop.
    let index = states.index;
    let loops = index
        .activity_loops
        .get_or_init(|| loop_entries(states.ws, index));
    if let Some(entry) = loops.get(&key) {
        if *entry != key && !walk.memo.contains_key(entry) && !walk.visiting.contains(entry) {
            let (p, a) = index.activities[&(entry.0.as_str(), entry.1.as_str())];
            impact(states, walk, p, a);
            if let Some(done) = walk.memo.get(&key) {
                return done.clone();
            }
        }
    }
    if !walk.visiting.insert(key.clone()) {
        return Outcome::Runs;
    }
    let mut downs: Vec<(String, Down)> = Vec::new();
    let mut unknown = Vec::new();
    let mut unread = Vec::new();
    for dep in &activity.depends_on {
        let label = format!("{} {}", dep.kind(), dep.target());
        match dependency(states, walk, plan, dep) {
            State::Down(d) => downs.push((label, d)),
            State::Unknown(why) => {
                unknown.push(format!("{label} ({why})"));
                unread.push(label);
            }
            State::Fine | State::Absorbed(_) => {}
        }
    }
    let result = if !downs.is_empty() {
        let (found, chain) = judge(states, plan, activity, &downs, unknown);
        let stop = Stop {
            at: found.stops_at,
            back: found.recovers_at,
            chain,
            verdict: found.verdict.text(),
        };
        walk.found.push(found);
        Outcome::Stops(stop)
    } else if !unknown.is_empty() {
        // Nothing it needs is known to be lost, but what could not be judged might be: it is
        // neither counted as stopping nor as unaffected.
        walk.unjudged
            .push((format!("{}/{}", plan.id, activity.id), unread.join(", ")));
        Outcome::Unjudged
    } else {
        Outcome::Runs
    };
    walk.visiting.remove(&key);
    walk.memo.insert(key, result.clone());
    result
}

/// For each activity in a loop of activity dependencies (activities that reach each other), the
/// loop's first activity in the order the whole analysis walks them.
fn loop_entries<'w>(
    ws: &'w Workspace,
    index: &Index<'w>,
) -> HashMap<(String, String), (String, String)> {
    /// Tarjan's walk for strongly connected components.
    struct Loops<'i, 'w> {
        index: &'i Index<'w>,
        walked: HashMap<ActivityKey<'w>, usize>,
        settled: HashSet<ActivityKey<'w>>,
        stack: Vec<ActivityKey<'w>>,
        found: Vec<Vec<ActivityKey<'w>>>,
    }
    impl<'w> Loops<'_, 'w> {
        fn visit(&mut self, key: ActivityKey<'w>) -> usize {
            let order = self.walked.len();
            self.walked.insert(key, order);
            self.stack.push(key);
            let mut low = order;
            let (plan, activity) = self.index.activities[&key];
            for dep in &activity.depends_on {
                let Dependency::Activity(a) = dep else {
                    continue;
                };
                let Some((p, act)) = self.index.activity(plan.id.as_str(), &a.value) else {
                    continue;
                };
                let next = (p.id.as_str(), act.id.as_str());
                if self.settled.contains(&next) {
                    continue;
                }
                let reached = match self.walked.get(&next) {
                    Some(&o) => o,
                    None => super::deeper(|| self.visit(next)),
                };
                low = low.min(reached);
            }
            if low == order {
                let from = self
                    .stack
                    .iter()
                    .rposition(|k| *k == key)
                    .expect("on the stack");
                let members = self.stack.split_off(from);
                self.settled.extend(members.iter().copied());
                if members.len() > 1 {
                    self.found.push(members);
                }
            }
            low
        }
    }
    let position = super::walk_order(ws, index);
    let mut keys: Vec<ActivityKey<'w>> = index.activities.keys().copied().collect();
    keys.sort_by_key(|k| (position.get(k).copied().unwrap_or(usize::MAX), *k));
    let mut walk = Loops {
        index,
        walked: HashMap::new(),
        settled: HashSet::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for key in &keys {
        if !walk.walked.contains_key(key) {
            walk.visit(*key);
        }
    }
    let mut entries = HashMap::new();
    for members in walk.found {
        let first = *members
            .iter()
            .min_by_key(|k| (position.get(*k).copied().unwrap_or(usize::MAX), **k))
            .expect("a loop has members");
        let first = (first.0.to_owned(), first.1.to_owned());
        entries.extend(
            members
                .into_iter()
                .map(|(p, a)| ((p.to_owned(), a.to_owned()), first.clone())),
        );
    }
    entries
}

/// The strategy that brings `activity` back soonest under the event, if any.
/// Also the strategies ruled out because their provider is lost during the event (a provider
/// lost at any time rules the strategy out for the whole event, even if it is back later).
fn strategy(
    states: &mut States<'_, '_>,
    plan: &Plan,
    activity: &Activity,
) -> (Option<StrategyUse>, Vec<String>) {
    let scenario = states.event.scenario.clone();
    let mut best: Option<StrategyUse> = None;
    let mut ruled_out = Vec::new();
    for s in &plan.strategies {
        if !s.covers.iter().any(|c| c.value == activity.id.value)
            || !applies(&s.scenarios, scenario.as_deref())
            // Insurance pays for the loss; it does not bring the activity back.
            || s.strategy_type.value == StrategyType::Insurance
        {
            continue;
        }
        let Some(ready) = s.ready_within.as_ref().map(|r| r.value.minutes()) else {
            continue;
        };
        if let Some(site) = &s.site {
            if !states.index.sites.contains_key(site.as_str()) {
                states.note_unknown("site", site.as_str());
                continue;
            }
            if states.site(site.as_str()).is_some() {
                continue;
            }
        }
        if let Some(provider) = &s.provider {
            let (kind, id) = match provider {
                Provider::Supplier(i) => ("supplier", i.as_str()),
                Provider::Site(i) => ("site", i.as_str()),
                Provider::System(i) => ("system", i.as_str()),
            };
            let index = states.index;
            let known = match provider {
                Provider::Supplier(_) => index.suppliers.contains_key(id),
                Provider::Site(_) => index.sites.contains_key(id),
                Provider::System(_) => index.systems.contains_key(id),
            };
            if !known {
                states.note_unknown(kind, id);
                continue;
            }
            let lost = match provider {
                Provider::Supplier(_) => states.supplier(id),
                Provider::Site(_) => states.site(id),
                Provider::System(_) => states.system(id),
            };
            if let Some(d) = lost {
                ruled_out.push(format!(
                    "strategy {} ruled out: its provider {kind} {id} is lost at {}",
                    s.id,
                    super::at_text(Some(d.at))
                ));
                continue;
            }
        }
        if best.as_ref().is_none_or(|b| ready < b.ready_within) {
            best = Some(StrategyUse {
                id: s.id.to_string(),
                kind: s.strategy_type.value.as_str(),
                ready_within: ready,
                capacity: s.capacity.clone(),
                mbco: activity.mbco.clone(),
            });
        }
    }
    (best, ruled_out)
}

fn judge(
    states: &mut States<'_, '_>,
    plan: &Plan,
    activity: &Activity,
    downs: &[(String, Down)],
    unknown: Vec<String>,
) -> (ActivityImpact, Chain) {
    // The dependency that stops it first (the first listed on a tie) names the chain; the one
    // that comes back last (or never) sets the time when no strategy does. On a tie that is the
    // one naming the chain, else the first listed: the chain and the binding constraint never
    // name two entries that stop and come back together.
    let (first, (_, stopper)) = downs
        .iter()
        .enumerate()
        .min_by_key(|(i, (_, d))| (d.at, *i))
        .expect("at least one dependency is down");
    let stops_at = stopper.at;
    let chain = stopper.chain.then(activity.id.to_string());
    let deps_back = downs
        .iter()
        .try_fold(0, |acc, (_, d)| d.back.map(|b| acc.max(b)));
    let (_, (slowest_label, slowest)) = downs
        .iter()
        .enumerate()
        .min_by_key(|(i, (_, d))| (Reverse((d.back.is_none(), d.back)), *i != first, *i))
        .expect("at least one dependency is down");
    let (strategy, ruled_out) = strategy(states, plan, activity);
    let by_strategy = strategy
        .as_ref()
        .filter(|s| deps_back.is_none_or(|d| s.ready_within < d));
    let (recovered, how, binding) = match (by_strategy, deps_back) {
        (Some(s), _) => (
            Some(s.ready_within),
            How::Strategy,
            format!("strategy {} ready within {}", s.id, spell(s.ready_within)),
        ),
        (None, Some(back)) => (
            Some(back),
            if slowest.switch {
                How::SourceSwitch
            } else {
                How::DependencyBack
            },
            format!(
                "{slowest_label} back at {}: {}",
                super::at_text(Some(back)),
                slowest.note
            ),
        ),
        (None, None) => (
            None,
            How::None,
            format!("{slowest_label}: {}", slowest.note),
        ),
    };
    let binding = if ruled_out.is_empty() {
        binding
    } else {
        format!("{binding} ({})", ruled_out.join("; "))
    };
    let recovers_at: At = recovered.map(|r| r.max(stops_at));
    let rto = activity.rto.as_ref().map(|d| d.value.minutes());
    let mtpd = activity.mtpd.as_ref().map(|d| d.value.minutes());
    let commitment = activity
        .customer_commitment
        .as_ref()
        .map(|d| d.value.minutes());
    let outage = recovers_at.map(|r| r - stops_at);
    let over = |limit: Option<u64>, o: u64| limit.filter(|l| o > *l).map(|l| o - l);
    let verdict = match outage {
        None => Verdict::NoRecoveryPath,
        Some(o) => {
            if let Some(by) = over(commitment, o) {
                Verdict::CommitmentBreached(by)
            } else if let Some(by) = over(mtpd, o) {
                Verdict::MtpdBreached(by)
            } else if rto.is_none() {
                Verdict::RtoUnknown
            } else if let Some(by) = over(rto, o) {
                Verdict::RtoBreached(by)
            } else {
                Verdict::WithinRto
            }
        }
    };
    let scenario = states.event.scenario.as_deref();
    let procedures = plan
        .procedures
        .iter()
        .filter(|p| p.restores.iter().any(|r| r.value == activity.id.value))
        .filter(|p| applies(&p.scenarios, scenario))
        .map(|p| {
            let critical_path = schedule(p).map(|t| t.iter().map(|t| t.1).max().unwrap_or(0));
            let strategy_lead = strategy_lead_time(plan, p, activity.id.as_str())
                .map(|(n, d)| (n.to_owned(), d.minutes()));
            let total = critical_path.unwrap_or(0) + strategy_lead.as_ref().map_or(0, |l| l.1);
            ProcedureCheck {
                id: p.id.to_string(),
                title: p.title.clone(),
                critical_path,
                strategy_lead,
                exceeds_rto: rto.is_some_and(|r| total > r),
            }
        })
        .collect();
    let impact = ActivityImpact {
        plan: plan.id.to_string(),
        activity: activity.id.to_string(),
        name: activity.name.clone(),
        stops_at,
        recovers_at,
        how,
        binding,
        chain: chain.labels(),
        verdict,
        rto,
        mtpd,
        commitment,
        strategy: if how == How::Strategy { strategy } else { None },
        procedures,
        unknown,
    };
    (impact, chain)
}
