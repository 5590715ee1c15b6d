//! Every rule: registered once, documented, listed in the README, and tested with a failing and a
//! passing fixture through the real binary (`tests/fixtures/rules/<rule>/{fail,pass}`), with a
//! snapshot of the human output of the failing case.

mod common;

use std::path::Path;

use bcplan::rules::RULES;
use common::bcplan;

const TODAY: &str = "2026-06-01";

fn findings_of(dir: &str, rule: &str) -> (i32, Vec<serde_json::Value>) {
    let run = bcplan(&[
        "check", dir, "--rule", rule, "--today", TODAY, "--format", "json",
    ]);
    assert!(
        run.code == 0 || run.code == 1,
        "{dir}: exit {}: {}",
        run.code,
        run.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    assert!(
        findings.iter().all(|f| f["rule"] == rule),
        "--rule {rule} let other rules through"
    );
    (run.code, findings)
}

#[test]
fn registry_is_sorted_unique_and_documented() {
    let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        names, sorted,
        "RULES must be sorted by name, without duplicates"
    );
    for rule in RULES {
        let summary = rule.summary();
        assert!(
            !summary.is_empty() && !summary.starts_with('#'),
            "{}: first doc line is the summary",
            rule.name
        );
        for heading in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(
                rule.doc.contains(heading),
                "{}: documentation lacks `{heading}`",
                rule.name
            );
        }
        assert!(
            rule.doc.contains("```yaml"),
            "{}: documentation has no YAML example",
            rule.name
        );
        assert!(!rule.source.is_empty(), "{}: no source", rule.name);
    }
}

#[test]
fn every_rule_in_the_spec_is_registered() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/rules.md"),
    );
    let Ok(spec) = spec else {
        eprintln!("note: ../shared/spec/rules.md not found; skipping");
        return;
    };
    for line in spec
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| rule") && !l.starts_with("|---"))
    {
        let name = line
            .trim_start_matches("| ")
            .split(' ')
            .next()
            .unwrap_or_default();
        assert!(
            RULES.iter().any(|r| r.name == name),
            "rule `{name}` of rules.md is not registered"
        );
    }
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("README has the rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme
        .find("<!-- rules:end -->")
        .expect("README has the rules:end marker");
    let run = bcplan(&["rules", "--markdown"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        &readme[start..end],
        run.stdout,
        "the README rule table is out of date: replace it with the output of `bcplan rules --markdown`"
    );
}

#[test]
fn every_rule_fails_its_failing_fixture_and_passes_its_passing_fixture() {
    let mut problems = Vec::new();
    for rule in RULES {
        let base = format!("tests/fixtures/rules/{}", rule.name);
        if !Path::new(env!("CARGO_MANIFEST_DIR")).join(&base).is_dir() {
            problems.push(format!("{}: no fixture folder {base}", rule.name));
            continue;
        }
        let (code, failing) = findings_of(&format!("{base}/fail"), rule.name);
        if failing.is_empty() {
            problems.push(format!(
                "{}: the failing fixture produced no finding",
                rule.name
            ));
        }
        if rule.default == bcplan::diagnostics::Severity::Error && code != 1 {
            problems.push(format!(
                "{}: an error rule must exit 1 on its failing fixture, got {code}",
                rule.name
            ));
        }
        let (code, passing) = findings_of(&format!("{base}/pass"), rule.name);
        if !passing.is_empty() || code != 0 {
            problems.push(format!(
                "{}: the passing fixture produced {} finding(s): {:?}",
                rule.name,
                passing.len(),
                passing.first().map(|f| &f["message"])
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn failing_fixture_output_snapshots() {
    for rule in RULES {
        let dir = format!("tests/fixtures/rules/{}/fail", rule.name);
        let run = bcplan(&["check", &dir, "--rule", rule.name, "--today", TODAY]);
        insta::assert_snapshot!(format!("rule_{}", rule.name), run.stdout);
    }
}

#[test]
fn explain_prints_the_documentation_of_each_rule() {
    for rule in RULES {
        let run = bcplan(&["explain", rule.name]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.starts_with(&format!("# {}\n", rule.name)));
        assert!(run.stdout.contains("## Why it matters"));
        assert!(run.stdout.contains(rule.source));
    }
    let run = bcplan(&["explain", "single-sourse"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `single-source`?"),
        "{}",
        run.stderr
    );
}
