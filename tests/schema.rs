//! `bcplan schema` through the real binary: the published JSON Schema describes every field,
//! accepts every shipped document, and rejects the bad input that `check` reports as schema
//! errors, when run by a standard validator (as an editor would).

mod common;

use common::{bcplan, json_validator, schema_errors, yaml_files};
use serde_json::Value as Json;

const KINDS: [&str; 10] = [
    "Workspace",
    "Plan",
    "People",
    "Sites",
    "Suppliers",
    "Materials",
    "Systems",
    "Lanes",
    "Scenarios",
    "Obligations",
];

fn schema(args: &[&str]) -> Json {
    let mut all = vec!["schema"];
    all.extend_from_slice(args);
    let run = bcplan(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the schema is JSON")
}

/// Every bcplan document of the YAML files under `dir`, as JSON, with its file name.
fn documents(dir: &str) -> Vec<(String, Json)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    for path in yaml_files(&root) {
        let text = std::fs::read_to_string(&path).unwrap();
        let docs: Vec<Json> = serde_saphyr::from_multiple(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for doc in docs.into_iter().filter(|d| d.get("apiVersion").is_some()) {
            out.push((path.display().to_string(), doc));
        }
    }
    out
}

#[test]
fn prints_a_draft_2020_12_schema_for_any_document_or_one_kind() {
    let document = schema(&[]);
    assert_eq!(
        document["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(jsonschema::meta::is_valid(&document));
    for kind in KINDS {
        let one = schema(&["--kind", kind]);
        assert!(jsonschema::meta::is_valid(&one), "{kind}");
        assert_eq!(one["properties"]["kind"]["const"], kind);
        assert_eq!(schema(&["--kind", &kind.to_lowercase()]), one);
        assert_eq!(schema(&["--kind", &kind.to_uppercase()]), one);
    }
}

#[test]
fn an_unknown_kind_is_a_usage_error_with_a_suggestion() {
    let run = bcplan(&["schema", "--kind", "Peopel"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("unknown kind `Peopel`: did you mean `People`?"),
        "{}",
        run.stderr
    );
    let run = bcplan(&["schema", "--kind", "spreadsheet"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("use one of Workspace, Plan, People"),
        "{}",
        run.stderr
    );
}

/// Paths of properties without a `description`. `if` conditions are skipped: they select a
/// branch and are not shown to users.
fn undescribed(schema: &Json, path: &str, out: &mut Vec<String>) {
    match schema {
        Json::Object(object) => {
            if let Some(Json::Object(properties)) = object.get("properties") {
                for (name, property) in properties {
                    if property
                        .get("description")
                        .is_none_or(|d| d.as_str() == Some(""))
                    {
                        out.push(format!("{path}/properties/{name}"));
                    }
                }
            }
            for (key, value) in object.iter().filter(|(k, _)| *k != "if") {
                undescribed(value, &format!("{path}/{key}"), out);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                undescribed(item, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_property_has_a_description() {
    let mut missing = Vec::new();
    undescribed(&schema(&[]), "document", &mut missing);
    for kind in KINDS {
        undescribed(&schema(&["--kind", kind]), kind, &mut missing);
    }
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn accepts_every_shipped_document() {
    let document = json_validator(&schema(&[]));
    let kinds: Vec<(String, jsonschema::Validator)> = KINDS
        .iter()
        .map(|k| ((*k).to_owned(), json_validator(&schema(&["--kind", k]))))
        .collect();
    let mut seen = 0;
    // examples/gaps holds deliberate syntax and schema errors.
    for dir in ["plans", "examples/minimal"] {
        for (file, doc) in documents(dir) {
            assert_eq!(
                schema_errors(&document, &doc),
                Vec::<String>::new(),
                "{file}"
            );
            let (_, own) = kinds.iter().find(|(k, _)| doc["kind"] == *k).unwrap();
            assert_eq!(schema_errors(own, &doc), Vec::<String>::new(), "{file}");
            seen += 1;
        }
    }
    assert!(seen >= 14, "only {seen} documents found");
}

const PEOPLE: &str = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - id: a\n    name: A\n    phones: [{ number: \"+8675523456789\", hours: \"24/7\" }]\n    verified: 2026-05-01\n";
const SITES: &str = "apiVersion: bcplan/v1\nkind: Sites\nsites:\n  - { id: s, name: S, type: plant, country: CN, recovery_time: 48h }\n";
const PLAN: &str = "apiVersion: bcplan/v1\nkind: Plan\nid: p1\ntitle: Test plan\nstatus: draft\nversion: \"4.1\"\nobjectives: [one]\n";

#[test]
fn rejects_the_bad_input_check_reports_as_schema_errors() {
    let document = json_validator(&schema(&[]));
    let parse = |yaml: &str| -> Json { serde_saphyr::from_str(yaml).unwrap() };
    for good in [PEOPLE, SITES, PLAN] {
        assert_eq!(
            schema_errors(&document, &parse(good)),
            Vec::<String>::new(),
            "{good}"
        );
    }
    let cases = [
        (
            "unknown field",
            PLAN.replace("title:", "ownr: li.wei\ntitle:"),
        ),
        ("wrong type: number", PLAN.replace("\"4.1\"", "4.1")),
        ("wrong type: list", PLAN.replace("[one]", "one")),
        (
            "bad enum value",
            PLAN.replace("status: draft", "status: aproved"),
        ),
        (
            "missing required field",
            PLAN.replace("title: Test plan\n", ""),
        ),
        ("unknown kind", PLAN.replace("kind: Plan", "kind: Plna")),
        ("unknown apiVersion", PLAN.replace("bcplan/v1", "bcplan/v2")),
        ("bad date", PEOPLE.replace("2026-05-01", "2026-13-01")),
        (
            "impossible date",
            PEOPLE.replace("2026-05-01", "2026-02-30"),
        ),
        ("bad phone", PEOPLE.replace("+8675523456789", "0755 1234")),
        ("bad id", PEOPLE.replace("id: a", "id: Li Wei")),
        ("bad duration", SITES.replace("48h", "48 hours")),
        (
            "bad site type",
            SITES.replace("type: plant", "type: factory"),
        ),
        ("bad country", SITES.replace("CN", "China")),
    ];
    for (what, yaml) in cases {
        let errors = schema_errors(&document, &parse(&yaml));
        assert!(!errors.is_empty(), "{what}: accepted\n{yaml}");
        // The same input fails `check` with a schema error: the schema and the loader agree.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("doc.yaml"), &yaml).unwrap();
        let run = common::bcplan_in(dir.path(), &["check", "--rule", "schema"]);
        assert_eq!(run.code, 1, "{what}: {}", run.stdout);
        assert!(
            run.stdout.contains("error[schema]"),
            "{what}: {}",
            run.stdout
        );
    }
}

/// Every object in `schema` with the path to it.
fn objects<'a>(
    schema: &'a Json,
    path: &str,
    out: &mut Vec<(String, &'a serde_json::Map<String, Json>)>,
) {
    match schema {
        Json::Object(object) => {
            out.push((path.to_owned(), object));
            for (key, value) in object {
                objects(value, &format!("{path}/{key}"), out);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                objects(item, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// yaml-language-server stops completing a document on `"default": null`, shows a shared
/// definition's description instead of the field's, and one value's text for a `oneOf` of
/// constants (tests/yaml_language_server.rs drives the real server).
#[test]
fn the_schema_is_shaped_for_editors() {
    let mut schemas = vec![("document".to_owned(), schema(&[]))];
    schemas.extend(
        KINDS
            .iter()
            .map(|k| ((*k).to_owned(), schema(&["--kind", k]))),
    );
    for (name, schema) in &schemas {
        let mut all = Vec::new();
        objects(schema, name, &mut all);
        for (path, object) in &all {
            assert_ne!(object.get("default"), Some(&Json::Null), "{path}");
            if let Some(Json::Array(alternatives)) = object.get("oneOf") {
                assert!(
                    !alternatives.iter().all(|a| a.get("const").is_some()),
                    "{path}: an enumeration as oneOf"
                );
            }
            if let Some(Json::Array(values)) = object.get("enum") {
                let texts = object
                    .get("markdownEnumDescriptions")
                    .and_then(Json::as_array);
                if path.ends_with("/properties/kind") {
                    continue;
                }
                assert_eq!(texts.map(Vec::len), Some(values.len()), "{path}");
            }
        }
        for (def, body) in schema["$defs"].as_object().into_iter().flatten() {
            if !def.ends_with("Document") {
                assert!(body.get("description").is_none(), "{name}: $defs/{def}");
            }
        }
    }
}

/// The published schema (as an editor's validator reads it) and `check` accept and reject the
/// same `source_url` values.
#[test]
fn source_url_is_judged_alike_by_the_schema_and_check() {
    let validator = json_validator(&schema(&["--kind", "Workspace"]));
    let long = format!("https://example.com/{}/", "a".repeat(200));
    let cases = [
        ("https://github.com/acme/continuity/blob/main/", true),
        ("https://gitlab.example.com/bcm/plans/-/blob/main", true),
        ("http://intranet.example:8080/plans/caf%C3%A9/", true),
        ("ftp://files.example.com/plans/", false),
        ("github.com/acme/continuity", false),
        ("https://", false),
        ("https:///plans/", false),
        ("https://example.com/plans?ref=main", false),
        ("https://example.com/plans/#top", false),
        ("https://example.com/my plans/", false),
        ("https://example.com/café/", false),
        (long.as_str(), false),
    ];
    for (url, good) in cases {
        let yaml = format!(
            "apiVersion: bcplan/v1\nkind: Workspace\nsource_url: {}\n",
            serde_json::to_string(url).unwrap()
        );
        let doc: Json = serde_saphyr::from_str(&yaml).unwrap();
        let errors = schema_errors(&validator, &doc);
        assert_eq!(errors.is_empty(), good, "{url}: {errors:?}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bcplan.yaml"), &yaml).unwrap();
        let run = common::bcplan_in(dir.path(), &["check", "--rule", "schema"]);
        assert_eq!(run.code, i32::from(!good), "{url}: {}", run.stdout);
        if !good {
            assert!(
                run.stdout
                    .contains("bcplan.yaml:3:13: error[schema] `source_url`"),
                "{url}: {}",
                run.stdout
            );
        }
    }
}
