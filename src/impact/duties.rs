//! The notification duties whose clocks an event starts: for each plan with an activity that
//! stops, every obligation of the register that applies to it (for the event's scenario), when
//! its clock starts and when the notification is due, and the communications that fulfil it.

use super::{ActivityImpact, At};
use crate::model::{Clock, Plan};
use crate::workspace::index::Index;
use crate::workspace::obligations::{applying, clock, fulfilling};

/// A communication of the plan that fulfils a duty.
#[derive(Clone, Debug)]
pub struct Sender {
    /// The communication's audience.
    pub audience: &'static str,
    /// Its owner (people id).
    pub owner: Option<String>,
    /// The owner's name, when the People register has them.
    pub owner_name: Option<String>,
    /// How soon after the clock starts it is sent.
    pub within: Option<u64>,
}

/// A duty to notify whose clock the event starts.
#[derive(Clone, Debug)]
pub struct Duty {
    /// Plan id.
    pub plan: String,
    /// Obligation id.
    pub id: String,
    /// Obligation name.
    pub name: String,
    /// The law or contract clause.
    pub basis: Option<String>,
    /// The audience to notify.
    pub notify: &'static str,
    /// When the deadline starts counting.
    pub clock: Clock,
    /// The deadline, counted from the clock.
    pub deadline: u64,
    /// When the clock starts: T0 (awareness), the plan's first stop (disruption); `None` for
    /// activation, which the model does not time.
    pub starts_at: At,
    /// The communications of the plan that fulfil it (none: nobody is set to send it).
    pub senders: Vec<Sender>,
}

impl Duty {
    /// When the notification is due, if the clock's start is known.
    pub fn due(&self) -> At {
        self.starts_at.map(|s| s + self.deadline)
    }

    /// The due time as reports print it: `T+3d`, or `4h after activation (...)`.
    pub fn due_text(&self) -> String {
        match self.due() {
            Some(due) => super::at_text(Some(due)),
            None => format!(
                "{} after activation (activation time is not modelled)",
                crate::model::spell(self.deadline)
            ),
        }
    }
}

/// The duties of every plan in `plans` with an activity among `impacts`, plan by plan.
pub(super) fn duties(
    index: &Index<'_>,
    plans: &[&Plan],
    impacts: &[ActivityImpact],
    scenario: Option<&str>,
) -> Vec<Duty> {
    let mut out = Vec::new();
    for plan in plans {
        let Some(first_stop) = impacts
            .iter()
            .filter(|a| a.plan == plan.id.as_str())
            .map(|a| a.stops_at)
            .min()
        else {
            continue;
        };
        for obligation in applying(index, plan, scenario) {
            let clock = clock(obligation);
            out.push(Duty {
                plan: plan.id.to_string(),
                id: obligation.id.to_string(),
                name: obligation.name.clone(),
                basis: obligation.basis.clone(),
                notify: obligation.notify.value.as_str(),
                clock,
                deadline: obligation.deadline.value.minutes(),
                starts_at: match clock {
                    Clock::Awareness => Some(0),
                    Clock::Disruption => Some(first_stop),
                    Clock::Activation => None,
                },
                senders: fulfilling(plan, obligation)
                    .into_iter()
                    .map(|c| Sender {
                        audience: c.audience.value.as_str(),
                        owner: c.owner.as_ref().map(ToString::to_string),
                        owner_name: c
                            .owner
                            .as_ref()
                            .and_then(|o| index.people.get(o.as_str()))
                            .map(|p| p.name.clone()),
                        within: c.within.as_ref().map(|w| w.value.minutes()),
                    })
                    .collect(),
            });
        }
    }
    out
}
