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
/// `skip`. Nested maps, and lists whose entries all have an `id`, are compared entry by entry, so
/// a change reads `policy.review_every` or `teams.crisis-team.members` rather than the whole value.
pub(crate) fn field_changes(old: &Value, new: &Value, skip: &[&str]) -> Vec<FieldChange> {
    let mut out = Vec::new();
    compare_objects(&mut out, "", old, new, skip);
    out
}

fn compare_objects(
    out: &mut Vec<FieldChange>,
    prefix: &str,
    old: &Value,
    new: &Value,
    skip: &[&str],
) {
    let empty = Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = new.keys().collect();
    keys.extend(old.keys().filter(|k| !new.contains_key(*k)));
    for key in keys.into_iter().filter(|k| !skip.contains(&k.as_str())) {
        compare(out, &format!("{prefix}{key}"), old.get(key), new.get(key));
    }
}

fn compare(out: &mut Vec<FieldChange>, field: &str, old: Option<&Value>, new: Option<&Value>) {
    let (old, new) = (present(old), present(new));
    if old == new {
        return;
    }
    // A list of entries that appears or disappears as a whole is shown entry by entry, as added
    // or removed, like a list that gains or loses some.
    let empty = Value::Array(Vec::new());
    let (old, new) = match (old, new) {
        (None, Some(Value::Array(n))) if entries(field, n) => (Some(&empty), new),
        (Some(Value::Array(o)), None) if entries(field, o) => (old, Some(&empty)),
        _ => (old, new),
    };
    match (old, new) {
        // A map of several fields that appears or disappears is shown field by field, so its
        // keys (a procedure id in `measured`) stay visible.
        (None, Some(n @ Value::Object(map))) | (Some(n @ Value::Object(map)), None)
            if map.len() > 1 =>
        {
            let none = Value::Object(Map::new());
            let (o, n) = if old.is_none() {
                (&none, n)
            } else {
                (n, &none)
            };
            compare_objects(out, &format!("{field}."), o, n, &[]);
        }
        // A one-key map is a choice (`provider: { supplier: x }`): a change of kind is one change.
        (Some(Value::Object(o)), Some(Value::Object(n)))
            if o.len() == 1 && n.len() == 1 && o.keys().ne(n.keys()) =>
        {
            push(out, field, old, new, false);
        }
        (Some(o @ Value::Object(_)), Some(n @ Value::Object(_))) => {
            compare_objects(out, &format!("{field}."), o, n, &[]);
        }
        (Some(Value::Array(o)), Some(Value::Array(n))) if keyed(o) && keyed(n) => {
            let mut ids: Vec<String> = n.iter().map(|v| text(v, "id")).collect();
            for v in o {
                let id = text(v, "id");
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            for id in ids {
                match (find(o, &id), find(n, &id)) {
                    (Some(b), Some(a)) => {
                        compare_objects(out, &format!("{field}.{id}."), b, a, &["id"]);
                    }
                    (b, a) => push(out, &format!("{field}.{id}"), b, a, true),
                }
            }
        }
        (Some(Value::Array(o)), Some(Value::Array(n))) => match natural_key(field) {
            Some(key) if labelled(o, key).is_some() && labelled(n, key).is_some() => {
                let (o, n) = (
                    labelled(o, key).unwrap_or_default(),
                    labelled(n, key).unwrap_or_default(),
                );
                let mut labels: Vec<&String> = n.iter().map(|(l, _)| l).collect();
                for (label, _) in &o {
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                for label in labels {
                    let path = format!("{field}[{label}]");
                    match (get(&o, label), get(&n, label)) {
                        (Some(b), Some(a)) => {
                            compare_objects(out, &format!("{path}."), b, a, key);
                        }
                        (b, a) => push(out, &path, b, a, true),
                    }
                }
            }
            _ => push(out, field, old, new, false),
        },
        _ => push(out, field, old, new, false),
    }
}

/// The entry of `list` labelled `label`.
fn get<'a>(list: &[(String, &'a Value)], label: &str) -> Option<&'a Value> {
    list.iter().find(|(l, _)| l == label).map(|(_, v)| *v)
}

/// Records one change; `entry` when a whole list entry was added or removed.
fn push(
    out: &mut Vec<FieldChange>,
    field: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    entry: bool,
) {
    let change = match (old.is_some(), new.is_some(), entry) {
        (false, _, true) => "added",
        (_, false, true) => "removed",
        (false, _, false) => "set",
        (_, false, false) => "unset",
        _ => "changed",
    };
    out.push(FieldChange {
        field: field.to_owned(),
        change,
        old: old.cloned(),
        new: new.cloned(),
    });
}

/// Lists of entries without ids that are matched by what names them: the list's field name and the
/// fields that together tell its entries apart. A list whose entries do not all have distinct
/// values there is compared as a whole.
const NATURAL_KEYS: [(&str, &[&str]); 11] = [
    ("training", &["date", "topic"]),
    ("distribution", &["to"]),
    ("delegations", &["authority"]),
    ("escalation", &["threshold"]),
    ("approval", &["by"]),
    ("not_applicable", &["scenario"]),
    ("backups", &["type", "site"]),
    ("communications", &["audience"]),
    ("impacts", &["after"]),
    ("history", &["version"]),
    ("waivers", &["rule", "target"]),
];

/// The fields naming the entries of the list at `field` (a dotted path), if it is one of those.
fn natural_key(field: &str) -> Option<&'static [&'static str]> {
    let name = field.rsplit(['.', ']']).next().unwrap_or(field);
    NATURAL_KEYS
        .iter()
        .find(|(list, _)| *list == name)
        .map(|(_, key)| *key)
}

/// Each entry of `list` with the label its `key` fields give it ("2026-11-20 'Crisis team
/// tabletop'"), or `None` when an entry is not a map, lacks the first key field, or shares its
/// label with another.
fn labelled<'a>(list: &'a [Value], key: &[&str]) -> Option<Vec<(String, &'a Value)>> {
    let mut out: Vec<(String, &Value)> = Vec::new();
    for entry in list {
        let map = entry.as_object()?;
        present(map.get(key[0]))?;
        let parts: Vec<String> = key
            .iter()
            .filter_map(|k| present(map.get(*k)))
            .map(label_part)
            .collect();
        let label = parts.join(" ");
        if out.iter().any(|(l, _)| *l == label) {
            return None;
        }
        out.push((label, entry));
    }
    Some(out)
}

/// One part of an entry's label: a word as it is, text with spaces in single quotes, cut short.
fn label_part(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if text.chars().count() > 40 {
        let mut cut = String::new();
        for word in text.split(' ') {
            if cut.chars().count() + word.chars().count() >= 40 {
                break;
            }
            if !cut.is_empty() {
                cut.push(' ');
            }
            cut.push_str(word);
        }
        if cut.is_empty() {
            cut = text.chars().take(39).collect();
        }
        cut + "…"
    } else {
        text
    };
    if text.contains([' ', '[', ']']) {
        format!("'{}'", text.replace('\'', "’"))
    } else {
        text
    }
}

/// Whether `list`, at `field`, is a list of entries compared one by one: all with an id, or all
/// named by the fields of a list of [`NATURAL_KEYS`].
fn entries(field: &str, list: &[Value]) -> bool {
    keyed(list) || natural_key(field).is_some_and(|key| labelled(list, key).is_some())
}

/// The first entry of `list` whose `id` is `id`.
fn find<'a>(list: &'a [Value], id: &str) -> Option<&'a Value> {
    list.iter().find(|v| text(v, "id") == id)
}

/// Whether every entry of `list` is a map with a text `id`.
fn keyed(list: &[Value]) -> bool {
    list.iter()
        .all(|v| v.get("id").is_some_and(Value::is_string))
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
    fn nested_maps_and_keyed_lists_are_compared_entry_by_entry() {
        let old = json!({"policy": {"review_every": "12mo", "max": 3}, "teams": [{"id": "t", "lead": "a"}]});
        let new = json!({"policy": {"review_every": "6mo", "max": 3}, "teams": [{"id": "t", "lead": "b"}, {"id": "u"}]});
        let fields: Vec<String> = field_changes(&old, &new, &[])
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(fields, ["policy.review_every", "teams.t.lead", "teams.u"]);
    }

    #[test]
    fn entries_without_ids_are_named_by_their_key_fields() {
        let old = json!({"training": [{"date": "2026-01-10", "topic": "Walkthrough"}]});
        let new = json!({"training": [
            {"date": "2026-01-10", "topic": "Walkthrough", "by": "BCM office"},
            {"date": "2026-11-20", "topic": "Crisis team tabletop"}
        ]});
        let changes = field_changes(&old, &new, &[]);
        let fields: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| (c.field.as_str(), c.change))
            .collect();
        assert_eq!(
            fields,
            [
                ("training[2026-01-10 Walkthrough].by", "set"),
                ("training[2026-11-20 'Crisis team tabletop']", "added"),
            ]
        );
        // Two entries with the same key fields: the list is compared as a whole.
        let twice = json!({"distribution": [{"to": "a", "copy": "printed"}, {"to": "a", "copy": "portal"}]});
        let changes = field_changes(&json!({}), &twice, &[]);
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].field.as_str(), changes[0].change),
            ("distribution", "set")
        );
        // A map of several fields that appears is shown field by field.
        let measured = json!({"measured": {"restore-erp": "6h", "failover": "2h"}});
        let fields: Vec<String> = field_changes(&json!({}), &measured, &[])
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(fields, ["measured.restore-erp", "measured.failover"]);
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
