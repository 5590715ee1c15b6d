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

/// A workspace folder in the `workspace` target's input format (as `fuzz/seed.sh` writes it).
fn workspace_input(dir: &Path) -> Vec<u8> {
    let mut files: Vec<PathBuf> = common::files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(file.strip_prefix(dir).unwrap().to_str().unwrap().as_bytes());
        out.push(b'\n');
        out.extend(std::fs::read(file).unwrap());
    }
    out
}

/// The findings of a `check --format json` report as sorted `file:line:col rule message` lines.
fn finding_lines(json: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut lines: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}",
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    lines.sort();
    lines
}

/// The regression inputs, and (so that the replay itself is tested) three shipped workspaces:
/// written out as files, the binary must not crash and must find what the target found in memory.
#[test]
fn workspace_inputs_run_through_the_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<(String, Vec<u8>)> = inputs("workspace")
        .into_iter()
        .map(|input| (input.display().to_string(), std::fs::read(&input).unwrap()))
        .collect();
    for dir in ["examples/minimal", "tests/fixtures/formats", "plans"] {
        cases.push((dir.to_owned(), workspace_input(&root.join(dir))));
    }
    for (shown, data) in cases {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in harness::split_files(&data) {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, contents).unwrap();
        }
        let check = common::bcplan_in(dir.path(), &["check", ".", "--format", "json"]);
        assert!(
            matches!(check.code, 0 | 1) && !check.stderr.contains("panicked"),
            "{shown}: check exits {}: {}",
            check.code,
            check.stderr
        );
        let ws = bcplan::workspace::load_files(harness::split_files(&data)).unwrap();
        let options = bcplan::rules::Options {
            today: bcplan::model::Date::from_ymd(2026, 6, 1).unwrap(),
            only: Vec::new(),
        };
        let findings = bcplan::rules::check(&ws, &options).unwrap();
        let in_memory = bcplan::diagnostics::json::report(&findings, &ws.sources, false);
        assert_eq!(
            finding_lines(&check.stdout),
            finding_lines(&in_memory),
            "{shown}: the binary and the in-memory load disagree"
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

/// Regression (`regressions/values/date-signed-parts`): a date with signed parts was read as
/// another date (`2026-+5-04` as 2026-05-04) instead of being refused.
#[test]
fn check_refuses_a_date_with_signed_parts() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal");
    for name in ["bcplan.yaml", "plan.yaml", "registers.yaml"] {
        let text = std::fs::read_to_string(minimal.join(name)).unwrap();
        let text = text.replace(
            "review: { last: 2026-05-04 }",
            "review: { last: \"2026-+5-04\" }",
        );
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let run = common::bcplan_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("plan.yaml:12:17: error[schema] `last`: `2026-+5-04` is not a date"),
        "{}",
        run.stdout
    );
}

/// The `lsp` target keeps the session inside its sandbox: every `file:` URI, however spelled, is
/// moved into a folder holding a copy of `examples/minimal`.
#[test]
fn the_lsp_target_moves_file_uris_into_its_sandbox() {
    let root = harness::sandbox_uri("file:///").unwrap();
    assert!(
        root.starts_with("file:///") && root.contains("bcplan-fuzz-lsp-"),
        "{root}"
    );
    for uri in [
        "file:///etc/passwd",
        "FILE:/etc/passwd",
        " file:///a/../../etc/passwd",
        "file:///a/%2e%2e/%2E%2E/etc/passwd",
        "file:///a%2F..%2F..%2Fetc/passwd",
        "file://host/etc/passwd",
    ] {
        let moved = harness::sandbox_uri(uri).unwrap();
        assert!(moved.starts_with(&root), "{uri} -> {moved}");
        let path = lsp_types::Url::parse(&moved)
            .unwrap()
            .to_file_path()
            .unwrap();
        assert!(
            path.components().all(|c| matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::RootDir
            )),
            "{uri} -> {moved}"
        );
    }
    assert_eq!(harness::sandbox_uri("untitled:Untitled-1"), None);
    assert_eq!(harness::sandbox_uri("plan.yaml"), None);
    let dir = lsp_types::Url::parse(&root)
        .unwrap()
        .to_file_path()
        .unwrap();
    assert!(dir.join("bcplan.yaml").is_file() && dir.join("plan.yaml").is_file());
}

/// A session as a client runs it, with two bodies that are not messages among its messages,
/// through the `lsp` target: its checks hold.
#[test]
fn the_lsp_target_runs_a_session() {
    let plan = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal/plan.yaml"),
    )
    .unwrap();
    let open = serde_json::json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": "file:///plan.yaml", "languageId": "yaml", "version": 1, "text": plan}},
    });
    let at = serde_json::json!({"textDocument": {"uri": "file:///plan.yaml"}, "position": {"line": 5, "character": 9}});
    let messages = [
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
        open,
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": at}),
        serde_json::json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/definition", "params": at}),
        serde_json::json!({"jsonrpc": "2.0", "id": 4, "method": "shutdown"}),
        serde_json::json!({"jsonrpc": "2.0", "method": "exit"}),
    ];
    let mut data = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        if i > 0 {
            data.push(0);
        }
        data.extend(serde_json::to_vec(message).unwrap());
        if i == 2 {
            data.extend_from_slice(b"\0{not json\0[1, 2]");
        }
    }
    harness::lsp(&data);
}
