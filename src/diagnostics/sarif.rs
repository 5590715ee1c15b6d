//! The SARIF format: a SARIF 2.1.0 log with one run, for code-scanning tools (GitHub code
//! scanning, IDE viewers). Every rule is described in `tool.driver.rules` from the registry, with
//! the severity in force; waived findings are results with an external suppression.

use serde_json::{Map, Value as Json, json};

use super::{Finding, Severity};
use crate::rules::RULES;
use crate::uri::{encode_path, file_uri};
use crate::workspace::{SourceFile, SourceMap};
use crate::yaml::spanned::Span;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where bcplan and its rule documentation live (`repository` in Cargo.toml).
const HOME: &str = env!("CARGO_PKG_REPOSITORY");

/// The id of this kind of run, for tools that track results across runs (`automationDetails`).
const AUTOMATION_ID: &str = "bcplan/check/";

/// A rule's friendly name: its id in PascalCase (`rto-exceeds-mtpd` -> `RtoExceedsMtpd`), as
/// SARIF viewers expect a name distinct from the id (also ignoring case: `schema` ->
/// `SchemaViolation`).
fn pascal_case(id: &str) -> String {
    let name: String = id
        .split(['-', '_', '.'])
        .filter_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
        })
        .collect();
    if name.eq_ignore_ascii_case(id) {
        format!("{name}Violation")
    } else {
        name
    }
}

/// The report as pretty-printed SARIF, with a trailing newline.
///
/// `levels[i]` is the severity `RULES[i]` runs at (`None` when turned off in `bcplan.yaml`).
pub fn report(findings: &[Finding], sources: &SourceMap, levels: &[Option<Severity>]) -> String {
    let rules: Vec<Json> = RULES
        .iter()
        .zip(levels)
        .map(|(rule, level)| {
            let mut configuration = json!({ "level": sarif_level(level.unwrap_or(rule.default)) });
            if level.is_none() {
                configuration["enabled"] = json!(false);
            }
            json!({
                "id": rule.name,
                "name": pascal_case(rule.name),
                "helpUri": format!("{HOME}/blob/main/src/rules/docs/{}.md", rule.name),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": {
                    "text": rule.section("What it checks").unwrap_or_else(|| rule.summary().to_owned()),
                },
                "help": { "text": rule.doc.trim_end(), "markdown": rule.doc.trim_end() },
                "defaultConfiguration": configuration,
                "properties": {
                    "group": rule.group.title(),
                    "source": rule.source,
                    "tags": ["business-continuity", rule.group.title()],
                },
            })
        })
        .collect();
    let results: Vec<Json> = findings.iter().map(|f| result(f, sources)).collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "bcplan",
                    "informationUri": HOME,
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "automationDetails": { "id": AUTOMATION_ID },
            "originalUriBaseIds": {
                "%SRCROOT%": {
                    "description": { "text": "The folder `bcplan check` ran in." },
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(f: &Finding, sources: &SourceMap) -> Json {
    let mut text = f.message.clone();
    if !f.help.is_empty() {
        text.push_str("\nhelp: ");
        text.push_str(&f.help);
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(f.rule));
    if let Some(index) = RULES.iter().position(|r| r.name == f.rule) {
        result.insert("ruleIndex".into(), json!(index));
    }
    result.insert("level".into(), json!(sarif_level(f.severity)));
    // Code-scanning views show the text to people: controls are shown, not passed on.
    result.insert(
        "message".into(),
        json!({ "text": crate::visible::visible_lines(&text) }),
    );
    result.insert("locations".into(), json!([location(f.span, sources)]));
    if !f.related.is_empty() {
        let related: Vec<Json> = f
            .related
            .iter()
            .enumerate()
            .map(|(id, (span, note))| {
                let mut place = location(*span, sources);
                place["id"] = json!(id);
                place["message"] = json!({ "text": crate::visible::visible_lines(note) });
                place
            })
            .collect();
        result.insert("relatedLocations".into(), json!(related));
    }
    // Rule, plan, target and message: never the line, so alerts survive edits elsewhere in
    // the file; the message tells apart findings about the same target (e.g. two dependencies).
    let target = f.target.as_deref().unwrap_or_default();
    let plan = f.plan.as_deref().unwrap_or_default();
    result.insert(
        "partialFingerprints".into(),
        json!({ "bcplan/v1": format!("{:016x}", fnv1a(&[f.rule, plan, target, &f.message])) }),
    );
    if let Some(waiver) = &f.waived {
        result.insert(
            "suppressions".into(),
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": crate::visible::visible(&format!(
                    "{} (waiver in plan `{}`, approved by {}, expires {})",
                    waiver.reason.split_whitespace().collect::<Vec<_>>().join(" "),
                    waiver.plan,
                    waiver.approved_by,
                    waiver.expires
                )),
            }]),
        );
    }
    let mut properties = json!({});
    if let Some(target) = &f.target {
        properties["target"] = json!(target.as_str());
    }
    if let Some(plan) = &f.plan {
        properties["plan"] = json!(plan.as_str());
    }
    if !properties.as_object().is_some_and(Map::is_empty) {
        result.insert("properties".into(), properties);
    }
    Json::Object(result)
}

/// A SARIF location of `span`: the file, and the line and column unless the span is a whole file.
fn location(span: Span, sources: &SourceMap) -> Json {
    let mut physical = json!({ "artifactLocation": artifact(sources.get(span.file)) });
    if span.pos.line > 0 {
        physical["region"] =
            json!({ "startLine": span.pos.line, "startColumn": span.pos.col.max(1) });
    }
    json!({ "physicalLocation": physical })
}

/// Relative paths are relative to the source root (`%SRCROOT%`); absolute ones become `file:` URIs.
fn artifact(file: &SourceFile) -> Json {
    let path = file.display();
    if file.path.is_absolute() {
        json!({ "uri": file_uri(&path) })
    } else {
        json!({ "uri": encode_path(&path, false), "uriBaseId": "%SRCROOT%" })
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and release, for fingerprints.
pub(super) fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("rto-exceeds-mtpd"), "RtoExceedsMtpd");
        assert_eq!(pascal_case("schema"), "SchemaViolation");
    }

    #[test]
    fn fingerprints_separate_their_parts() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
    }
}
