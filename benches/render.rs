//! `check` and `render` as whole processes on a generated workspace (1,000 plans by default,
//! `BENCH_PLANS=N` for another size): median wall time of 3 runs, CPU time (user + system) and
//! peak resident memory of each, and render's time against check's.
//!
//! `BCPLAN_BASELINE=/path/to/bcplan` also times another build of bcplan (say, of the main branch)
//! in the same run, on the same workspace. CPU time and memory are read with GNU time
//! (`/usr/bin/time`); without it only wall times are shown.
//!
//! Run with `cargo bench --bench render`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

mod common;

use common::generate;

/// One run of a process: wall seconds, CPU seconds, peak RSS in MB.
#[derive(Clone, Copy, Debug)]
struct Sample {
    wall: f64,
    cpu: Option<f64>,
    rss_mb: Option<f64>,
}

/// Runs `bin args...` once, measuring it.
fn run(bin: &Path, args: &[&str]) -> Sample {
    let time = Path::new("/usr/bin/time");
    let report = tempfile::NamedTempFile::new().unwrap();
    let mut command = if time.is_file() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%U %S %M")
            .arg("-o")
            .arg(report.path())
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    command
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let status = command.status().expect("the binary runs");
    let wall = start.elapsed().as_secs_f64();
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "{} {args:?} failed: {status}",
        bin.display()
    );
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let fields: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    match fields[..] {
        [user, system, kb] => Sample {
            wall,
            cpu: Some(user + system),
            rss_mb: Some(kb / 1024.0),
        },
        _ => Sample {
            wall,
            cpu: None,
            rss_mb: None,
        },
    }
}

/// The median-wall sample of 3 runs (`before` runs ahead of each).
fn median(bin: &Path, args: &[&str], before: &dyn Fn()) -> Sample {
    let mut samples: Vec<Sample> = (0..3)
        .map(|_| {
            before();
            run(bin, args)
        })
        .collect();
    samples.sort_by(|a, b| a.wall.total_cmp(&b.wall));
    samples[1]
}

fn show(label: &str, s: Sample) -> String {
    let cpu = s
        .cpu
        .map_or_else(|| "n/a".to_owned(), |c| format!("{c:.2} s"));
    let rss = s
        .rss_mb
        .map_or_else(|| "n/a".to_owned(), |r| format!("{r:.0} MB"));
    let busy = s
        .cpu
        .map_or_else(|| "n/a".to_owned(), |c| format!("{:.2}", c / s.wall));
    format!(
        "{label:<22} wall {:>6.2} s   CPU {cpu:>8}   CPU/wall {busy:>5}   peak RSS {rss:>7}",
        s.wall
    )
}

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
            &|| {},
        );
        let fresh = || {
            let _ = std::fs::remove_dir_all(&out);
        };
        let render = median(
            bin,
            &["render", ws_arg, "--out", out_arg, "--today", "2026-06-01"],
            &fresh,
        );
        // Into a folder holding the previous run's files, as on every merge.
        let again = median(
            bin,
            &["render", ws_arg, "--out", out_arg, "--today", "2026-06-01"],
            &|| {},
        );
        println!("{label}:");
        println!("  {}", show("check", check));
        println!("  {}", show("render (empty folder)", render));
        println!("  {}", show("render (over old set)", again));
        println!("  render / check: {:.2}x", render.wall / check.wall);
    }
}
