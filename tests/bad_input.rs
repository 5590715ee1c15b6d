//! Bad input through the real binary: each case gets a clear message naming file, line and
//! column where there is one, the right exit code, no panic, and nothing written or modified.

mod common;

use std::path::Path;

use common::{Run, bcplan_in, snapshot_tree};

const PLAN_HEAD: &str =
    "apiVersion: bcplan/v1\nkind: Plan\nid: p1\ntitle: Test plan\nstatus: draft\n";

/// Writes `files` into a fresh folder, runs `check` there, and checks nothing was written or changed.
fn check_files(files: &[(&str, &[u8])], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let before = snapshot_tree(dir.path());
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let run = bcplan_in(dir.path(), &all);
    assert_eq!(
        before,
        snapshot_tree(dir.path()),
        "check must not write or modify files"
    );
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    run
}

/// `check_files` with a People register and a plan.
fn check_people_and_plan(people: &str, plan: &str, args: &[&str]) -> Run {
    check_files(
        &[
            ("people.yaml", people.as_bytes()),
            ("plan.yaml", plan.as_bytes()),
        ],
        args,
    )
}

fn assert_finding(run: &Run, expected: &str) {
    assert!(
        run.stdout.contains(expected),
        "expected `{expected}` in:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn syntax_error_points_at_the_real_error() {
    let run = check_files(
        &[(
            "plan.yaml",
            b"apiVersion: bcplan/v1\nkind: People\npeople: [ { id: a, name: A }\n",
        )],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(&run, "plan.yaml:3:9: error[yaml-syntax]");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn bad_indentation_is_a_syntax_error_not_a_missing_field() {
    let run = check_files(
        &[(
            "plan.yaml",
            format!("{PLAN_HEAD}purpose: x\n  scope: y\n").as_bytes(),
        )],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(&run, "error[yaml-syntax]");
    assert!(!run.stdout.contains("missing"), "{}", run.stdout);
}

#[test]
fn unknown_field_suggests_the_right_name() {
    let run = check_files(
        &[("plan.yaml", format!("{PLAN_HEAD}ownr: li.wei\n").as_bytes())],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "plan.yaml:6:1: error[schema] unknown field `ownr` in a plan",
    );
    assert_finding(&run, "did you mean `owner`?");
}

#[test]
fn wrong_type_says_what_was_expected() {
    let run = check_files(
        &[(
            "plan.yaml",
            format!("{PLAN_HEAD}version: 4.1\nobjectives: one\n").as_bytes(),
        )],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "plan.yaml:6:10: error[schema] `version` must be a string, found the number 4.1",
    );
    assert_finding(&run, "quote the value");
    assert_finding(
        &run,
        "plan.yaml:7:13: error[schema] `objectives` must be a list, found a string",
    );
}

#[test]
fn bad_duration_date_and_phone_are_all_reported_in_one_run() {
    let doc = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - id: a\n    name: A\n    verified: 2026-13-01\n    phones: [{ number: \"0755 1234\", hours: \"24/7\" }]\n---\napiVersion: bcplan/v1\nkind: Sites\nsites:\n  - { id: s, name: S, type: plant, country: CN, recovery_time: 48 hours }\n";
    let run = check_files(&[("registers.yaml", doc.as_bytes())], &[]);
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "registers.yaml:6:15: error[schema] `verified`: `2026-13-01` is not a date",
    );
    assert_finding(
        &run,
        "registers.yaml:7:24: error[schema] `number`: `0755 1234` is not an E.164 phone number",
    );
    assert_finding(
        &run,
        "registers.yaml:12:64: error[schema] `recovery_time`: `48 hours` is not a duration: write `48h`",
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn missing_api_version_and_kind() {
    let run = check_files(
        &[
            ("a.yaml", b"kind: Plan\nid: p1\n"),
            ("b.yaml", b"apiVersion: bcplan/v1\nid: p1\n"),
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "a.yaml:1:1: error[schema] document 1 has `kind: Plan` but no `apiVersion`",
    );
    assert_finding(&run, "b.yaml:1:1: error[schema] document 1 has no `kind`");
}

#[test]
fn unknown_kind_suggests_the_closest() {
    let run = check_files(
        &[(
            "a.yaml",
            b"apiVersion: bcplan/v1\nkind: Peopel\npeople: []\n",
        )],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(&run, "a.yaml:2:7: error[schema] unknown kind `Peopel`");
    assert_finding(&run, "did you mean `People`?");
}

#[test]
fn unknown_api_version_is_an_error() {
    let run = check_files(
        &[(
            "a.yaml",
            b"apiVersion: bcplan/v2\nkind: People\npeople: []\n",
        )],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "a.yaml:1:13: error[schema] unknown apiVersion `bcplan/v2`",
    );
}

#[test]
fn other_yaml_files_are_skipped_and_listed_under_verbose() {
    let run = check_files(&[("ci.yaml", b"name: build\non: push\n")], &["--verbose"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("skipped ci.yaml: document 1 has no `apiVersion: bcplan/...`"),
        "{}",
        run.stderr
    );
}

#[test]
fn duplicate_mapping_keys_are_reported() {
    let run = check_files(
        &[("plan.yaml", format!("{PLAN_HEAD}title: Again\n").as_bytes())],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "plan.yaml:6:1: error[yaml-syntax] duplicate key `title`",
    );
}

#[test]
fn empty_file_is_skipped_in_a_folder_and_reported_when_named() {
    let run = check_files(&[("empty.yaml", b"")], &["--verbose"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("skipped empty.yaml: the file is empty"),
        "{}",
        run.stderr
    );
    let run = check_files(&[("empty.yaml", b"")], &["empty.yaml"]);
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "empty.yaml: error[schema] no bcplan document in this file (the file is empty)",
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    let run = check_files(
        &[(
            "plan.yaml",
            b"apiVersion: bcplan/v1\nkind: Plan\ntitle: Caf\xe9\n",
        )],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "plan.yaml:3:11: error[yaml-syntax] the file is not valid UTF-8 text",
    );
}

#[test]
fn utf8_bom_and_crlf_line_endings_are_accepted() {
    let text = "\u{feff}apiVersion: bcplan/v1\r\nkind: People\r\npeople:\r\n  - id: a\r\n    name: A\r\n    phone: x\r\n";
    let run = check_files(&[("people.yaml", text.as_bytes())], &[]);
    assert_eq!(run.code, 1);
    // The error is located as in an LF file without BOM.
    assert_finding(
        &run,
        "people.yaml:6:5: error[schema] unknown field `phone` in a person",
    );
    assert_finding(&run, "did you mean `phones`?");
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error() {
    let run = check_files(&[], &["nowhere"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: nowhere: no such file or folder"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
#[cfg(unix)]
fn an_unreadable_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.yaml"), dir.path().join("plan.yaml")).unwrap();
    let run = bcplan_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("plan.yaml"), "{}", run.stderr);
}

#[test]
fn unknown_rule_name_is_a_usage_error_with_suggestion() {
    let run = check_files(&[], &["--rule", "rto-exceed-mtpd"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown rule `rto-exceed-mtpd`: did you mean `rto-exceeds-mtpd`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_today_is_a_usage_error() {
    let run = check_files(&[], &["--today", "22/11/2026"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--today"), "{}", run.stderr);
}

#[test]
fn a_yaml_bomb_is_refused_not_expanded() {
    let mut text = String::from(
        "apiVersion: bcplan/v1\nkind: People\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..12 {
        let prev = i - 1;
        text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    text.push_str("people: []\n");
    let run = check_files(&[("bomb.yaml", text.as_bytes())], &[]);
    assert_eq!(run.code, 1);
    assert_finding(&run, "bomb.yaml:");
    assert_finding(&run, "error[yaml-syntax]");
    assert_finding(&run, "exceeds bcplan's safety limits");
}

#[test]
fn schema_errors_of_a_register_entry_do_not_cascade_into_unknown_references() {
    let files: &[(&str, &[u8])] = &[
        ("people.yaml", b"apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: li.wei, name: Li Wei, verified: yesterday }\n"),
        ("plan.yaml", format!("{PLAN_HEAD}owner: li.wei\n").as_bytes().to_vec().leak()),
    ];
    let run = check_files(files, &["--rule", "schema", "--rule", "unknown-reference"]);
    assert_finding(&run, "error[schema]");
    assert!(!run.stdout.contains("unknown-reference"), "{}", run.stdout);
    let _ = Path::new(".");
}

#[test]
fn a_path_inside_a_workspace_is_checked_with_the_whole_workspace_as_context() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("people.yaml"),
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: li.wei, name: Li Wei }\n  - { id: bad, name: B, verified: never }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plans/p.yaml"),
        format!("{PLAN_HEAD}owner: li.wei\ndeputy: nobody\n"),
    )
    .unwrap();
    let run = bcplan_in(
        dir.path(),
        &[
            "check",
            "plans",
            "--rule",
            "unknown-reference",
            "--rule",
            "schema",
        ],
    );
    // li.wei resolves through the register outside `plans/`; only the plan's own problem is shown.
    assert!(
        run.stdout.contains(
            "plans/p.yaml:7:9: error[unknown-reference] `deputy` refers to a person `nobody`"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("li.wei`, which"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("people.yaml"),
        "findings outside the named path are not reported: {}",
        run.stdout
    );
}

/// A small workspace with `bcplan.yaml` (excluding `drafts/**`), a People register and one plan.
fn workspace_with_drafts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("drafts")).unwrap();
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\nexclude: [\"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("people.yaml"),
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: li.wei, name: Li Wei }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plans/p.yaml"),
        format!("{PLAN_HEAD}owner: li.wei\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("drafts/d.yaml"),
        "apiVersion: bcplan/v1\nkind: Plan\nid: BAD\n",
    )
    .unwrap();
    dir
}

#[test]
fn exclude_globs_apply_wherever_bcplan_runs_from() {
    let dir = workspace_with_drafts();
    for args in [&["check"][..], &["check", "."], &["check", "plans"]] {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--rule", "schema"]);
        let run = bcplan_in(dir.path(), &all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stdout);
        assert!(
            run.stdout.ends_with("in 3 files\n"),
            "{args:?}: {}",
            run.stdout
        );
    }
    // A file named explicitly is read even when excluded.
    let run = bcplan_in(dir.path(), &["check", "drafts/d.yaml", "--rule", "schema"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("drafts/d.yaml:3:5: error[schema]"),
        "{}",
        run.stdout
    );
}

#[test]
fn paths_outside_the_workspace_are_read_too() {
    let dir = workspace_with_drafts();
    let loose = tempfile::tempdir().unwrap();
    std::fs::write(
        loose.path().join("x.yaml"),
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: Bad, name: B }\n",
    )
    .unwrap();
    let run = bcplan_in(
        dir.path(),
        &[
            "check",
            "plans",
            loose.path().join("x.yaml").to_str().unwrap(),
            "--rule",
            "schema",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("x.yaml:4:11: error[schema]"),
        "{}",
        run.stdout
    );
}

#[test]
fn output_never_overwrites_a_bcplan_document() {
    let dir = workspace_with_drafts();
    let before = std::fs::read(dir.path().join("people.yaml")).unwrap();
    let run = bcplan_in(dir.path(), &["check", "--output", "people.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("refusing to overwrite a bcplan document"),
        "{}",
        run.stderr
    );
    assert_eq!(
        before,
        std::fs::read(dir.path().join("people.yaml")).unwrap()
    );
}

#[test]
fn an_api_version_typo_is_an_error_not_a_skipped_file() {
    let run = check_files(
        &[(
            "plan.yaml",
            PLAN_HEAD.replace("bcplan/v1", "bcplan.v1").as_bytes(),
        )],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_finding(
        &run,
        "plan.yaml:1:13: error[schema] unknown apiVersion `bcplan.v1`",
    );
}

#[test]
fn a_plan_file_with_a_syntax_error_causes_no_knock_on_findings() {
    let other = format!(
        "{PLAN_HEAD}activities:\n  - {{ id: a, name: A, depends_on: [{{ activity: p2/x }}] }}\n"
    );
    let broken = "apiVersion: bcplan/v1\nkind: Plan\nid: p2\ntitle: \"unclosed\nstatus: draft\nowner: li.wei\n";
    let people = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: li.wei, name: Li Wei }\n";
    let run = check_files(
        &[
            ("a.yaml", other.as_bytes()),
            ("b.yaml", broken.as_bytes()),
            ("people.yaml", people.as_bytes()),
        ],
        &[
            "--rule",
            "yaml-syntax",
            "--rule",
            "unknown-reference",
            "--rule",
            "unused-entity",
        ],
    );
    assert_finding(&run, "b.yaml:");
    assert!(
        run.stdout
            .ends_with("1 error, 0 warnings, 0 waived in 3 files\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn ids_are_capped_at_100_characters() {
    let long = "a".repeat(240);
    let plan =
        format!("apiVersion: bcplan/v1\nkind: Plan\nid: {long}\ntitle: Test plan\nstatus: draft\n");
    let run = check_files(&[("plan.yaml", plan.as_bytes())], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "plan.yaml:3:5: error[schema] `id` is 240 characters long; at most 100 are allowed",
    );
    // 100 characters are fine.
    let ok = format!(
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - {{ id: {}, name: A }}\n",
        "b".repeat(100)
    );
    let run = check_files(&[("people.yaml", ok.as_bytes())], &[]);
    assert!(!run.stdout.contains("error[schema]"), "{}", run.stdout);
    // The published schema says so too.
    let schema = common::bcplan(&["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&schema.stdout).unwrap();
    assert_eq!(schema["$defs"]["Id"]["maxLength"], 100);
    assert_eq!(
        schema["$defs"]["Person"]["properties"]["name"]["maxLength"],
        200
    );
}

#[test]
fn names_and_titles_are_capped_at_200_characters() {
    let name = "N".repeat(3000);
    let people =
        format!("apiVersion: bcplan/v1\nkind: People\npeople:\n  - id: a\n    name: {name}\n");
    let plan = format!(
        "apiVersion: bcplan/v1\nkind: Plan\nid: p1\ntitle: {}\nstatus: draft\n",
        "T".repeat(201)
    );
    let run = check_people_and_plan(&people, &plan, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "people.yaml:5:11: error[schema] `name` is 3000 characters long; at most 200 are allowed",
    );
    assert_finding(
        &run,
        "plan.yaml:4:8: error[schema] `title` is 201 characters long; at most 200 are allowed",
    );
}

#[test]
fn long_source_lines_are_cut_around_the_column() {
    let role = "r".repeat(5000);
    let people = format!(
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - {{ id: a, name: A, role: {role}, colour: red }}\n"
    );
    let run = check_files(&[("people.yaml", people.as_bytes())], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let column = people.lines().nth(3).unwrap().find("colour").unwrap() + 1;
    assert_finding(
        &run,
        &format!("people.yaml:4:{column}: error[schema] unknown field `colour`"),
    );
    let longest = run.stdout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(
        longest < 320,
        "a line of {longest} characters:\n{}",
        run.stdout
    );
    // The caret still points at the field.
    let lines: Vec<&str> = run.stdout.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains("unknown field `colour`"))
        .unwrap();
    let source = header + 2;
    let caret = lines[source + 1].chars().position(|c| c == '^').unwrap();
    let pointed: String = lines[source].chars().skip(caret).take(6).collect();
    assert_eq!(pointed, "colour", "{}", run.stdout);
    assert!(lines[source].contains('…'), "{}", run.stdout);
}

/// Makes a FIFO at `path` with `mkfifo`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_special_file_named_on_the_command_line_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.yaml"));
    let run = bcplan_in(dir.path(), &["check", "pipe.yaml"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "pipe.yaml: a FIFO (a named pipe), not a regular file or folder; bcplan reads only regular files"
        ),
        "{}",
        run.stderr
    );
    let run = bcplan_in(dir.path(), &["check", "/dev/zero"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("/dev/zero: a character device, not a regular file or folder"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_special_file_met_while_walking_is_reported_and_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("people.yaml"),
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: a, name: A }\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    mkfifo(&dir.path().join("sub/pipe.yaml"));
    // Opening the FIFO would wait for a writer: the run would hang.
    let run = bcplan_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("not read (not a regular file): sub/pipe.yaml, a FIFO (a named pipe)"),
        "{}",
        run.stdout
    );
    let run = bcplan_in(dir.path(), &["check", "--verbose"]);
    assert!(
        run.stderr.contains(
            "skipped sub/pipe.yaml: a FIFO (a named pipe), not a regular file (not read)"
        ),
        "{}",
        run.stderr
    );
    // Machine-readable output stays clean; the note goes to standard error.
    let run = bcplan_in(dir.path(), &["check", "--format", "json"]);
    assert!(serde_json::from_str::<serde_json::Value>(&run.stdout).is_ok());
    assert!(run.stderr.contains("sub/pipe.yaml"), "{}", run.stderr);
}

#[test]
fn upper_case_yaml_extensions_are_read() {
    let bad = b"apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: A, name: A }\n";
    let run = check_files(&[("one.YAML", bad), ("two.YML", bad)], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(&run, "one.YAML:4:11: error[schema]");
    assert_finding(&run, "two.YML:4:11: error[schema]");
}

#[test]
fn files_over_the_size_limit_are_refused_with_the_way_to_raise_it() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: 17 MiB on paper, nothing on disk.
    let big = std::fs::File::create(dir.path().join("big.yaml")).unwrap();
    big.set_len(17 << 20).unwrap();
    drop(big);
    let run = bcplan_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "big.yaml: the file is 17.0 MiB (more than the limit of 16MiB, `limits.max_file_size`); if it is meant to be this large, raise the limit in bcplan.yaml: `limits: { max_file_size: 17MiB }`"
        ),
        "{}",
        run.stderr
    );
    // Raised in bcplan.yaml, the file is read.
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\nlimits:\n  max_file_size: 32MiB\n",
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["check"]);
    assert!(!run.stderr.contains("max_file_size"), "{}", run.stderr);
    assert!(run.stdout.contains("big.yaml"), "{}", run.stdout);
}

#[test]
fn the_workspace_total_is_limited_and_sizes_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    let people = format!(
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - {{ id: a, name: A, role: {} }}\n",
        "r".repeat(150)
    );
    for name in ["a.yaml", "b.yaml", "c.yaml"] {
        std::fs::write(
            dir.path().join(name),
            people.replace("id: a", &format!("id: {}", &name[..1])),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\nlimits:\n  max_file_size: 300\n  max_workspace_size: 1KB\n",
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["check"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run.stdout.contains("in 4 files"), "{}", run.stdout);
    let people = people.replace("role: ", &format!("role: {}", "r".repeat(100)));
    std::fs::write(dir.path().join("a.yaml"), &people).unwrap();
    let run = bcplan_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "a.yaml: the file is {} bytes (more than the limit of 300 bytes, `limits.max_file_size`)",
            people.len()
        )),
        "{}",
        run.stderr
    );
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\nlimits:\n  max_workspace_size: 700\n",
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("YAML files total")
            && run
                .stderr
                .contains("more than the limit of 700 bytes (`limits.max_workspace_size`)"),
        "{}",
        run.stderr
    );
    std::fs::write(
        dir.path().join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\nlimits:\n  max_file_size: 16 MiBs\n",
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_finding(
        &run,
        "bcplan.yaml:4:18: error[schema] `max_file_size`: `16 MiBs` is not a size",
    );
}

#[test]
fn a_budget_breach_is_said_in_words() {
    let text = format!(
        "apiVersion: bcplan/v1\nkind: People\na0: &a0 \"{}\"\na1: [{}]\npeople: []\n",
        "x".repeat(1 << 20),
        vec!["*a0"; 70].join(", ")
    );
    let run = check_files(&[("big.yaml", text.as_bytes())], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "error[yaml-syntax] the file exceeds bcplan's safety limits for YAML: its values hold ",
    );
    assert_finding(&run, "bytes of text once aliases are expanded");
    assert!(!run.stdout.contains("ScalarBytes"), "{}", run.stdout);
    assert!(!run.stdout.contains("total_scalar_bytes"), "{}", run.stdout);
}

#[test]
fn a_tab_is_reported_at_its_own_line_and_column() {
    let mut text = String::from("apiVersion: bcplan/v1\nkind: People\npeople:\n");
    for i in 0..25 {
        text.push_str(&format!(
            "  - id: p{i}\n    name: Person {i}\n    role: Buyer\n    site: leeds\n"
        ));
    }
    // Line 105: a tab where the indentation should be.
    text.push_str("  - id: last\n    name: Last\n\trole: Buyer\n");
    assert_eq!(text.lines().nth(105).unwrap(), "\trole: Buyer");
    let run = check_files(&[("people.yaml", text.as_bytes())], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "people.yaml:106:1: error[yaml-syntax] invalid YAML: a tab character where YAML expects spaces",
    );
    assert_finding(&run, "106 | \trole: Buyer");
    assert!(!run.stdout.contains("105:"), "{}", run.stdout);
}

#[test]
fn an_unquoted_phone_is_shown_as_written_with_the_quoted_form() {
    let text = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - id: a\n    name: A\n    phones:\n      - number: +447700900101   # mobile\n";
    let run = check_files(&[("people.yaml", text.as_bytes())], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "people.yaml:7:17: error[schema] `number` must be a string, found `+447700900101`, which YAML reads as the number 447700900101",
    );
    assert_finding(
        &run,
        "help: quote the value so YAML reads it as text: `number: \"+447700900101\"`",
    );
}

#[test]
fn numbers_and_booleans_say_what_is_expected() {
    let plan = format!("{PLAN_HEAD}activities:\n  - id: a\n    name: A\n    priority: high\n");
    let suppliers = "apiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - id: s\n    name: S\n    dpa_signed: yes\n";
    let run = check_files(
        &[
            ("plan.yaml", plan.as_bytes()),
            ("suppliers.yaml", suppliers.as_bytes()),
        ],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "plan.yaml:9:15: error[schema] `priority` must be a whole number, found `high`",
    );
    assert_finding(&run, "help: write a whole number, 1 or more");
    assert_finding(
        &run,
        "suppliers.yaml:6:17: error[schema] `dpa_signed` must be true or false, found `yes`",
    );
    assert_finding(
        &run,
        "help: write `true` or `false` (YAML 1.2 reads `yes`, `no`, `on` and `off` as text)",
    );
    assert!(
        !run.stdout.contains("see `bcplan schema`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_forgotten_document_separator_is_named() {
    let text = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: a, name: A }\n\napiVersion: bcplan/v1\nkind: Sites\nsites: []\n";
    let run = check_files(&[("registers.yaml", text.as_bytes())], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "registers.yaml:6:1: error[yaml-syntax] a second `apiVersion` and `kind`: this looks like the start of another document without the `---` line",
    );
    assert_finding(
        &run,
        "help: add a line `---` above line 6 to start a new document",
    );
    assert!(
        !run.stdout.contains("remove one of the two"),
        "{}",
        run.stdout
    );
    // A real duplicate key keeps its advice.
    let text = "apiVersion: bcplan/v1\nkind: People\npeople: []\npeople: []\n";
    let run = check_files(&[("people.yaml", text.as_bytes())], &[]);
    assert_finding(&run, "duplicate key `people`");
    assert_finding(&run, "remove one of the two entries");
}

#[test]
fn a_misspelt_24_7_is_reported_at_the_phone_in_the_register() {
    let people = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - id: nadia.rahman\n    name: Nadia Rahman\n    phones:\n      - { number: \"+447700900101\", hours: \"24x7\" }\n";
    let plan = format!("{PLAN_HEAD}owner: nadia.rahman\n");
    let run = check_people_and_plan(people, &plan, &["--rule", "contact-unreachable"]);
    assert_finding(
        &run,
        "people.yaml:7:43: error[contact-unreachable] `nadia.rahman` (Nadia Rahman) is named in plan `p1` but has no phone answered 24/7: `hours: 24x7` is not read as around the clock",
    );
    assert_finding(&run, "note: plan.yaml:6:8: `nadia.rahman` is named here");
    assert_finding(&run, "help: write `hours: \"24/7\"`");
    assert!(
        !run.stdout.contains("plan.yaml:6:8: error"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_wrong_case_kind_does_not_make_the_registers_look_unused() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("plans"), dir.path());
    let file = dir.path().join("services/technical-services.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\nkind: Plan\n"));
    std::fs::write(&file, text.replacen("\nkind: Plan\n", "\nkind: plan\n", 1)).unwrap();
    // The day the shipped plans are checked on (tests/examples.rs).
    let run = bcplan_in(dir.path(), &["check", "--today", "2026-11-22"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_finding(
        &run,
        "services/technical-services.yaml:2:7: error[schema] unknown kind `plan`",
    );
    assert_finding(&run, "did you mean `Plan`?");
    assert!(!run.stdout.contains("unused-entity"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 error, 0 warnings, 2 waived"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_misspelt_register_kind_does_not_make_its_entries_unknown() {
    let people = "apiVersion: bcplan/v1\nkind: Peple\npeople:\n  - { id: a, name: A }\n";
    let plan = format!("{PLAN_HEAD}owner: a\n");
    let run = check_people_and_plan(people, &plan, &[]);
    assert_finding(&run, "people.yaml:2:7: error[schema] unknown kind `Peple`");
    assert_finding(&run, "did you mean `People`?");
    assert!(
        !run.stdout.contains("plan.yaml:6:8: error"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_name_written_for_an_id_gets_the_id_suggested() {
    let people = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: nadia.rahman, name: Nadia Rahman }\n  - { id: li-wei, name: Wei Li }\n";
    let plan = format!("{PLAN_HEAD}owner: Nadia Rahman\ndeputy: li wei\nsites: [Leeds Plant]\n");
    let run = check_people_and_plan(people, &plan, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "help: did you mean `nadia.rahman` (Nadia Rahman)? entries are named by their id, not their name",
    );
    // By the id the words make.
    assert_finding(
        &run,
        "help: did you mean `li-wei` (Wei Li)? entries are named by their id, not their name",
    );
    // Nothing matches: the general advice.
    assert_finding(&run, "`Leeds Plant` is not a valid id");
    assert_finding(&run, "help: ids use a-z, 0-9");
}
