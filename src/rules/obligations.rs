//! notification-deadline: every notification duty of the Obligations register that applies to a
//! plan is fulfilled by one of its communications, in time, by someone reachable around the clock.

use super::context::{Context, Sink};
use crate::model::Status;
use crate::workspace::obligations::{applying, clock, clock_words, fulfilling};

/// Each applicable obligation has a communication fulfilling it in time, owned by someone reachable 24/7.
pub(super) fn notification_deadline(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in ctx
        .ws
        .plans
        .iter()
        .filter(|p| p.status.value != Status::Retired)
    {
        for obligation in applying(ctx.index, plan, None) {
            let duty = format!(
                "obligation `{}` (notify {} within {} of {}{})",
                obligation.id,
                obligation.notify.value.as_str(),
                obligation.deadline,
                clock_words(clock(obligation)),
                obligation
                    .basis
                    .as_deref()
                    .map_or_else(String::new, |b| format!(", {b}"))
            );
            let fulfilling = fulfilling(plan, obligation);
            if fulfilling.is_empty() {
                let span = plan
                    .communications
                    .first()
                    .map_or(plan.id.span, |c| c.audience.span);
                sink.push(
                    sink.at(span, format!("plan `{}` has no communication that fulfils {duty}", plan.id))
                        .help(format!("add a communication to {} with `fulfils: [{}]`, an owner reachable 24/7 and `within:` no later than {}", obligation.notify.value.as_str(), obligation.id, obligation.deadline))
                        .target(obligation.id.as_str())
                        .plan(plan.id.as_str()),
                );
                continue;
            }
            let problems: Vec<(crate::yaml::spanned::Span, String)> = fulfilling
                .iter()
                .map(|c| {
                    let mut wrong = Vec::new();
                    let addressed = c.audience.value == obligation.notify.value;
                    if !addressed {
                        wrong.push(format!(
                            "is addressed to {}, not {}",
                            c.audience.value.as_str(),
                            obligation.notify.value.as_str()
                        ));
                    }
                    match &c.within {
                        None => wrong.push("says no `within`".to_owned()),
                        Some(w) if w.value > obligation.deadline.value => {
                            wrong.push(format!("is sent within {w}, later than the deadline"));
                        }
                        Some(_) => {}
                    }
                    let reachable = c.owner.as_ref().is_some_and(|o| {
                        ctx.index
                            .people
                            .get(o.as_str())
                            .is_some_and(|p| p.phone_24_7().is_some())
                    });
                    if !reachable {
                        wrong.push(match &c.owner {
                            None => "has no owner".to_owned(),
                            Some(o) => format!("is owned by `{o}`, who has no phone answered 24/7"),
                        });
                    }
                    let span = match &c.within {
                        Some(w) if addressed => w.span,
                        _ => c.audience.span,
                    };
                    (span, wrong.join(" and "))
                })
                .collect();
            if problems.iter().any(|(_, p)| p.is_empty()) {
                continue;
            }
            let (span, why) = &problems[0];
            sink.push(
                sink.at(*span, format!("plan `{}`: the communication that fulfils {duty} {why}", plan.id))
                    .help(format!("address it to {}, send it within {} at the latest, and give it an owner with a phone answered 24/7", obligation.notify.value.as_str(), obligation.deadline))
                    .target(obligation.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}
