//! Where and how `render` writes, through the real binary: planted links are never followed,
//! reserved and over-long names are refused before anything is written, `output:` stays inside
//! the workspace, the manifest removes stale runbooks and nothing else, and an interrupted render
//! leaves no temporary file and a folder that is wholly old or wholly new.

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{bcplan, bcplan_in, copy_dir, snapshot_tree};

const MANIFEST: &str = ".bcplan-manifest.json";

/// A fresh folder holding a copy of the minimal example as `ws`.
fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/minimal"), &dir.path().join("ws"));
    dir
}

/// Replaces `from` by `to` in `file` (which must contain it).
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Every entry of `dir` (not recursive), sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(unix)]
#[test]
fn links_planted_in_the_output_folder_are_never_followed() {
    let dir = minimal();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // Links at the temporary names an earlier scheme used (`.NAME.PID.tmp`) for the PIDs about
    // to be handed out, at guessable names of ours, and at two of the final names.
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(1000);
    let names = ["index.html", "index.md", "order-desk.html", "order-desk.md"];
    let mut planted = Vec::new();
    for pid in last..last + 1500 {
        for name in names {
            planted.push(out.join(format!(".{name}.{pid}.tmp")));
        }
    }
    for guess in ["000000", "aaaaaa", "AAAAAA", "tmp"] {
        planted.push(out.join(format!(".bcplan-{guess}.tmp")));
        planted.push(out.join(format!(".tmp{guess}")));
    }
    for link in &planted {
        std::os::unix::fs::symlink(&victim, link).unwrap();
    }
    for name in ["order-desk.html", "index.md"] {
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
    }
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    for name in names {
        let path = out.join(name);
        assert!(!is_link(&path), "{name} is a link");
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("Order desk"),
            "{name} holds the runbook"
        );
    }
    assert!(
        planted.iter().all(|l| is_link(l)),
        "planted links stay links"
    );
    // `check --output` replaces a link at its file name too.
    let report = dir.path().join("report.json");
    std::os::unix::fs::symlink(&victim, &report).unwrap();
    let run = bcplan_in(
        dir.path(),
        &["check", "ws", "--format", "json", "--output", "report.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!is_link(&report));
    assert!(std::fs::read_to_string(&report).unwrap().starts_with('{'));
}

#[test]
fn plan_ids_that_would_replace_other_files_are_refused_before_writing() {
    for (id, expected) in [
        ("index", "plan id `index` is reserved"),
        (
            "order-desk-first-hour",
            "plan id `order-desk-first-hour` ends in `-first-hour`, which is reserved",
        ),
    ] {
        let dir = minimal();
        edit(
            &dir.path().join("ws/plan.yaml"),
            "id: order-desk",
            &format!("id: {id}"),
        );
        let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
        assert_eq!(run.code, 2, "{id}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("ws/plan.yaml:3:5: {expected}")),
            "{id}: {}",
            run.stderr
        );
        assert!(!dir.path().join("out").exists(), "{id}: nothing is written");
    }
}

#[test]
fn a_plan_id_too_long_for_a_file_name_never_leaves_half_a_folder() {
    let dir = minimal();
    // A second plan, so that a half-written folder would show.
    let plan = std::fs::read_to_string(dir.path().join("ws/plan.yaml")).unwrap();
    std::fs::write(
        dir.path().join("ws/second.yaml"),
        plan.replacen("id: order-desk", "id: second-desk", 1),
    )
    .unwrap();
    let long = format!("a{}", "b".repeat(251));
    edit(
        &dir.path().join("ws/plan.yaml"),
        "id: order-desk",
        &format!("id: {long}"),
    );
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let out = dir.path().join("out");
    if run.stderr.contains("too long for a file name") {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("ws/plan.yaml:3:5: "), "{}", run.stderr);
        assert!(!out.exists(), "nothing is written");
    } else {
        // The format caps id length: the plan is then not loaded, and reported as such.
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("ws/plan.yaml"), "{}", run.stderr);
        assert!(out.join("index.html").is_file() && out.join("second-desk.md").is_file());
    }
    if out.exists() {
        assert!(entries(&out).iter().all(|n| n.len() <= 255));
    }
}

#[cfg(unix)]
#[test]
fn the_configured_output_folder_must_stay_inside_the_workspace() {
    let dir = minimal();
    let config = dir.path().join("ws/bcplan.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.path().join("ws/link")).unwrap();
    let absolute = dir.path().join("abs");
    for output in [
        "../outside",
        "runbooks/../../outside",
        absolute.to_str().unwrap(),
        "link/runbooks",
        ".",
    ] {
        let mut body: String = text
            .lines()
            .filter(|l| !l.starts_with("output:"))
            .collect::<Vec<_>>()
            .join("\n");
        body.push('\n');
        let line = body.lines().count() + 1;
        std::fs::write(&config, format!("{body}output: {output}\n")).unwrap();
        let run = bcplan_in(dir.path(), &["render", "ws"]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("ws/bcplan.yaml:{line}:9: `output: {output}`")),
            "{output}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("pass --out DIR"),
            "{output}: {}",
            run.stderr
        );
        assert!(entries(&outside).is_empty(), "{output}: nothing written");
        assert!(!absolute.exists(), "{output}: nothing written");
    }
    // On the command line any folder may be chosen; inside the workspace `output:` works.
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "outside"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(outside.join("order-desk.html").is_file());
    let plans = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), &plans.path().join("plans"));
    edit(
        &plans.path().join("plans/bcplan.yaml"),
        "output: runbooks",
        "output: ./built/../runbooks",
    );
    let run = bcplan_in(plans.path(), &["render", "plans"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(plans.path().join("plans/runbooks/index.html").is_file());
}

/// A workspace of the reference plans, rendered once into `out`.
fn rendered_plans() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), &dir.path().join("plans"));
    let run = bcplan_in(
        dir.path(),
        &["render", "plans", "--out", "out", "--today", "2026-11-22"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

#[test]
fn the_manifest_removes_runbooks_of_plans_gone_and_nothing_else() {
    let dir = rendered_plans();
    let out = dir.path().join("out");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(MANIFEST)).unwrap()).unwrap();
    assert_eq!(manifest["format"], "bcplan/runbooks-v1");
    assert_eq!(manifest["files"]["dongguan-mfg.md"]["plan"], "dongguan-mfg");
    assert_eq!(
        manifest["files"]["dongguan-mfg-first-hour.md"]["plan"],
        "dongguan-mfg"
    );
    assert!(manifest["files"]["index.html"].is_object());
    // Per plan: runbook and first-hour sheet in two formats; and the index.
    assert_eq!(manifest["files"].as_object().unwrap().len(), 22);
    // Files render did not write, and manifest entries that escape the folder or name a link,
    // a folder or a missing file, are left alone.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(dir.path().join("victim.md"), "precious").unwrap();
    std::fs::create_dir(out.join("sub")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("victim.md"), out.join("link.md")).unwrap();
    let mut tampered = manifest.clone();
    let files = tampered["files"].as_object_mut().unwrap();
    for name in [
        "../victim.md",
        "link.md",
        "sub",
        "/etc/hostname",
        "missing.md",
    ] {
        files.insert(name.into(), serde_json::json!({ "plan": "gone" }));
    }
    std::fs::write(out.join(MANIFEST), tampered.to_string()).unwrap();
    // One plan removed, one no longer loadable.
    std::fs::remove_file(dir.path().join("plans/logistics/emea-logistics.yaml")).unwrap();
    let removed_id = "emea-logistics";
    let broken = dir.path().join("plans/manufacturing/dongguan-mfg.yaml");
    edit(&broken, "status: approved", "status: sideways");
    let run = bcplan_in(
        dir.path(),
        &["render", "plans", "--out", "out", "--today", "2026-11-22"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("dongguan-mfg (plans/manufacturing/dongguan-mfg.yaml)"),
        "{}",
        run.stderr
    );
    let names = entries(&out);
    for gone in [
        format!("{removed_id}.md"),
        format!("{removed_id}.html"),
        format!("{removed_id}-first-hour.md"),
        format!("{removed_id}-first-hour.html"),
        "dongguan-mfg-first-hour.md".to_owned(),
        "dongguan-mfg.md".to_owned(),
        "dongguan-mfg.html".to_owned(),
    ] {
        assert!(!names.contains(&gone), "{gone} was not removed: {names:?}");
    }
    assert!(
        run.stderr
            .contains("removed the runbooks of plans no longer in the workspace"),
        "{}",
        run.stderr
    );
    for kept in ["notes.txt", "sub", "index.md", "tczew-mfg.md", MANIFEST] {
        assert!(
            names.contains(&kept.to_owned()),
            "{kept} missing: {names:?}"
        );
    }
    #[cfg(unix)]
    assert!(is_link(&out.join("link.md")));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim.md")).unwrap(),
        "precious"
    );
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(
        index.contains("| dongguan-mfg | **not rendered: plans/manufacturing/dongguan-mfg.yaml:"),
        "{index}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(MANIFEST)).unwrap()).unwrap();
    let listed: Vec<&String> = manifest["files"].as_object().unwrap().keys().collect();
    assert!(
        listed
            .iter()
            .all(|n| out.join(n).is_file() && !n.contains('/')),
        "{listed:?}"
    );
    assert!(
        !listed
            .iter()
            .any(|n| n.contains("dongguan") || n.contains("link"))
    );
}

#[test]
fn rendering_some_plans_keeps_the_runbooks_of_the_others() {
    let dir = rendered_plans();
    let out = dir.path().join("out");
    let before = entries(&out);
    let run = bcplan_in(
        dir.path(),
        &["render", "plans", "--out", "out", "--plan", "tczew-mfg"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(entries(&out), before);
    let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(manifest.contains("\"dongguan-mfg.html\""), "{manifest}");
}

#[test]
fn cards_no_longer_rendered_are_removed_not_left_stale() {
    let dir = minimal();
    let ws = dir.path().join("ws");
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out", "--cards"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");
    assert!(
        std::fs::read_to_string(out.join("order-desk-cards.md"))
            .unwrap()
            .contains("Ana Silva")
    );
    std::fs::write(out.join("notes.md"), "mine").unwrap();
    edit(
        &ws.join("registers.yaml"),
        "name: Ana Silva",
        "name: Ana Sousa",
    );
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names = entries(&out);
    for gone in ["order-desk-cards.md", "order-desk-cards.html"] {
        assert!(
            !names.contains(&gone.to_owned()),
            "{gone} is stale: {names:?}"
        );
    }
    assert!(names.contains(&"notes.md".to_owned()), "{names:?}");
    assert!(
        std::fs::read_to_string(out.join("order-desk.md"))
            .unwrap()
            .contains("Ana Sousa")
    );
    assert!(
        run.stderr.contains(
            "removed stale files of an earlier render that this render did not write again: order-desk-cards.html, order-desk-cards.md"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("no longer in the workspace"),
        "{}",
        run.stderr
    );
    let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(!manifest.contains("cards"), "{manifest}");
}

#[test]
fn a_format_no_longer_rendered_is_removed_and_unknown_files_stay() {
    let dir = minimal();
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");
    std::fs::write(out.join("mine.html"), "mine").unwrap();
    let run = bcplan_in(
        dir.path(),
        &["render", "ws", "--out", "out", "--format", "md"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        entries(&out),
        [
            MANIFEST,
            "index.md",
            "mine.html",
            "order-desk-first-hour.md",
            "order-desk.md"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("mine.html")).unwrap(),
        "mine"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(MANIFEST)).unwrap()).unwrap();
    let listed: Vec<&String> = manifest["files"].as_object().unwrap().keys().collect();
    assert_eq!(
        listed,
        ["index.md", "order-desk-first-hour.md", "order-desk.md"]
    );
}

#[test]
fn the_runbooks_of_a_plan_that_could_not_be_loaded_are_removed_saying_why() {
    let dir = rendered_plans();
    let broken = dir.path().join("plans/manufacturing/tczew-mfg.yaml");
    edit(&broken, "status: approved", "status: sideways");
    let run = bcplan_in(
        dir.path(),
        &["render", "plans", "--out", "out", "--today", "2026-11-22"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "removed the old runbooks of plans that could not be loaded: tczew-mfg-first-hour.html, tczew-mfg-first-hour.md, tczew-mfg.html, tczew-mfg.md"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("no longer in the workspace"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("stale"), "{}", run.stderr);
}

/// Renders the reference plans into `out` (rendered before with `--today 2026-11-22`) with
/// `--today 2026-11-23` and the test hook pausing in `phase`; interrupts it with `signal` once
/// paused, and returns the exit code.
#[cfg(unix)]
fn interrupt(dir: &Path, phase: &str, signal: &str) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bcplan"))
        .args(["render", "plans", "--out", "out", "--today", "2026-11-23"])
        .current_dir(dir)
        .env("BCPLAN_TEST_PAUSE", phase)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let paused = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains(&format!("test hook: paused in the {phase} phase")));
    assert!(paused, "the render reached the {phase} phase");
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    for _ in lines {}
    child.wait().unwrap().code()
}

/// The dates the runbooks and index in `out` were generated on, one per file.
fn generated_dates(out: &Path) -> Vec<(String, bool, bool)> {
    snapshot_tree(out)
        .into_iter()
        .filter(|(name, _)| name != MANIFEST)
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            (
                name,
                text.contains("2026-11-22"),
                text.contains("2026-11-23"),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn an_interrupt_while_writing_leaves_the_old_folder_and_no_temporary_file() {
    for signal in ["-TERM", "-INT"] {
        let dir = rendered_plans();
        let out = dir.path().join("out");
        let before = snapshot_tree(&out);
        let code = interrupt(dir.path(), "write", signal);
        assert_eq!(
            code,
            Some(if signal == "-TERM" { 143 } else { 130 }),
            "{signal}"
        );
        assert!(
            before == snapshot_tree(&out),
            "{signal}: the old set is untouched, nothing else is left: {:?}",
            entries(&out)
        );
    }
}

#[cfg(unix)]
#[test]
fn an_interrupt_while_switching_finishes_the_switch_first() {
    let dir = rendered_plans();
    let out = dir.path().join("out");
    let code = interrupt(dir.path(), "commit", "-TERM");
    assert_eq!(code, Some(143));
    let dates = generated_dates(&out);
    assert_eq!(dates.len(), 22, "{:?}", entries(&out));
    assert!(
        dates.iter().all(|(_, old, new)| *new && !old),
        "every file is from the new run: {dates:?}"
    );
    assert!(entries(&out).iter().all(|n| !n.contains(".tmp")));
}

#[test]
fn a_second_render_removes_temporary_files_a_killed_run_left() {
    let dir = rendered_plans();
    let out = dir.path().join("out");
    std::fs::write(out.join(".bcplan-AbC123.tmp"), "left by a killed run").unwrap();
    let run = bcplan(&["render", "examples/minimal", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.join(".bcplan-AbC123.tmp").exists());
}
