//! The "If this happens" pages: for each scenario of the plan whose footprint is known (the
//! plan's sites that list it as a hazard), the impact model's answer for the plan's own
//! activities: what stops and when, the procedure to run, and the time it must be back by.

use serde::Serialize;

use super::{Ctx, NameRef};
use crate::impact::{self, Event, at_text};
use crate::model::Plan;

/// One scenario's page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ScenarioPage {
    /// The scenario.
    pub(crate) scenario: NameRef,
    /// The plan's sites that list it as a hazard, lost at T0.
    pub(crate) sites: Vec<NameRef>,
    /// The plan's activities that stop, most severe first.
    pub(crate) stops: Vec<StopRow>,
    /// The plan's activities that keep running.
    pub(crate) unaffected: usize,
    /// Whether an activity breaches its MTPD or customer commitment, or never recovers.
    pub(crate) breach: bool,
}

/// One activity that stops.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StopRow {
    /// Id and name.
    pub(crate) activity: NameRef,
    /// `T0`, `T+28d`.
    pub(crate) stops_at: String,
    /// The time it must be back by: stop + rto.
    pub(crate) back_by: Option<String>,
    /// The time the plans get it back.
    pub(crate) recovers_at: String,
    /// How.
    pub(crate) how: &'static str,
    /// What sets that time.
    pub(crate) binding: String,
    /// The verdict.
    pub(crate) verdict: String,
    /// Whether the verdict is a breach.
    pub(crate) breach: bool,
    /// Whether the verdict is anything but within rto.
    pub(crate) late: bool,
    /// The procedures to run (restoring the activity for the scenario).
    pub(crate) procedures: Vec<NameRef>,
    /// The chain that stops it.
    pub(crate) chain: String,
}

/// The pages of `plan`, in the order of its scenarios.
pub(crate) fn pages(ctx: &Ctx<'_>, plan: &Plan) -> Vec<ScenarioPage> {
    let mut out = Vec::new();
    for scenario in &plan.scenarios {
        if out
            .iter()
            .any(|p: &ScenarioPage| p.scenario.id == scenario.as_str())
        {
            continue;
        }
        let sites: Vec<&str> = plan
            .sites
            .iter()
            .map(|s| s.as_str())
            .filter(|s| {
                ctx.index
                    .sites
                    .get(s)
                    .is_some_and(|site| site.hazards.iter().any(|h| h.value == scenario.value))
            })
            .collect();
        if sites.is_empty() {
            continue;
        }
        let event = Event {
            sites: sites.iter().map(|s| (*s).to_owned()).collect(),
            scenario: Some(scenario.to_string()),
            ..Event::default()
        };
        let mine = impact::plan_stops(ctx.ws, &ctx.index, &event, plan);
        let stops: Vec<StopRow> = mine
            .iter()
            .map(|a| StopRow {
                activity: NameRef::new(&a.activity, Some(ctx.text(&a.name))),
                stops_at: at_text(Some(a.stops_at)),
                back_by: a.rto.map(|r| at_text(Some(a.stops_at + r))),
                recovers_at: at_text(a.recovers_at),
                how: a.how.as_str(),
                binding: ctx.text(&a.binding),
                verdict: a.verdict.text(),
                breach: a.verdict.is_breach(),
                late: a.verdict != impact::Verdict::WithinRto,
                procedures: a
                    .procedures
                    .iter()
                    .map(|p| NameRef::new(&p.id, Some(ctx.text(&p.title))))
                    .collect(),
                chain: a.chain.join(" → "),
            })
            .collect();
        out.push(ScenarioPage {
            scenario: ctx.scenario(scenario),
            sites: sites
                .iter()
                .map(|s| NameRef::new(s, ctx.index.sites.get(s).map(|x| ctx.text(&x.name))))
                .collect(),
            breach: stops.iter().any(|s| s.breach),
            unaffected: plan.activities.len().saturating_sub(stops.len()),
            stops,
        });
    }
    out
}
