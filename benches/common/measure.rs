//! Timing a whole process: wall time, CPU time (user + system) and peak resident memory, read
//! with GNU time (`/usr/bin/time`); without it only wall times are known.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// One run of a process: wall seconds, CPU seconds, peak RSS in MB.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sample {
    pub(crate) wall: f64,
    pub(crate) cpu: Option<f64>,
    pub(crate) rss_mb: Option<f64>,
}

/// Runs `bin args...` once, measuring it; exit codes 0 and 1 (findings) count as success.
pub(crate) fn run(bin: &Path, args: &[&str]) -> Sample {
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

/// The median-wall sample of `runs` runs (`before` runs ahead of each).
pub(crate) fn median(bin: &Path, args: &[&str], runs: usize, before: &dyn Fn()) -> Sample {
    let mut samples: Vec<Sample> = (0..runs.max(1))
        .map(|_| {
            before();
            run(bin, args)
        })
        .collect();
    samples.sort_by(|a, b| a.wall.total_cmp(&b.wall));
    samples[samples.len() / 2]
}

/// One line: wall, CPU, CPU/wall and peak RSS of `s`.
pub(crate) fn show(label: &str, s: Sample) -> String {
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
