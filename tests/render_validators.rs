//! The HTML runbooks and impact reports checked by outside tools: the Nu HTML Checker must report no
//! error, and a headless browser must print each runbook to a multi-page PDF holding every procedure step.
//!
//! The tools are installed by `.ci/run`. Without them these tests print a note and pass, unless
//! `BCPLAN_REQUIRE_VALIDATOR=1` / `BCPLAN_REQUIRE_BROWSER=1` say the tool must be there.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Renders `workspace` into a fresh folder and returns it with its HTML files.
fn rendered(workspace: &str) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = common::bcplan(&[
        "render",
        workspace,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "html",
        "--cards",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    (dir, files)
}

/// Skips (with a note) or fails when a tool is missing, as `require_var` says.
fn missing(tool: &str, require_var: &str) {
    assert!(
        std::env::var(require_var).as_deref() != Ok("1"),
        "{tool} is required ({require_var}=1) but was not found"
    );
    eprintln!("note: {tool} not found; test skipped (set {require_var}=1 to make this a failure)");
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `command`, killing it after `limit`.
fn run_with_timeout(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn html_runbooks_pass_the_nu_html_checker() {
    let Some(jar) = nu_checker() else {
        return missing(
            "the Nu HTML Checker (vnu.jar with java)",
            "BCPLAN_REQUIRE_VALIDATOR",
        );
    };
    let (_plans, mut files) = rendered("plans");
    let (_minimal, more) = rendered("examples/minimal");
    files.extend(more);
    // Per plan: the runbook, its first-hour sheet and its action cards; and the index.
    assert_eq!(files.len(), 20);
    assert_nu_clean(&jar, &files);
}

/// Runs the Nu HTML Checker on `files`; fails on any error it reports.
fn assert_nu_clean(jar: &Path, files: &[PathBuf]) {
    let mut command = Command::new("java");
    command
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "text"])
        .args(files);
    let output = run_with_timeout(command, Duration::from_secs(300));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && !report.contains("error:"),
        "Nu HTML Checker:\n{report}"
    );
}

/// The path of the Nu HTML Checker, if it and java are there.
fn nu_checker() -> Option<PathBuf> {
    let jar = std::env::var_os("BCPLAN_VNU_JAR").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/node/node_modules/vnu-jar/build/dist/vnu.jar")
        },
        PathBuf::from,
    );
    (jar.is_file() && runs("java", "-version")).then_some(jar)
}

#[test]
fn impact_reports_pass_the_nu_html_checker() {
    let Some(jar) = nu_checker() else {
        return missing(
            "the Nu HTML Checker (vnu.jar with java)",
            "BCPLAN_REQUIRE_VALIDATOR",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, args) in [
        ("plans-all.html", vec!["impact", "plans", "--all-sites"]),
        (
            "plans-flood.html",
            vec!["impact", "plans", "--all-sites", "--scenario", "flood"],
        ),
        (
            "fixture-region.html",
            vec![
                "impact",
                "tests/fixtures/impact/model",
                "--region",
                "apac-sea",
                "--person",
                "li.wei",
            ],
        ),
        (
            "fixture-duties.html",
            vec![
                "impact",
                "tests/fixtures/impact/obligations",
                "--supplier",
                "parts-co",
                "--scenario",
                "cyber-attack",
            ],
        ),
        (
            "fixture-nothing.html",
            vec![
                "impact",
                "tests/fixtures/impact/model",
                "--site",
                "frankfurt-dc",
            ],
        ),
    ] {
        let file = dir.path().join(name);
        let mut all = args.clone();
        all.extend(["--format", "html", "--output", file.to_str().unwrap()]);
        let run = common::bcplan(&all);
        assert!(run.code == 0 || run.code == 1, "{all:?}: {}", run.stderr);
        files.push(file);
    }
    assert_nu_clean(&jar, &files);
}

fn browser() -> Option<String> {
    if let Ok(path) = std::env::var("BCPLAN_BROWSER") {
        return runs(&path, "--version").then_some(path);
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| runs(b, "--version"))
        .map(str::to_owned)
}

/// The step actions of every procedure of a plan file, in order.
fn step_actions(plan_file: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(plan_file)).unwrap();
    let plan: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    plan["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap())
        .map(|s| s["action"].as_str().unwrap().to_owned())
        .collect()
}

/// Text compared without whitespace (lines wrap anywhere) or ligatures.
fn normalise(text: &str) -> String {
    text.replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{fb00}', "ff")
        .replace('\u{fb03}', "ffi")
        .replace('\u{fb04}', "ffl")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn printed_runbooks_have_several_pages_and_every_step() {
    let Some(browser) = browser() else {
        return missing("a Chromium browser", "BCPLAN_REQUIRE_BROWSER");
    };
    if !runs("pdfinfo", "-v") || !runs("pdftotext", "-v") {
        return missing(
            "poppler-utils (pdfinfo, pdftotext)",
            "BCPLAN_REQUIRE_BROWSER",
        );
    }
    let (dir, files) = rendered("plans");
    let (_minimal, minimal) = rendered("examples/minimal");
    let cases = [
        (
            "plans/manufacturing/dongguan-mfg.yaml",
            &files,
            "dongguan-mfg.html",
        ),
        (
            "plans/services/technical-services.yaml",
            &files,
            "technical-services.html",
        ),
        ("examples/minimal/plan.yaml", &minimal, "order-desk.html"),
    ];
    for (plan_file, files, name) in cases {
        let html = files.iter().find(|f| f.ends_with(name)).unwrap();
        let pdf = dir.path().join(format!("{name}.pdf"));
        let profile = tempfile::tempdir().unwrap();
        let mut command = Command::new(&browser);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg("--no-pdf-header-footer")
            .arg(format!("file://{}", html.display()));
        let output = run_with_timeout(command, Duration::from_secs(120));
        assert!(
            pdf.is_file(),
            "{browser} wrote no PDF for {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let info =
            String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
        let pages: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        assert!(pages > 1, "{name} printed on {pages} page(s)");
        let text = Command::new("pdftotext")
            .arg("-raw")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout;
        let text = normalise(&String::from_utf8_lossy(&text));
        let actions = step_actions(plan_file);
        assert!(!actions.is_empty());
        for action in actions {
            assert!(
                text.contains(&normalise(&action)),
                "{name}: the printed runbook lacks the step \"{action}\""
            );
        }
    }
}
