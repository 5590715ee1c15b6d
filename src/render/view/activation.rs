//! Activation beyond the first page: delegations of authority (who acts instead, in order, with
//! their 24/7 numbers), the escalation ladder, and the criteria for standing the plan down.

use serde::Serialize;

use super::Ctx;
use super::people::PersonView;
use crate::model::Plan;

/// A delegation of authority.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DelegationView {
    /// What may be decided.
    pub(crate) authority: String,
    /// Who holds the authority normally.
    pub(crate) from: Option<PersonView>,
    /// Who acts instead, in order.
    pub(crate) to: Vec<PersonView>,
    /// Limits of the delegated authority.
    pub(crate) limit: Option<String>,
    /// When it takes effect.
    pub(crate) trigger: Option<String>,
    /// When it ends.
    pub(crate) ends: Option<String>,
}

/// One rung of the escalation ladder.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct EscalationView {
    /// When to escalate.
    pub(crate) threshold: String,
    /// Who is told.
    pub(crate) notify: Vec<PersonView>,
    /// Who decides.
    pub(crate) decide: Option<PersonView>,
}

/// Delegations, escalation and deactivation of a plan.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ActivationView {
    /// Delegations of authority, in plan order.
    pub(crate) delegations: Vec<DelegationView>,
    /// Escalation thresholds, in plan order.
    pub(crate) escalation: Vec<EscalationView>,
    /// Criteria for standing the plan down.
    pub(crate) deactivation: Vec<String>,
}

/// The delegations, escalation and deactivation criteria of `plan`.
pub(super) fn activation(ctx: &Ctx<'_>, plan: &Plan) -> ActivationView {
    let activation = plan.activation.as_ref();
    ActivationView {
        delegations: plan
            .delegations
            .iter()
            .map(|d| DelegationView {
                authority: ctx.text(&d.authority),
                from: ctx.opt_person(d.from.as_ref()),
                to: d.to.iter().map(|p| ctx.person(p)).collect(),
                limit: ctx.opt_text(d.limit.as_deref()),
                trigger: ctx.opt_text(d.trigger.as_deref()),
                ends: ctx.opt_text(d.ends.as_deref()),
            })
            .collect(),
        escalation: activation
            .map(|a| {
                a.escalation
                    .iter()
                    .map(|e| EscalationView {
                        threshold: ctx.text(&e.threshold),
                        notify: e.notify.iter().map(|p| ctx.person(p)).collect(),
                        decide: ctx.opt_person(e.decide.as_ref()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        deactivation: activation
            .and_then(|a| a.deactivation.as_ref())
            .map(|c| {
                c.iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| ctx.text(c))
                    .collect()
            })
            .unwrap_or_default(),
    }
}
