//! The suppliers a plan relies on, however it reaches them. Read by the exports (who to invite,
//! which plans a supplier serves) and by `notification-deadline` and `impact` (whether a plan
//! relies on a supplier processing personal data), so that they all agree.

use std::collections::BTreeSet;

use super::index::Index;
use crate::model::{Dependency, Plan, Provider};

/// Every supplier `plan` reaches: those its activities depend on directly, the sources of their
/// materials, the carriers of their lanes, the suppliers their systems depend on (through other
/// systems too), its strategies' providers (a provider system's suppliers as for any system),
/// and, transitively, the `sub_suppliers` of all of these. Ids not in the register are kept
/// (they are reached, though unreadable); their own links are not followed.
pub(crate) fn plan_suppliers<'p>(index: &Index<'p>, plan: &'p Plan) -> BTreeSet<&'p str> {
    let mut suppliers: Vec<&'p str> = Vec::new();
    let mut systems: Vec<&'p str> = Vec::new();
    for activity in &plan.activities {
        for dep in &activity.depends_on {
            match dep {
                Dependency::Supplier(id) => suppliers.push(id.as_str()),
                Dependency::Material(id) => {
                    if let Some(m) = index.materials.get(id.as_str()) {
                        suppliers.extend(m.sources.iter().map(|s| s.as_str()));
                    }
                }
                Dependency::Lane(id) => {
                    if let Some(l) = index.lanes.get(id.as_str()) {
                        suppliers.extend(l.carriers.iter().map(|c| c.as_str()));
                    }
                }
                Dependency::System(id) => systems.push(id.as_str()),
                Dependency::Site(_) | Dependency::Activity(_) => {}
            }
        }
    }
    for strategy in &plan.strategies {
        match &strategy.provider {
            Some(Provider::Supplier(id)) => suppliers.push(id.as_str()),
            Some(Provider::System(id)) => systems.push(id.as_str()),
            Some(Provider::Site(_)) | None => {}
        }
    }
    let mut seen_systems = BTreeSet::new();
    while let Some(id) = systems.pop() {
        if !seen_systems.insert(id) {
            continue;
        }
        let Some(system) = index.systems.get(id) else {
            continue;
        };
        for dep in &system.depends_on {
            match dep {
                Dependency::Supplier(s) => suppliers.push(s.as_str()),
                Dependency::System(s) => systems.push(s.as_str()),
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    while let Some(id) = suppliers.pop() {
        if !out.insert(id) {
            continue;
        }
        if let Some(supplier) = index.suppliers.get(id) {
            suppliers.extend(supplier.sub_suppliers.iter().map(|s| s.as_str()));
        }
    }
    out
}
