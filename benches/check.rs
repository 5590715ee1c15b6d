//! Load-and-check benchmark on a generated workspace the size of a large manufacturer's:
//! 200 plans of 20 activities, 3,000 people, 600 sites, 1,500 suppliers, 3,000 materials and 400
//! systems with shared dependency chains. Run with `cargo bench`; it prints the median time of a
//! full `load` + `check` and the peak memory of the process.

use std::time::{Duration, Instant};

use bcplan::model::Date;
use bcplan::rules::{self, Options};
use bcplan::workspace;

mod common;

use common::{ACTIVITIES, PEOPLE, SYSTEMS, generate};

const PLANS: usize = 200;

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".to_owned())
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), PLANS);
    let paths = vec![dir.path().to_path_buf()];
    let options = Options {
        today: "2026-06-01".parse::<Date>().unwrap(),
        only: Vec::new(),
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut findings = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let ws = workspace::load(&paths, &[]).unwrap();
        if std::env::var_os("BENCH_SPLIT").is_some() {
            eprintln!("load {:?}", start.elapsed());
        }
        findings = rules::check(&ws, &options).unwrap().len();
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "check: {} plans x {} activities, {} people, {} systems: median {:.0} ms (min {:.0} ms), {} findings, peak memory {}",
        PLANS,
        ACTIVITIES,
        PEOPLE,
        SYSTEMS,
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        findings,
        peak_memory()
    );
}
