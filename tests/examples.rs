//! The shipped workspaces: `plans/` and `examples/minimal/` pass every check with no finding
//! (other than waived ones); `examples/gaps/` shows at least one finding of every rule.

mod common;

use std::collections::BTreeSet;

use bcplan::rules::RULES;
use common::bcplan;

/// The date the shipped workspaces are checked against in tests (they are kept current to it).
const TODAY: &str = "2026-11-22";

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let run = bcplan(args);
    (
        run.code,
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr)),
    )
}

fn unwaived(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived"].is_null())
        .map(|f| {
            format!(
                "{}:{}: {} {}",
                f["file"], f["line"], f["rule"], f["message"]
            )
        })
        .collect()
}

#[test]
fn reference_plans_pass_every_check() {
    let (code, report) = json(&[
        "check", "plans", "--today", TODAY, "--format", "json", "--deny", "warnings",
    ]);
    let left = unwaived(&report);
    assert!(left.is_empty(), "plans/ has findings:\n{}", left.join("\n"));
    assert_eq!(code, 0);
    assert!(report["summary"]["files"].as_u64().unwrap() >= 12);
}

#[test]
fn reference_plans_human_summary() {
    let run = bcplan(&["check", "plans", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("0 errors, 0 warnings, 2 waived in 14 files\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn minimal_example_passes_every_check() {
    let (code, report) = json(&[
        "check",
        "examples/minimal",
        "--today",
        "2026-06-01",
        "--format",
        "json",
        "--deny",
        "warnings",
    ]);
    let left = unwaived(&report);
    assert!(
        left.is_empty(),
        "examples/minimal has findings:\n{}",
        left.join("\n")
    );
    assert_eq!(code, 0);
}

#[test]
fn gaps_example_shows_every_rule() {
    let (code, report) = json(&[
        "check",
        "examples/gaps",
        "--today",
        "2026-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let found: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.name)
        .filter(|r| !found.contains(r))
        .collect();
    assert!(
        missing.is_empty(),
        "examples/gaps shows no finding of: {}",
        missing.join(", ")
    );
    assert!(
        report["summary"]["waived"].as_u64().unwrap() >= 1,
        "examples/gaps should show a waived finding"
    );
    for f in report["findings"].as_array().unwrap() {
        if f["rule"] != "yaml-syntax" && f["rule"] != "schema" {
            assert!(
                f["line"].as_u64().unwrap() > 0,
                "finding without a location: {f}"
            );
        }
    }
}

#[test]
fn checking_is_read_only_and_deterministic() {
    let first = bcplan(&["check", "plans", "--today", TODAY, "--format", "json"]);
    let second = bcplan(&["check", "plans", "--today", TODAY, "--format", "json"]);
    assert_eq!(first.stdout, second.stdout);
}
