//! The dated items of one plan: its review, planned exercises and the next exercise due, open
//! exercise actions, and waiver expiries.

use super::{Item, Links, at, attendees, overdue};
use crate::export::Source;
use crate::model::{ActionStatus, ExerciseType, Plan};

/// Appends the items of `plan`, linked by `links`, to `items`.
pub(super) fn items(source: &Source<'_>, links: &Links, plan: &Plan, items: &mut Vec<Item>) {
    let title = plan.title.trim();
    let owners = attendees(source, plan.owner.iter());
    let owner_line = |what: &str| match &plan.owner {
        Some(o) => format!("{what}: {}", source.person_name(o.as_str())),
        None => format!("{what}: none named"),
    };
    if let Some(last) = plan.review.as_ref().and_then(|r| r.last.as_ref()) {
        let every = plan
            .review
            .as_ref()
            .and_then(|r| r.every.as_ref())
            .map_or(&source.policy.review_every, |e| &e.value);
        let due = last.value.plus(every);
        items.push(Item {
            uid: format!("review.{}@bcplan", plan.id),
            date: due,
            summary: format!("Plan review due{}: {title}", overdue(source, due)),
            description: vec![
                format!(
                    "Review plan {} and its impact analysis (last review {last}, every {every}), then set review.last.",
                    plan.id
                ),
                owner_line("Owner"),
            ],
            category: "Plan review",
            attendees: owners.clone(),
            place: at(source, links, last.span),
        });
    }
    for exercise in &plan.exercises {
        if exercise.date.value <= source.today {
            continue;
        }
        let mut description = vec![format!(
            "Planned {} exercise {} of plan {}.",
            exercise_kind(exercise.exercise_type),
            exercise.id,
            plan.id
        )];
        if let Some(scenario) = &exercise.scenario {
            let name = source
                .index
                .scenarios
                .get(scenario.as_str())
                .map_or(scenario.as_str(), |s| s.name.trim());
            description.push(format!("Scenario: {name}"));
        }
        if !exercise.procedures.is_empty() {
            let procedures: Vec<&str> = exercise.procedures.iter().map(|p| p.as_str()).collect();
            description.push(format!("Procedures: {}", procedures.join(", ")));
        }
        description.push(owner_line("Owner"));
        items.push(Item {
            uid: format!("exercise.{}.{}@bcplan", plan.id, exercise.id),
            date: exercise.date.value,
            summary: format!("Exercise ({}): {title}", exercise.id),
            description,
            category: "Exercise",
            attendees: owners.clone(),
            place: at(source, links, exercise.date.span),
        });
    }
    if let Some(latest) = plan
        .exercises
        .iter()
        .filter(|e| e.date.value <= source.today)
        .max_by_key(|e| e.date.value)
    {
        let every = &source.policy.exercise_every;
        let due = latest.date.value.plus(every);
        items.push(Item {
            uid: format!("exercise-due.{}@bcplan", plan.id),
            date: due,
            summary: format!("Exercise due{}: {title}", overdue(source, due)),
            description: vec![
                format!(
                    "Plan {} was last exercised on {} ({}); exercise it every {every}.",
                    plan.id, latest.date, latest.id
                ),
                owner_line("Owner"),
            ],
            category: "Exercise",
            attendees: owners.clone(),
            place: at(source, links, latest.date.span),
        });
    }
    for exercise in &plan.exercises {
        for finding in &exercise.findings {
            let Some(due) = &finding.due else { continue };
            if finding.status == Some(ActionStatus::Closed) {
                continue;
            }
            let action = finding.action.as_deref().unwrap_or(&finding.description);
            let mut description = vec![
                format!("Finding: {}", finding.description.trim()),
                format!("From exercise {} of plan {}.", exercise.id, plan.id),
            ];
            if let Some(owner) = &finding.owner {
                description.push(format!("Owner: {}", source.person_name(owner.as_str())));
            }
            items.push(Item {
                uid: format!("action.{}.{}.{}@bcplan", plan.id, exercise.id, finding.id),
                date: due.value,
                summary: format!(
                    "Action due{}: {}",
                    overdue(source, due.value),
                    first_line(action)
                ),
                description,
                category: "Action",
                attendees: attendees(source, finding.owner.iter().chain(plan.owner.iter()))
                    .into_iter()
                    .take(1)
                    .collect(),
                place: at(source, links, due.span),
            });
        }
    }
    for waiver in &plan.waivers {
        let Some(expires) = &waiver.expires else {
            continue;
        };
        let mut description = vec![format!(
            "The accepted risk `{}` on `{}` in plan {} ends; renew the waiver or fix the finding.",
            waiver.rule.value.trim(),
            waiver.target.value.trim(),
            plan.id
        )];
        if let Some(reason) = waiver.reason.as_deref() {
            description.push(format!("Reason: {}", reason.trim()));
        }
        if let Some(by) = &waiver.approved_by {
            description.push(format!("Approved by: {}", source.person_name(by.as_str())));
        }
        items.push(Item {
            uid: format!(
                "waiver.{}.{}.{}@bcplan",
                plan.id,
                uid_part(&waiver.rule.value),
                uid_part(&waiver.target.value)
            ),
            date: expires.value,
            summary: format!(
                "Waiver expires: {} on {} ({})",
                waiver.rule.value.trim(),
                waiver.target.value.trim(),
                plan.id
            ),
            description,
            category: "Waiver",
            attendees: attendees(source, plan.owner.iter().chain(waiver.approved_by.iter())),
            place: at(source, links, expires.span),
        });
    }
}

/// The first line of free text.
fn first_line(text: &str) -> &str {
    text.trim().lines().next().unwrap_or_default().trim()
}

/// Text safe in a uid: characters other than `[A-Za-z0-9._-]` become `-`.
fn uid_part(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn exercise_kind(kind: ExerciseType) -> &'static str {
    match kind {
        ExerciseType::Walkthrough => "walkthrough",
        ExerciseType::Tabletop => "tabletop",
        ExerciseType::Simulation => "simulation",
        ExerciseType::Functional => "functional",
        ExerciseType::FullScale => "full-scale",
    }
}
