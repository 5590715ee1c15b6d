//! Every input a fuzz target crashed on, kept in `fuzz/regressions/<target>/` and replayed on
//! stable through the target's own code (`fuzz/src/lib.rs`); the workspace inputs also through the
//! real binary, written out as files.

#[allow(unreachable_pub, dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

mod common;

use std::path::{Path, PathBuf};

/// The regression inputs of `target`, sorted (the folder's README is no input).
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_target_has_a_regression_folder_and_inputs_replay() {
    let mut replayed = 0;
    for (target, run) in harness::TARGETS {
        for input in inputs(target) {
            let data = std::fs::read(&input).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target}: {} crashes", input.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no regression input found");
}

#[test]
fn workspace_inputs_run_through_the_binary() {
    for input in inputs("workspace") {
        let data = std::fs::read(&input).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in harness::split_files(&data) {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, contents).unwrap();
        }
        let shown = input.display();
        let check = common::bcplan_in(dir.path(), &["check", "."]);
        assert!(
            matches!(check.code, 0 | 1) && !check.stderr.contains("panicked"),
            "{shown}: check exits {}: {}",
            check.code,
            check.stderr
        );
        let out = tempfile::tempdir().unwrap();
        let out_arg = out.path().to_str().unwrap();
        for extra in [&[][..], &["--redact"][..]] {
            let mut args = vec!["render", ".", "--out", out_arg, "--format", "both"];
            args.extend_from_slice(extra);
            let render = common::bcplan_in(dir.path(), &args);
            assert!(
                matches!(render.code, 0..=2) && !render.stderr.contains("panicked"),
                "{shown}: render exits {}: {}",
                render.code,
                render.stderr
            );
        }
    }
}
