//! Contacts in the view: everyone the plan names, its teams, the incident desks of the
//! suppliers it depends on, and the communications matrix.

use std::collections::BTreeSet;

use serde::Serialize;

use super::people::{PersonView, PhoneView, TeamView};
use super::{Ctx, NameRef, enum_name, label};
use crate::model::{Dependency, Id, PhoneEntry, Plan, Provider};
use crate::render::rich::Rich;
use crate::rules::people::named_people;
use crate::yaml::spanned::Sp;

/// A supplier's incident desk (business contacts, never redacted).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SupplierDesk {
    /// Supplier id and name.
    #[serde(flatten)]
    pub(crate) supplier: NameRef,
    /// Desk or person to ask for.
    pub(crate) desk: Option<String>,
    /// Phone.
    pub(crate) phone: Option<PhoneView>,
    /// E-mail.
    pub(crate) email: Option<String>,
}

/// One line of the communications matrix.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CommView {
    /// Audience (`customers`) and label (`Customers`).
    pub(crate) audience: String,
    /// Audience label.
    pub(crate) audience_label: String,
    /// Who tells them.
    pub(crate) owner: Option<PersonView>,
    /// How.
    pub(crate) channel: Option<String>,
    /// When.
    pub(crate) when: Option<String>,
    /// What (Markdown).
    pub(crate) message: Option<Rich>,
}

/// Contacts, teams, supplier desks and communications.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Directory {
    /// Everyone the plan names, by name.
    pub(crate) contacts: Vec<PersonView>,
    /// Teams.
    pub(crate) teams: Vec<TeamView>,
    /// Incident desks of the suppliers the plan depends on.
    pub(crate) supplier_desks: Vec<SupplierDesk>,
    /// The communications matrix.
    pub(crate) communications: Vec<CommView>,
}

/// Contacts, teams, supplier desks and communications of `plan`.
pub(super) fn contacts(ctx: &Ctx<'_>, plan: &Plan) -> Directory {
    let mut ids: Vec<&Id> = named_people(plan).into_iter().map(|p| &p.value).collect();
    if let Some(tree) = &plan.call_tree {
        ids.push(&tree.root.value);
        ids.extend(
            tree.calls
                .iter()
                .flat_map(|(k, v)| std::iter::once(k).chain(v))
                .map(|p| &p.value),
        );
    }
    ids.extend(
        plan.approval
            .iter()
            .flat_map(crate::model::Approvals::entries)
            .filter_map(|a| a.by.as_ref())
            .map(|p| &p.value),
    );
    let mut seen = BTreeSet::new();
    let mut people: Vec<PersonView> = ids
        .into_iter()
        .filter(|id| seen.insert(id.as_str()))
        .map(|id| ctx.person(id))
        .collect();
    people.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    Directory {
        contacts: people,
        teams: plan.teams.iter().map(|t| ctx.team(t)).collect(),
        supplier_desks: supplier_desks(ctx, plan),
        communications: plan
            .communications
            .iter()
            .map(|c| CommView {
                audience: enum_name(&c.audience.value),
                audience_label: label(&enum_name(&c.audience.value)),
                owner: ctx.opt_person(c.owner.as_ref()),
                channel: ctx.opt_text(c.channel.as_deref()),
                when: ctx.opt_text(c.when.as_deref()),
                message: ctx.rich(c.message.as_deref()),
            })
            .collect(),
    }
}

/// Every supplier the plan reaches: named by an activity, a source of a material, a carrier of
/// a lane, the provider of a strategy, or reached through the systems the activities, those
/// systems and the strategies' standby systems depend on.
fn supplier_desks(ctx: &Ctx<'_>, plan: &Plan) -> Vec<SupplierDesk> {
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    let mut systems: BTreeSet<&str> = BTreeSet::new();
    let mut work: Vec<&Dependency> = plan.activities.iter().flat_map(|a| &a.depends_on).collect();
    for strategy in &plan.strategies {
        match &strategy.provider {
            Some(Provider::Supplier(s)) => {
                ids.insert(s.as_str());
            }
            Some(Provider::System(s)) => {
                if systems.insert(s.as_str())
                    && let Some(system) = ctx.index.systems.get(s.as_str())
                {
                    work.extend(&system.depends_on);
                }
            }
            Some(Provider::Site(_)) | None => {}
        }
    }
    while let Some(dep) = work.pop() {
        match dep {
            Dependency::Supplier(s) => {
                ids.insert(s.as_str());
            }
            Dependency::Material(m) => {
                if let Some(m) = ctx.index.materials.get(m.as_str()) {
                    ids.extend(m.sources.iter().map(|s| s.as_str()));
                }
            }
            Dependency::Lane(l) => {
                if let Some(l) = ctx.index.lanes.get(l.as_str()) {
                    ids.extend(l.carriers.iter().map(|s| s.as_str()));
                }
            }
            Dependency::System(s) => {
                // Each system once: systems may depend on each other in a cycle.
                if systems.insert(s.as_str())
                    && let Some(system) = ctx.index.systems.get(s.as_str())
                {
                    work.extend(&system.depends_on);
                }
            }
            Dependency::Site(_) | Dependency::Activity(_) => {}
        }
    }
    ids.into_iter()
        .filter_map(|id| ctx.index.suppliers.get(id))
        .map(|s| {
            let contact = s.contact.as_ref();
            SupplierDesk {
                supplier: NameRef::new(s.id.as_str(), Some(ctx.text(&s.name))),
                desk: contact.and_then(|c| ctx.opt_text(c.name.as_deref())),
                phone: contact.and_then(|c| {
                    let number = c.phone.as_ref()?;
                    Some(ctx.phone(
                        &PhoneEntry {
                            number: number.clone(),
                            kind: None,
                            hours: c.hours.clone().map(|h| Sp::new(h, number.span)),
                        },
                        false,
                    ))
                }),
                email: contact
                    .and_then(|c| c.email.as_ref())
                    .map(|e| e.value.clone()),
            }
        })
        .collect()
}
