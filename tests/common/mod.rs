//! Helpers for tests that run the real `bcplan` binary.

#![allow(dead_code)]

pub(crate) mod html;

use std::path::Path;
use std::process::Command;

/// What a run of the binary produced.
#[derive(Debug)]
pub(crate) struct Run {
    /// Exit code.
    pub(crate) code: i32,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
}

/// Runs `bcplan args...` in `dir` with a fixed "today" (2026-06-01) and no colour.
pub(crate) fn bcplan_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_bcplan"))
        .args(args)
        .current_dir(dir)
        .env("BCPLAN_TODAY", "2026-06-01")
        .env("NO_COLOR", "1")
        .output()
        .expect("the bcplan binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `bcplan args...` from the repository root.
pub(crate) fn bcplan(args: &[&str]) -> Run {
    bcplan_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Every file under `dir` (recursively), sorted.
pub(crate) fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every file under `dir` with its bytes, sorted by path.
pub(crate) fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap_or_default();
            (path.strip_prefix(dir).unwrap().display().to_string(), bytes)
        })
        .collect()
}

/// A JSON Schema validator that also checks `format`s and compiles `pattern`s with Rust's
/// `regex` engine (stricter than the ECMAScript dialect, so no pattern relies on backtracking).
pub(crate) fn json_validator(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema compiles: {e}"))
}

/// Every error of `instance` against `validator`, as `path: message` lines.
pub(crate) fn schema_errors(
    validator: &jsonschema::Validator,
    instance: &serde_json::Value,
) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Every `.yaml` file under `dir`, sorted.
pub(crate) fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect()
}

/// A workspace with findings of every kind, for the output format tests.
pub(crate) const FIXTURE: &str = "tests/fixtures/formats";

/// Runs `bcplan check args...` from the repository root; `check` never writes to standard error
/// unless it fails to run.
pub(crate) fn check(args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let run = bcplan(&all);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run
}

/// Copies the files under `from` (recursively) into `to`, creating folders.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(from);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
