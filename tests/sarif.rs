//! `check --format sarif` through the real binary: the log is valid against the official SARIF
//! 2.1.0 schema (vendored in `tests/schemas/`), describes every rule with the severity in force,
//! and locates, waives and fingerprints the findings of `tests/fixtures/formats`.

mod common;

use common::{FIXTURE, check, json_validator, schema_errors};
use serde_json::Value as Json;

fn sarif(args: &[&str]) -> Json {
    let mut all = vec!["--format", "sarif"];
    all.extend_from_slice(args);
    serde_json::from_str(&check(&all).stdout).expect("SARIF output is JSON")
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: Json =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("schema is JSON");
    let validator = json_validator(&schema);
    let absolute = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let absolute = absolute.to_str().unwrap();
    for args in [
        &["plans", "--today", "2026-11-22"][..],
        &[FIXTURE, "tests/fixtures/formats/notes.yaml"],
        // Absolute paths become `file:` URIs.
        &[absolute],
    ] {
        let log = sarif(args);
        assert_eq!(
            schema_errors(&validator, &log),
            Vec::<String>::new(),
            "{args:?}"
        );
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(
            log["$schema"],
            "https://json.schemastore.org/sarif-2.1.0.json"
        );
    }
}

#[test]
fn sarif_describes_every_rule_with_the_severity_in_force() {
    let log = sarif(&[FIXTURE]);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert!(
        run["tool"]["driver"]["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert_eq!(run["automationDetails"]["id"], "bcplan/check/");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"].is_string());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), bcplan::rules::RULES.len());
    for (rule, registered) in rules.iter().zip(bcplan::rules::RULES) {
        assert_eq!(rule["id"], registered.name);
        // A friendly PascalCase name, distinct from the id (ignoring case too).
        let name = rule["name"].as_str().unwrap();
        assert!(!name.eq_ignore_ascii_case(registered.name), "{name}");
        assert!(name.chars().next().unwrap().is_ascii_uppercase(), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/src/rules/docs/{}.md", registered.name))
        );
        assert_eq!(rule["shortDescription"]["text"], registered.summary());
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert_eq!(rule["help"]["markdown"], registered.doc.trim_end());
        assert_eq!(rule["properties"]["source"], registered.source);
    }
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(
        rule("rto-exceeds-mtpd")["defaultConfiguration"]["level"],
        "error"
    );
    assert_eq!(
        rule("exercise-overdue")["defaultConfiguration"]["level"],
        "warning"
    );
    assert_eq!(
        rule("unused-entity")["defaultConfiguration"]["level"],
        "note"
    );
    // Overridden in the fixture's bcplan.yaml: `stale-contact: info`, `supplier-security-unassessed: off`.
    assert_eq!(
        rule("stale-contact")["defaultConfiguration"]["level"],
        "note"
    );
    assert_eq!(
        rule("supplier-security-unassessed")["defaultConfiguration"]["enabled"],
        false
    );
    assert!(
        rule("rto-exceeds-mtpd")["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("mtpd")
    );
}

#[test]
fn sarif_results_locate_waive_and_fingerprint_findings() {
    let log = sarif(&[FIXTURE, "tests/fixtures/formats/notes.yaml"]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["bcplan/v1"].is_string());
    }
    let find = |rule: &str| results.iter().find(|r| r["ruleId"] == rule).unwrap();
    let duplicate = find("duplicate-id");
    let related = &duplicate["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        related["artifactLocation"]["uri"],
        "tests/fixtures/formats/odd%2C%20name.yaml"
    );
    assert_eq!(related["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(related["region"]["startLine"], 5);
    let waived = find("step-unowned");
    assert_eq!(waived["suppressions"][0]["kind"], "external");
    let justification = waived["suppressions"][0]["justification"].as_str().unwrap();
    assert!(justification.contains("50% of the desk"), "{justification}");
    assert!(find("rto-exceeds-mtpd")["suppressions"].is_null());
    assert_eq!(find("stale-contact")["level"], "note");
    // A finding about a whole file has no region.
    let whole_file = &find("schema")["locations"][0]["physicalLocation"];
    assert_eq!(
        whole_file["artifactLocation"]["uri"],
        "tests/fixtures/formats/notes.yaml"
    );
    assert!(whole_file["region"].is_null());
    insta::assert_snapshot!(
        "sarif_fixture_results",
        serde_json::to_string_pretty(results).unwrap()
    );
}

#[test]
fn fingerprints_tell_different_findings_apart() {
    let log = sarif(&["examples/gaps", "--today", "2026-06-01"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for r in results {
        let print = r["partialFingerprints"]["bcplan/v1"]
            .as_str()
            .unwrap()
            .to_owned();
        let text = r["message"]["text"].as_str().unwrap().to_owned();
        if let Some(other) = seen.insert(print, text.clone()) {
            assert_eq!(other, text, "two different findings share a fingerprint");
        }
    }
    assert!(seen.len() > 40);
}

/// The SARIF Multitool's own program (the npm package's launcher script splits arguments
/// holding `;`): `BCPLAN_SARIF_MULTITOOL`, or the copy `.ci/run` installs.
fn multitool() -> Option<std::path::PathBuf> {
    if let Ok(path) = std::env::var("BCPLAN_SARIF_MULTITOOL") {
        return Some(path.into());
    }
    let installed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".ci/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    installed.is_file().then_some(installed)
}

/// `sarif-multitool validate --rule-kind "Sarif;Gh"` (the SARIF specification's rules and
/// GitHub code scanning's) reports no error and no warning on the output; notes (e.g. that the
/// rule documentation URIs cannot be fetched without a network) are advice only.
#[test]
fn the_sarif_multitool_finds_no_error_or_warning() {
    let Some(tool) = multitool() else {
        assert!(
            std::env::var("BCPLAN_REQUIRE_SARIF_MULTITOOL").as_deref() != Ok("1"),
            "the SARIF Multitool is required (BCPLAN_REQUIRE_SARIF_MULTITOOL=1) but was not found"
        );
        eprintln!(
            "note: the SARIF Multitool was not found; test skipped \
             (set BCPLAN_REQUIRE_SARIF_MULTITOOL=1 to make this a failure)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (i, args) in [
        &[FIXTURE][..],
        &["plans", "--today", "2026-11-22"],
        &["examples/gaps"],
    ]
    .iter()
    .enumerate()
    {
        let mut all = vec!["--format", "sarif"];
        all.extend_from_slice(args);
        let log = dir.path().join(format!("bcplan{i}.sarif"));
        std::fs::write(&log, check(&all).stdout).unwrap();
        let out = std::process::Command::new(&tool)
            .arg("validate")
            .args(["--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note"])
            .arg("--output")
            .arg(dir.path().join(format!("validation{i}.sarif")))
            .arg(&log)
            .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            // A self-contained .NET program: no .NET to install, and no ICU needed this way.
            .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
            .output()
            .expect("the SARIF Multitool runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("Analysis completed successfully"),
            "{args:?}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let problems: Vec<&str> = stdout
            .lines()
            .filter(|l| l.contains(": error ") || l.contains(": warning "))
            .collect();
        assert_eq!(problems, Vec::<&str>::new(), "{args:?}");
        // The validation log agrees.
        let validation: Json = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("validation{i}.sarif"))).unwrap(),
        )
        .unwrap();
        let serious: Vec<&Json> = validation["runs"][0]["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| matches!(r["level"].as_str(), Some("error" | "warning") | None))
            .collect();
        assert_eq!(serious, Vec::<&Json>::new(), "{args:?}");
    }
}

/// Regression: the rule help in a SARIF log quotes `apiVersion: bcplan/v1`, and `--output`
/// took the log for a bcplan document and refused to write it again.
#[test]
fn a_sarif_log_can_be_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bcplan.sarif");
    let out = out.to_str().unwrap();
    for _ in 0..2 {
        let run = common::bcplan(&["check", FIXTURE, "--format", "sarif", "--output", out]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.is_empty(), "{}", run.stderr);
    }
    assert!(
        std::fs::read_to_string(out)
            .unwrap()
            .contains("apiVersion: bcplan/v1")
    );
}
