//! Comparing plans: plans added and removed, and within a plan its own fields (owner, deputy,
//! status, version, ...) and its activities, strategies and procedures by id.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Snapshot;
use super::model::{PlanChange, PlanChanges, PlanEntry};
use super::values::{field_changes, item_changes, to_json};
use crate::model::Plan;

/// Plan fields compared as lists keyed by id rather than as whole values.
const LISTS: [(&str, &str); 3] = [
    ("activities", "name"),
    ("strategies", "type"),
    ("procedures", "title"),
];

/// Compares the plans of two snapshots, matched by plan id (the first plan with an id wins).
pub(crate) fn compare(old: &Snapshot, new: &Snapshot) -> PlanChanges {
    let mut old_by_id: HashMap<&str, &Plan> = HashMap::new();
    for plan in &old.ws.plans {
        old_by_id.entry(plan.id.as_str()).or_insert(plan);
    }
    let mut changes = PlanChanges::default();
    let mut seen = HashSet::new();
    for plan in &new.ws.plans {
        if !seen.insert(plan.id.as_str()) {
            continue;
        }
        match old_by_id.get(plan.id.as_str()) {
            // A plan the old version has but could not load is not new.
            None if old.ws.broken.contains(&("plan", plan.id.to_string())) => {}
            None => changes.added.push(entry(new, plan)),
            Some(before) => {
                if let Some(change) = plan_change(before, plan) {
                    changes.changed.push(change);
                }
            }
        }
    }
    for plan in &old.ws.plans {
        // A plan the new version still has, but cannot load, is not removed: its yaml-syntax or
        // schema findings show among the findings introduced.
        if seen.insert(plan.id.as_str()) && !new.ws.broken.contains(&("plan", plan.id.to_string()))
        {
            changes.removed.push(entry(old, plan));
        }
    }
    changes
}

fn entry(snapshot: &Snapshot, plan: &Plan) -> PlanEntry {
    PlanEntry {
        id: plan.id.to_string(),
        title: plan.title.clone(),
        file: snapshot.file(plan.id.span.file),
    }
}

/// The differences between two versions of one plan, if any.
fn plan_change(old: &Plan, new: &Plan) -> Option<PlanChange> {
    let (old, new) = (to_json(old), to_json(new));
    let list = |field: &str, name: &str| {
        let items = |v: &Value| {
            v.get(field)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        item_changes(&items(&old), &items(&new), name)
    };
    let mut skip = vec!["apiVersion", "kind", "id"];
    skip.extend(LISTS.iter().map(|(field, _)| *field));
    let change = PlanChange {
        id: super::values::text(&new, "id"),
        title: super::values::text(&new, "title"),
        fields: field_changes(&old, &new, &skip),
        activities: list(LISTS[0].0, LISTS[0].1),
        strategies: list(LISTS[1].0, LISTS[1].1),
        procedures: list(LISTS[2].0, LISTS[2].1),
    };
    let empty = change.fields.is_empty()
        && change.activities.is_empty()
        && change.strategies.is_empty()
        && change.procedures.is_empty();
    (!empty).then_some(change)
}

/// The fields of `bcplan.yaml` that differ.
pub(crate) fn workspace(old: &Snapshot, new: &Snapshot) -> Vec<super::model::FieldChange> {
    field_changes(
        &to_json(&old.ws.config),
        &to_json(&new.ws.config),
        &["apiVersion", "kind"],
    )
}
