//! `check --format junit` and `--format github` through the real binary, and `--output` for
//! every machine-readable format, on the reference workspace (clean, two waived findings) and on
//! `tests/fixtures/formats` (errors, a warning, info findings, a related place, a waiver, a file
//! name that needs escaping).

mod common;

use common::{FIXTURE, bcplan_in, check};

/// The attributes of every element named `tag`, in document order.
fn elements(xml: &str, tag: &str) -> Vec<Vec<(String, String)>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag => out.push(
                e.attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap();
                        (a.key.as_ref().to_owned(), value.into_owned())
                    })
                    .collect(),
            ),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attr(attributes: &[(String, String)], name: &str) -> String {
    attributes
        .iter()
        .find(|(k, _)| k == name)
        .map_or_else(|| panic!("no attribute {name}"), |(_, v)| v.clone())
}

fn count(attributes: &[(String, String)], name: &str) -> usize {
    attr(attributes, name).parse().unwrap()
}

/// The findings `check --format json ARGS` reports, as (file, rule, waived).
fn json_findings(args: &[&str]) -> Vec<(String, String, bool)> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let report: serde_json::Value = serde_json::from_str(&check(&all).stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                !f["waived"].is_null(),
            )
        })
        .collect()
}

#[test]
fn junit_has_a_test_case_per_finding_and_per_rule_that_found_nothing() {
    let rules = bcplan::rules::RULES.len();
    for (args, files, failed, skipped) in [
        (&["plans", "--today", "2026-11-22"][..], 13, 0, 2),
        // notes.yaml holds no bcplan document: not checked, no suite.
        (&[FIXTURE], 4, 2, 1),
        (&[FIXTURE, "--deny", "warnings"], 4, 3, 1),
        // Paths narrow the report: only the files named are checked.
        (&["tests/fixtures/formats/plan.yaml"], 1, 1, 1),
    ] {
        let mut all = vec!["--format", "junit"];
        all.extend_from_slice(args);
        let xml = check(&all).stdout;
        let root = &elements(&xml, "testsuites")[0];
        let suites = elements(&xml, "testsuite");
        let cases = elements(&xml, "testcase");
        assert!(!xml.contains("notes.yaml"), "{xml}");
        let findings = json_findings(args);
        // One rule is off in the fixture's bcplan.yaml.
        let ran = if args[0] == "plans" { rules } else { rules - 1 };
        assert_eq!(suites.len(), files, "{args:?}");
        // Per file, each rule that ran is either one passing case named after it, or one case
        // per finding named `rule: target`.
        let mut pairs: Vec<(String, String)> = findings
            .iter()
            .map(|(file, rule, _)| (file.clone(), rule.clone()))
            .collect();
        pairs.sort();
        pairs.dedup();
        assert_eq!(
            cases.len(),
            files * ran - pairs.len() + findings.len(),
            "{args:?}"
        );
        for (file, rule, _) in &findings {
            let prefix = format!("{rule}: ");
            assert!(
                cases
                    .iter()
                    .any(|c| attr(c, "classname") == *file && attr(c, "name").starts_with(&prefix)),
                "{file} {rule}"
            );
        }
        let names: std::collections::HashSet<(String, String)> = cases
            .iter()
            .map(|c| (attr(c, "classname"), attr(c, "name")))
            .collect();
        assert_eq!(names.len(), cases.len(), "test case names repeat: {xml}");
        // Each failing finding is a test case of its own: one `<failure>` per failed case.
        assert_eq!(elements(&xml, "failure").len(), failed, "{args:?}");
        assert_eq!(count(root, "tests"), cases.len());
        assert_eq!(count(root, "failures"), failed, "{args:?}\n{xml}");
        assert!(root.iter().all(|(k, _)| k != "skipped"), "{root:?}");
        assert_eq!(
            suites.iter().map(|s| count(s, "skipped")).sum::<usize>(),
            skipped
        );
        assert_eq!(findings.iter().filter(|f| f.2).count(), skipped);
        assert_eq!(
            suites.iter().map(|s| count(s, "tests")).sum::<usize>(),
            cases.len()
        );
        assert_eq!(
            suites.iter().map(|s| count(s, "failures")).sum::<usize>(),
            failed
        );
        for suite in &suites {
            // Named by the file's path, relative to the folder `check` ran in.
            let name = attr(suite, "name");
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(&name)
                    .is_file(),
                "{name}"
            );
        }
    }
}

/// The Jenkins/xunit `junit-10.xsd` (vendored in tests/schemas) accepts the report, checked
/// with `xmllint --schema` (Debian `libxml2-utils`, installed by `.ci/run`). Without xmllint
/// the test prints a note and passes, unless `BCPLAN_REQUIRE_XMLLINT=1`.
#[test]
fn junit_is_valid_against_the_jenkins_junit_10_xsd() {
    let available = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var("BCPLAN_REQUIRE_XMLLINT").as_deref() != Ok("1"),
            "xmllint is required (BCPLAN_REQUIRE_XMLLINT=1) but was not found"
        );
        eprintln!(
            "note: xmllint not found; test skipped (set BCPLAN_REQUIRE_XMLLINT=1 to make this a failure)"
        );
        return;
    }
    let xsd = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/junit-10.xsd");
    let dir = tempfile::tempdir().unwrap();
    for (i, args) in [
        &[FIXTURE][..],
        &[FIXTURE, "--deny", "warnings"],
        &["plans", "--today", "2026-11-22"],
        &["examples/gaps"],
    ]
    .iter()
    .enumerate()
    {
        let mut all = vec!["--format", "junit"];
        all.extend_from_slice(args);
        let report = dir.path().join(format!("report{i}.xml"));
        std::fs::write(&report, check(&all).stdout).unwrap();
        let out = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&report)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn junit_failures_name_rule_place_and_help() {
    let xml = check(&["--format", "junit", FIXTURE]).stdout;
    let failures = elements(&xml, "failure");
    assert_eq!(failures.len(), 2, "{xml}");
    let rto = failures
        .iter()
        .find(|f| attr(f, "type") == "rto-exceeds-mtpd")
        .unwrap();
    assert_eq!(
        attr(rto, "message"),
        "activity `order-taking`: rto 4d exceeds mtpd 3d by 1d"
    );
    assert!(xml.contains("tests/fixtures/formats/plan.yaml:26:10: error[rto-exceeds-mtpd]"));
    assert!(xml.contains("help: recovery must be planned"));
    // The waiver's reason holds `<`, `&` and quotes: escaped, and parsed back intact above.
    assert!(xml.contains("see &lt;notes&gt; &amp;"), "{xml}");
    let selected = check(&[
        "--format",
        "junit",
        FIXTURE,
        "--rule",
        "rto-exceeds-mtpd",
        "--rule",
        "step-unowned",
        "--rule",
        "stale-contact",
        "--rule",
        "duplicate-id",
    ]);
    insta::assert_snapshot!("junit_fixture_selected_rules", selected.stdout);
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let run = check(&[
        "--format",
        "github",
        FIXTURE,
        "tests/fixtures/formats/notes.yaml",
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.contains(
        &"::error file=tests/fixtures/formats/notes.yaml,title=schema::no bcplan document in this file (document 1 has no `apiVersion: bcplan/...`)%0Ahelp: start each document with `apiVersion: bcplan/v1` and `kind: ...`, or do not name this file"
    ));
    assert!(lines.iter().any(|l| l.starts_with(
        "::notice file=tests/fixtures/formats/odd%2C name.yaml,line=10,col=9,title=unused-entity::"
    )));
    assert!(lines.iter().any(|l| l.starts_with("::warning ")));
    assert!(
        !run.stdout.contains("step-unowned"),
        "waived findings get no annotation"
    );
    assert_eq!(
        lines.last(),
        Some(&"bcplan: 3 errors, 1 warning, 3 info, 1 waived in 5 files")
    );
    insta::assert_snapshot!("github_fixture", run.stdout);

    let quiet = check(&["--format", "github", "--quiet", FIXTURE]);
    assert!(
        quiet.stdout.lines().all(|l| l.starts_with("::error ")),
        "{}",
        quiet.stdout
    );
    assert_eq!(quiet.stdout.lines().count(), 2);

    let clean = check(&["--format", "github", "plans", "--today", "2026-11-22"]);
    assert_eq!(clean.code, 0);
    assert_eq!(
        clean.stdout,
        "bcplan: 0 errors, 0 warnings, 2 waived in 13 files\n"
    );
}

#[test]
fn output_writes_each_format_to_a_file_and_nothing_to_stdout() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join(FIXTURE);
    let fixture = fixture.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("sarif", "out.sarif"),
        ("junit", "out.xml"),
        ("github", "out.txt"),
    ] {
        let expected = bcplan_in(dir.path(), &["check", "--format", format, fixture]);
        let target = dir.path().join(name);
        std::fs::write(&target, "old contents").unwrap();
        let run = bcplan_in(
            dir.path(),
            &["check", "--format", format, fixture, "--output", name],
        );
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{format}: {}", run.stdout);
        assert!(run.stderr.is_empty(), "{format}: {}", run.stderr);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), expected.stdout);
    }
    // Written by rename: no temporary file is left beside the outputs.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["out.sarif", "out.txt", "out.xml"]);

    let missing = bcplan_in(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            fixture,
            "--output",
            "no/such/dir/out.sarif",
        ],
    );
    assert_eq!(missing.code, 2);
    assert!(missing.stdout.is_empty());
    assert!(
        missing.stderr.contains("no/such/dir/out.sarif"),
        "{}",
        missing.stderr
    );
}

#[test]
fn gitlab_code_quality_matches_the_published_shape() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/gitlab-codequality.json")).unwrap();
    let validator = common::json_validator(&schema);
    for args in [
        &[FIXTURE][..],
        &[FIXTURE, "--deny", "warnings"],
        &["plans", "--today", "2026-11-22"],
        &["examples/gaps"],
    ] {
        let mut all = vec!["--format", "gitlab"];
        all.extend_from_slice(args);
        let run = check(&all);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        assert_eq!(
            common::schema_errors(&validator, &report),
            Vec::<String>::new(),
            "{args:?}"
        );
        let issues = report.as_array().unwrap();
        // One issue per finding that is not waived, each with a fingerprint of its own.
        let findings = json_findings(args);
        assert_eq!(
            issues.len(),
            findings.iter().filter(|f| !f.2).count(),
            "{args:?}"
        );
        let mut fingerprints: Vec<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        fingerprints.sort_unstable();
        fingerprints.dedup();
        assert_eq!(fingerprints.len(), issues.len(), "{args:?}");
    }
    let issues: serde_json::Value =
        serde_json::from_str(&check(&["--format", "gitlab", FIXTURE]).stdout).unwrap();
    let rto = issues
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check_name"] == "rto-exceeds-mtpd")
        .unwrap();
    assert_eq!(rto["severity"], "major");
    assert_eq!(rto["location"]["path"], "tests/fixtures/formats/plan.yaml");
    assert_eq!(rto["location"]["lines"]["begin"], 26);
    assert_eq!(
        rto["description"],
        "activity `order-taking`: rto 4d exceeds mtpd 3d by 1d"
    );
    let severities = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "gitlab", FIXTURE];
        all.extend_from_slice(args);
        let report: serde_json::Value = serde_json::from_str(&check(&all).stdout).unwrap();
        report
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["check_name"] == "communications-gap")
            .map(|i| i["severity"].as_str().unwrap().to_owned())
            .collect()
    };
    // A warning is minor, and major when `--deny warnings` makes it fail.
    assert_eq!(severities(&[]), ["minor"]);
    assert_eq!(severities(&["--deny", "warnings"]), ["major"]);
}
