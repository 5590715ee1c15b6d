//! Load-and-check benchmark on a generated workspace the size of a large manufacturer's:
//! 200 plans of 20 activities, 3,000 people, 600 sites, 1,500 suppliers, 3,000 materials and 400
//! systems with shared dependency chains. Run with `cargo bench`; it prints the median time of a
//! full `load` + `check` and the peak memory of the process, then the time of `bcplan impact`
//! runs (one site, one region, every site and region) on that workspace and on one of half its
//! size, to show that an impact run grows linearly with the workspace.

use std::path::Path;
use std::time::{Duration, Instant};

use bcplan::impact::{Event, analyse};
use bcplan::model::Date;
use bcplan::rules::{self, Options};
use bcplan::workspace;

mod common;

use common::{ACTIVITIES, PEOPLE, SITES, SYSTEMS, generate, generate_scaled};

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
    for div in [2, 1] {
        let dir = tempfile::tempdir().unwrap();
        generate_scaled(dir.path(), PLANS / div, div);
        impact_runs(dir.path(), div);
    }
}

/// Median time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Times impact runs on the workspace in `dir` (loaded and indexed once, as the command does).
fn impact_runs(dir: &Path, div: usize) {
    let ws = workspace::load(&[dir.to_path_buf()], &[]).unwrap();
    let index = bcplan::workspace::index::Index::build(&ws, &mut Vec::new());
    let site = Event {
        sites: vec!["s0".to_owned()],
        scenario: Some("flood".to_owned()),
        ..Event::default()
    };
    let region = Event {
        regions: vec!["r0".to_owned()],
        ..Event::default()
    };
    let mut stopped = 0;
    let one_site = median(9, || stopped = analyse(&ws, &index, &site).activities.len());
    let mut region_stopped = 0;
    let one_region = median(9, || {
        region_stopped = analyse(&ws, &index, &region).activities.len();
    });
    let mut sites: Vec<&str> = index.sites.keys().copied().collect();
    sites.sort_unstable();
    let start = Instant::now();
    for id in &sites {
        let event = Event {
            sites: vec![(*id).to_owned()],
            ..Event::default()
        };
        analyse(&ws, &index, &event);
    }
    let every = start.elapsed();
    println!(
        "impact: {} plans x {ACTIVITIES} activities, {} sites: one site {:.1} ms ({stopped} stop), one region {:.1} ms ({region_stopped} stop), --all-sites ({} runs) {:.0} ms",
        PLANS / div,
        SITES / div,
        one_site.as_secs_f64() * 1000.0,
        one_region.as_secs_f64() * 1000.0,
        sites.len(),
        every.as_secs_f64() * 1000.0
    );
}
