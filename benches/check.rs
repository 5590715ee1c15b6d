//! Load-and-check benchmark on a generated workspace the size of a large manufacturer's:
//! 200 plans of 20 activities, 3,000 people, 600 sites, 1,500 suppliers, 3,000 materials and 400
//! systems with shared dependency chains. Run with `cargo bench`; it prints the median time of a
//! full `load` + `check` and the peak memory of the process, then the time of `bcplan impact`
//! runs (one site, one region, every site and region) on that workspace and on one of half its
//! size, to show that an impact run grows linearly with the workspace.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use bcplan::impact::{Event, analyse};
use bcplan::model::Date;
use bcplan::rules::{self, Options};
use bcplan::workspace;

const PLANS: usize = 200;
const ACTIVITIES: usize = 20;
const PEOPLE: usize = 3000;
const SITES: usize = 600;
const SUPPLIERS: usize = 1500;
const MATERIALS: usize = 3000;
const SYSTEMS: usize = 400;

fn header(kind: &str) -> String {
    format!("apiVersion: bcplan/v1\nkind: {kind}\n")
}

/// Generates the workspace, every count divided by `div` (1: full size).
fn generate(dir: &Path, div: usize) {
    let (plans, people_n, sites_n, suppliers_n, materials_n, systems_n) = (
        PLANS / div,
        PEOPLE / div,
        SITES / div,
        SUPPLIERS / div,
        MATERIALS / div,
        SYSTEMS / div,
    );
    let mut people = header("People") + "people:\n";
    for i in 0..people_n {
        let _ = writeln!(
            people,
            "  - {{ id: p{i}, name: Person {i}, phones: [{{ number: \"+4670{i:07}\", hours: \"24/7\" }}], email: p{i}@example.com, site: s{}, verified: 2026-05-01 }}",
            i % sites_n
        );
    }
    let mut sites = header("Sites") + "sites:\n";
    for i in 0..sites_n {
        let _ = writeln!(
            sites,
            "  - {{ id: s{i}, name: Site {i}, type: plant, country: SE, region: r{}, hazards: [flood], recovery_time: 3d }}",
            i % 40
        );
    }
    let mut suppliers = header("Suppliers") + "suppliers:\n";
    for i in 0..suppliers_n {
        let _ = writeln!(
            suppliers,
            "  - {{ id: v{i}, name: Supplier {i}, tier: 1, criticality: high, sites: [{{ country: MY, region: r{} }}], contracted_recovery: 5d, bc_assessed: 2026-01-01, security_assessed: 2026-01-01, sub_suppliers: [v{}] }}",
            i % 40,
            (i * 7 + 1) % suppliers_n
        );
    }
    let mut materials = header("Materials") + "materials:\n";
    for i in 0..materials_n {
        let _ = writeln!(
            materials,
            "  - {{ id: m{i}, name: Material {i}, sources: [v{}, v{}], safety_stock: 30d, switch_time: 6w }}",
            i % suppliers_n,
            (i + 13) % suppliers_n
        );
    }
    let mut systems = header("Systems") + "systems:\n";
    for i in 0..systems_n {
        let deps = if i >= 2 {
            format!("[{{ system: y{} }}, {{ system: y{} }}]", i - 1, i - 2)
        } else {
            "[]".to_owned()
        };
        let _ = writeln!(
            systems,
            "  - {{ id: y{i}, name: System {i}, owner: p{}, rto: {}h, rpo: 1h, depends_on: {deps} }}",
            i % people_n,
            4 + i % 40
        );
    }
    let mut scenarios = header("Scenarios") + "scenarios:\n";
    for id in ["flood", "earthquake", "cyber-attack"] {
        let _ = writeln!(scenarios, "  - {{ id: {id}, name: {id} }}");
    }
    for (name, text) in [
        ("people", people),
        ("sites", sites),
        ("suppliers", suppliers),
        ("materials", materials),
        ("systems", systems),
        ("scenarios", scenarios),
    ] {
        std::fs::write(dir.join(format!("{name}.yaml")), text).unwrap();
    }
    for p in 0..plans {
        let person = |k: usize| format!("p{}", (p * 11 + k) % people_n);
        let mut plan = header("Plan");
        let _ = write!(
            plan,
            "id: plan{p}\ntitle: Plan {p}\nstatus: approved\nowner: {}\ndeputy: {}\napproval: {{ by: {}, date: 2026-05-01 }}\nreview: {{ last: 2026-05-01 }}\npurpose: Keep going.\nscope: Everything.\nobjectives: [Recover]\nscenarios: [flood, earthquake, cyber-attack]\nactivities:\n",
            person(0),
            person(1),
            person(2)
        );
        for a in 0..ACTIVITIES {
            let dep_activity = if a > 0 {
                format!(", {{ activity: a{} }}", a - 1)
            } else {
                String::new()
            };
            let _ = writeln!(
                plan,
                "  - {{ id: a{a}, name: Activity {a}, owner: {}, deputy: {}, priority: {}, mtpd: 10d, rto: {}d, rpo: 4h, mbco: half, depends_on: [{{ site: s{} }}, {{ system: y{} }}, {{ material: m{} }}{dep_activity}], workaround: Manual. }}",
                person(a + 3),
                person(a + 4),
                a / 5 + 1,
                a / 5 + 2,
                (p + a) % sites_n,
                (p * 3 + a) % systems_n,
                (p * 5 + a) % materials_n
            );
        }
        plan.push_str("procedures:\n");
        for a in 0..ACTIVITIES {
            let _ = writeln!(
                plan,
                "  - id: r{a}\n    title: Restore {a}\n    phase: recovery\n    restores: [a{a}]\n    scenarios: [flood, earthquake, cyber-attack]\n    steps:"
            );
            for s in 0..10 {
                let _ = writeln!(
                    plan,
                    "      - {{ id: st{s}, action: Step {s}, owner: {}, duration: 1h }}",
                    person(s)
                );
            }
        }
        std::fs::write(dir.join(format!("plan{p}.yaml")), plan).unwrap();
    }
}

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
    generate(dir.path(), 1);
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
        generate(dir.path(), div);
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
