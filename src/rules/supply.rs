//! Supply-chain rules: sources, stock cover, supplier assessments, sub-suppliers, alternate-site
//! diversity, lanes and restart verification.

use std::collections::{BTreeMap, BTreeSet};

use super::bia::activities;
use super::context::{Context, Sink, is_critical};
use crate::model::Date;
use crate::model::{Dependency, Domain, Phase, Rating, StrategyType, Supplier};
use crate::yaml::spanned::Sp;

/// A material of a critical activity has two or more sources in more than one region.
pub(super) fn single_source(ctx: &Context<'_>, sink: &mut Sink) {
    let mut users: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (plan, a) in activities(ctx) {
        if !is_critical(a) {
            continue;
        }
        for dep in &a.depends_on {
            if let Dependency::Material(id) = dep {
                users
                    .entry(id.as_str())
                    .or_default()
                    .push(format!("{}/{}", plan.id, a.id));
            }
        }
    }
    for (id, used_by) in users {
        let Some(material) = ctx.index.materials.get(id) else {
            continue;
        };
        let sources = distinct_sources(ctx, material);
        // A source listed twice is one source.
        let count = material
            .sources
            .iter()
            .map(|s| s.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        let regions: BTreeSet<String> = sources.iter().flat_map(|s| s.regions()).collect();
        // A source whose entry could not be loaded has regions nobody can read: saying all
        // sources sit in one region would state a false fact.
        let unreadable = material.sources.iter().any(|s| {
            !ctx.index.suppliers.contains_key(s.as_str())
                && ctx.ws.broken.contains(&("supplier", s.to_string()))
        });
        let problem = if count < 2 {
            format!(
                "has {count} qualified source{}",
                if count == 1 { "" } else { "s" }
            )
        } else if regions.len() == 1 && !unreadable {
            format!(
                "has {count} sources, all in region `{}`",
                regions.iter().next().map_or("", String::as_str)
            )
        } else {
            continue;
        };
        sink.push(
            sink.at(material.id.span, format!("material `{id}` {problem}, and critical activities depend on it ({})", used_by.join(", ")))
                .help("qualify a second source in another region; a waiver (`rule: single-source`, `target: <material>`) can accept the risk meanwhile")
                .target(id),
        );
    }
}

/// The known suppliers among a material's sources, each once, in order of preference.
fn distinct_sources<'w>(ctx: &Context<'w>, material: &crate::model::Material) -> Vec<&'w Supplier> {
    let mut seen = BTreeSet::new();
    material
        .sources
        .iter()
        .filter(|s| seen.insert(s.as_str()))
        .filter_map(|s| ctx.index.suppliers.get(s.as_str()).copied())
        .collect()
}

/// Whether a dual-sourcing or safety-stock strategy of `plan` covers `a`: then stock-cover, not
/// dependency-rto, reports a material whose stock cannot bridge the switch to another source.
pub(super) fn relies_on_stock(plan: &crate::model::Plan, a: &crate::model::Activity) -> bool {
    plan.strategies.iter().any(|s| {
        matches!(
            s.strategy_type.value,
            StrategyType::DualSourcing | StrategyType::SafetyStock
        ) && s.covers.iter().any(|c| c.value == a.id.value)
    })
}

/// Safety stock covers the time to switch supplier, for materials of activities relying on stock or dual sourcing.
pub(super) fn stock_cover(ctx: &Context<'_>, sink: &mut Sink) {
    let mut seen = BTreeSet::new();
    for (plan, a) in activities(ctx) {
        if !relies_on_stock(plan, a) {
            continue;
        }
        for dep in &a.depends_on {
            let Dependency::Material(id) = dep else {
                continue;
            };
            let Some(material) = ctx.index.materials.get(id.as_str()) else {
                continue;
            };
            if !seen.insert(id.as_str()) {
                continue;
            }
            let Some(switch) = &material.switch_time else {
                sink.push(
                    sink.at(material.id.span, format!("material `{id}` has no switch_time, so its stock cover cannot be judged (activity `{}/{}` relies on it)", plan.id, a.id))
                        .help("record how long it takes to move volume to another qualified source (`switch_time: 6w`)")
                        .target(id.as_str()),
                );
                continue;
            };
            let stock_minutes = material.safety_stock.as_ref().map_or(0, |s| s.minutes());
            if stock_minutes >= switch.minutes() {
                continue;
            }
            let gap = (switch.minutes() - stock_minutes).div_ceil(1440);
            let stock = material.safety_stock.as_ref().map_or_else(
                || "there is no safety stock to cover".to_owned(),
                |s| format!("safety_stock {s} does not cover"),
            );
            let span = material
                .safety_stock
                .as_ref()
                .map_or(material.id.span, |s| s.span);
            sink.push(
                sink.at(
                    span,
                    format!(
                        "material `{id}`: {stock} switch_time {switch}: a gap of {gap} day{}",
                        if gap == 1 { "" } else { "s" }
                    ),
                )
                .help("hold more stock, or shorten the switch with a pre-qualified second source")
                .target(id.as_str()),
            );
        }
    }
}

/// Suppliers that provide a strategy covering a critical activity, with how it reads in messages
/// (`provider of strategy `s` (plan `p`)`).
fn strategy_providers<'w>(ctx: &Context<'w>) -> BTreeMap<&'w str, String> {
    let mut out = BTreeMap::new();
    for plan in &ctx.ws.plans {
        for strategy in &plan.strategies {
            let Some(crate::model::Provider::Supplier(id)) = &strategy.provider else {
                continue;
            };
            let critical = strategy.covers.iter().any(|c| {
                ctx.index
                    .activities
                    .get(&(plan.id.as_str(), c.as_str()))
                    .is_some_and(|(_, a)| is_critical(a))
            });
            if critical {
                out.entry(id.as_str()).or_insert_with(|| {
                    format!(
                        "provider of strategy `{}` (plan `{}`, covering a critical activity)",
                        strategy.id, plan.id
                    )
                });
            }
        }
    }
    out
}

fn assessed(
    ctx: &Context<'_>,
    sink: &mut Sink,
    field: &str,
    date: impl Fn(&Supplier) -> Option<&Sp<Date>>,
    what: &str,
    providers: &BTreeMap<&str, String>,
) {
    let mut suppliers: Vec<&Supplier> = ctx.index.suppliers.values().copied().collect();
    suppliers.sort_by_key(|s| s.id.span);
    for supplier in suppliers {
        let kind = match (&supplier.criticality, providers.get(supplier.id.as_str())) {
            (Some(c), _) if c.value >= Rating::High => format!("{} supplier", c.value.as_str()),
            (_, Some(provider)) => format!("supplier ({provider})"),
            _ => continue,
        };
        let message = match date(supplier) {
            None => format!("{kind} `{}` has no {what} (`{field}`)", supplier.id),
            Some(d) if d.value.plus(&ctx.policy.review_every) < ctx.today => format!(
                "{kind} `{}`: {what} of {d} is older than the review interval {}",
                supplier.id, ctx.policy.review_every
            ),
            Some(d) => {
                let due = d.value.plus(&ctx.policy.review_every);
                if ctx.due_soon(due) {
                    sink.push(
                        sink.due_soon(
                            d.span,
                            &format!("the next {what} of supplier `{}`", supplier.id),
                            due,
                        )
                        .help(format!(
                            "plan the assessment and record the date in `{field}`"
                        ))
                        .target(supplier.id.as_str()),
                    );
                }
                continue;
            }
        };
        let span = date(supplier).map_or(supplier.id.span, |d| d.span);
        sink.push(
            sink.at(span, message)
                .help(format!(
                    "assess the supplier and record the date in `{field}`"
                ))
                .target(supplier.id.as_str()),
        );
    }
}

/// High/severe suppliers have a recent continuity assessment.
pub(super) fn supplier_bc_unassessed(ctx: &Context<'_>, sink: &mut Sink) {
    assessed(
        ctx,
        sink,
        "bc_assessed",
        |s| s.bc_assessed.as_ref(),
        "continuity assessment",
        &strategy_providers(ctx),
    );
}

/// High/severe suppliers have a recent security assessment.
pub(super) fn supplier_security_unassessed(ctx: &Context<'_>, sink: &mut Sink) {
    assessed(
        ctx,
        sink,
        "security_assessed",
        |s| s.security_assessed.as_ref(),
        "security risk assessment",
        &BTreeMap::new(),
    );
}

/// A supplier processing personal data has a signed data-processing agreement.
pub(super) fn dpa_missing(ctx: &Context<'_>, sink: &mut Sink) {
    for supplier in &ctx.ws.suppliers {
        let Some(flag) = supplier
            .processes_personal_data
            .as_ref()
            .filter(|f| f.value)
        else {
            continue;
        };
        if supplier.dpa_signed != Some(true) {
            sink.push(
                sink.at(flag.span, format!("supplier `{}` processes personal data without a signed data-processing agreement", supplier.id))
                    .help("sign a data-processing agreement and set `dpa_signed: true`")
                    .target(supplier.id.as_str()),
            );
        }
    }
}

/// Two sources of one material do not share a sub-supplier.
pub(super) fn shared_sub_supplier(ctx: &Context<'_>, sink: &mut Sink) {
    for material in &ctx.ws.materials {
        let sources = distinct_sources(ctx, material);
        for (i, a) in sources.iter().enumerate() {
            for b in &sources[i + 1..] {
                for sub in &a.sub_suppliers {
                    if b.sub_suppliers.iter().any(|s| s.value == sub.value) {
                        sink.push(
                            sink.at(material.id.span, format!(
                                "material `{}`: sources `{}` and `{}` both depend on sub-supplier `{sub}`, a hidden single point of failure",
                                material.id, a.id, b.id
                            ))
                            .help("qualify a source with an independent supply chain, or hold stock against the sub-supplier's failure")
                            .target(material.id.as_str()),
                        );
                    }
                }
            }
        }
    }
}

/// An alternate site is in another region and not exposed to the hazards it is meant to cover.
pub(super) fn site_not_diverse(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for strategy in &plan.strategies {
            if strategy.strategy_type.value != StrategyType::AlternateSite {
                continue;
            }
            let Some(alt_id) = &strategy.site else {
                continue;
            };
            let Some(alt) = ctx.index.sites.get(alt_id.as_str()) else {
                continue;
            };
            let mut reported = BTreeSet::new();
            for covered in &strategy.covers {
                let Some((_, a)) = ctx
                    .index
                    .activities
                    .get(&(plan.id.as_str(), covered.as_str()))
                else {
                    continue;
                };
                for dep in &a.depends_on {
                    let Dependency::Site(site_id) = dep else {
                        continue;
                    };
                    let Some(site) = ctx.index.sites.get(site_id.as_str()) else {
                        continue;
                    };
                    if !reported.insert(site_id.as_str()) {
                        continue;
                    }
                    let same_site = site.id.value == alt.id.value;
                    let same_region = alt
                        .region
                        .as_ref()
                        .zip(site.region.as_ref())
                        .is_some_and(|(x, y)| x.value == y.value);
                    let shared: Vec<&str> = alt
                        .hazards
                        .iter()
                        .filter(|h| {
                            site.hazards.iter().any(|s| s.value == h.value)
                                && strategy.scenarios.iter().any(|s| s.value == h.value)
                        })
                        .map(|h| h.as_str())
                        .collect();
                    let why = if same_site {
                        "is a site the covered activity already depends on: it cannot stand in for itself".to_owned()
                    } else if same_region {
                        format!(
                            "is in the same region (`{}`) as `{}`",
                            alt.region.as_ref().map_or("", |r| r.value.as_str()),
                            site.id
                        )
                    } else if !shared.is_empty() {
                        format!(
                            "shares with `{}` the hazard{} {} that the strategy claims to cover",
                            site.id,
                            if shared.len() == 1 { "" } else { "s" },
                            shared.join(", ")
                        )
                    } else {
                        continue;
                    };
                    sink.push(
                        sink.at(alt_id.span, format!("strategy `{}`: alternate site `{}` {why}", strategy.id, alt.id))
                            .help("choose an alternate site that one event cannot take out together with the site it replaces")
                            .target(strategy.id.as_str())
                            .plan(plan.id.as_str()),
                    );
                }
            }
        }
    }
}

/// Lanes used by critical activities have an alternate.
pub(super) fn lane_no_alternate(ctx: &Context<'_>, sink: &mut Sink) {
    let mut seen = BTreeSet::new();
    for (plan, a) in activities(ctx) {
        if !is_critical(a) {
            continue;
        }
        for dep in &a.depends_on {
            let Dependency::Lane(id) = dep else { continue };
            let Some(lane) = ctx.index.lanes.get(id.as_str()) else {
                continue;
            };
            if lane.alternates.is_empty() && seen.insert(id.as_str()) {
                sink.push(
                    sink.at(lane.id.span, format!("lane `{id}` has no alternate, and critical activity `{}/{}` depends on it", plan.id, a.id))
                        .help("add `alternates:` with another route (other port, mode or carrier)")
                        .target(id.as_str()),
                );
            }
        }
    }
}

/// Manufacturing recovery procedures say how product conformity is verified after restart, and
/// recovery procedures of any domain restoring an activity that depends on a system say how data
/// and function are validated before handing back.
pub(super) fn restart_verification_missing(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in &ctx.ws.plans {
        for procedure in &plan.procedures {
            if procedure.phase.value != Phase::Recovery
                || procedure
                    .verification
                    .as_deref()
                    .is_some_and(|v| !v.trim().is_empty())
            {
                continue;
            }
            let (message, help) = if plan.domain == Some(Domain::Manufacturing) {
                (
                    format!(
                        "manufacturing recovery procedure `{}` has no `verification` of product conformity after restart",
                        procedure.id
                    ),
                    "add `verification:` (e.g. first-article inspection before shipping)",
                )
            } else if let Some((activity, system)) = restored_system(ctx, plan, procedure) {
                (
                    format!(
                        "recovery procedure `{}` restores `{activity}`, which depends on system `{system}`, and has no `verification` of data and function before handing back",
                        procedure.id
                    ),
                    "add `verification:` (e.g. reconcile the restored data with the last known good state and run a functional test before users go back)",
                )
            } else {
                continue;
            };
            sink.push(
                sink.at(procedure.id.span, message)
                    .help(help)
                    .target(procedure.id.as_str())
                    .plan(plan.id.as_str()),
            );
        }
    }
}

/// The first activity `procedure` restores that depends directly on a system, with that system.
fn restored_system<'p>(
    ctx: &Context<'p>,
    plan: &'p crate::model::Plan,
    procedure: &'p crate::model::Procedure,
) -> Option<(&'p str, String)> {
    procedure.restores.iter().find_map(|r| {
        let (_, activity) = ctx.index.activities.get(&(plan.id.as_str(), r.as_str()))?;
        activity.depends_on.iter().find_map(|d| match d {
            Dependency::System(s) => Some((r.as_str(), s.to_string())),
            _ => None,
        })
    })
}
