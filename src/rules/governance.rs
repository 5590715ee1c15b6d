//! Governance rules: reviews, exercises, open actions, approval, waivers and unused register
//! entries. Retired plans are not held to review and exercise cycles.

use std::collections::HashSet;

use super::context::{Context, Sink, sorted_keys};
use crate::model::{ActionStatus, Dependency, Duration, Plan, Status};
use crate::workspace::refs::{Field, RefKind};

fn in_force<'w>(ctx: &Context<'w>) -> impl Iterator<Item = &'w Plan> {
    ctx.ws
        .plans
        .iter()
        .filter(|p| p.status.value != Status::Retired)
}

/// The plan was reviewed within its review interval.
pub(super) fn review_overdue(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in in_force(ctx) {
        let review = plan.review.as_ref();
        let every = review
            .and_then(|r| r.every.as_ref())
            .map_or(&ctx.policy.review_every, |e| &e.value);
        let (span, message) = match review.and_then(|r| r.last.as_ref()) {
            None => (
                plan.id.span,
                format!("plan `{}` has no review date (`review.last`)", plan.id),
            ),
            Some(last) if last.value > ctx.today => (
                last.span,
                format!(
                    "plan `{}` has a review date in the future ({last}); a review counts once it has taken place",
                    plan.id
                ),
            ),
            Some(last) => {
                let due = last.value.plus(every);
                if due >= ctx.today {
                    if ctx.due_soon(due) {
                        sink.push(
                            sink.due_soon(last.span, &format!("the review of plan `{}`", plan.id), due)
                                .help("plan the review before it falls due; the finding goes away once `review.last` is updated")
                                .target(plan.id.as_str())
                                .plan(plan.id.as_str()),
                        );
                    }
                    continue;
                }
                (
                    last.span,
                    format!(
                        "plan `{}` was due for review on {due} (last review {last}, every {every})",
                        plan.id
                    ),
                )
            }
        };
        sink.push(
            sink.at(span, message)
                .help("review the plan and its impact analysis, then set `review.last` to the review date")
                .target(plan.id.as_str())
                .plan(plan.id.as_str()),
        );
    }
}

/// The plan was exercised within the exercise interval.
pub(super) fn exercise_overdue(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in in_force(ctx) {
        // Exercises dated after today are planned, not held: they do not count. A real
        // activation (an incident) tests the plan as an exercise does.
        let latest = tests_of(plan)
            .filter(|e| e.date.value <= ctx.today)
            .max_by_key(|e| e.date.value);
        let message = match &latest {
            None => format!("plan `{}` has never been exercised", plan.id),
            Some(e) if e.date.value.plus(&ctx.policy.exercise_every) < ctx.today => format!(
                "plan `{}` was last exercised on {} (`{}`), more than {} ago",
                plan.id, e.date, e.id, ctx.policy.exercise_every
            ),
            Some(e) => {
                let due = e.date.value.plus(&ctx.policy.exercise_every);
                if ctx.due_soon(due) {
                    sink.push(
                        sink.due_soon(e.date.span, &format!("the next exercise of plan `{}`", plan.id), due)
                            .help("schedule the exercise before it falls due and record it under `exercises:`")
                            .target(plan.id.as_str())
                            .plan(plan.id.as_str()),
                    );
                }
                continue;
            }
        };
        sink.push(
            sink.at(
                latest.as_ref().map_or(plan.id.span, |e| e.date.span),
                message,
            )
            .help("hold an exercise (tabletop or better) and record it under `exercises:`")
            .target(plan.id.as_str())
            .plan(plan.id.as_str()),
        );
    }
}

/// One test of a plan: an exercise, or an incident (a real activation).
struct Test<'p> {
    id: &'p crate::yaml::spanned::Sp<crate::model::Id>,
    date: &'p crate::yaml::spanned::Sp<crate::model::Date>,
    procedures: Vec<&'p str>,
}

/// The exercises and incidents of `plan`, with the procedures each covered (an incident covers the
/// procedures it measured).
fn tests_of(plan: &Plan) -> impl Iterator<Item = Test<'_>> {
    let exercises = plan.exercises.iter().map(|e| Test {
        id: &e.id,
        date: &e.date,
        procedures: e
            .procedures
            .iter()
            .chain(e.measured.keys())
            .map(|p| p.as_str())
            .collect(),
    });
    let incidents = plan.incidents.iter().map(|i| Test {
        id: &i.id,
        date: &i.date,
        procedures: i.measured.keys().map(|p| p.as_str()).collect(),
    });
    exercises.chain(incidents)
}

/// Each procedure was exercised within the last three years.
pub(super) fn procedure_never_exercised(ctx: &Context<'_>, sink: &mut Sink) {
    let three_years = Duration::from_minutes(3 * 365 * 1440);
    for plan in in_force(ctx) {
        for procedure in &plan.procedures {
            let covered = tests_of(plan).any(|e| {
                e.date.value <= ctx.today
                    && e.date.value.plus(&three_years) >= ctx.today
                    && e.procedures.contains(&procedure.id.as_str())
            });
            if !covered {
                sink.push(
                    sink.at(
                        procedure.id.span,
                        format!(
                            "procedure `{}` has not been exercised in the last 3 years",
                            procedure.id
                        ),
                    )
                    .help("include it in the next exercise (`exercises[].procedures`)")
                    .target(procedure.id.as_str())
                    .plan(plan.id.as_str()),
                );
            }
        }
    }
}

/// No open exercise action is past its due date.
pub(super) fn action_overdue(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        let sources = plan
            .exercises
            .iter()
            .map(|e| ("exercise", &e.id, &e.findings))
            .chain(
                plan.incidents
                    .iter()
                    .map(|i| ("incident", &i.id, &i.findings)),
            );
        for (kind, source, findings) in sources {
            for finding in findings {
                if finding.status == Some(ActionStatus::Closed) {
                    continue;
                }
                let Some(due) = finding.due.as_ref().filter(|d| d.value < ctx.today) else {
                    continue;
                };
                let owner = finding
                    .owner
                    .as_ref()
                    .map_or_else(String::new, |o| format!(" (owner `{o}`)"));
                sink.push(
                    sink.at(due.span, format!(
                        "action `{}` of {kind} `{}` was due on {due} and is still open{owner}: {}",
                        finding.id,
                        source,
                        finding.action.as_deref().unwrap_or(&finding.description)
                    ))
                    .help("complete the action and set `status: closed`, or agree a new due date")
                    .target(finding.id.as_str())
                    .plan(plan.id.as_str()),
                );
            }
        }
    }
}

/// An approved plan records who approved it and when, for its current content: every approver
/// has approved, the latest approval is no earlier than the latest change, and the plan's
/// `version` is the latest history entry's.
pub(super) fn approval_missing(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        if plan.status.value != Status::Approved {
            continue;
        }
        let entries = plan.approval.as_ref().map_or(&[][..], |a| a.entries());
        let latest = plan.history.iter().max_by_key(|h| h.date.value);
        let several = entries.len() > 1;
        let who = |a: &crate::model::Approval, i: usize| match (&a.by, several) {
            (Some(by), true) => format!(" (approver `{by}`)"),
            (None, true) => format!(" (approver {})", i + 1),
            (_, false) => String::new(),
        };
        let mut problems: Vec<(crate::yaml::spanned::Span, String)> = Vec::new();
        if entries.is_empty() {
            problems.push((
                plan.status.span,
                format!("plan `{}` is approved but has no `approval`", plan.id),
            ));
        }
        for (i, a) in entries.iter().enumerate() {
            let lacks = match (&a.by, &a.date) {
                (None, None) => Some("`by` and `date`"),
                (None, Some(_)) => Some("`by`"),
                (Some(_), None) => Some("`date`"),
                (Some(_), Some(_)) => None,
            };
            if let Some(lacks) = lacks {
                problems.push((
                    plan.status.span,
                    format!(
                        "plan `{}` is approved but `approval`{} lacks {lacks}",
                        plan.id,
                        who(a, i)
                    ),
                ));
            } else if let Some(d) = a.date.as_ref().filter(|d| d.value > ctx.today) {
                problems.push((
                    d.span,
                    format!(
                        "plan `{}` has an approval date in the future ({d}){}",
                        plan.id,
                        who(a, i)
                    ),
                ));
            }
        }
        // The plan is approved when all have approved: the latest approval is what the history
        // is compared with.
        let last_approval = entries
            .iter()
            .filter_map(|a| a.date.as_ref())
            .max_by_key(|d| d.value);
        if problems.is_empty() {
            if let (Some(d), Some(h)) = (last_approval, latest) {
                if d.value < h.date.value {
                    problems.push((
                        d.span,
                        format!(
                            "plan `{}` was approved on {d}, before its latest change (version {} of {})",
                            plan.id, h.version, h.date
                        ),
                    ));
                }
            }
        }
        if problems.is_empty() {
            if let (Some(version), Some(h)) = (&plan.version, latest) {
                if version.trim() != h.version.trim() {
                    let span = last_approval.map_or(plan.status.span, |d| d.span);
                    problems.push((
                        span,
                        format!(
                            "plan `{}` is version {version}, but its latest history entry is version {}: the approval cannot be tied to this content",
                            plan.id, h.version
                        ),
                    ));
                }
            }
        }
        for (span, message) in problems {
            sink.push(
                sink.at(span, message)
                    .help("have the current version approved and record `approval: { by, date }`, or set the status back to in-review")
                    .target(plan.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Waivers are complete and not past their expiry.
pub(super) fn waiver_expired(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for waiver in &plan.waivers {
            let mut problems = Vec::new();
            if waiver.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                problems.push("has no reason".to_owned());
            }
            if waiver.approved_by.is_none() {
                problems.push("has no approver (`approved_by`)".to_owned());
            }
            match &waiver.expires {
                None => problems.push("has no expiry date (`expires`)".to_owned()),
                Some(e) if e.value < ctx.today => problems.push(format!("expired on {e}")),
                Some(e) if problems.is_empty() && ctx.due_soon(e.value) => sink.push(
                    sink.due_soon(e.span, &format!("the waiver of `{}` for `{}`", waiver.rule, waiver.target), e.value)
                        .help("renew the acceptance (new reason, approver and expiry) or fix the finding before the waiver expires")
                        .target(waiver.target.value.clone())
                        .plan(plan.id.as_str()),
                ),
                Some(_) => {}
            }
            if !problems.is_empty() {
                sink.push(
                    sink.at(waiver.rule.span, format!("waiver of `{}` for `{}` {}", waiver.rule, waiver.target, problems.join(", ")))
                        .help("renew the acceptance with a reason, an approver and a new expiry, or fix the finding and remove the waiver")
                        .target(waiver.target.value.clone())
                        .plan(plan.id.as_str()),
                );
            }
        }
    }
}

/// Every register entry is referred to, directly or through other entries, by some plan.
pub(super) fn unused_entity<'w>(ctx: &Context<'w>, sink: &mut Sink) {
    // Ids are borrowed from the workspace, never copied.
    let mut used: HashSet<(RefKind, &'w str)> = HashSet::new();
    let mut queue: Vec<(RefKind, &'w str)> = ctx
        .refs
        .iter()
        .filter(|r| r.plan.is_some() || r.field == Field::RequiredScenarios)
        .map(|r| {
            (
                if r.kind == RefKind::PersonOrTeam {
                    RefKind::Person
                } else {
                    r.kind
                },
                r.id.as_str(),
            )
        })
        .collect();
    // A plan that could not be loaded may use anything its text names.
    let named: HashSet<&str> = ctx
        .ws
        .broken_plan_files
        .iter()
        .flat_map(|f| {
            ctx.ws
                .sources
                .get(*f)
                .text
                .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        })
        .collect();
    let i = ctx.index;
    for (kind, ids) in [
        (RefKind::Person, sorted_keys(&i.people)),
        (RefKind::Site, sorted_keys(&i.sites)),
        (RefKind::Supplier, sorted_keys(&i.suppliers)),
        (RefKind::Material, sorted_keys(&i.materials)),
        (RefKind::System, sorted_keys(&i.systems)),
        (RefKind::Lane, sorted_keys(&i.lanes)),
        (RefKind::Scenario, sorted_keys(&i.scenarios)),
    ] {
        queue.extend(
            ids.into_iter()
                .filter(|id| named.contains(id))
                .map(|id| (kind, id)),
        );
    }
    while let Some((kind, id)) = queue.pop() {
        if !used.insert((kind, id)) {
            continue;
        }
        let mut push = |k: RefKind, id: &'w str| queue.push((k, id));
        match kind {
            RefKind::Material => i
                .materials
                .get(id)
                .into_iter()
                .flat_map(|m| &m.sources)
                .for_each(|s| push(RefKind::Supplier, s.as_str())),
            RefKind::Supplier => i
                .suppliers
                .get(id)
                .into_iter()
                .flat_map(|s| &s.sub_suppliers)
                .for_each(|s| push(RefKind::Supplier, s.as_str())),
            RefKind::Person => i
                .people
                .get(id)
                .into_iter()
                .filter_map(|p| p.site.as_ref())
                .for_each(|s| push(RefKind::Site, s.as_str())),
            RefKind::Site => i
                .sites
                .get(id)
                .into_iter()
                .flat_map(|s| &s.hazards)
                .for_each(|h| push(RefKind::Scenario, h.as_str())),
            RefKind::Lane => {
                if let Some(l) = i.lanes.get(id) {
                    push(RefKind::Site, l.from.as_str());
                    push(RefKind::Site, l.to.as_str());
                    l.carriers
                        .iter()
                        .for_each(|c| push(RefKind::Supplier, c.as_str()));
                    l.alternates
                        .iter()
                        .for_each(|a| push(RefKind::Lane, a.as_str()));
                }
            }
            RefKind::System => {
                if let Some(s) = i.systems.get(id) {
                    s.owner
                        .iter()
                        .for_each(|o| push(RefKind::Person, o.as_str()));
                    s.dr_site
                        .iter()
                        .chain(s.backups.iter().filter_map(|b| b.site.as_ref()))
                        .for_each(|d| push(RefKind::Site, d.as_str()));
                    for dep in &s.depends_on {
                        let (kind, id) = match dep {
                            Dependency::Site(id) => (RefKind::Site, id),
                            Dependency::System(id) => (RefKind::System, id),
                            Dependency::Material(id) => (RefKind::Material, id),
                            Dependency::Supplier(id) => (RefKind::Supplier, id),
                            Dependency::Lane(id) => (RefKind::Lane, id),
                            Dependency::Activity(_) => continue,
                        };
                        push(kind, id.as_str());
                    }
                }
            }
            _ => {}
        }
    }
    let registers: [(
        RefKind,
        &str,
        Vec<&crate::yaml::spanned::Sp<crate::model::Id>>,
    ); 7] = [
        (
            RefKind::Person,
            "person",
            ctx.ws.people.iter().map(|x| &x.id).collect(),
        ),
        (
            RefKind::Site,
            "site",
            ctx.ws.sites.iter().map(|x| &x.id).collect(),
        ),
        (
            RefKind::Supplier,
            "supplier",
            ctx.ws.suppliers.iter().map(|x| &x.id).collect(),
        ),
        (
            RefKind::Material,
            "material",
            ctx.ws.materials.iter().map(|x| &x.id).collect(),
        ),
        (
            RefKind::System,
            "system",
            ctx.ws.systems.iter().map(|x| &x.id).collect(),
        ),
        (
            RefKind::Lane,
            "lane",
            ctx.ws.lanes.iter().map(|x| &x.id).collect(),
        ),
        (
            RefKind::Scenario,
            "scenario",
            ctx.ws.scenarios.iter().map(|x| &x.id).collect(),
        ),
    ];
    for (kind, word, ids) in registers {
        for id in ids {
            if !used.contains(&(kind, id.value.as_str())) {
                sink.push(
                    sink.at(id.span, format!("{word} `{id}` is not referred to by any plan"))
                        .help("refer to it from a plan, or remove it from the register if it is no longer relevant")
                        .target(id.as_str()),
                );
            }
        }
    }
}

/// The most recent measured time of each procedure fits the rto of every activity it restores.
pub(super) fn measured_exceeds_rto(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for procedure in &plan.procedures {
            let measured = plan
                .exercises
                .iter()
                .map(|e| ("exercise", &e.id, &e.date, &e.measured))
                .chain(
                    plan.incidents
                        .iter()
                        .map(|i| ("incident", &i.id, &i.date, &i.measured)),
                )
                .filter(|(_, _, date, _)| date.value <= ctx.today)
                .filter_map(|(kind, id, date, m)| {
                    m.iter()
                        .find(|(k, _)| k.value == procedure.id.value)
                        .map(|(_, d)| (kind, id, date, d))
                })
                .max_by_key(|(_, _, date, _)| date.value);
            let Some((kind, source, date, took)) = measured else {
                continue;
            };
            for (restored, rto) in super::coverage::restored_rtos(ctx, plan, procedure) {
                if took.value <= rto.value {
                    continue;
                }
                sink.push(
                    sink.at(took.span, format!(
                        "procedure `{}` took {took} in {kind} `{source}` ({date}), more than the rto {rto} of `{restored}`",
                        procedure.id
                    ))
                    .help("act on what slowed it down and measure it again in the next exercise, or revisit the rto with the activity owner")
                    .target(procedure.id.as_str())
                    .plan(plan.id.as_str()),
                );
            }
        }
    }
}
