//! The index: every entity of the workspace by kind and id, built once.
//!
//! Duplicate ids are reported here (`duplicate-id`, both places named); the first definition wins
//! in the index. Rules look entities up through the index and never search the workspace again.

use std::collections::HashMap;

use super::Workspace;
use crate::diagnostics::Finding;
use crate::model::{
    Activity, ActivityRef, Dependency, Id, Lane, Material, Person, Plan, Scenario, Site, Supplier,
    System,
};
use crate::yaml::spanned::{Sp, Span};

/// Entities by id.
#[derive(Debug, Default)]
pub struct Index<'w> {
    /// People by id.
    pub people: HashMap<&'w str, &'w Person>,
    /// Sites by id.
    pub sites: HashMap<&'w str, &'w Site>,
    /// Suppliers by id.
    pub suppliers: HashMap<&'w str, &'w Supplier>,
    /// Materials by id.
    pub materials: HashMap<&'w str, &'w Material>,
    /// Systems by id.
    pub systems: HashMap<&'w str, &'w System>,
    /// Lanes by id.
    pub lanes: HashMap<&'w str, &'w Lane>,
    /// Scenarios by id.
    pub scenarios: HashMap<&'w str, &'w Scenario>,
    /// Obligations by id.
    pub obligations: HashMap<&'w str, &'w crate::model::Obligation>,
    /// Plans by id.
    pub plans: HashMap<&'w str, &'w Plan>,
    /// Activities by (plan id, activity id).
    pub activities: HashMap<(&'w str, &'w str), (&'w Plan, &'w Activity)>,
    /// For each activity in a loop of activity dependencies, the loop's first activity in the
    /// workspace's order: worked out by the impact model when first asked.
    pub(crate) activity_loops: std::sync::OnceLock<HashMap<(String, String), (String, String)>>,
}

impl<'w> Index<'w> {
    /// Builds the index, reporting duplicate ids into `findings`.
    pub fn build(ws: &'w Workspace, findings: &mut Vec<Finding>) -> Index<'w> {
        let mut index = Index::default();
        insert_all(
            &mut index.people,
            ws.people.iter().map(|p| (&p.id, p)),
            "person",
            findings,
        );
        insert_all(
            &mut index.sites,
            ws.sites.iter().map(|s| (&s.id, s)),
            "site",
            findings,
        );
        insert_all(
            &mut index.suppliers,
            ws.suppliers.iter().map(|s| (&s.id, s)),
            "supplier",
            findings,
        );
        insert_all(
            &mut index.materials,
            ws.materials.iter().map(|m| (&m.id, m)),
            "material",
            findings,
        );
        insert_all(
            &mut index.systems,
            ws.systems.iter().map(|s| (&s.id, s)),
            "system",
            findings,
        );
        insert_all(
            &mut index.lanes,
            ws.lanes.iter().map(|l| (&l.id, l)),
            "lane",
            findings,
        );
        insert_all(
            &mut index.scenarios,
            ws.scenarios.iter().map(|s| (&s.id, s)),
            "scenario",
            findings,
        );
        insert_all(
            &mut index.obligations,
            ws.obligations.iter().map(|o| (&o.id, o)),
            "obligation",
            findings,
        );
        insert_all(
            &mut index.plans,
            ws.plans.iter().map(|p| (&p.id, p)),
            "plan",
            findings,
        );
        for plan in &ws.plans {
            if index
                .plans
                .get(plan.id.as_str())
                .is_some_and(|p| !std::ptr::eq(*p, plan))
            {
                continue;
            }
            let mut seen: HashMap<&str, Span> = HashMap::new();
            for activity in &plan.activities {
                if duplicate(&mut seen, &activity.id, "activity", findings) {
                    continue;
                }
                index
                    .activities
                    .insert((plan.id.as_str(), activity.id.as_str()), (plan, activity));
            }
            let within_plan: [(&str, Vec<&Sp<Id>>); 4] = [
                ("strategy", plan.strategies.iter().map(|s| &s.id).collect()),
                ("team", plan.teams.iter().map(|t| &t.id).collect()),
                ("procedure", plan.procedures.iter().map(|p| &p.id).collect()),
                ("exercise", plan.exercises.iter().map(|e| &e.id).collect()),
            ];
            for (what, ids) in within_plan {
                let mut seen = HashMap::new();
                for id in ids {
                    duplicate(&mut seen, id, what, findings);
                }
            }
            for procedure in &plan.procedures {
                let mut seen = HashMap::new();
                for step in &procedure.steps {
                    if let Some(id) = &step.id {
                        duplicate(&mut seen, id, "step", findings);
                    }
                }
            }
        }
        index
    }

    /// The activity `reference` names, seen from plan `from`.
    pub fn activity(
        &self,
        from: &str,
        reference: &ActivityRef,
    ) -> Option<(&'w Plan, &'w Activity)> {
        let plan = reference.plan.as_ref().map_or(from, Id::as_str);
        self.activities
            .get(&(plan, reference.activity.as_str()))
            .copied()
    }

    /// The name of the register entry (site, system, material, supplier, lane) a dependency
    /// names, if it is known and named; `None` for activity dependencies.
    pub fn register_name(&self, dep: &Dependency) -> Option<&'w str> {
        match dep {
            Dependency::Site(s) => self.sites.get(s.as_str()).map(|x| x.name.as_str()),
            Dependency::System(s) => self.systems.get(s.as_str()).map(|x| x.name.as_str()),
            Dependency::Material(s) => self.materials.get(s.as_str()).map(|x| x.name.as_str()),
            Dependency::Supplier(s) => self.suppliers.get(s.as_str()).map(|x| x.name.as_str()),
            Dependency::Lane(s) => self.lanes.get(s.as_str()).and_then(|x| x.name.as_deref()),
            Dependency::Activity(_) => None,
        }
    }
}

fn insert_all<'w, T>(
    map: &mut HashMap<&'w str, &'w T>,
    items: impl Iterator<Item = (&'w Sp<Id>, &'w T)>,
    what: &str,
    findings: &mut Vec<Finding>,
) {
    let mut seen = HashMap::new();
    for (id, item) in items {
        if !duplicate(&mut seen, id, what, findings) {
            map.insert(id.as_str(), item);
        }
    }
}

/// Records `id` in `seen`; reports and returns true if it was there already.
fn duplicate<'w>(
    seen: &mut HashMap<&'w str, Span>,
    id: &'w Sp<Id>,
    what: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    if let Some(first) = seen.get(id.as_str()) {
        findings.push(
            Finding::new(
                "duplicate-id",
                id.span,
                format!("{what} id `{id}` is defined twice"),
            )
            .related(*first, format!("`{id}` is first defined here"))
            .help("give each an id of its own, or merge the two entries")
            .target(id.as_str()),
        );
        return true;
    }
    seen.insert(id.as_str(), id.span);
    false
}
