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

#[test]
fn junit_counts_add_up() {
    let rules = bcplan::rules::RULES.len();
    for (args, files, failed, skipped) in [
        (&["plans", "--today", "2026-11-22"][..], 14, 0, 2),
        (&[FIXTURE], 5, 2, 1),
        (&[FIXTURE, "--deny", "warnings"], 5, 3, 1),
    ] {
        let mut all = vec!["--format", "junit"];
        all.extend_from_slice(args);
        let xml = check(&all).stdout;
        let root = &elements(&xml, "testsuites")[0];
        let suites = elements(&xml, "testsuite");
        let cases = elements(&xml, "testcase");
        // One rule is off in the fixture's bcplan.yaml.
        let ran = if args[0] == "plans" { rules } else { rules - 1 };
        assert_eq!(suites.len(), files, "{args:?}");
        assert_eq!(cases.len(), files * ran, "{args:?}");
        assert_eq!(count(root, "tests"), cases.len());
        assert_eq!(count(root, "failures"), failed, "{args:?}\n{xml}");
        assert_eq!(count(root, "skipped"), skipped, "{args:?}");
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
        Some(&"bcplan: 3 errors, 1 warning, 7 info, 1 waived in 5 files")
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
        "bcplan: 0 errors, 0 warnings, 2 waived in 14 files\n"
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
