//! Action cards: for each person and team that owns steps in the plan, only their steps, across
//! procedures in runbook order, with how long each takes, when it is due and who takes over next.

use serde::Serialize;

use super::procedures::{OwnerView, ProcedureView};
use crate::model::{Plan, Procedure, spell};

/// Who takes over after a step: the owner of a step that waits for it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Handover {
    /// Step number within the procedure.
    pub(crate) step: usize,
    /// The next owner's name (none when that step has no owner).
    pub(crate) name: Option<String>,
    /// Whether the next step is the card holder's own.
    pub(crate) own: bool,
}

/// One step on a card.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CardStep {
    /// Procedure number in the runbook (`2.3`).
    pub(crate) procedure_number: String,
    /// Procedure id.
    pub(crate) procedure_id: String,
    /// Procedure title.
    pub(crate) procedure_title: String,
    /// Step number within the procedure.
    pub(crate) number: usize,
    /// What to do.
    pub(crate) action: String,
    /// How long it takes.
    pub(crate) duration: Option<String>,
    /// Elapsed time at its end (none when the steps form a cycle).
    pub(crate) end: Option<String>,
    /// Who takes over (empty: the procedure ends with this step).
    pub(crate) hands_over_to: Vec<Handover>,
}

/// The card of one person or team.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Card {
    /// Who: a person, or a team with its lead.
    pub(crate) owner: OwnerView,
    /// Their steps, in runbook order.
    pub(crate) steps: Vec<CardStep>,
    /// The sum of their step durations.
    pub(crate) total: String,
}

/// The cards of `plan`, in the order their holders first appear in the procedures.
pub(super) fn cards(plan: &Plan, procedures: &[ProcedureView]) -> Vec<Card> {
    let mut cards: Vec<(Card, u64)> = Vec::new();
    for (p, (procedure, view)) in plan.procedures.iter().zip(procedures).enumerate() {
        for (i, step) in view.steps.iter().enumerate() {
            let Some(owner) = &step.owner else { continue };
            let minutes = procedure.steps[i]
                .duration
                .as_ref()
                .map_or(0, |d| d.minutes());
            let card_step = CardStep {
                procedure_number: format!("2.{}", p + 1),
                procedure_id: view.id.clone(),
                procedure_title: view.title.clone(),
                number: step.number,
                action: step.action.clone(),
                duration: step.duration.clone(),
                end: step.end.clone(),
                hands_over_to: successors(procedure, i)
                    .into_iter()
                    .map(|j| {
                        let next = view.steps[j].owner.as_ref();
                        Handover {
                            step: j + 1,
                            name: next.map(|o| o.name.clone()),
                            own: next.is_some_and(|o| o.id == owner.id),
                        }
                    })
                    .collect(),
            };
            match cards.iter_mut().find(|(c, _)| c.owner.id == owner.id) {
                Some((card, total)) => {
                    card.steps.push(card_step);
                    *total += minutes;
                }
                None => cards.push((
                    Card {
                        owner: owner.clone(),
                        steps: vec![card_step],
                        total: String::new(),
                    },
                    minutes,
                )),
            }
        }
    }
    cards
        .into_iter()
        .map(|(mut card, total)| {
            card.total = spell(total);
            card
        })
        .collect()
}

/// The steps that wait for step `i`: those naming it in `after`, and the next step when it has no
/// `after` (the same reading as `rules::coverage::schedule`).
fn successors(procedure: &Procedure, i: usize) -> Vec<usize> {
    let id = procedure.steps[i].id.as_ref().map(|s| s.as_str());
    procedure
        .steps
        .iter()
        .enumerate()
        .filter(|(j, step)| match &step.after {
            Some(after) => id.is_some_and(|id| after.iter().any(|a| a.as_str() == id)),
            None => *j == i + 1,
        })
        .map(|(j, _)| j)
        .collect()
}
