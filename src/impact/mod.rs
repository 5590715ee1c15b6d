//! What if: the impact of a loss on the plans, as a timeline.
//!
//! [`analyse`] is a pure function from the loaded, indexed workspace and an [`Event`] (the sites,
//! regions, suppliers, systems, lanes and people lost at T0, and the scenario) to a [`Report`]:
//! when each register entry is lost and back, when each activity stops and recovers and how, the
//! verdict against its RTO, MTPD and customer commitment, and the roles left without cover. Each
//! entity's state is computed once per event (memoised, cycles cut), so the cost grows linearly
//! with the workspace. Printers (human, JSON, Markdown here; HTML with the runbooks) only lay the
//! report out.

mod activities;
mod chain;
mod duties;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod markdown;
mod people;
mod reach;
mod state;

use std::collections::HashSet;

pub use duties::{Duty, Sender};

use crate::model::{Plan, spell};
use crate::workspace::Workspace;
use crate::workspace::index::Index;

pub(crate) use reach::Dependents;

/// The documentation of the model, printed by `bcplan explain impact`.
pub const DOC: &str = include_str!("model.md");

/// What is lost at T0, and under which scenario.
#[derive(Clone, Debug, Default)]
pub struct Event {
    /// Sites lost.
    pub sites: Vec<String>,
    /// Regions lost: every site and supplier location in them.
    pub regions: Vec<String>,
    /// Suppliers lost.
    pub suppliers: Vec<String>,
    /// Systems lost.
    pub systems: Vec<String>,
    /// Lanes lost.
    pub lanes: Vec<String>,
    /// People unavailable.
    pub people: Vec<String>,
    /// The scenario: selects strategies and procedures, labels the report.
    pub scenario: Option<String>,
}

impl Event {
    /// The losses as `kind id` labels, in a fixed order.
    pub fn losses(&self) -> Vec<(&'static str, &str)> {
        let groups: [(&'static str, &Vec<String>); 6] = [
            ("region", &self.regions),
            ("site", &self.sites),
            ("supplier", &self.suppliers),
            ("system", &self.systems),
            ("lane", &self.lanes),
            ("person", &self.people),
        ];
        groups
            .into_iter()
            .flat_map(|(kind, ids)| ids.iter().map(move |id| (kind, id.as_str())))
            .collect()
    }

    /// A short label: `site penang-p1 + system erp (flood)`.
    pub fn label(&self) -> String {
        let losses: Vec<String> = self
            .losses()
            .iter()
            .map(|(kind, id)| format!("{kind} {id}"))
            .collect();
        let mut label = losses.join(" + ");
        if let Some(scenario) = &self.scenario {
            label.push_str(&format!(" ({scenario})"));
        }
        label
    }
}

/// A point in time after T0, in minutes; `None` is never.
pub type At = Option<u64>;

/// `T+28d`, `T0`, or `never`.
pub fn at_text(at: At) -> String {
    match at {
        Some(0) => "T0".to_owned(),
        Some(m) => format!("T+{}", spell(m)),
        None => "never".to_owned(),
    }
}

/// How an activity recovers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    /// A continuity strategy takes over.
    Strategy,
    /// A material moves to another qualified source.
    SourceSwitch,
    /// What it depends on comes back.
    DependencyBack,
    /// Nothing brings it back.
    None,
}

impl How {
    /// The spelling in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Strategy => "strategy",
            How::SourceSwitch => "source switch",
            How::DependencyBack => "dependency back",
            How::None => "none",
        }
    }
}

/// The verdict on one activity, in increasing severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Back within its RTO.
    WithinRto,
    /// Back, but the activity has no RTO to judge by (and breaches no MTPD or commitment).
    RtoUnknown,
    /// Back after its RTO, by this much.
    RtoBreached(u64),
    /// Back after its MTPD, by this much.
    MtpdBreached(u64),
    /// Back after its customer commitment, by this much.
    CommitmentBreached(u64),
    /// Never back.
    NoRecoveryPath,
}

impl Verdict {
    /// The verdict as reports print it: `rto breached by 2d`.
    pub fn text(self) -> String {
        match self {
            Verdict::WithinRto => "within rto".to_owned(),
            Verdict::RtoUnknown => "no rto to judge by".to_owned(),
            Verdict::RtoBreached(by) => format!("rto breached by {}", spell(by)),
            Verdict::MtpdBreached(by) => format!("mtpd breached by {}", spell(by)),
            Verdict::CommitmentBreached(by) => format!("commitment breached by {}", spell(by)),
            Verdict::NoRecoveryPath => "no recovery path".to_owned(),
        }
    }

    /// The kind of verdict, for JSON: `within-rto`, `rto-breached`, ...
    pub fn kind(self) -> &'static str {
        match self {
            Verdict::WithinRto => "within-rto",
            Verdict::RtoUnknown => "rto-unknown",
            Verdict::RtoBreached(_) => "rto-breached",
            Verdict::MtpdBreached(_) => "mtpd-breached",
            Verdict::CommitmentBreached(_) => "commitment-breached",
            Verdict::NoRecoveryPath => "no-recovery-path",
        }
    }

    /// By how much the limit is breached.
    pub fn by(self) -> Option<u64> {
        match self {
            Verdict::RtoBreached(by)
            | Verdict::MtpdBreached(by)
            | Verdict::CommitmentBreached(by) => Some(by),
            _ => None,
        }
    }

    /// Whether this is a breach that fails the run: MTPD, customer commitment or no recovery.
    pub fn is_breach(self) -> bool {
        matches!(
            self,
            Verdict::MtpdBreached(_) | Verdict::CommitmentBreached(_) | Verdict::NoRecoveryPath
        )
    }

    /// Severity rank for sorting, most severe first.
    fn rank(self) -> u8 {
        match self {
            Verdict::NoRecoveryPath => 0,
            Verdict::CommitmentBreached(_) => 1,
            Verdict::MtpdBreached(_) => 2,
            Verdict::RtoBreached(_) => 3,
            Verdict::RtoUnknown => 4,
            Verdict::WithinRto => 5,
        }
    }
}

/// A register entry lost in the event.
#[derive(Clone, Debug)]
pub struct Lost {
    /// `site`, `supplier`, `material`, `system` or `lane`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// When it is lost (a material: when its stock runs out).
    pub lost_at: u64,
    /// When it is back.
    pub back_at: At,
    /// The chain of losses that led to it, from the event.
    pub chain: Vec<String>,
    /// How it comes back, as text.
    pub note: String,
}

/// A strategy that brings an activity back.
#[derive(Clone, Debug)]
pub struct StrategyUse {
    /// Strategy id.
    pub id: String,
    /// Its type (`alternate-site`, ...).
    pub kind: &'static str,
    /// Its `ready_within`.
    pub ready_within: u64,
    /// The capacity it gives, as written.
    pub capacity: Option<String>,
    /// The activity's minimum business continuity objective, to compare the capacity with.
    pub mbco: Option<String>,
}

/// A procedure restoring an activity: its critical path next to the strategy's lead time.
#[derive(Clone, Debug)]
pub struct ProcedureCheck {
    /// Procedure id.
    pub id: String,
    /// Procedure title.
    pub title: String,
    /// The critical path of its steps (`None` when the steps loop).
    pub critical_path: Option<u64>,
    /// The lead time of the covering strategy counted with it, if any.
    pub strategy_lead: Option<(String, u64)>,
    /// Whether critical path plus lead time is longer than the activity's RTO.
    pub exceeds_rto: bool,
}

/// One activity that stops.
#[derive(Clone, Debug)]
pub struct ActivityImpact {
    /// Plan id.
    pub plan: String,
    /// Activity id.
    pub activity: String,
    /// Activity name.
    pub name: String,
    /// When it stops.
    pub stops_at: u64,
    /// When it recovers.
    pub recovers_at: At,
    /// How it recovers.
    pub how: How,
    /// The dependency or strategy that sets the recovery time.
    pub binding: String,
    /// The chain of losses that stopped it, ending with the activity.
    pub chain: Vec<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Its RTO, MTPD and customer commitment.
    pub rto: Option<u64>,
    /// MTPD.
    pub mtpd: Option<u64>,
    /// Customer commitment.
    pub commitment: Option<u64>,
    /// The strategy it recovers by, if one applies.
    pub strategy: Option<StrategyUse>,
    /// Procedures restoring it for the scenario.
    pub procedures: Vec<ProcedureCheck>,
    /// Entries on its dependency paths that could not be read.
    pub unknown: Vec<String>,
}

impl ActivityImpact {
    /// The outage: from the stop to the recovery.
    pub fn outage(&self) -> At {
        self.recovers_at.map(|r| r.saturating_sub(self.stops_at))
    }
}

/// A role whose holder is unavailable.
#[derive(Clone, Debug)]
pub struct RoleHit {
    /// Plan id.
    pub plan: String,
    /// The role, e.g. `owner of activity smt-assembly`.
    pub role: String,
    /// The unavailable holder.
    pub holder: String,
    /// Who takes over; `None` when nobody is left.
    pub falls_to: Option<String>,
}

/// A person hit by the event.
#[derive(Clone, Debug)]
pub struct PersonHit {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Why: `unavailable`, or `site dongguan-p2 lost`.
    pub why: String,
}

/// A team with members hit.
#[derive(Clone, Debug)]
pub struct TeamHit {
    /// Plan id.
    pub plan: String,
    /// Team id.
    pub team: String,
    /// The people of the team who are hit.
    pub people: Vec<String>,
}

/// The answer to one event.
#[derive(Clone, Debug)]
pub struct Report {
    /// The event.
    pub event: Event,
    /// Register entries lost, with when they are back.
    pub lost: Vec<Lost>,
    /// Activities that stop, most severe verdict first, then by recovery time.
    pub activities: Vec<ActivityImpact>,
    /// Activities that do not stop.
    pub unaffected: usize,
    /// Activities that could not be judged: none of their dependencies is known to be lost, but
    /// some could not be read or judged. Each is also named in `unknown`.
    pub unjudged: usize,
    /// Losses absorbed without a stop: alternate lanes, stock covering a source switch.
    pub absorbed: Vec<String>,
    /// People hit.
    pub people: Vec<PersonHit>,
    /// Teams with people hit.
    pub teams: Vec<TeamHit>,
    /// Roles whose holder is unavailable, with who takes over.
    pub roles: Vec<RoleHit>,
    /// The notification duties whose clocks start, for each plan with an activity that stops.
    pub duties: Vec<Duty>,
    /// Entries the analysis reached but could not read (schema errors, unknown ids).
    pub unknown: Vec<String>,
    /// Said plainly when the loss touches nothing the plans depend on.
    pub nothing: Option<String>,
}

impl Report {
    /// Whether any activity breaches its MTPD or customer commitment, or never recovers.
    pub fn breach(&self) -> bool {
        self.activities.iter().any(|a| a.verdict.is_breach())
    }

    /// The most severe verdict.
    pub fn worst(&self) -> Option<&ActivityImpact> {
        self.activities.first()
    }

    /// Roles left with nobody.
    pub fn uncovered(&self) -> impl Iterator<Item = &RoleHit> {
        self.roles.iter().filter(|r| r.falls_to.is_none())
    }
}

/// Runs `f`, a step of a walk that recurses as deep as a chain of dependencies is long, on a
/// fresh stack segment when less than 64 KiB of this one is left: a chain of 100,000 suppliers
/// or activities is walked, not a stack overflow.
pub(crate) fn deeper<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, f)
}

/// The plans as the index sees them: each id once (its first definition), in workspace order.
pub(crate) fn plans<'w>(ws: &'w Workspace, index: &Index<'w>) -> Vec<&'w Plan> {
    ws.plans
        .iter()
        .filter(|p| {
            index
                .plans
                .get(p.id.as_str())
                .is_some_and(|q| std::ptr::eq(*q, *p))
        })
        .collect()
}

/// Each activity the index holds (the first of its id), with its place in the order the whole
/// analysis walks them: plans as [`plans`] lists them, activities as listed.
pub(crate) fn walk_order<'w>(
    ws: &'w Workspace,
    index: &Index<'w>,
) -> std::collections::HashMap<(&'w str, &'w str), usize> {
    let mut order = std::collections::HashMap::new();
    for (plan, activity) in held(index, &plans(ws, index)) {
        let next = order.len();
        order
            .entry((plan.id.as_str(), activity.id.as_str()))
            .or_insert(next);
    }
    order
}

/// The activities of `plans` that the index holds (the first of each id), in order.
fn held<'p, 'w: 'p>(
    index: &'p Index<'w>,
    plans: &'p [&'w Plan],
) -> impl Iterator<Item = (&'w Plan, &'w crate::model::Activity)> + 'p {
    plans.iter().flat_map(move |plan| {
        plan.activities
            .iter()
            .filter(move |activity| {
                index
                    .activities
                    .get(&(plan.id.as_str(), activity.id.as_str()))
                    .is_some_and(|(_, a)| std::ptr::eq(*a, *activity))
            })
            .map(move |activity| (*plan, activity))
    })
}

/// Most severe verdict first, then by recovery time (never last), plan and activity.
fn sort_impacts(impacts: &mut [ActivityImpact]) {
    impacts.sort_by(|a, b| {
        (
            a.verdict.rank(),
            a.recovers_at.is_none(),
            a.recovers_at,
            &a.plan,
            &a.activity,
        )
            .cmp(&(
                b.verdict.rank(),
                b.recovers_at.is_none(),
                b.recovers_at,
                &b.plan,
                &b.activity,
            ))
    });
}

/// The activities of the plan with `plan`'s id that stop under `event`: those of
/// [`analyse`]'s report, in its order, without working out the rest of the workspace (a runbook
/// asks this for each of its scenarios; walking every plan each time made rendering quadratic).
///
/// Only what the plan's activities depend on is worked out. Loops (which `dependency-cycle`
/// reports) give the same answer wherever the walk enters them: a loop of suppliers or systems is
/// settled as a whole, and a loop of activities is always entered at its first activity.
pub(crate) fn plan_stops(
    ws: &Workspace,
    index: &Index<'_>,
    event: &Event,
    plan: &Plan,
) -> Vec<ActivityImpact> {
    let id = plan.id.as_str();
    let mut states = state::States::for_stops(ws, index, event);
    let mut walk = activities::Walk::default();
    // The plan the index holds under this id (the first of that id), as `analyse` walks it.
    if let Some(first) = index.plans.get(id) {
        walk_plans(&mut states, &mut walk, index, &[*first]);
    }
    let mut found = walk.found;
    found.retain(|a| a.plan == id);
    sort_impacts(&mut found);
    found
}

/// Works out each activity of `plans` that the index holds (the first of its id), in order;
/// returns how many that is.
fn walk_plans(
    states: &mut state::States<'_, '_>,
    walk: &mut activities::Walk,
    index: &Index<'_>,
    plans: &[&Plan],
) -> usize {
    let mut total = 0;
    for (plan, activity) in held(index, plans) {
        total += 1;
        activities::impact(states, walk, plan, activity);
    }
    total
}

/// The impact of `event` on the workspace.
pub fn analyse(ws: &Workspace, index: &Index<'_>, event: &Event) -> Report {
    let mut unknown: HashSet<String> = HashSet::new();
    // A lost entry that cannot be read is named once, saying its links are not followed.
    let mut named = HashSet::new();
    for (kind, id) in event.losses() {
        if ws.broken.contains(&(kind, id.to_owned())) {
            unknown.insert(format!(
                "{kind} `{id}` (has schema errors; its own links are not followed)"
            ));
            named.insert(format!("{kind} `{id}` (has schema errors)"));
        }
    }
    let mut states = state::States::new(ws, index, event);
    let plans = plans(ws, index);
    let mut walk = activities::Walk::default();
    let total = walk_plans(&mut states, &mut walk, index, &plans);
    // Each activity is worked out once, whether reached from its plan or from a dependent.
    let mut impacts = walk.found;
    let unaffected = total - impacts.len() - walk.unjudged.len();
    for (activity, unread) in &walk.unjudged {
        unknown.insert(format!(
            "activity `{activity}` (could not be judged: it depends on {unread})"
        ));
    }
    sort_impacts(&mut impacts);
    let duties = duties::duties(index, &plans, &impacts, event.scenario.as_deref());
    let (people, teams, roles) = people::hits(ws, index, &plans, event, &mut states);
    unknown.extend(
        states
            .unknown
            .iter()
            .filter(|u| !named.contains(*u))
            .cloned(),
    );
    let mut unknown: Vec<String> = unknown.into_iter().collect();
    unknown.sort();
    // What the activities reached, before every entry is listed.
    let absorbed = states.absorbed();
    let lost = states.lost();
    let unjudged = walk.unjudged.len();
    let nothing = (impacts.is_empty() && roles.is_empty() && unjudged == 0).then(|| {
        let what: Vec<String> = event
            .losses()
            .iter()
            .map(|(kind, id)| format!("{kind} `{id}`"))
            .collect();
        if absorbed.is_empty() {
            format!(
                "Nothing the plans depend on is lost: no activity depends, directly or through other entries, on {}, and no plan role falls vacant.",
                what.join(", ")
            )
        } else {
            format!(
                "No activity stops: the loss of {} is absorbed ({}).",
                what.join(", "),
                absorbed.join("; ")
            )
        }
    });
    Report {
        event: event.clone(),
        lost,
        activities: impacts,
        unaffected,
        unjudged,
        absorbed,
        people,
        teams,
        roles,
        duties,
        unknown,
        nothing,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// For every plan, every site, supplier and system lost alone, with no scenario and with each
    /// of the plan's,
    /// `plan_stops` gives what `analyse` gives for the plan. Returns how many answers stopped
    /// something, so that a test can tell it compared something.
    fn plan_stops_agree(ws: &Workspace) -> usize {
        let index = Index::build(ws, &mut Vec::new());
        let mut stopped = 0;
        for plan in &ws.plans {
            let scenarios = std::iter::once(None)
                .chain(plan.scenarios.iter().map(|s| Some(s.to_string())))
                .collect::<Vec<_>>();
            let losses = ws.sites.iter().map(|s| Event {
                sites: vec![s.id.to_string()],
                ..Event::default()
            });
            let losses = losses.chain(ws.suppliers.iter().map(|s| Event {
                suppliers: vec![s.id.to_string()],
                ..Event::default()
            }));
            let losses = losses.chain(ws.systems.iter().map(|s| Event {
                systems: vec![s.id.to_string()],
                ..Event::default()
            }));
            for loss in losses {
                for scenario in &scenarios {
                    let event = Event {
                        scenario: scenario.clone(),
                        ..loss.clone()
                    };
                    let whole: Vec<String> = analyse(ws, &index, &event)
                        .activities
                        .iter()
                        .filter(|a| a.plan == plan.id.as_str())
                        .map(|a| format!("{a:?}"))
                        .collect();
                    let mine: Vec<String> = plan_stops(ws, &index, &event, plan)
                        .iter()
                        .map(|a| format!("{a:?}"))
                        .collect();
                    assert_eq!(mine, whole, "plan {} {:?}", plan.id, event.losses());
                    stopped += usize::from(!mine.is_empty());
                }
            }
        }
        stopped
    }

    /// A workspace of the files `(name, text)`.
    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let files = files
            .iter()
            .map(|(name, text)| (PathBuf::from(name), text.as_bytes().to_vec()))
            .collect();
        crate::workspace::load_files(files).unwrap()
    }

    #[test]
    fn a_plan_s_stops_are_those_of_the_whole_analysis() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for folder in ["plans", "tests/fixtures/impact/model", "examples"] {
            let ws = crate::workspace::load(&[root.join(folder)], &[]).unwrap();
            assert!(plan_stops_agree(&ws) > 0, "{folder}: nothing stopped");
        }
    }

    #[test]
    fn loops_of_suppliers_and_systems_give_the_same_answer_wherever_the_walk_enters() {
        // The whole analysis enters a ↔ b at `a` (early/x) and one ↔ two at `two` (early/q); a
        // walk of `late` alone enters them at `b` and `one`. No fallback to the whole walk is
        // taken for these loops, so the answers agree only if neither depends on the entry.
        let ws = workspace(&[
            (
                "registers.yaml",
                "apiVersion: bcplan/v1\nkind: Sites\nsites:\n  - { id: s1, name: One, type: plant, country: SE, recovery_time: 5d }\n---\napiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - { id: a, name: A, contracted_recovery: 10d, sub_suppliers: [b] }\n  - { id: b, name: B, contracted_recovery: 20d, sub_suppliers: [a, c] }\n  - { id: c, name: C, contracted_recovery: 30d }\n---\napiVersion: bcplan/v1\nkind: Systems\nsystems:\n  - { id: one, name: One, rto: 8h, depends_on: [{ system: two }] }\n  - { id: two, name: Two, rto: 4h, depends_on: [{ system: one }, { site: s1 }] }\n",
            ),
            (
                "early.yaml",
                "apiVersion: bcplan/v1\nkind: Plan\nid: early\ntitle: Early\nstatus: draft\nactivities:\n  - { id: x, name: X, rto: 1d, depends_on: [{ supplier: a }] }\n  - { id: q, name: Q, rto: 1d, depends_on: [{ system: two }] }\n",
            ),
            (
                "late.yaml",
                "apiVersion: bcplan/v1\nkind: Plan\nid: late\ntitle: Late\nstatus: draft\nactivities:\n  - { id: y, name: Y, rto: 1d, depends_on: [{ supplier: b }] }\n  - { id: p, name: P, rto: 1d, depends_on: [{ system: one }] }\n",
            ),
        ]);
        assert!(ws.findings.is_empty(), "{:?}", ws.findings);
        let index = Index::build(&ws, &mut Vec::new());
        let late = ws.plans.iter().find(|p| p.id.as_str() == "late").unwrap();
        for event in [
            Event {
                suppliers: vec!["a".into()],
                ..Event::default()
            },
            Event {
                sites: vec!["s1".into()],
                ..Event::default()
            },
        ] {
            let mut states = state::States::new(&ws, &index, &event);
            let mut walk = activities::Walk::default();
            walk_plans(&mut states, &mut walk, &index, &[late]);
            assert_eq!(walk.found.len(), 1, "{event:?}");
        }
        assert_eq!(plan_stops_agree(&ws), 12);
    }

    #[test]
    fn a_loop_across_plans_gives_the_whole_analysis_answer() {
        // The whole analysis enters the loop make → pack → ship → make at `early/make` and cuts
        // it before `make`, so `ship` runs; a walk of `late` alone that entered it at `ship`
        // would cut it before `ship` and find `ship` stopped. It enters at `make` too.
        let ws = workspace(&[
            (
                "sites.yaml",
                "apiVersion: bcplan/v1\nkind: Sites\nsites:\n  - { id: s1, name: One, type: plant, country: SE }\n",
            ),
            (
                "early.yaml",
                "apiVersion: bcplan/v1\nkind: Plan\nid: early\ntitle: Early\nstatus: draft\nactivities:\n  - { id: make, name: Make, rto: 1d, depends_on: [{ activity: late/pack }] }\n",
            ),
            (
                "late.yaml",
                "apiVersion: bcplan/v1\nkind: Plan\nid: late\ntitle: Late\nstatus: draft\nactivities:\n  - { id: ship, name: Ship, rto: 3d, depends_on: [{ activity: early/make }] }\n  - { id: pack, name: Pack, rto: 2d, depends_on: [{ site: s1 }, { activity: late/ship }] }\n",
            ),
        ]);
        assert!(ws.findings.is_empty(), "{:?}", ws.findings);
        assert!(plan_stops_agree(&ws) > 0);
    }
}
