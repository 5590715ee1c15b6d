//! The business impact analysis as tables: every activity of every plan with its objectives,
//! dependencies, strategies, scenario coverage and open findings; the suppliers the plans reach;
//! and the open exercise actions.
//!
//! Coverage is the matrix `scenario-uncovered` judges (`rules::coverage::coverage_matrix`);
//! open findings are the unwaived errors and warnings the checks reported about the activity.

use super::Source;
use super::table::{Cell, Table};
use crate::model::{ActionStatus, Activity, Dependency, Duration, Plan, Status};
use crate::rules::coverage::coverage_matrix;
use crate::yaml::spanned::Sp;

/// The column heads of the impact analysis sheet.
const ACTIVITY_HEADS: [&str; 19] = [
    "Plan",
    "Plan title",
    "Plan status",
    "Activity ID",
    "Activity",
    "Owner",
    "Deputy",
    "Priority",
    "MTPD",
    "RTO",
    "RPO",
    "MBCO",
    "Customer commitment",
    "Dependencies",
    "Strategies",
    "Coverage",
    "Uncovered scenarios",
    "Open findings",
    "Findings",
];

/// One row per activity: plans by id, activities by priority (then plan order).
pub(crate) fn activities(source: &Source<'_>) -> Table {
    let mut rows = Vec::new();
    for plan in source.plans() {
        let matrix = coverage_matrix(plan);
        let mut order: Vec<&Activity> = plan.activities.iter().collect();
        order.sort_by_key(|a| a.priority.as_ref().map_or(u32::MAX, |p| p.value));
        for activity in order {
            let cells = matrix
                .iter()
                .find(|(id, _)| id == activity.id.as_str())
                .map(|(_, cells)| cells.as_slice())
                .unwrap_or_default();
            let gaps: Vec<&str> = cells
                .iter()
                .filter(|(_, c)| c.is_gap())
                .map(|(s, _)| s.as_str())
                .collect();
            let coverage = if cells.is_empty() {
                Cell::Empty
            } else {
                Cell::text(format!(
                    "{} of {} scenarios",
                    cells.len() - gaps.len(),
                    cells.len()
                ))
            };
            let findings = source.open_findings(plan.id.as_str(), activity.id.as_str());
            let listed: Vec<String> = findings
                .iter()
                .map(|f| format!("{} {}: {}", f.severity.as_str(), f.rule, f.message))
                .collect();
            rows.push(vec![
                Cell::text(plan.id.as_str()),
                Cell::text(&plan.title),
                Cell::text(status(plan.status.value)),
                Cell::text(activity.id.as_str()),
                Cell::text(&activity.name),
                person(source, activity.owner.as_ref()),
                person(source, activity.deputy.as_ref()),
                activity
                    .priority
                    .as_ref()
                    .map_or(Cell::Empty, |p| Cell::Number(f64::from(p.value))),
                duration(activity.mtpd.as_ref()),
                duration(activity.rto.as_ref()),
                duration(activity.rpo.as_ref()),
                Cell::opt(activity.mbco.clone()),
                duration(activity.customer_commitment.as_ref()),
                Cell::text(dependencies(source, plan, activity).join("\n")),
                Cell::text(strategies(plan, activity).join("\n")),
                coverage,
                Cell::text(gaps.join(", ")),
                Cell::Number(f64::from(u32::try_from(findings.len()).unwrap_or(u32::MAX))),
                Cell::text(listed.join("\n")),
            ]);
        }
    }
    Table {
        name: "Impact analysis",
        headers: ACTIVITY_HEADS.map(str::to_owned).to_vec(),
        rows,
    }
}

/// One row per supplier of the register, with the plans that reach it.
pub(crate) fn suppliers(source: &Source<'_>) -> Table {
    let users = source.supplier_plans();
    let mut list: Vec<_> = source.index.suppliers.values().copied().collect();
    list.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let rows = list
        .into_iter()
        .map(|s| {
            let contact = s.contact.as_ref();
            let locations: Vec<String> = s
                .sites
                .iter()
                .map(|l| match &l.city {
                    Some(city) => format!("{}, {}", city.trim(), l.country.value),
                    None => l.country.value.clone(),
                })
                .collect();
            vec![
                Cell::text(s.id.as_str()),
                Cell::text(&s.name),
                s.tier.map_or(Cell::Empty, |t| Cell::Number(f64::from(t))),
                Cell::opt(s.criticality.as_ref().map(|c| c.value.as_str())),
                Cell::text(locations.join("; ")),
                Cell::opt(contact.and_then(|c| c.name.clone())),
                contact
                    .and_then(|c| c.phone.as_ref())
                    .map_or(Cell::Empty, |p| Cell::Phone(p.value.0.clone())),
                Cell::opt(contact.and_then(|c| c.hours.clone())),
                Cell::opt(
                    contact
                        .and_then(|c| c.email.as_ref())
                        .map(|e| e.value.clone()),
                ),
                duration(s.contracted_recovery.as_ref()),
                Cell::opt(s.bc_assessed.as_ref().map(|d| d.value.to_string())),
                Cell::opt(s.bc_rating.map(crate::model::Rating::as_str)),
                Cell::opt(s.security_assessed.as_ref().map(|d| d.value.to_string())),
                Cell::text(
                    users
                        .get(s.id.as_str())
                        .map(|p| p.iter().cloned().collect::<Vec<_>>().join(", "))
                        .unwrap_or_default(),
                ),
            ]
        })
        .collect();
    Table {
        name: "Suppliers",
        headers: [
            "Supplier ID",
            "Supplier",
            "Tier",
            "Criticality",
            "Locations",
            "Desk",
            "Desk phone",
            "Desk hours",
            "Desk e-mail",
            "Contracted recovery",
            "Continuity assessed",
            "Continuity rating",
            "Security assessed",
            "Plans",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
    }
}

/// One row per open exercise action, plans by id, by due date within a plan.
pub(crate) fn open_actions(source: &Source<'_>) -> Table {
    let mut rows = Vec::new();
    for plan in source.plans() {
        let mut actions: Vec<_> = plan
            .exercises
            .iter()
            .flat_map(|e| e.findings.iter().map(move |f| (e, f)))
            .filter(|(_, f)| f.status != Some(ActionStatus::Closed))
            .collect();
        actions.sort_by_key(|(_, f)| f.due.as_ref().map(|d| d.value));
        for (exercise, finding) in actions {
            let overdue = finding.due.as_ref().is_some_and(|d| d.value < source.today);
            rows.push(vec![
                Cell::text(plan.id.as_str()),
                Cell::text(exercise.id.as_str()),
                Cell::text(finding.id.as_str()),
                Cell::text(&finding.description),
                Cell::opt(finding.action.clone()),
                person(source, finding.owner.as_ref()),
                Cell::opt(finding.due.as_ref().map(|d| d.value.to_string())),
                Cell::text(if overdue { "yes" } else { "no" }),
            ]);
        }
    }
    Table {
        name: "Open actions",
        headers: [
            "Plan",
            "Exercise",
            "Finding",
            "Description",
            "Action",
            "Owner",
            "Due",
            "Overdue",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
    }
}

fn person(source: &Source<'_>, id: Option<&Sp<crate::model::Id>>) -> Cell {
    id.map_or(Cell::Empty, |id| {
        Cell::text(source.person_name(id.as_str()))
    })
}

fn duration(d: Option<&Sp<Duration>>) -> Cell {
    d.map_or(Cell::Empty, |d| Cell::text(d.value.to_string()))
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::InReview => "in-review",
        Status::Approved => "approved",
        Status::Retired => "retired",
    }
}

/// `kind: name` for each dependency (the id when the name is unknown).
fn dependencies(source: &Source<'_>, plan: &Plan, activity: &Activity) -> Vec<String> {
    let i = &source.index;
    activity
        .depends_on
        .iter()
        .map(|dep| {
            let id = dep.target().into_owned();
            let name: Option<String> = match dep {
                Dependency::Activity(a) => i.activity(plan.id.as_str(), &a.value).map(|(p, x)| {
                    if p.id.value == plan.id.value {
                        x.name.clone()
                    } else {
                        format!("{} ({})", x.name.trim(), p.id)
                    }
                }),
                _ => i.register_name(dep).map(str::to_owned),
            };
            format!(
                "{}: {}",
                dep.kind(),
                name.map_or(id, |n| n.trim().to_owned())
            )
        })
        .collect()
}

/// `id (type, ready within …)` for each strategy covering the activity.
fn strategies(plan: &Plan, activity: &Activity) -> Vec<String> {
    plan.strategies
        .iter()
        .filter(|s| s.covers.iter().any(|c| c.value == activity.id.value))
        .map(|s| {
            let mut text = format!("{} ({}", s.id, s.strategy_type.value.as_str());
            if let Some(ready) = &s.ready_within {
                text.push_str(&format!(", ready within {}", ready.value));
            }
            text.push(')');
            text
        })
        .collect()
}
