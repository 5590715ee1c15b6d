//! Business impact analysis rules: completeness, RTO against MTPD and commitments, dependencies
//! that recover slower than what depends on them, impact growth and priority order.

use super::chains::{Metric, Walk, activity_chain, has_workaround, slow_systems, system_chain};
use super::context::{Context, Sink};
use crate::model::{Activity, Dependency, Duration, Plan, StrategyType, spell};

/// Every activity of every plan, with its plan.
pub(super) fn activities<'w>(ctx: &Context<'w>) -> impl Iterator<Item = (&'w Plan, &'w Activity)> {
    ctx.ws
        .plans
        .iter()
        .flat_map(|p| p.activities.iter().map(move |a| (p, a)))
}

/// Every activity has mtpd, rto, mbco and owner, and rpo when it depends on a system.
pub(super) fn bia_incomplete(ctx: &Context<'_>, sink: &mut Sink) {
    for (plan, a) in activities(ctx) {
        let mut missing = Vec::new();
        for (name, present) in [
            ("mtpd", a.mtpd.is_some()),
            ("rto", a.rto.is_some()),
            (
                "mbco",
                a.mbco.as_deref().is_some_and(|m| !m.trim().is_empty()),
            ),
            ("owner", a.owner.is_some()),
        ] {
            if !present {
                missing.push(name);
            }
        }
        let uses_system = a
            .depends_on
            .iter()
            .any(|d| matches!(d, Dependency::System(_)));
        if uses_system && a.rpo.is_none() {
            missing.push("rpo (it depends on a system)");
        }
        if !missing.is_empty() {
            sink.push(
                sink.at(
                    a.id.span,
                    format!("activity `{}` is missing {}", a.id, missing.join(", ")),
                )
                .help("complete the impact analysis: add the missing fields to the activity")
                .target(a.id.as_str())
                .plan(plan.id.as_str()),
            );
        }
    }
}

/// rto <= mtpd (equal: a warning, no margin).
pub(super) fn rto_exceeds_mtpd(ctx: &Context<'_>, sink: &mut Sink) {
    for (plan, a) in activities(ctx) {
        let (Some(rto), Some(mtpd)) = (&a.rto, &a.mtpd) else {
            continue;
        };
        if rto.value > mtpd.value {
            sink.push(
                sink.at(rto.span, format!("activity `{}`: rto {rto} exceeds mtpd {mtpd} by {}", a.id, spell(rto.minutes() - mtpd.minutes())))
                    .help("recovery must be planned to finish before the disruption becomes intolerable: shorten the rto (with a faster strategy) or revisit the mtpd")
                    .target(a.id.as_str())
                    .plan(plan.id.as_str()),
            );
        } else if rto.value == mtpd.value {
            let mut finding = sink
                .at(
                    rto.span,
                    format!(
                        "activity `{}`: rto {rto} equals mtpd {mtpd}, leaving no margin",
                        a.id
                    ),
                )
                .help("plan recovery to finish with a margin before the mtpd")
                .target(a.id.as_str())
                .plan(plan.id.as_str());
            finding.severity = finding.severity.min(crate::diagnostics::Severity::Warning);
            sink.push(finding);
        }
    }
}

/// rto <= customer_commitment where one is set.
pub(super) fn rto_exceeds_commitment(ctx: &Context<'_>, sink: &mut Sink) {
    for (plan, a) in activities(ctx) {
        let (Some(rto), Some(commitment)) = (&a.rto, &a.customer_commitment) else {
            continue;
        };
        if rto.value > commitment.value {
            sink.push(
                sink.at(rto.span, format!("activity `{}`: rto {rto} exceeds the customer commitment of {commitment}", a.id))
                    .help("recover within what customers were promised: shorten the rto or renegotiate the commitment")
                    .target(a.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Each dependency can be back within the activity's rto.
pub(super) fn dependency_rto(ctx: &Context<'_>, sink: &mut Sink) {
    let mut system_walk = Walk::default();
    let mut activity_walk = Walk::default();
    for (plan, a) in activities(ctx) {
        let Some(rto) = &a.rto else { continue };
        let report = |sink: &mut Sink, span, message: String, help: &'static str| {
            sink.push(
                sink.at(span, message)
                    .help(help)
                    .target(a.id.as_str())
                    .plan(plan.id.as_str()),
            );
        };
        if !has_workaround(a) {
            for (dep, chain, slowest) in slow_systems(ctx, a, &mut system_walk) {
                report(
                    sink,
                    dep.span(),
                    format!(
                        "activity `{}` cannot recover within its rto: {chain}; {slowest} > {rto}",
                        a.id
                    ),
                    "speed up the system's recovery (DR), or document a `workaround` that keeps the activity going without it",
                );
            }
        }
        for dep in &a.depends_on {
            match dep {
                Dependency::Site(id) => {
                    let Some(site) = ctx.index.sites.get(id.as_str()) else {
                        continue;
                    };
                    let Some(recovery) = &site.recovery_time else {
                        continue;
                    };
                    if recovery.value <= rto.value
                        || alternate_site_ready(plan, a, &rto.value, id.as_str())
                    {
                        continue;
                    }
                    report(
                        sink,
                        id.span,
                        format!(
                            "activity `{}` (rto {rto}) <- site `{id}` (recovery_time {recovery}): the site takes longer to recover",
                            a.id
                        ),
                        "add an alternate-site strategy covering the activity that is ready within the rto",
                    );
                }
                Dependency::Material(id) => {
                    let Some(material) = ctx.index.materials.get(id.as_str()) else {
                        continue;
                    };
                    let Some(switch) = &material.switch_time else {
                        continue;
                    };
                    let stock = material.safety_stock.as_ref().map_or(0, |s| s.minutes());
                    // One finding per gap: where the activity relies on stock or a second source,
                    // stock-cover owns a stock that cannot bridge the switch.
                    if stock < switch.minutes() && super::supply::relies_on_stock(plan, a) {
                        continue;
                    }
                    let uncovered = switch.minutes().saturating_sub(stock);
                    if uncovered <= rto.minutes() {
                        continue;
                    }
                    let stock_text = material.safety_stock.as_ref().map_or_else(
                        || "no safety stock".to_owned(),
                        |s| format!("safety_stock {s}"),
                    );
                    report(
                        sink,
                        id.span,
                        format!(
                            "activity `{}` (rto {rto}) <- material `{id}` (switch_time {switch}, {stock_text}): {} without supply if its source fails",
                            a.id,
                            spell(uncovered)
                        ),
                        "hold enough safety stock to bridge the switch to another source, or qualify a second source in advance",
                    );
                }
                Dependency::Activity(r) => {
                    let Some((p, other)) = ctx.index.activity(plan.id.as_str(), r) else {
                        continue;
                    };
                    let (chain, slowest) = activity_chain(ctx, p, other, &mut activity_walk);
                    if let Some(slowest) = slowest.filter(|s| *s > rto.value) {
                        report(
                            sink,
                            r.span,
                            format!(
                                "activity `{}` cannot recover within its rto: {} (rto {rto}) <- {}; {slowest} > {rto}",
                                a.id,
                                a.id,
                                chain.join(" <- ")
                            ),
                            "the activity it depends on must recover first: align the rtos or remove the dependency with a workaround",
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether an alternate-site strategy covering `a` is ready within `rto`.
/// The alternate site must be another site than `replaced`.
pub(super) fn alternate_site_ready(
    plan: &Plan,
    a: &Activity,
    rto: &Duration,
    replaced: &str,
) -> bool {
    plan.strategies.iter().any(|s| {
        s.strategy_type.value == StrategyType::AlternateSite
            && s.covers.iter().any(|c| c.value == a.id.value)
            && s.site
                .as_ref()
                .is_some_and(|site| site.as_str() != replaced)
            && s.ready_within.as_ref().is_some_and(|r| r.value <= *rto)
    })
}

/// A system's achievable rpo (and that of the systems it depends on) is within the rpo of every
/// activity depending on it.
pub(super) fn dependency_rpo(ctx: &Context<'_>, sink: &mut Sink) {
    let mut walk = Walk::default();
    for (plan, a) in activities(ctx) {
        let Some(rpo) = &a.rpo else { continue };
        for dep in &a.depends_on {
            let Dependency::System(id) = dep else {
                continue;
            };
            let Some(system) = ctx.index.systems.get(id.as_str()) else {
                continue;
            };
            let (chain, worst) = system_chain(ctx, system, Metric::Rpo, &mut walk);
            let Some(worst) = worst.filter(|w| *w > rpo.value) else {
                continue;
            };
            sink.push(
                sink.at(id.span, format!("activity `{}` (rpo {rpo}) <- {}: up to {worst} of data can be lost", a.id, chain.join(" <- ")))
                    .help("improve the system's backup or replication, or accept a longer rpo for the activity")
                    .target(a.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Supplier contracted recovery within the rto of activities depending on it, unless stock covers it.
pub(super) fn supplier_recovery(ctx: &Context<'_>, sink: &mut Sink) {
    for (plan, a) in activities(ctx) {
        let Some(rto) = &a.rto else { continue };
        for dep in &a.depends_on {
            match dep {
                Dependency::Supplier(id) => {
                    let Some(supplier) = ctx.index.suppliers.get(id.as_str()) else {
                        continue;
                    };
                    if let Some(recovery) = supplier
                        .contracted_recovery
                        .as_ref()
                        .filter(|r| r.value > rto.value)
                    {
                        sink.push(
                            sink.at(id.span, format!("activity `{}` (rto {rto}) <- supplier `{id}` (contracted_recovery {recovery})", a.id))
                                .help("negotiate a faster contracted recovery, hold stock, or qualify another supplier")
                                .target(id.as_str())
                                .plan(plan.id.as_str()),
                        );
                    }
                }
                Dependency::Material(id) => {
                    let Some(material) = ctx.index.materials.get(id.as_str()) else {
                        continue;
                    };
                    for source in &material.sources {
                        let Some(supplier) = ctx.index.suppliers.get(source.as_str()) else {
                            continue;
                        };
                        let Some(recovery) = supplier
                            .contracted_recovery
                            .as_ref()
                            .filter(|r| r.value > rto.value)
                        else {
                            continue;
                        };
                        if material
                            .safety_stock
                            .as_ref()
                            .is_some_and(|s| s.value >= recovery.value)
                        {
                            continue;
                        }
                        let stock = material.safety_stock.as_ref().map_or_else(
                            || "there is no safety stock to bridge the gap".to_owned(),
                            |s| format!("safety_stock {s} does not bridge the gap"),
                        );
                        sink.push(
                            sink.at(id.span, format!(
                                "activity `{}` (rto {rto}) <- material `{id}` <- supplier `{source}` (contracted_recovery {recovery}); {stock}",
                                a.id
                            ))
                            .help("hold safety stock at least as long as the supplier's contracted recovery, or negotiate a faster recovery")
                            .target(source.as_str())
                            .plan(plan.id.as_str()),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// An activity whose system recovers slower than the activity needs has a workaround.
pub(super) fn workaround_missing(ctx: &Context<'_>, sink: &mut Sink) {
    let mut walk = Walk::default();
    for (plan, a) in activities(ctx) {
        if has_workaround(a) {
            continue;
        }
        for (dep, chain, _) in slow_systems(ctx, a, &mut walk) {
            sink.push(
                sink.at(dep.span(), format!("activity `{}` has no workaround for a system that recovers too slowly: {chain}", a.id))
                    .help("document a manual `workaround` to keep the activity going while the system is down")
                    .target(a.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// Impact ratings never decrease as the outage grows.
pub(super) fn impact_not_increasing(ctx: &Context<'_>, sink: &mut Sink) {
    for (plan, a) in activities(ctx) {
        let mut impacts: Vec<_> = a.impacts.iter().collect();
        impacts.sort_by(|x, y| x.after.value.cmp(&y.after.value));
        let mut highest: Vec<Option<(crate::model::Rating, String)>> = vec![None; 7];
        for impact in impacts {
            for (i, (dimension, rating)) in impact.dimensions().into_iter().enumerate() {
                let Some(rating) = rating else { continue };
                if let Some((earlier, after)) = &highest[i] {
                    if rating.value < *earlier {
                        sink.push(
                            sink.at(rating.span, format!(
                                "activity `{}`: {dimension} impact falls from {} (after {after}) to {} (after {})",
                                a.id,
                                earlier.as_str(),
                                rating.value.as_str(),
                                impact.after
                            ))
                            .help("impact of an outage only grows with its length: raise this rating or lower the earlier one")
                            .target(a.id.as_str())
                            .plan(plan.id.as_str()),
                        );
                        continue;
                    }
                }
                highest[i] = Some((rating.value, impact.after.to_string()));
            }
        }
    }
}

/// Recovery priority agrees with rto.
pub(super) fn priority_order(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for a in &plan.activities {
            let (Some(p), Some(rto)) = (&a.priority, &a.rto) else {
                continue;
            };
            let earlier = plan
                .activities
                .iter()
                .filter_map(|b| Some((b, b.priority.as_ref()?, b.rto.as_ref()?)))
                .filter(|(_, bp, brto)| bp.value < p.value && brto.value > rto.value)
                .max_by(|x, y| x.2.value.cmp(&y.2.value));
            if let Some((b, bp, brto)) = earlier {
                sink.push(
                    sink.at(p.span, format!(
                        "activity `{}` has priority {} but a shorter rto ({rto}) than `{}` (priority {}, rto {brto})",
                        a.id, p.value, b.id, bp.value
                    ))
                    .help("recover activities with shorter rtos first: give this activity a smaller priority number, or align the rtos")
                    .target(a.id.as_str())
                    .plan(plan.id.as_str()),
                );
            }
        }
    }
}
