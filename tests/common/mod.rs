//! Helpers for tests that run the real `bcplan` binary.

#![allow(dead_code)]

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

/// Every file under `dir` with its bytes, sorted by path.
pub(crate) fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                out.push((path.strip_prefix(dir).unwrap().display().to_string(), bytes));
            }
        }
    }
    out.sort();
    out
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
