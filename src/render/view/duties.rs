//! The notification duties on the first-hour sheet: each obligation of the `Obligations`
//! register that applies to the plan (as `notification-deadline` reads it), its deadline and
//! clock, and who sends it, from the plan's communications that fulfil it.

use serde::Serialize;

use super::Ctx;
use super::label;
use super::people::PersonView;
use crate::model::Plan;
use crate::workspace::obligations::{applying, clock, clock_words, fulfilling};

/// Who sends a notification: the owner of a communication that fulfils the duty.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SenderView {
    /// The communication's owner, with the number to call.
    pub(crate) owner: Option<PersonView>,
    /// How soon after the clock starts it is sent, as written.
    pub(crate) within: Option<String>,
}

/// One notification duty of the plan.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DutyView {
    /// Obligation id.
    pub(crate) id: String,
    /// Obligation name.
    pub(crate) name: String,
    /// The law or contract clause.
    pub(crate) basis: Option<String>,
    /// The audience to notify, as a label (`Regulators`).
    pub(crate) audience: String,
    /// The deadline, as written (`72h`).
    pub(crate) deadline: String,
    /// What the deadline counts from: `awareness`, `activation`, `the disruption`.
    pub(crate) clock: &'static str,
    /// The owners of the communications that fulfil it; empty: nobody is set to send it.
    pub(crate) senders: Vec<SenderView>,
}

/// The duties of `plan`; `None` when the workspace has no obligations at all.
pub(super) fn duties(ctx: &Ctx<'_>, plan: &Plan) -> Option<Vec<DutyView>> {
    if ctx.index.obligations.is_empty() {
        return None;
    }
    Some(
        applying(&ctx.index, plan, None)
            .into_iter()
            .map(|o| DutyView {
                id: o.id.to_string(),
                name: ctx.text(&o.name),
                basis: ctx.opt_text(o.basis.as_deref()),
                audience: label(o.notify.value.as_str()),
                deadline: o.deadline.to_string(),
                clock: clock_words(clock(o)),
                senders: fulfilling(plan, o)
                    .into_iter()
                    .map(|c| SenderView {
                        owner: ctx.opt_person(c.owner.as_ref()),
                        within: c.within.as_ref().map(ToString::to_string),
                    })
                    .collect(),
            })
            .collect(),
    )
}
