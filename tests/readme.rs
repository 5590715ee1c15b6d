//! The README stays true: its set-up commands work, CI runs its test command, every built-in
//! template is listed, and every `bcplan` command it shows exists.

mod common;

use std::path::Path;

use common::bcplan;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The shell lines of the README's "Set-up" section.
fn setup_commands() -> Vec<String> {
    let readme = readme();
    let start = readme
        .find("## Set-up")
        .expect("README has a Set-up section");
    let section = &readme[start..];
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_default();
    block
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn setup_commands_are_the_main_job_and_the_tests() {
    assert_eq!(
        setup_commands(),
        [
            "cargo run --release -- render plans --out runbooks",
            "cargo test"
        ]
    );
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.starts_with("cargo test")),
        ".ci/run must run the README's test command"
    );
}

#[test]
fn the_main_job_renders_the_reference_plans() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("runbooks");
    // As `cargo run --release -- render plans --out runbooks`, on the date the plans are kept current to.
    let run = bcplan(&[
        "render",
        "plans",
        "--out",
        out.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "index.html",
        "index.md",
        "dongguan-mfg.html",
        "dongguan-mfg.md",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
}

#[test]
fn readme_lists_every_built_in_template() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = readme();
    let mut names: Vec<String> = std::fs::read_dir(root.join("templates"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list template {name}"
        );
    }
}

#[test]
fn every_bcplan_command_in_the_readme_exists() {
    let readme = readme();
    let mut seen = 0;
    for line in readme.lines().map(str::trim_start) {
        let Some(rest) = line.strip_prefix("bcplan ") else {
            continue;
        };
        let Some(command) = rest.split_whitespace().next() else {
            continue;
        };
        if command.starts_with('-') || command.starts_with('`') || command.contains(':') {
            continue;
        }
        let run = bcplan(&[command, "--help"]);
        assert_eq!(
            run.code, 0,
            "README shows `bcplan {command}`, which is not a command: {}",
            run.stderr
        );
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} command lines found");
}
