//! `bcplan check` through the real binary: severity overrides, waivers, `--deny warnings`,
//! `--rule`, `--quiet`, `--output` and the JSON shape.

mod common;

use common::{Run, bcplan_in};

/// A workspace with one single-source material on a critical activity and a stale contact.
fn workspace(config: &str, waivers: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        format!("apiVersion: bcplan/v1\nkind: Workspace\n{config}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("registers.yaml"),
        r#"apiVersion: bcplan/v1
kind: People
people:
  - { id: li.wei, name: Li Wei, phones: [{ number: "+8613800000001", hours: "24/7" }], verified: 2024-01-01 }
---
apiVersion: bcplan/v1
kind: Suppliers
suppliers:
  - { id: acme, name: ACME, sites: [{ country: MY, region: apac-sea }] }
---
apiVersion: bcplan/v1
kind: Materials
materials:
  - { id: pcb, name: PCB, sources: [acme] }
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plan.yaml"),
        format!(
            "apiVersion: bcplan/v1\nkind: Plan\nid: p1\ntitle: P\nstatus: draft\nactivities:\n  - {{ id: smt, name: SMT, rto: 48h, depends_on: [{{ material: pcb }}] }}\n{waivers}"
        ),
    )
    .unwrap();
    dir
}

fn check(dir: &tempfile::TempDir, args: &[&str]) -> Run {
    let mut all = vec![
        "check",
        "--rule",
        "single-source",
        "--rule",
        "stale-contact",
        "--rule",
        "waiver-expired",
        "--rule",
        "schema",
    ];
    all.extend_from_slice(args);
    bcplan_in(dir.path(), &all)
}

#[test]
fn defaults_fail_on_the_error_and_report_the_warning() {
    let dir = workspace("", "");
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error[single-source] material `pcb` has 1 qualified source"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("warning[stale-contact]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("1 error, 1 warning, 0 waived in 3 files\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn overrides_change_severity_or_turn_rules_off() {
    let dir = workspace(
        "rules:\n  single-source: warning\n  stale-contact: off\n",
        "",
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("warning[single-source]"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("stale-contact"), "{}", run.stdout);
    let run = check(&dir, &["--deny", "warnings"]);
    assert_eq!(run.code, 1, "--deny warnings makes the warning fail");
}

#[test]
fn overrides_of_unknown_or_structural_rules_are_reported() {
    let dir = workspace("rules:\n  single-sourse: off\n  schema: warning\n", "");
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("bcplan.yaml:4:3: error[schema] `rules:` names unknown rule `single-sourse`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `single-source`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "bcplan.yaml:5:3: error[schema] `schema` is a structural rule and is always an error"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_valid_waiver_accepts_the_finding() {
    let waiver = "waivers:\n  - { rule: single-source, target: pcb, reason: Second source in qualification, approved_by: li.wei, expires: 2026-12-31 }\n";
    let dir = workspace("rules:\n  stale-contact: off\n", waiver);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("waived[single-source]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "waived in plan `p1` by li.wei until 2026-12-31: Second source in qualification"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("0 errors, 0 warnings, 1 waived in 3 files\n"),
        "{}",
        run.stdout
    );
    let json = check(&dir, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "single-source");
    assert_eq!(finding["waived"]["approved_by"], "li.wei");
    assert_eq!(report["summary"]["waived"], 1);
    assert_eq!(report["failed"], false);
}

#[test]
fn an_expired_or_incomplete_waiver_accepts_nothing_and_is_a_finding() {
    let waiver = "waivers:\n  - { rule: single-source, target: pcb, reason: Old, approved_by: li.wei, expires: 2026-01-31 }\n  - { rule: single-source, target: pcb, expires: 2027-01-31 }\n";
    let dir = workspace("rules:\n  stale-contact: off\n", waiver);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[single-source]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "error[waiver-expired] waiver of `single-source` for `pcb` expired on 2026-01-31"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("has no reason, has no approver (`approved_by`)"),
        "{}",
        run.stdout
    );
}

#[test]
fn quiet_prints_only_failing_findings() {
    let dir = workspace("", "");
    let run = check(&dir, &["--quiet"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[single-source]"));
    assert!(!run.stdout.contains("stale-contact"));
    assert!(!run.stdout.contains("waived in"));
}

#[test]
fn output_writes_the_report_to_a_file_and_nothing_to_stdout() {
    let dir = workspace("", "");
    let out = dir.path().join("report.json");
    let run = check(
        &dir,
        &["--format", "json", "--output", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["summary"]["files"], 3);
    let f = &report["findings"][0];
    for key in [
        "rule", "severity", "message", "file", "line", "column", "help", "target", "plan",
        "related", "waived",
    ] {
        assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn output_to_a_folder_is_refused() {
    let dir = workspace("", "");
    let run = check(&dir, &["--output", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
}

#[test]
fn dates_follow_today() {
    let dir = workspace("", "");
    // Verified 2024-01-01: stale on 2026-06-01 (the tests' BCPLAN_TODAY), fresh on 2024-06-01.
    let run = check(&dir, &["--today", "2024-06-01"]);
    assert!(!run.stdout.contains("stale-contact"), "{}", run.stdout);
}

#[test]
fn a_waiver_naming_an_unknown_or_structural_rule_is_reported() {
    let waiver = "waivers:\n  - { rule: single-sourse, target: pcb, reason: R, approved_by: li.wei, expires: 2026-12-31 }\n  - { rule: schema, target: pcb, reason: R, approved_by: li.wei, expires: 2026-12-31 }\n";
    let dir = workspace("", waiver);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "error[schema] waiver names unknown rule `single-sourse`: it accepts nothing"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `single-source`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("error[schema] `schema` is a structural rule and cannot be waived"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("error[single-source]"),
        "the misspelt waiver accepts nothing: {}",
        run.stdout
    );
}

/// Two plans, each with an activity `pack` without deputy; `p1` waives its own finding.
#[test]
fn a_waiver_accepts_only_the_findings_of_its_own_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |id: &str, waivers: &str| {
        format!(
            "apiVersion: bcplan/v1\nkind: Plan\nid: {id}\ntitle: T\nstatus: draft\nactivities:\n  - {{ id: pack, name: Packing, owner: li.wei }}\n{waivers}"
        )
    };
    let waiver = "waivers:\n  - { rule: owner-deputy, target: pack, reason: Deputy being hired, approved_by: li.wei, expires: 2026-12-31 }\n";
    std::fs::write(dir.path().join("p1.yaml"), plan("p1", waiver)).unwrap();
    std::fs::write(dir.path().join("p2.yaml"), plan("p2", "")).unwrap();
    let run = bcplan_in(
        dir.path(),
        &["check", "--rule", "owner-deputy", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let pack: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["target"] == "pack")
        .collect();
    assert_eq!(pack.len(), 2, "{pack:?}");
    for f in pack {
        let accepted = !f["waived"].is_null();
        assert_eq!(accepted, f["plan"] == "p1", "{f}");
    }
}

#[test]
fn overriding_rto_exceeds_mtpd_keeps_no_margin_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\nrules:\n  rto-exceeds-mtpd: error\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plan.yaml"),
        "apiVersion: bcplan/v1\nkind: Plan\nid: p\ntitle: T\nstatus: draft\nactivities:\n  - { id: a, name: A, rto: 48h, mtpd: 2d }\n  - { id: b, name: B, rto: 3d, mtpd: 2d }\n",
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["check", "--rule", "rto-exceeds-mtpd"]);
    assert!(
        run.stdout
            .contains("warning[rto-exceeds-mtpd] activity `a`: rto 48h equals mtpd 2d"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("error[rto-exceeds-mtpd] activity `b`"),
        "{}",
        run.stdout
    );
}

/// `--rule R` runs only rule R, and reports exactly what a full check reports for R: on every
/// rule's failing fixture, the JSON findings of `--rule R` are the full check's findings of R.
#[test]
fn a_check_of_one_rule_reports_what_the_full_check_reports_for_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut rules: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    rules.sort();
    let findings = |run: &Run| -> Vec<serde_json::Value> {
        let json: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("JSON output ({e}): {}{}", run.stdout, run.stderr));
        json["findings"].as_array().unwrap().clone()
    };
    let mut compared = 0;
    for rule in &rules {
        let fail = root.join(rule).join("fail");
        let full = bcplan_in(&fail, &["check", "--format", "json"]);
        let expected: Vec<_> = findings(&full)
            .into_iter()
            .filter(|f| f["rule"] == rule.as_str())
            .collect();
        assert!(
            !expected.is_empty(),
            "{rule}: its failing fixture has findings of it"
        );
        let one = bcplan_in(&fail, &["check", "--format", "json", "--rule", rule]);
        assert_eq!(findings(&one), expected, "{rule}");
        assert!(matches!(one.code, 0 | 1), "{rule}: {}", one.stderr);
        compared += 1;
    }
    assert!(compared >= 40, "{compared} rules compared");
}
