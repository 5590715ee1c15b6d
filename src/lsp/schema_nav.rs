//! Reading the published JSON Schema for a place in a document: a field's description, the fields
//! a mapping may hold, the values an enumeration allows. The schema is the one `bcplan schema`
//! prints, so editors and `check` agree on every name.

use serde_json::Value as Json;

use crate::schema::Kind;
use crate::schema::validate::resolve;

/// The alternatives of a schema (`anyOf`, `oneOf`, `allOf`).
fn alternatives(schema: &Json) -> impl Iterator<Item = &Json> {
    ["anyOf", "oneOf", "allOf"]
        .into_iter()
        .filter_map(|k| schema.get(k).and_then(Json::as_array))
        .flatten()
}

/// The schema of the elements, for a list; the schema itself otherwise.
fn element<'a>(schema: &'a Json, root: &'a Json) -> &'a Json {
    let schema = resolve(schema, root);
    if let Some(items) = schema.get("items") {
        return resolve(items, root);
    }
    for alt in alternatives(schema) {
        let alt = resolve(alt, root);
        if let Some(items) = alt.get("items") {
            return resolve(items, root);
        }
    }
    schema
}

/// The (unresolved) schema of field `key` of the mapping `schema` describes.
fn field<'a>(schema: &'a Json, root: &'a Json, key: &str, depth: u32) -> Option<&'a Json> {
    if depth > 8 {
        return None;
    }
    let schema = element(schema, root);
    if let Some(sub) = schema.get("properties").and_then(|p| p.get(key)) {
        return Some(sub);
    }
    for alt in alternatives(schema) {
        if let Some(sub) = field(alt, root, key, depth + 1) {
            return Some(sub);
        }
    }
    match schema.get("additionalProperties") {
        Some(sub @ Json::Object(_)) => Some(sub),
        _ => schema
            .get("patternProperties")
            .and_then(Json::as_object)
            .and_then(|p| p.values().next()),
    }
}

/// The schema at `path` in a document of `kind`.
pub(crate) fn at<'a>(kind: Kind, path: &[String]) -> Option<&'a Json> {
    let root = kind.schema();
    let mut schema = root;
    for key in path {
        schema = field(schema, root, key, 0)?;
    }
    Some(schema)
}

/// The description of field `key` of the mapping at `path`.
pub(crate) fn description(kind: Kind, path: &[String], key: &str) -> Option<String> {
    let root = kind.schema();
    let sub = field(at(kind, path)?, root, key, 0)?;
    let text = sub
        .get("description")
        .or_else(|| resolve(sub, root).get("description"))
        .and_then(Json::as_str)?;
    Some(text.to_owned())
}

/// The fields a mapping at `path` may hold, with their descriptions.
pub(crate) fn fields(kind: Kind, path: &[String]) -> Vec<(String, String)> {
    let root = kind.schema();
    let mut out = Vec::new();
    if let Some(schema) = at(kind, path) {
        collect_fields(element(schema, root), root, &mut out, 0);
    }
    out
}

fn collect_fields(schema: &Json, root: &Json, out: &mut Vec<(String, String)>, depth: u32) {
    if depth > 8 {
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Json::as_object) {
        for (name, sub) in properties {
            if out.iter().any(|(n, _)| n == name) {
                continue;
            }
            let text = sub
                .get("description")
                .or_else(|| resolve(sub, root).get("description"))
                .and_then(Json::as_str)
                .unwrap_or_default();
            out.push((name.clone(), text.to_owned()));
        }
    }
    for alt in alternatives(schema) {
        collect_fields(element(alt, root), root, out, depth + 1);
    }
}

/// Whether the elements at `path` are mappings (so a `- ` line starts a key).
pub(crate) fn holds_mappings(kind: Kind, path: &[String]) -> bool {
    !fields(kind, path).is_empty()
}

/// The values field `key` of the mapping at `path` allows, when it is an enumeration.
pub(crate) fn enum_values(kind: Kind, path: &[String], key: &str) -> Vec<(String, String)> {
    let root = kind.schema();
    let mut out = Vec::new();
    if let Some(sub) = at(kind, path).and_then(|s| field(s, root, key, 0)) {
        collect_values(element(sub, root), root, &mut out, 0);
    }
    out
}

fn collect_values(schema: &Json, root: &Json, out: &mut Vec<(String, String)>, depth: u32) {
    if depth > 8 {
        return;
    }
    let text = schema
        .get("description")
        .and_then(Json::as_str)
        .unwrap_or_default();
    if let Some(value) = schema.get("const").and_then(Json::as_str) {
        out.push((value.to_owned(), text.to_owned()));
    }
    if let Some(values) = schema.get("enum").and_then(Json::as_array) {
        let descriptions = schema
            .get("markdownEnumDescriptions")
            .or_else(|| schema.get("enumDescriptions"))
            .and_then(Json::as_array);
        for (i, value) in values.iter().enumerate() {
            if let Some(value) = value.as_str() {
                let text = descriptions
                    .and_then(|d| d.get(i))
                    .and_then(Json::as_str)
                    .unwrap_or_default();
                out.push((value.to_owned(), text.to_owned()));
            }
        }
    }
    for alt in alternatives(schema) {
        collect_values(resolve(alt, root), root, out, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_fields_descriptions_and_enums() {
        let activities = ["activities".to_owned()];
        assert!(
            fields(Kind::Plan, &activities)
                .iter()
                .any(|(n, _)| n == "rto")
        );
        assert!(description(Kind::Plan, &activities, "rto").is_some());
        let status = enum_values(Kind::Plan, &[], "status");
        assert!(status.iter().any(|(v, _)| v == "approved"), "{status:?}");
        let deps = ["activities".to_owned(), "depends_on".to_owned()];
        assert!(fields(Kind::Plan, &deps).iter().any(|(n, _)| n == "system"));
    }
}
