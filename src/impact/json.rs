//! The JSON form of impact reports: stable and versioned (see `schemas/impact.schema.json`).
//!
//! Times are lengths after T0, spelled (`28d`) and in minutes; `null` is never. New fields may be
//! added in a version; none are removed or renamed.

use serde::Serialize;

use super::{ActivityImpact, Duty, Report};
use crate::model::spell;
use crate::workspace::obligations::clock_name;

/// The version of this shape.
pub(crate) const VERSION: u32 = 1;

/// Every run of one command.
#[derive(Serialize)]
pub(crate) struct Document {
    pub(crate) version: u32,
    pub(crate) scenario: Option<String>,
    pub(crate) breach: bool,
    pub(crate) runs: Vec<Run>,
}

#[derive(Serialize)]
pub(crate) struct Loss {
    pub(crate) kind: &'static str,
    pub(crate) id: String,
}

#[derive(Serialize)]
pub(crate) struct EventView {
    pub(crate) label: String,
    pub(crate) scenario: Option<String>,
    pub(crate) losses: Vec<Loss>,
}

#[derive(Serialize)]
pub(crate) struct Time {
    pub(crate) text: String,
    pub(crate) minutes: u64,
}

fn time(minutes: Option<u64>) -> Option<Time> {
    minutes.map(|m| Time {
        text: spell(m),
        minutes: m,
    })
}

#[derive(Serialize)]
pub(crate) struct LostView {
    pub(crate) kind: &'static str,
    pub(crate) id: String,
    pub(crate) lost_at: Option<Time>,
    pub(crate) back_at: Option<Time>,
    pub(crate) chain: Vec<String>,
    pub(crate) note: String,
}

#[derive(Serialize)]
pub(crate) struct VerdictView {
    pub(crate) kind: &'static str,
    pub(crate) text: String,
    pub(crate) by: Option<Time>,
    pub(crate) breach: bool,
}

#[derive(Serialize)]
pub(crate) struct StrategyView {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) ready_within: Option<Time>,
    pub(crate) capacity: Option<String>,
    pub(crate) mbco: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ProcedureView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) critical_path: Option<Time>,
    pub(crate) strategy: Option<String>,
    pub(crate) strategy_lead: Option<Time>,
    pub(crate) exceeds_rto: bool,
}

#[derive(Serialize)]
pub(crate) struct ActivityView {
    pub(crate) plan: String,
    pub(crate) activity: String,
    pub(crate) name: String,
    pub(crate) stops_at: Option<Time>,
    pub(crate) recovers_at: Option<Time>,
    pub(crate) outage: Option<Time>,
    pub(crate) how: &'static str,
    pub(crate) binding: String,
    pub(crate) chain: Vec<String>,
    pub(crate) verdict: VerdictView,
    pub(crate) rto: Option<Time>,
    pub(crate) mtpd: Option<Time>,
    pub(crate) customer_commitment: Option<Time>,
    pub(crate) strategy: Option<StrategyView>,
    pub(crate) procedures: Vec<ProcedureView>,
    pub(crate) unknown: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct PersonView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) why: String,
}

#[derive(Serialize)]
pub(crate) struct TeamView {
    pub(crate) plan: String,
    pub(crate) team: String,
    pub(crate) people: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct RoleView {
    pub(crate) plan: String,
    pub(crate) role: String,
    pub(crate) holder: String,
    pub(crate) falls_to: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct SenderView {
    pub(crate) audience: &'static str,
    pub(crate) owner: Option<String>,
    pub(crate) owner_name: Option<String>,
    pub(crate) within: Option<Time>,
}

#[derive(Serialize)]
pub(crate) struct DutyView {
    pub(crate) plan: String,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) basis: Option<String>,
    pub(crate) notify: &'static str,
    pub(crate) clock: &'static str,
    pub(crate) deadline: Option<Time>,
    pub(crate) starts_at: Option<Time>,
    pub(crate) due: Option<Time>,
    pub(crate) due_text: String,
    pub(crate) fulfilled: bool,
    pub(crate) communications: Vec<SenderView>,
}

fn duty(d: &Duty) -> DutyView {
    DutyView {
        plan: d.plan.clone(),
        id: d.id.clone(),
        name: d.name.clone(),
        basis: d.basis.clone(),
        notify: d.notify,
        clock: clock_name(d.clock),
        deadline: time(Some(d.deadline)),
        starts_at: time(d.starts_at),
        due: time(d.due()),
        due_text: d.due_text(),
        fulfilled: !d.senders.is_empty(),
        communications: d
            .senders
            .iter()
            .map(|s| SenderView {
                audience: s.audience,
                owner: s.owner.clone(),
                owner_name: s.owner_name.clone(),
                within: time(s.within),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub(crate) struct Run {
    pub(crate) event: EventView,
    pub(crate) breach: bool,
    pub(crate) nothing: Option<String>,
    pub(crate) lost: Vec<LostView>,
    pub(crate) absorbed: Vec<String>,
    pub(crate) activities: Vec<ActivityView>,
    pub(crate) unaffected: usize,
    pub(crate) people: Vec<PersonView>,
    pub(crate) teams: Vec<TeamView>,
    pub(crate) roles: Vec<RoleView>,
    pub(crate) uncovered_roles: usize,
    pub(crate) obligations: Vec<DutyView>,
    pub(crate) unknown: Vec<String>,
}

fn activity(a: &ActivityImpact) -> ActivityView {
    ActivityView {
        plan: a.plan.clone(),
        activity: a.activity.clone(),
        name: a.name.clone(),
        stops_at: time(Some(a.stops_at)),
        recovers_at: time(a.recovers_at),
        outage: time(a.outage()),
        how: a.how.as_str(),
        binding: a.binding.clone(),
        chain: a.chain.clone(),
        verdict: VerdictView {
            kind: a.verdict.kind(),
            text: a.verdict.text(),
            by: time(a.verdict.by()),
            breach: a.verdict.is_breach(),
        },
        rto: time(a.rto),
        mtpd: time(a.mtpd),
        customer_commitment: time(a.commitment),
        strategy: a.strategy.as_ref().map(|s| StrategyView {
            id: s.id.clone(),
            kind: s.kind,
            ready_within: time(Some(s.ready_within)),
            capacity: s.capacity.clone(),
            mbco: s.mbco.clone(),
        }),
        procedures: a
            .procedures
            .iter()
            .map(|p| ProcedureView {
                id: p.id.clone(),
                title: p.title.clone(),
                critical_path: time(p.critical_path),
                strategy: p.strategy_lead.as_ref().map(|l| l.0.clone()),
                strategy_lead: time(p.strategy_lead.as_ref().map(|l| l.1)),
                exceeds_rto: p.exceeds_rto,
            })
            .collect(),
        unknown: a.unknown.clone(),
    }
}

/// The view of one report.
pub(crate) fn run(r: &Report) -> Run {
    Run {
        event: EventView {
            label: r.event.label(),
            scenario: r.event.scenario.clone(),
            losses: r
                .event
                .losses()
                .into_iter()
                .map(|(kind, id)| Loss {
                    kind,
                    id: id.to_owned(),
                })
                .collect(),
        },
        breach: r.breach(),
        nothing: r.nothing.clone(),
        lost: r
            .lost
            .iter()
            .map(|l| LostView {
                kind: l.kind,
                id: l.id.clone(),
                lost_at: time(Some(l.lost_at)),
                back_at: time(l.back_at),
                chain: l.chain.clone(),
                note: l.note.clone(),
            })
            .collect(),
        absorbed: r.absorbed.clone(),
        activities: r.activities.iter().map(activity).collect(),
        unaffected: r.unaffected,
        people: r
            .people
            .iter()
            .map(|p| PersonView {
                id: p.id.clone(),
                name: p.name.clone(),
                why: p.why.clone(),
            })
            .collect(),
        teams: r
            .teams
            .iter()
            .map(|t| TeamView {
                plan: t.plan.clone(),
                team: t.team.clone(),
                people: t.people.clone(),
            })
            .collect(),
        roles: r
            .roles
            .iter()
            .map(|x| RoleView {
                plan: x.plan.clone(),
                role: x.role.clone(),
                holder: x.holder.clone(),
                falls_to: x.falls_to.clone(),
            })
            .collect(),
        uncovered_roles: r.uncovered().count(),
        obligations: r.duties.iter().map(duty).collect(),
        unknown: r.unknown.clone(),
    }
}

/// The document of every run.
pub(crate) fn document(scenario: Option<&str>, runs: &[Report]) -> Document {
    Document {
        version: VERSION,
        scenario: scenario.map(str::to_owned),
        breach: runs.iter().any(Report::breach),
        runs: runs.iter().map(run).collect(),
    }
}

/// The runs as pretty-printed JSON, with a trailing newline.
pub(crate) fn report(scenario: Option<&str>, runs: &[Report]) -> String {
    let mut text = serde_json::to_string_pretty(&document(scenario, runs))
        .expect("an impact report serializes");
    text.push('\n');
    text
}
