//! Comparing the registers: entries of every kind (people, sites, suppliers, materials, systems,
//! lanes, scenarios, obligations) added, removed and changed, matched by kind and id. A person's changed
//! `phones` or `email`, or a material's changed `sources`, show as field changes.

use serde::Serialize;
use serde_json::Value;

use super::Snapshot;
use super::model::{Entry, EntryChange, RegisterChanges};
use super::values::{item_changes, to_json};

/// Compares the registers of two snapshots.
pub(crate) fn compare(old: &Snapshot, new: &Snapshot) -> RegisterChanges {
    let mut changes = RegisterChanges::default();
    let (o, n) = (&old.ws, &new.ws);
    kind(&mut changes, "person", &o.people, &n.people);
    kind(&mut changes, "site", &o.sites, &n.sites);
    kind(&mut changes, "supplier", &o.suppliers, &n.suppliers);
    kind(&mut changes, "material", &o.materials, &n.materials);
    kind(&mut changes, "system", &o.systems, &n.systems);
    kind(&mut changes, "lane", &o.lanes, &n.lanes);
    kind(&mut changes, "scenario", &o.scenarios, &n.scenarios);
    kind(&mut changes, "obligation", &o.obligations, &n.obligations);
    changes
}

fn kind<T: Serialize>(out: &mut RegisterChanges, kind: &'static str, old: &[T], new: &[T]) {
    let json = |list: &[T]| list.iter().map(to_json).collect::<Vec<Value>>();
    let items = item_changes(&json(old), &json(new), "name");
    out.added.extend(items.added.into_iter().map(|i| Entry {
        kind,
        id: i.id,
        name: i.name,
    }));
    out.removed.extend(items.removed.into_iter().map(|i| Entry {
        kind,
        id: i.id,
        name: i.name,
    }));
    out.changed
        .extend(items.changed.into_iter().map(|i| EntryChange {
            kind,
            id: i.id,
            name: i.name,
            fields: i.fields,
        }));
}
