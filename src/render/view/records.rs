//! Records in the view: exercises, real incidents and training, their open actions, the change history, the plan's
//! waivers, and the plan's findings (see `findings.rs`).

use serde::Serialize;

use super::findings::{Counts, FindingView, finding, plan_findings};
use super::people::PersonView;
use super::{Ctx, NameRef, enum_name, label};
use crate::model::{ActionStatus, ExerciseFinding, Id, Plan};
use crate::render::rich::Rich;
use crate::yaml::spanned::Sp;

/// An exercise action.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ActionView {
    /// Id of the exercise or incident it came from.
    pub(crate) exercise: String,
    /// Finding id within the exercise.
    pub(crate) id: String,
    /// What was found.
    pub(crate) description: String,
    /// What will be done.
    pub(crate) action: Option<String>,
    /// Who does it.
    pub(crate) owner: Option<PersonView>,
    /// By when.
    pub(crate) due: Option<String>,
    /// `open` or `closed`.
    pub(crate) status: String,
    /// Whether it is still open.
    pub(crate) open: bool,
    /// Whether it is open and past its due date.
    pub(crate) overdue: bool,
}

/// An exercise.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ExerciseView {
    /// Id.
    pub(crate) id: String,
    /// Date.
    pub(crate) date: String,
    /// Type label.
    pub(crate) kind_label: String,
    /// Scenario exercised.
    pub(crate) scenario: Option<NameRef>,
    /// Procedures exercised.
    pub(crate) procedures: Vec<NameRef>,
    /// Result (`passed`, `partial`, `failed`).
    pub(crate) result: Option<String>,
    /// Where the report is.
    pub(crate) report: Option<String>,
    /// Findings and actions.
    pub(crate) findings: Vec<ActionView>,
    /// Whether it is still to come (dated after today): planned, not held.
    pub(crate) planned: bool,
}

/// A training or awareness session.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TrainingView {
    /// Date.
    pub(crate) date: String,
    /// What it covered.
    pub(crate) topic: String,
    /// Who attended, by name (a team of the plan by its name).
    pub(crate) attendees: Vec<String>,
    /// Who gave it.
    pub(crate) by: Option<String>,
}

/// A time measured for a procedure.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MeasuredView {
    /// The procedure.
    pub(crate) procedure: NameRef,
    /// How long it took.
    pub(crate) took: String,
}

/// A real incident in which the plan was used.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct IncidentView {
    /// Id.
    pub(crate) id: String,
    /// Date.
    pub(crate) date: String,
    /// Scenario it was.
    pub(crate) scenario: Option<NameRef>,
    /// Who activated the plan.
    pub(crate) activated_by: Option<PersonView>,
    /// What happened (Markdown).
    pub(crate) summary: Option<Rich>,
    /// Times measured per procedure, in procedure id order.
    pub(crate) measured: Vec<MeasuredView>,
    /// Findings and actions.
    pub(crate) findings: Vec<ActionView>,
}

/// A change history entry.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HistoryView {
    /// Version.
    pub(crate) version: String,
    /// Date.
    pub(crate) date: String,
    /// Author's name.
    pub(crate) author: Option<String>,
    /// Approver's name.
    pub(crate) approved_by: Option<String>,
    /// What changed.
    pub(crate) summary: Option<String>,
}

/// A waiver declared in the plan.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct WaiverView {
    /// Rule waived.
    pub(crate) rule: String,
    /// Id the waived finding is about.
    pub(crate) target: String,
    /// Why the risk is accepted.
    pub(crate) reason: Option<String>,
    /// Who accepted it (name).
    pub(crate) approved_by: Option<String>,
    /// Until when.
    pub(crate) expires: Option<String>,
    /// Whether it has expired.
    pub(crate) expired: bool,
}

/// Exercises, incidents, training, actions, history, waivers and findings of a plan.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Records {
    /// Exercises, in plan order.
    pub(crate) exercises: Vec<ExerciseView>,
    /// Real incidents, in plan order.
    pub(crate) incidents: Vec<IncidentView>,
    /// Training and awareness sessions, in plan order.
    pub(crate) training: Vec<TrainingView>,
    /// Open exercise and incident actions, by due date.
    pub(crate) open_actions: Vec<ActionView>,
    /// Change history, oldest first.
    pub(crate) history: Vec<HistoryView>,
    /// Waivers declared in the plan.
    pub(crate) waivers: Vec<WaiverView>,
    /// The plan's findings, in file order.
    pub(crate) findings: Vec<FindingView>,
    /// Their counts.
    pub(crate) finding_counts: Counts,
    /// Findings that fail the check (errors not waived): the plan's open gaps.
    pub(crate) open_gaps: usize,
    /// Whether any exercise is planned (dated after today).
    pub(crate) exercises_planned: bool,
    /// Whether any exercise has been held (dated today or before).
    pub(crate) exercises_held: bool,
}

/// The records part of `plan`'s view.
pub(super) fn records(ctx: &Ctx<'_>, plan: &Plan) -> Records {
    let name_of = |id: Option<&Sp<Id>>| id.map(|i| ctx.person(i).name);
    let procedure = |p: &Sp<Id>| {
        let title = plan.procedures.iter().find(|x| x.id.value == p.value);
        NameRef::new(p.as_str(), title.map(|t| ctx.text(&t.title)))
    };
    let exercises: Vec<ExerciseView> = plan
        .exercises
        .iter()
        .map(|e| ExerciseView {
            id: e.id.to_string(),
            date: e.date.value.to_string(),
            kind_label: label(&enum_name(&e.exercise_type)),
            scenario: e.scenario.as_ref().map(|s| ctx.scenario(s)),
            procedures: e.procedures.iter().map(procedure).collect(),
            result: e.result.as_ref().map(enum_name),
            report: ctx.opt_text(e.report.as_deref()),
            planned: e.date.value > ctx.today,
            findings: actions(ctx, e.id.as_str(), &e.findings),
        })
        .collect();
    let incidents: Vec<IncidentView> = plan
        .incidents
        .iter()
        .map(|i| IncidentView {
            id: i.id.to_string(),
            date: i.date.value.to_string(),
            scenario: i.scenario.as_ref().map(|s| ctx.scenario(s)),
            activated_by: ctx.opt_person(i.activated_by.as_ref()),
            summary: ctx.rich(i.summary.as_deref()),
            measured: i
                .measured
                .iter()
                .map(|(p, took)| MeasuredView {
                    procedure: procedure(p),
                    took: took.value.to_string(),
                })
                .collect(),
            findings: actions(ctx, i.id.as_str(), &i.findings),
        })
        .collect();
    let mut open_actions: Vec<ActionView> = exercises
        .iter()
        .flat_map(|e| &e.findings)
        .chain(incidents.iter().flat_map(|i| &i.findings))
        .filter(|a| a.open)
        .cloned()
        .collect();
    open_actions.sort_by(|a, b| {
        (a.due.is_none(), &a.due, &a.exercise, &a.id).cmp(&(
            b.due.is_none(),
            &b.due,
            &b.exercise,
            &b.id,
        ))
    });
    let findings = plan_findings(ctx, plan);
    Records {
        exercises_planned: exercises.iter().any(|e| e.planned),
        exercises_held: exercises.iter().any(|e| !e.planned),
        exercises,
        incidents,
        training: plan
            .training
            .iter()
            .map(|t| TrainingView {
                date: t.date.value.to_string(),
                topic: ctx.text(&t.topic),
                attendees: t
                    .attendees
                    .iter()
                    .map(
                        |a| match plan.teams.iter().find(|t| t.id.value == a.value) {
                            Some(team) => ctx.text(&team.name),
                            None => ctx.person(a).name,
                        },
                    )
                    .collect(),
                by: ctx.opt_text(t.by.as_deref()),
            })
            .collect(),
        open_actions,
        history: plan
            .history
            .iter()
            .map(|h| HistoryView {
                version: ctx.text(&h.version),
                date: h.date.value.to_string(),
                author: name_of(h.author.as_ref()),
                approved_by: name_of(h.approved_by.as_ref()),
                summary: ctx.opt_text(h.summary.as_deref()),
            })
            .collect(),
        waivers: plan
            .waivers
            .iter()
            .map(|w| WaiverView {
                rule: w.rule.value.clone(),
                target: w.target.value.clone(),
                reason: ctx.opt_text(w.reason.as_deref()),
                approved_by: name_of(w.approved_by.as_ref()),
                expires: w.expires.as_ref().map(|d| d.value.to_string()),
                expired: w.expires.as_ref().is_some_and(|d| d.value < ctx.today),
            })
            .collect(),
        finding_counts: Counts::of(findings.iter().copied()),
        open_gaps: findings.iter().filter(|f| f.fails(false)).count(),
        findings: findings.into_iter().map(|f| finding(ctx, f)).collect(),
    }
}

/// The findings of exercise or incident `source` as actions.
fn actions(ctx: &Ctx<'_>, source: &str, findings: &[ExerciseFinding]) -> Vec<ActionView> {
    findings
        .iter()
        .map(|f| {
            let open = f.status != Some(ActionStatus::Closed);
            let due = f.due.as_ref().map(|d| d.value);
            ActionView {
                exercise: source.to_owned(),
                id: f.id.to_string(),
                description: ctx.text(&f.description),
                action: ctx.opt_text(f.action.as_deref()),
                owner: ctx.opt_person(f.owner.as_ref()),
                due: due.map(|d| d.to_string()),
                status: if open { "open" } else { "closed" }.to_owned(),
                open,
                overdue: open && due.is_some_and(|d| d < ctx.today),
            }
        })
        .collect()
}
