//! People and teams hit, and the plan roles that fall to a deputy, an alternate or nobody.
//!
//! People named in the event are unavailable: their roles fall to the deputy (plan and activity
//! owners), the alternates (team leads), the next in succession (activation authority); a step or
//! communication owner has no stand-in. People whose site is lost are listed as hit (their
//! workplace is gone) but stay available for their roles.

use super::state::States;
use super::{Event, PersonHit, RoleHit, TeamHit};
use crate::model::{Id, Plan};
use crate::workspace::Workspace;
use crate::workspace::index::Index;
use crate::yaml::spanned::Sp;

/// People hit, teams hit and roles whose holder is unavailable.
pub(crate) fn hits(
    ws: &Workspace,
    index: &Index<'_>,
    plans: &[&Plan],
    event: &Event,
    states: &mut States<'_, '_>,
) -> (Vec<PersonHit>, Vec<TeamHit>, Vec<RoleHit>) {
    let out = |id: &str| event.people.iter().any(|p| p == id);
    let mut people = Vec::new();
    for person in &ws.people {
        if index
            .people
            .get(person.id.as_str())
            .is_none_or(|p| !std::ptr::eq(*p, person))
        {
            continue;
        }
        let why = if out(person.id.as_str()) {
            Some("unavailable".to_owned())
        } else {
            person
                .site
                .as_ref()
                .filter(|s| states.site(s.as_str()).is_some())
                .map(|s| format!("site {s} lost (stays available for plan roles)"))
        };
        if let Some(why) = why {
            people.push(PersonHit {
                id: person.id.to_string(),
                name: person.name.clone(),
                why,
            });
        }
    }
    for id in &event.people {
        if !index.people.contains_key(id.as_str()) {
            states.note_unknown("person", id);
            people.push(PersonHit {
                id: id.clone(),
                name: id.clone(),
                why: "unavailable (not readable in the People register)".to_owned(),
            });
        }
    }
    let hit = |id: &str| people.iter().any(|p| p.id == id);
    let mut teams = Vec::new();
    let mut roles = Vec::new();
    for plan in plans {
        let mut role = |what: String, holder: Option<&Sp<Id>>, backups: Vec<&Sp<Id>>| {
            let Some(holder) = holder.filter(|h| out(h.as_str())) else {
                return;
            };
            roles.push(RoleHit {
                plan: plan.id.to_string(),
                role: what,
                holder: holder.to_string(),
                falls_to: backups
                    .into_iter()
                    .find(|b| !out(b.as_str()))
                    .map(ToString::to_string),
            });
        };
        role(
            "plan owner".to_owned(),
            plan.owner.as_ref(),
            plan.deputy.iter().collect(),
        );
        for a in &plan.activities {
            role(
                format!("owner of activity {}", a.id),
                a.owner.as_ref(),
                a.deputy.iter().collect(),
            );
        }
        for t in &plan.teams {
            role(
                format!("lead of team {}", t.id),
                t.lead.as_ref(),
                t.alternates.iter().collect(),
            );
        }
        if let Some(activation) = &plan.activation {
            if let Some((first, rest)) = activation.authority.split_first() {
                role(
                    "activation authority".to_owned(),
                    Some(first),
                    rest.iter().collect(),
                );
            }
        }
        for c in &plan.communications {
            role(
                format!("owner of the {} communication", c.audience.value.as_str()),
                c.owner.as_ref(),
                Vec::new(),
            );
        }
        for p in &plan.procedures {
            for (n, step) in p.steps.iter().enumerate() {
                // A step owner may be a team, which stands in for itself.
                role(
                    format!("owner of step {} of procedure {}", n + 1, p.id),
                    step.owner.as_ref(),
                    Vec::new(),
                );
            }
        }
        for t in &plan.teams {
            let members: Vec<String> = t
                .lead
                .iter()
                .chain(&t.alternates)
                .chain(&t.members)
                .filter(|m| hit(m.as_str()))
                .map(ToString::to_string)
                .collect();
            if !members.is_empty() {
                teams.push(TeamHit {
                    plan: plan.id.to_string(),
                    team: t.id.to_string(),
                    people: members,
                });
            }
        }
    }
    (people, teams, roles)
}
