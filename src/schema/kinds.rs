//! The document kinds and their JSON Schemas, generated once from the model types.

use std::sync::OnceLock;

use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::{Value as Json, json};

use crate::model::{
    LanesDoc, MaterialsDoc, ObligationsDoc, PeopleDoc, Plan, ScenariosDoc, SitesDoc, SuppliersDoc,
    SystemsDoc, WorkspaceDoc,
};

/// The API version this build reads and writes.
pub const API_VERSION: &str = "bcplan/v1";

/// A document kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `bcplan.yaml`: organisation, policy, rule overrides.
    Workspace,
    /// A continuity plan.
    Plan,
    /// People register.
    People,
    /// Sites register.
    Sites,
    /// Suppliers register.
    Suppliers,
    /// Materials register.
    Materials,
    /// Systems register.
    Systems,
    /// Lanes register.
    Lanes,
    /// Scenarios register.
    Scenarios,
    /// Obligations register: notification duties with deadlines.
    Obligations,
}

impl Kind {
    /// Every kind, in the order the format documents them.
    pub const ALL: [Kind; 10] = [
        Kind::Workspace,
        Kind::Plan,
        Kind::People,
        Kind::Sites,
        Kind::Suppliers,
        Kind::Materials,
        Kind::Systems,
        Kind::Lanes,
        Kind::Scenarios,
        Kind::Obligations,
    ];

    /// The name written after `kind:`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Workspace => "Workspace",
            Kind::Plan => "Plan",
            Kind::People => "People",
            Kind::Sites => "Sites",
            Kind::Suppliers => "Suppliers",
            Kind::Materials => "Materials",
            Kind::Systems => "Systems",
            Kind::Lanes => "Lanes",
            Kind::Scenarios => "Scenarios",
            Kind::Obligations => "Obligations",
        }
    }

    /// The kind named `name` (case-sensitive, as in documents).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// For registers, the field holding the list of entries.
    pub fn list_field(self) -> Option<&'static str> {
        match self {
            Kind::Workspace | Kind::Plan => None,
            Kind::People => Some("people"),
            Kind::Sites => Some("sites"),
            Kind::Suppliers => Some("suppliers"),
            Kind::Materials => Some("materials"),
            Kind::Systems => Some("systems"),
            Kind::Lanes => Some("lanes"),
            Kind::Scenarios => Some("scenarios"),
            Kind::Obligations => Some("obligations"),
        }
    }

    /// The JSON Schema (draft 2020-12) of a document of this kind.
    pub fn schema(self) -> &'static Json {
        static SCHEMAS: OnceLock<Vec<Json>> = OnceLock::new();
        let schemas = SCHEMAS.get_or_init(|| Kind::ALL.iter().map(|k| k.generate()).collect());
        &schemas[self as usize]
    }

    /// The schema of a register document's header: [`Kind::schema`] without its list among the
    /// required fields (the list's entries are validated one by one). Built once.
    pub fn header_schema(self) -> &'static Json {
        static HEADERS: OnceLock<Vec<Json>> = OnceLock::new();
        let headers = HEADERS.get_or_init(|| {
            Kind::ALL
                .iter()
                .map(|k| {
                    let mut schema = k.schema().clone();
                    if let (Some(list), Some(required)) = (
                        k.list_field(),
                        schema.get_mut("required").and_then(Json::as_array_mut),
                    ) {
                        required.retain(|r| r != list);
                    }
                    schema
                })
                .collect()
        });
        &headers[self as usize]
    }

    fn generate(self) -> Json {
        let mut schema = match self {
            Kind::Workspace => generate::<WorkspaceDoc>(),
            Kind::Plan => generate::<Plan>(),
            Kind::People => generate::<PeopleDoc>(),
            Kind::Sites => generate::<SitesDoc>(),
            Kind::Suppliers => generate::<SuppliersDoc>(),
            Kind::Materials => generate::<MaterialsDoc>(),
            Kind::Systems => generate::<SystemsDoc>(),
            Kind::Lanes => generate::<LanesDoc>(),
            Kind::Scenarios => generate::<ScenariosDoc>(),
            Kind::Obligations => generate::<ObligationsDoc>(),
        };
        // The kind's name, not the Rust type's (`SystemsDoc`): editors show it on hover.
        schema["title"] = json!(self.name());
        if let Some(properties) = schema.get_mut("properties").and_then(Json::as_object_mut) {
            properties.insert(
                "apiVersion".into(),
                json!({ "description": "Format version of the document.", "const": API_VERSION }),
            );
            properties.insert(
                "kind".into(),
                json!({ "description": "Kind of document.", "const": self.name() }),
            );
        }
        if let Some(required) = schema.get_mut("required").and_then(Json::as_array_mut) {
            for field in ["kind", "apiVersion"] {
                if !required.iter().any(|r| r == field) {
                    required.insert(0, field.into());
                }
            }
        }
        schema
    }
}

fn generate<T: JsonSchema>() -> Json {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    describe_variant_keys(&mut schema);
    for_editors(&mut schema);
    schema
}

/// Shapes the schema the way editors read it (yaml-language-server, VS Code): no
/// `"default": null` (it stops yaml-language-server completing a document), enumerations as
/// `enum` with `markdownEnumDescriptions` (a `oneOf` of constants makes hover show one value's
/// text), and no description on a reusable definition (hover shows the definition's text instead
/// of the field's): a field that has none of its own takes the definition's.
fn for_editors(schema: &mut Json) {
    strip_null_defaults(schema);
    enums_as_enum(schema);
    let mut descriptions = serde_json::Map::new();
    if let Some(Json::Object(defs)) = schema.get_mut("$defs") {
        for (name, def) in defs.iter_mut() {
            if let Some(text) = def.as_object_mut().and_then(|d| d.remove("description")) {
                descriptions.insert(format!("#/$defs/{name}"), text);
            }
        }
    }
    describe_references(schema, &descriptions);
}

fn strip_null_defaults(schema: &mut Json) {
    match schema {
        Json::Object(object) => {
            if object.get("default") == Some(&Json::Null) {
                object.remove("default");
            }
            object.values_mut().for_each(strip_null_defaults);
        }
        Json::Array(items) => items.iter_mut().for_each(strip_null_defaults),
        _ => {}
    }
}

/// `oneOf: [{ const: a, description: .. }, ..]` of strings becomes `enum: [a, ..]` with the
/// descriptions in `markdownEnumDescriptions`.
fn enums_as_enum(schema: &mut Json) {
    let Json::Object(object) = schema else {
        if let Json::Array(items) = schema {
            items.iter_mut().for_each(enums_as_enum);
        }
        return;
    };
    let constants: Option<Vec<(Json, Json)>> = object
        .get("oneOf")
        .and_then(Json::as_array)
        .and_then(|alternatives| {
            alternatives
                .iter()
                .map(|a| {
                    let value = a.get("const").filter(|c| c.is_string())?;
                    let text = a.get("description").cloned().unwrap_or_else(|| json!(""));
                    Some((value.clone(), text))
                })
                .collect()
        });
    if let Some(constants) = constants.filter(|c| !c.is_empty()) {
        object.remove("oneOf");
        let (values, texts): (Vec<Json>, Vec<Json>) = constants.into_iter().unzip();
        object.insert("type".into(), json!("string"));
        object.insert("enum".into(), Json::Array(values));
        object.insert("markdownEnumDescriptions".into(), Json::Array(texts));
    }
    object.values_mut().for_each(enums_as_enum);
}

/// Gives every schema that refers to a definition (directly, or as the one non-null
/// alternative of an optional field) the definition's description when it has none of its own.
/// The alternatives of an `anyOf`/`oneOf` are left bare: the field around them is described.
fn describe_references(schema: &mut Json, descriptions: &serde_json::Map<String, Json>) {
    let Json::Object(object) = schema else {
        if let Json::Array(items) = schema {
            for item in items {
                describe_references(item, descriptions);
            }
        }
        return;
    };
    if !object.contains_key("description") {
        let reference = object.get("$ref").and_then(Json::as_str).or_else(|| {
            // Only `anyOf: [{ $ref }, { type: null }]`, the shape of an optional field: other
            // unions (one approver or a list of them) are not their first alternative.
            let is_null = |a: &Json| a.get("type").and_then(Json::as_str) == Some("null");
            match object.get("anyOf")?.as_array()?.as_slice() {
                [a, b] if is_null(b) => a.get("$ref")?.as_str(),
                [a, b] if is_null(a) => b.get("$ref")?.as_str(),
                _ => None,
            }
        });
        if let Some(text) = reference.and_then(|r| descriptions.get(r)).cloned() {
            object.insert("description".into(), text);
        }
    }
    for (key, value) in object.iter_mut() {
        match (key.as_str(), value) {
            ("anyOf" | "oneOf", Json::Array(alternatives)) => {
                for alternative in alternatives {
                    if let Json::Object(inner) = alternative {
                        for v in inner.values_mut() {
                            describe_references(v, descriptions);
                        }
                    }
                }
            }
            (_, value) => describe_references(value, descriptions),
        }
    }
}

/// Gives the key of an externally tagged enum variant (`{ site: dongguan-p2 }`) the variant's
/// documentation: schemars puts it on the variant's object only, and editors show the key's.
fn describe_variant_keys(schema: &mut Json) {
    match schema {
        Json::Object(object) => {
            let description = object.get("description").cloned();
            let single_key = object
                .get("required")
                .and_then(Json::as_array)
                .filter(|r| r.len() == 1)
                .and_then(|r| r[0].as_str().map(str::to_owned));
            if let (Some(description), Some(key)) = (description, single_key) {
                if let Some(Json::Object(property)) = object
                    .get_mut("properties")
                    .filter(|p| p.as_object().is_some_and(|p| p.len() == 1))
                    .and_then(|p| p.get_mut(&key))
                {
                    property.entry("description").or_insert(description);
                }
            }
            object.values_mut().for_each(describe_variant_keys);
        }
        Json::Array(items) => items.iter_mut().for_each(describe_variant_keys),
        _ => {}
    }
}

/// One schema for any bcplan document: the kind schemas under `$defs`, chosen by `kind`.
pub fn document_schema() -> Json {
    let mut defs = serde_json::Map::new();
    let mut choices = Vec::new();
    for kind in Kind::ALL {
        let mut schema = kind.schema().clone();
        if let Some(Json::Object(sub_defs)) = schema.as_object_mut().and_then(|o| o.remove("$defs"))
        {
            defs.extend(sub_defs);
        }
        if let Some(o) = schema.as_object_mut() {
            o.remove("$schema");
        }
        choices.push(json!({
            "if": { "properties": { "kind": { "const": kind.name() } }, "required": ["kind"] },
            "then": { "$ref": format!("#/$defs/{}Document", kind.name()) },
        }));
        defs.insert(format!("{}Document", kind.name()), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "bcplan document",
        "description": "A bcplan/v1 document: a continuity plan or a shared register.",
        "type": "object",
        "required": ["apiVersion", "kind"],
        "properties": {
            "apiVersion": { "description": "Format version of the document.", "const": API_VERSION },
            "kind": {
                "description": "Kind of document: the plan, the workspace settings, or a register.",
                "enum": Kind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>(),
            },
        },
        "allOf": choices,
        "$defs": defs,
    })
}
