//! Generic comparison of model values through their serialized form.
//!
//! Every model type serializes exactly as it is written in YAML (spans never show), so comparing
//! `serde_json` values compares what the user wrote, field by field, without a hand-written
//! comparison per type. An absent field, `null`, an empty list and an empty map are the same.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::model::{FieldChange, Item, ItemChange, ItemChanges};

/// `value` as JSON (`Null` if it cannot be serialized, which the model types always can).
pub(crate) fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `value`, or `None` when it is null or empty.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| match v {
        Value::Null => false,
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    })
}

/// The fields of two objects that differ, in field order (the new side's first), leaving out
/// `skip`.
pub(crate) fn field_changes(old: &Value, new: &Value, skip: &[&str]) -> Vec<FieldChange> {
    let empty = Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = new.keys().collect();
    keys.extend(old.keys().filter(|k| !new.contains_key(*k)));
    keys.into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter_map(|key| {
            let (o, n) = (present(old.get(key)), present(new.get(key)));
            (o != n).then(|| FieldChange {
                field: key.clone(),
                old: o.cloned(),
                new: n.cloned(),
            })
        })
        .collect()
}

/// The text of a string field of an object, or "".
pub(crate) fn text(value: &Value, field: &str) -> String {
    value
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Compares two lists of objects keyed by their `id` field; `name_field` names an entry for
/// readers. The first entry with an id wins (a duplicate id is a finding of its own).
pub(crate) fn item_changes(old: &[Value], new: &[Value], name_field: &str) -> ItemChanges {
    let mut by_id: HashMap<String, &Value> = HashMap::new();
    for o in old {
        by_id.entry(text(o, "id")).or_insert(o);
    }
    let item = |v: &Value| Item {
        id: text(v, "id"),
        name: text(v, name_field),
    };
    let mut changes = ItemChanges::default();
    let mut seen = HashSet::new();
    for n in new {
        let id = text(n, "id");
        if !seen.insert(id.clone()) {
            continue;
        }
        match by_id.get(&id) {
            None => changes.added.push(item(n)),
            Some(o) => {
                let fields = field_changes(o, n, &["id"]);
                if !fields.is_empty() {
                    changes.changed.push(ItemChange {
                        id,
                        name: text(n, name_field),
                        fields,
                    });
                }
            }
        }
    }
    for o in old {
        if seen.insert(text(o, "id")) {
            changes.removed.push(item(o));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn absent_null_and_empty_are_the_same() {
        let old = json!({"id": "a", "rto": "4h", "tags": [], "x": null});
        let new = json!({"id": "a", "rto": "8h", "y": {}});
        let changes = field_changes(&old, &new, &["id"]);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "rto");
        assert_eq!(changes[0].old, Some(json!("4h")));
    }

    #[test]
    fn lists_are_matched_by_id() {
        let old = [
            json!({"id": "a", "name": "A"}),
            json!({"id": "b", "name": "B"}),
        ];
        let new = [
            json!({"id": "b", "name": "B2"}),
            json!({"id": "c", "name": "C"}),
        ];
        let changes = item_changes(&old, &new, "name");
        assert_eq!(changes.added[0].id, "c");
        assert_eq!(changes.removed[0].id, "a");
        assert_eq!(changes.changed[0].fields[0].new, Some(json!("B2")));
    }
}
