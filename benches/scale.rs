//! Scale benchmark (issue targets): on generated workspaces of 1,000, 4,000 and 8,000 plans, the
//! parse floor (`examples/parse_floor.rs`: every YAML file parsed into a generic value, in
//! parallel), `check` and `render` as whole processes; median of 3 runs of each, wall time, CPU
//! time and peak memory; then the ratios against the targets:
//!
//! - `check` within 1.2x of the parse floor, and both cores busy (CPU/wall at least 1.8);
//! - `render` within 2.5x of `check`, with a peak RSS at most 1.5x that of `check`;
//! - `check`'s peak RSS at most 5x the bytes of YAML it reads;
//! - `bcplan lsp` re-checks the workspace after one keystroke within 1.5x of `check` (the time from
//!   the `didChange` of an open plan to its diagnostics, the server's 150 ms pause for more typing
//!   included; median of 3 keystrokes).
//!
//! Then the same, `check` and `render`, with each plan naming its site and `flood` (a hazard of
//! every generated site) required by the policy: the runbooks' "If this happens" pages and the
//! `scenario-breach` rule at work.
//!
//! Then, when `check-jsonschema` is on `PATH` (or `BCPLAN_SCALE_JSONSCHEMA_VENV=DIR` installs it
//! from PyPI into a virtual environment there), that validator on a 50-plan workspace against
//! `bcplan schema`, for comparison.
//!
//! `BCPLAN_SCALE_SIZES=100,1000` chooses the sizes, `BCPLAN_SCALE_RUNS=1` the runs per median, and
//! `BCPLAN_BASELINE=/path/to/bcplan` times another build of bcplan too, in the same run;
//! `BCPLAN_SCALE_KEEP=/some/folder` keeps the workspaces there (`plans-N`), to profile. Nothing is
//! asserted about times: CI runs it at 100 plans, once, as a smoke test
//! (`cargo test --bench scale`, a debug build). Run with `cargo bench --bench scale`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

mod common;

use common::generate;
use common::measure::{Sample, median, show};

const TODAY: &str = "2026-06-01";

fn env_list(name: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(name) {
        Ok(text) => text
            .split(',')
            .map(|n| {
                n.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}: `{n}` is not a number"))
            })
            .collect(),
        Err(_) => default.to_vec(),
    }
}

/// Builds `examples/parse_floor.rs` with the profile this benchmark was built with, and returns
/// its path (`target/<profile>/examples/parse_floor`).
fn parse_floor() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "--quiet", "--example", "parse_floor"]);
    if !cfg!(debug_assertions) {
        build.arg("--release");
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "building examples/parse_floor.rs failed");
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().and_then(Path::parent).unwrap();
    profile
        .join("examples")
        .join(format!("parse_floor{}", std::env::consts::EXE_SUFFIX))
}

fn bytes_of(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

/// `value` against a target: `≤ target` (`at_most`) or `≥ target`.
fn verdict(name: &str, value: Option<f64>, target: f64, at_most: bool) -> String {
    match value {
        Some(v) => {
            let met = if at_most { v <= target } else { v >= target };
            let sign = if at_most { "<=" } else { ">=" };
            format!(
                "  {name:<28} {v:>6.2}   target {sign} {target:<4} {}",
                if met { "met" } else { "MISSED" }
            )
        }
        None => format!("  {name:<28}    n/a   target {target}"),
    }
}

#[allow(clippy::cast_precision_loss)] // byte counts far below 2^52
fn as_f64(n: u64) -> f64 {
    n as f64
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? / b?)
}

/// `bin lsp` on workspace `ws` (with a `bcplan.yaml`): opens `plan0.yaml`, waits for its first diagnostics, then types a
/// character into its title three times; returns the seconds to the first diagnostics and the
/// median seconds from a keystroke's `didChange` to the diagnostics that follow it.
fn lsp_recheck(bin: &Path, ws: &Path) -> (f64, f64) {
    use std::io::{BufRead, BufReader, Read, Write};
    // The server checks the workspace of the nearest `bcplan.yaml` above a file (a file alone
    // without one); the generated workspace has none, so one is written for this measurement.
    let settings = ws.join("bcplan.yaml");
    std::fs::write(&settings, "apiVersion: bcplan/v1\nkind: Workspace\n").unwrap();
    let mut child = Command::new(bin)
        .arg("lsp")
        .current_dir(ws)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |message: serde_json::Value| {
        let body = message.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let path = ws.join("plan0.yaml");
    let uri = format!("file://{}", path.display());
    let mut text = std::fs::read_to_string(&path).unwrap();
    // Reads messages until the diagnostics of the plan arrive.
    let mut diagnostics = || loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(stdout.read_line(&mut line).unwrap() > 0, "the server ended");
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        let message: serde_json::Value = serde_json::from_slice(&body).unwrap();
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
        {
            return;
        }
    };
    let start = Instant::now();
    send(
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "rootUri": format!("file://{}", ws.display())}}),
    );
    send(serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}),
    );
    diagnostics();
    let first = start.elapsed().as_secs_f64();
    let title = text.find("title: ").unwrap() + "title: ".len();
    let mut times = Vec::new();
    for version in 2..5 {
        text.insert(title, 'x');
        let start = Instant::now();
        send(
            serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]}}),
        );
        diagnostics();
        times.push(start.elapsed().as_secs_f64());
    }
    send(serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    send(serde_json::json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = child.wait();
    std::fs::remove_file(&settings).unwrap();
    times.sort_by(f64::total_cmp);
    (first, times[1])
}

/// check-jsonschema on a 50-plan workspace, against `bcplan schema`.
///
/// With `BCPLAN_SCALE_JSONSCHEMA_VENV=/some/folder`, check-jsonschema is installed from PyPI into
/// a virtual environment there first (`python3 -m venv`, then `pip install check-jsonschema`).
fn jsonschema(bin: &Path) {
    let program = match std::env::var_os("BCPLAN_SCALE_JSONSCHEMA_VENV") {
        Some(venv) => {
            let venv = PathBuf::from(venv);
            let program = venv.join("bin/check-jsonschema");
            if !program.exists() {
                let made = Command::new("python3")
                    .args(["-m", "venv"])
                    .arg(&venv)
                    .status()
                    .is_ok_and(|s| s.success())
                    && Command::new(venv.join("bin/pip"))
                        .args(["install", "--quiet", "check-jsonschema"])
                        .status()
                        .is_ok_and(|s| s.success());
                assert!(
                    made,
                    "could not install check-jsonschema into {}",
                    venv.display()
                );
            }
            program
        }
        None => PathBuf::from("check-jsonschema"),
    };
    let on_path = Command::new(&program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !on_path {
        println!(
            "check-jsonschema: not on PATH, skipped (BCPLAN_SCALE_JSONSCHEMA_VENV=DIR installs it)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 50);
    let schema = Command::new(bin).arg("schema").output().unwrap();
    assert!(schema.status.success(), "bcplan schema failed");
    let schema_file = dir.path().join("schema.json");
    std::fs::write(&schema_file, schema.stdout).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    let start = Instant::now();
    let out = Command::new(&program)
        .arg("--schemafile")
        .arg(&schema_file)
        .args(&files)
        .output()
        .unwrap();
    let wall = start.elapsed().as_secs_f64();
    let ws = dir.path().to_str().unwrap();
    let ours = median(bin, &["check", ws, "--today", TODAY, "--quiet"], 1, &|| {});
    println!(
        "check-jsonschema, 50 plans ({} kB): wall {wall:.2} s ({}); bcplan check: wall {:.2} s",
        bytes_of(dir.path()) / 1000,
        if out.status.success() {
            "valid".to_owned()
        } else {
            format!("exit {}", out.status.code().unwrap_or(-1))
        },
        ours.wall
    );
}

fn main() {
    let sizes = env_list("BCPLAN_SCALE_SIZES", &[1000, 4000, 8000]);
    let runs = env_list("BCPLAN_SCALE_RUNS", &[3])[0];
    let floor_bin = parse_floor();
    let mut builds: Vec<(String, PathBuf)> = Vec::new();
    if let Some(base) = std::env::var_os("BCPLAN_BASELINE") {
        builds.push(("baseline".to_owned(), PathBuf::from(base)));
    }
    let this = PathBuf::from(env!("CARGO_BIN_EXE_bcplan"));
    builds.push(("this build".to_owned(), this.clone()));
    for &plans in &sizes {
        let dir = tempfile::tempdir().unwrap();
        // Kept for profiling when asked: `BCPLAN_SCALE_KEEP=/tmp/ws` writes `/tmp/ws/plans-1000`.
        let ws = match std::env::var_os("BCPLAN_SCALE_KEEP") {
            Some(keep) => PathBuf::from(keep).join(format!("plans-{plans}")),
            None => dir.path().join("ws"),
        };
        let _ = std::fs::remove_dir_all(&ws);
        std::fs::create_dir_all(&ws).unwrap();
        generate(&ws, plans);
        let bytes = bytes_of(&ws);
        let out = dir.path().join("out");
        let ws_arg = ws.to_str().unwrap();
        println!(
            "\n{plans} plans, {:.1} MB of YAML (median of {runs}):",
            as_f64(bytes) / 1e6
        );
        let floor = median(&floor_bin, &[ws_arg], runs, &|| {});
        println!("  {}", show("parse floor", floor));
        for (label, bin) in &builds {
            let (check, render) = check_and_render(label, bin, &ws, &out, runs);
            report(floor, check, render, bytes);
            let (first, keystroke) = lsp_recheck(bin, &ws);
            println!(
                "    lsp: first check {first:.2} s, re-check after a keystroke {keystroke:.2} s"
            );
            println!(
                "{}",
                verdict(
                    "lsp re-check / check",
                    Some(keystroke / check.wall),
                    1.5,
                    true
                )
            );
        }
        // The same workspace with each plan naming its site and a required scenario every site
        // is exposed to: the runbooks' "If this happens" pages and `scenario-breach` at work.
        expose(&ws, plans);
        println!("  plans naming their site, `flood` required at every site:");
        for (label, bin) in &builds {
            let (check, render) = check_and_render(label, bin, &ws, &out, runs);
            report(floor, check, render, bytes_of(&ws));
        }
    }
    jsonschema(&this);
}

/// Times `check` and `render` of `bin` on `ws` (median of `runs`; `render` into `out`, removed
/// before each run) and prints them under `label`.
fn check_and_render(
    label: &str,
    bin: &Path,
    ws: &Path,
    out: &Path,
    runs: usize,
) -> (Sample, Sample) {
    let (ws_arg, out_arg) = (ws.to_str().unwrap(), out.to_str().unwrap());
    let check = median(
        bin,
        &["check", ws_arg, "--today", TODAY, "--quiet"],
        runs,
        &|| {},
    );
    let fresh = || {
        let _ = std::fs::remove_dir_all(out);
    };
    let render = median(
        bin,
        &["render", ws_arg, "--out", out_arg, "--today", TODAY],
        runs,
        &fresh,
    );
    println!("  {label}:");
    println!("    {}", show("check", check));
    println!("    {}", show("render", render));
    (check, render)
}

/// Makes the generated workspace name each plan's site (`sites: [sN]`) and require the `flood`
/// scenario, which every generated site lists among its hazards.
fn expose(ws: &Path, plans: usize) {
    std::fs::write(
        ws.join("bcplan.yaml"),
        "apiVersion: bcplan/v1\nkind: Workspace\npolicy:\n  required_scenarios: [flood]\n",
    )
    .unwrap();
    for p in 0..plans {
        let path = ws.join(format!("plan{p}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let named = text.replacen(
            "\nstatus: approved\n",
            &format!("\nstatus: approved\nsites: [s{}]\n", p % common::SITES),
            1,
        );
        assert_ne!(named, text, "{}: no status line", path.display());
        std::fs::write(&path, named).unwrap();
    }
}

fn report(floor: Sample, check: Sample, render: Sample, bytes: u64) {
    println!(
        "{}",
        verdict(
            "check / floor (wall)",
            Some(check.wall / floor.wall),
            1.2,
            true
        )
    );
    println!(
        "{}",
        verdict(
            "check CPU / wall",
            check.cpu.map(|c| c / check.wall),
            1.8,
            false
        )
    );
    println!(
        "{}",
        verdict(
            "render / check (wall)",
            Some(render.wall / check.wall),
            2.5,
            true
        )
    );
    println!(
        "{}",
        verdict(
            "render RSS / check RSS",
            ratio(render.rss_mb, check.rss_mb),
            1.5,
            true
        )
    );
    println!(
        "{}",
        verdict(
            "check RSS / input bytes",
            check.rss_mb.map(|r| r * 1024.0 * 1024.0 / as_f64(bytes)),
            5.0,
            true
        )
    );
}
