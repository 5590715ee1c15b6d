//! `bcplan render` through the real binary: snapshots of the runbooks, determinism, what is
//! written where, refusals, plan selection, template overrides and exit codes.

mod common;

use std::path::Path;

use common::{Run, bcplan, bcplan_in, copy_dir, snapshot_tree};

/// Renders `args` (a workspace path first) into a fresh folder; returns the folder and the run.
fn render(args: &[&str]) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out.to_str().unwrap()]);
    let run = bcplan(&all);
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    (dir, run)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("out").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn names(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn minimal_example_runbook_markdown() {
    let (dir, run) = render(&["examples/minimal"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("minimal_runbook_md", read(dir.path(), "order-desk.md"));
    insta::assert_snapshot!("minimal_index_md", read(dir.path(), "index.md"));
}

#[test]
fn minimal_example_runbook_html() {
    let (dir, run) = render(&["examples/minimal"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("minimal_runbook_html", read(dir.path(), "order-desk.html"));
    insta::assert_snapshot!("minimal_index_html", read(dir.path(), "index.html"));
}

#[test]
fn reference_workspace_index() {
    let (dir, run) = render(&["plans", "--today", "2026-11-22"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("plans_index_md", read(dir.path(), "index.md"));
    assert!(
        run.stderr.contains("rendered 5 plans to ")
            && run.stderr.contains("(22 files, Markdown and HTML)"),
        "{}",
        run.stderr
    );
}

#[test]
fn identical_input_gives_byte_identical_files() {
    let (first, _) = render(&["plans", "--today", "2026-07-01"]);
    let (second, _) = render(&["plans", "--today", "2026-07-01"]);
    let a = snapshot_tree(&first.path().join("out"));
    let b = snapshot_tree(&second.path().join("out"));
    assert_eq!(
        a.len(),
        23,
        "22 runbook, first-hour and index files and the manifest"
    );
    assert!(a == b, "two renders of the same input differ");
}

#[test]
fn writes_only_the_expected_files_and_creates_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested").join("runbooks");
    let run = bcplan(&["render", "examples/minimal", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        names(dir.path()),
        [
            "nested/runbooks/.bcplan-manifest.json",
            "nested/runbooks/index.html",
            "nested/runbooks/index.md",
            "nested/runbooks/order-desk-first-hour.html",
            "nested/runbooks/order-desk-first-hour.md",
            "nested/runbooks/order-desk.html",
            "nested/runbooks/order-desk.md"
        ]
    );
    // A second run replaces the files in place and leaves no temporary files behind.
    let run = bcplan(&["render", "examples/minimal", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(names(dir.path()).len(), 7);
}

#[test]
fn format_selects_the_files() {
    let (dir, run) = render(&["examples/minimal", "--format", "md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        names(&dir.path().join("out")),
        [
            ".bcplan-manifest.json",
            "index.md",
            "order-desk-first-hour.md",
            "order-desk.md"
        ]
    );
    let (dir, _) = render(&["examples/minimal", "--format", "html"]);
    assert_eq!(
        names(&dir.path().join("out")),
        [
            ".bcplan-manifest.json",
            "index.html",
            "order-desk-first-hour.html",
            "order-desk.html"
        ]
    );
}

#[test]
fn refuses_an_out_that_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("runbooks");
    std::fs::write(&file, "keep me").unwrap();
    let run = bcplan(&[
        "render",
        "examples/minimal",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn refuses_an_out_that_is_contains_or_is_inside_a_plan_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new("examples/minimal"), &ws);
    let before = snapshot_tree(dir.path());
    for (out, relation) in [
        ("ws", "it is a folder"),
        (".", "it contains a folder"),
        ("ws/runbooks", "it is inside a folder"),
    ] {
        let run = bcplan_in(dir.path(), &["render", "ws", "--out", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains(relation), "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("holding plan files"),
            "{out}: {}",
            run.stderr
        );
    }
    assert_eq!(before, snapshot_tree(dir.path()), "nothing may be written");
}

#[test]
fn refuses_an_out_that_the_walk_would_skip_but_holds_plans() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), &dir.path().join("plans"));
    let before = snapshot_tree(dir.path());
    for out in ["plans/manufacturing", "plans/registers"] {
        let run = bcplan_in(dir.path(), &["render", "plans", "--out", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("it is a folder holding plan files"),
            "{out}: {}",
            run.stderr
        );
    }
    assert_eq!(before, snapshot_tree(dir.path()), "nothing may be written");
}

#[test]
fn the_configured_output_folder_is_used_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), &dir.path().join("plans"));
    let run = bcplan_in(dir.path(), &["render", "plans"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("plans/runbooks/index.html").is_file());
    // Rendering again does not read the runbooks as part of the workspace.
    std::fs::write(
        dir.path().join("plans/runbooks/stray.yaml"),
        "apiVersion: bcplan/v1\nkind: Nope\n",
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["check", "plans", "--today", "2026-11-22"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn plan_option_selects_plans() {
    let (dir, run) = render(&["plans", "--plan", "dongguan-mfg", "--plan", "tczew-mfg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        names(&dir.path().join("out")),
        [
            ".bcplan-manifest.json",
            "dongguan-mfg-first-hour.html",
            "dongguan-mfg-first-hour.md",
            "dongguan-mfg.html",
            "dongguan-mfg.md",
            "index.html",
            "index.md",
            "tczew-mfg-first-hour.html",
            "tczew-mfg-first-hour.md",
            "tczew-mfg.html",
            "tczew-mfg.md"
        ]
    );
    let index = read(dir.path(), "index.md");
    assert!(
        index.contains("(dongguan-mfg.md)") && !index.contains("emea-logistics"),
        "{index}"
    );
}

#[test]
fn unknown_plan_is_a_usage_error_with_a_suggestion() {
    let (dir, run) = render(&["plans", "--plan", "dongguan-mgf"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown plan `dongguan-mgf`: did you mean `dongguan-mfg`?"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists(), "nothing may be written");
}

#[test]
fn user_templates_override_built_in_ones_by_name() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("runbook.md.j2"),
        "Custom runbook for {{ plan.id }}: {{ plan.title }}, {{ plan.procedures|length }} procedures\n",
    )
    .unwrap();
    std::fs::write(
        templates.path().join("style.css"),
        "body { color: rebeccapurple; }\n",
    )
    .unwrap();
    let (dir, run) = render(&[
        "examples/minimal",
        "--templates",
        templates.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(dir.path(), "order-desk.md"),
        "Custom runbook for order-desk: Order desk continuity plan, 2 procedures\n"
    );
    let html = read(dir.path(), "order-desk.html");
    assert!(
        html.contains("body { color: rebeccapurple; }"),
        "the built-in runbook includes style.css"
    );
    assert!(
        !html.contains("--accent"),
        "the built-in style.css is replaced"
    );
    assert!(read(dir.path(), "index.md").starts_with("# Business continuity runbooks"));
}

#[test]
fn a_broken_user_template_is_a_usage_error_naming_the_file() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(templates.path().join("index.md.j2"), "{% for x in %}\n").unwrap();
    let (_dir, run) = render(&[
        "examples/minimal",
        "--templates",
        templates.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("index.md.j2"), "{}", run.stderr);
}

/// A copy of the minimal example whose plan has no activation criteria (a failing finding).
fn workspace_with_a_gap() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/minimal"), &dir.path().join("ws"));
    let plan = dir.path().join("ws/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replace(
            "  criteria: [\"Office unusable for more than 4 hours\"]\n",
            "",
        ),
    )
    .unwrap();
    dir
}

#[test]
fn fail_on_findings_sets_the_exit_code_and_still_writes() {
    let dir = workspace_with_a_gap();
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = bcplan_in(
        dir.path(),
        &["render", "ws", "--out", "b", "--fail-on-findings"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("b/order-desk.md")).unwrap();
    assert!(
        md.contains("activation-incomplete"),
        "the appendix lists the finding:\n{md}"
    );
    assert!(
        md.contains("ISO 22301 8.4.4"),
        "with the requirement it comes from"
    );
}

#[test]
fn unknown_fields_alone_do_not_claim_that_entries_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new("examples/minimal"), &ws);
    let registers = ws.join("registers.yaml");
    let text = std::fs::read_to_string(&registers).unwrap();
    std::fs::write(
        &registers,
        text.replacen(
            "    name: Ana Silva\n",
            "    name: Ana Silva\n    nickname: Ana\n",
            1,
        ),
    )
    .unwrap();
    let plan = ws.join("plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replacen("domain: services\n", "domain: services\ncolour: blue\n", 1),
    )
    .unwrap();
    let check = bcplan_in(dir.path(), &["check", "ws"]);
    assert!(
        check.stdout.contains("unknown field `nickname`"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("unknown field `colour`"),
        "{}",
        check.stdout
    );
    let missing = "entries that could not be loaded are missing";
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("structural errors in"),
        "{}",
        run.stderr
    );
    let md = std::fs::read_to_string(dir.path().join("out/order-desk.md")).unwrap();
    let html = std::fs::read_to_string(dir.path().join("out/order-desk.html")).unwrap();
    assert!(md.contains("Ana Silva"), "the entry is loaded: {md}");
    assert!(!md.contains(missing), "{md}");
    assert!(!html.contains(missing), "{html}");
    // An entry really left out still gets the warning.
    let text = std::fs::read_to_string(&registers).unwrap();
    std::fs::write(
        &registers,
        text.replacen(
            "people:\n",
            "people:\n  - id: no.name\n    role: Clerk\n",
            1,
        ),
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: structural errors in ws/registers.yaml:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("ws/plan.yaml"), "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("out/order-desk.md")).unwrap();
    let html = std::fs::read_to_string(dir.path().join("out/order-desk.html")).unwrap();
    assert!(md.contains(missing), "{md}");
    assert!(html.contains(missing), "{html}");
}

#[test]
fn structural_errors_still_render_what_loaded() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/minimal"), &dir.path().join("ws"));
    std::fs::write(
        dir.path().join("ws/broken.yaml"),
        "apiVersion: bcplan/v1\nkind: Plan\nid: broken-plan\ntitle: Broken\nstatus: sideways\n",
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
    assert_eq!(
        run.code, 1,
        "a plan that cannot be loaded fails: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: 1 plan could not be loaded and was not rendered: broken-plan (ws/broken.yaml)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: structural errors in ws/broken.yaml"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("out/order-desk.html").is_file());
    let index = std::fs::read_to_string(dir.path().join("out/index.md")).unwrap();
    assert!(
        index.contains("could not be loaded and have no runbook: broken-plan"),
        "{index}"
    );
    assert!(
        index.contains("| broken-plan | **not rendered: ws/broken.yaml:5: "),
        "{index}"
    );
    let html = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(
        html.contains("<td>broken-plan</td><td colspan=\"5\" class=\"bad\">not rendered: ws&#x2f;broken.yaml:5: "),
        "{html}"
    );
    let run = bcplan_in(
        dir.path(),
        &["render", "ws", "--out", "out", "--plan", "broken-plan"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("could not be loaded"), "{}", run.stderr);
}

#[test]
fn plans_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), &dir.path().join("plans"));
    let before = snapshot_tree(&dir.path().join("plans"));
    let run = bcplan_in(
        dir.path(),
        &["render", "plans", "--out", "runbooks", "--redact"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(before, snapshot_tree(&dir.path().join("plans")));
}

#[test]
fn a_plan_file_named_inside_a_workspace_renders_that_plan_with_all_its_findings() {
    let (dir, run) = render(&[
        "plans/manufacturing/dongguan-mfg.yaml",
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".bcplan-manifest.json",
            "dongguan-mfg-first-hour.html",
            "dongguan-mfg-first-hour.md",
            "dongguan-mfg.html",
            "dongguan-mfg.md",
            "index.html",
            "index.md"
        ]
    );
    assert!(
        run.stderr.contains("2 waived"),
        "findings of the whole workspace count: {}",
        run.stderr
    );
}
