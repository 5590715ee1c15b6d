//! Which notification duties of the `Obligations` register apply to a plan, and which of the
//! plan's communications fulfil them. Read by the `notification-deadline` rule, by `impact` (the
//! clocks an event starts) and by the runbooks' first-hour sheet, so that all three agree.

use super::index::Index;
use crate::model::{Clock, Communication, Obligation, Plan};

/// Whether `plan` relies, however it reaches it ([`super::reach::plan_suppliers`]), on a
/// supplier that processes personal data.
pub(crate) fn uses_personal_data(index: &Index<'_>, plan: &Plan) -> bool {
    super::reach::plan_suppliers(index, plan).iter().any(|s| {
        index
            .suppliers
            .get(s)
            .and_then(|s| s.processes_personal_data.as_ref())
            .is_some_and(|p| p.value)
    })
}

/// Whether `obligation` applies to `plan`. Without `scenario`, its `applies_to.scenarios` must
/// meet the plan's scenarios in scope; in an event of `scenario`, they must be empty or name it.
pub(crate) fn applies(
    index: &Index<'_>,
    obligation: &Obligation,
    plan: &Plan,
    scenario: Option<&str>,
) -> bool {
    let scope = obligation.applies_to.clone().unwrap_or_default();
    let scenario_ok = scope.scenarios.is_empty()
        || scope.scenarios.iter().any(|s| match scenario {
            Some(event) => s.as_str() == event,
            None => plan.scenarios.iter().any(|p| p.value == s.value),
        });
    let domain_ok =
        scope.domains.is_empty() || plan.domain.is_some_and(|d| scope.domains.contains(&d));
    let data_ok = obligation.when_personal_data != Some(true) || uses_personal_data(index, plan);
    scenario_ok && domain_ok && data_ok
}

/// The obligations of the register that apply to `plan`, in the register's order.
pub(crate) fn applying<'w>(
    index: &Index<'w>,
    plan: &Plan,
    scenario: Option<&str>,
) -> Vec<&'w Obligation> {
    let mut all: Vec<&Obligation> = index
        .obligations
        .values()
        .copied()
        .filter(|o| applies(index, o, plan, scenario))
        .collect();
    all.sort_by_key(|o| o.id.span);
    all
}

/// The communications of `plan` that say they fulfil `obligation`.
pub(crate) fn fulfilling<'p>(plan: &'p Plan, obligation: &Obligation) -> Vec<&'p Communication> {
    plan.communications
        .iter()
        .filter(|c| c.fulfils.iter().any(|f| f.value == obligation.id.value))
        .collect()
}

/// The clock of `obligation`; a duty that names none counts from awareness.
pub(crate) fn clock(obligation: &Obligation) -> Clock {
    obligation.clock.unwrap_or(Clock::Awareness)
}

/// The clock's name as `clock:` spells it.
pub(crate) fn clock_name(clock: Clock) -> &'static str {
    match clock {
        Clock::Awareness => "awareness",
        Clock::Activation => "activation",
        Clock::Disruption => "disruption",
    }
}

/// The clock as a sentence ends: `of awareness`, `of activation`, `of the disruption`.
pub(crate) fn clock_words(clock: Clock) -> &'static str {
    match clock {
        Clock::Awareness => "awareness",
        Clock::Activation => "activation",
        Clock::Disruption => "the disruption",
    }
}
