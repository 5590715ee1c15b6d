//! Rules that run the impact model: `scenario-breach` plays each required scenario at each site
//! exposed to it and reports the activities that would breach their MTPD or customer commitment.

use rayon::prelude::*;

use super::context::{Context, Sink};
use crate::impact::{self, Event, at_text};

/// For each required scenario, at each site that lists it as a hazard, no activity breaches its
/// MTPD or customer commitment (or is left without a recovery path).
pub(super) fn scenario_breach(ctx: &Context<'_>, sink: &mut Sink) {
    let mut sites: Vec<&str> = ctx.index.sites.keys().copied().collect();
    sites.sort_unstable();
    let mut seen = std::collections::HashSet::new();
    let mut events = Vec::new();
    for scenario in &ctx.policy.required_scenarios {
        if !seen.insert(scenario.as_str()) {
            continue;
        }
        for site in &sites {
            if ctx.index.sites[site]
                .hazards
                .iter()
                .any(|h| h.value == scenario.value)
            {
                events.push((scenario, *site));
            }
        }
    }
    if events.is_empty() {
        return;
    }
    // What each site's loss can reach, worked out once: each event then walks only the
    // activities its site reaches, not every plan; the events are played on every core.
    let dependents = impact::Dependents::build(ctx.ws, ctx.index);
    let played: Vec<Vec<impact::ActivityImpact>> = events
        .par_iter()
        .map(|(scenario, site)| {
            let event = Event {
                sites: vec![(*site).to_owned()],
                scenario: Some(scenario.to_string()),
                ..Event::default()
            };
            let mut stops = dependents.site_stops(ctx.index, &event);
            stops.retain(|a| a.verdict.is_breach());
            stops
        })
        .collect();
    for ((scenario, site), stops) in events.iter().zip(played) {
        for a in &stops {
            let Some((_, activity)) = ctx
                .index
                .activities
                .get(&(a.plan.as_str(), a.activity.as_str()))
            else {
                continue;
            };
            sink.push(
                    sink.at(
                        activity.id.span,
                        format!(
                            "{} at site `{site}`: activity `{}/{}` stops at {} and {} ({}): {}; chain: {}",
                            scenario,
                            a.plan,
                            a.activity,
                            at_text(Some(a.stops_at)),
                            match a.recovers_at {
                                Some(_) => format!("recovers at {}", at_text(a.recovers_at)),
                                None => "never recovers".to_owned(),
                            },
                            a.binding,
                            a.verdict.text(),
                            a.chain.join(" → ")
                        ),
                    )
                    .help(format!(
                        "add or speed up a strategy covering `{}` for `{scenario}` at a site outside the footprint, or hold more stock; `bcplan impact --site {site} --scenario {scenario}` shows the timeline",
                        a.activity
                    ))
                    .target(activity.id.as_str())
                    .plan(a.plan.as_str()),
                );
        }
    }
}
