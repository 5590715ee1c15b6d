//! `check` and `render` as whole processes on a generated workspace (1,000 plans by default,
//! `BENCH_PLANS=N` for another size): median wall time of 3 runs, CPU time (user + system) and
//! peak resident memory of each, and render's time against check's.
//!
//! `BCPLAN_BASELINE=/path/to/bcplan` also times another build of bcplan (say, of the main branch)
//! in the same run, on the same workspace. CPU time and memory are read with GNU time
//! (`/usr/bin/time`); without it only wall times are shown.
//!
//! Run with `cargo bench --bench render`.

use std::path::PathBuf;

mod common;

use common::generate;
use common::measure::{median, show};

fn main() {
    let plans: usize = std::env::var("BENCH_PLANS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    generate(&ws, plans);
    let bytes: u64 = std::fs::read_dir(&ws)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    let out = dir.path().join("out");
    let ws_arg = ws.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let mut builds: Vec<(String, PathBuf)> = Vec::new();
    if let Some(base) = std::env::var_os("BCPLAN_BASELINE") {
        builds.push(("baseline".to_owned(), PathBuf::from(base)));
    }
    builds.push((
        "this build".to_owned(),
        PathBuf::from(env!("CARGO_BIN_EXE_bcplan")),
    ));
    println!(
        "render benchmark: {plans} plans of 20 activities, {} kB of YAML (median of 3 runs)",
        bytes / 1000
    );
    for (label, bin) in &builds {
        let check = median(
            bin,
            &["check", ws_arg, "--today", "2026-06-01", "--quiet"],
            3,
            &|| {},
        );
        let fresh = || {
            let _ = std::fs::remove_dir_all(&out);
        };
        let render = median(
            bin,
            &["render", ws_arg, "--out", out_arg, "--today", "2026-06-01"],
            3,
            &fresh,
        );
        // Into a folder holding the previous run's files, as on every merge.
        let again = median(
            bin,
            &["render", ws_arg, "--out", out_arg, "--today", "2026-06-01"],
            3,
            &|| {},
        );
        println!("{label}:");
        println!("  {}", show("check", check));
        println!("  {}", show("render (empty folder)", render));
        println!("  {}", show("render (over old set)", again));
        println!("  render / check: {:.2}x", render.wall / check.wall);
    }
}
