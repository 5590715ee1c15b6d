//! The generated workspace the benchmarks run on: registers the size of a large manufacturer's
//! (3,000 people, 600 sites, 1,500 suppliers, 3,000 materials, 400 systems with shared dependency
//! chains) and any number of plans of 20 activities and 20 procedures each.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

pub(crate) mod measure;

pub(crate) const ACTIVITIES: usize = 20;
pub(crate) const PEOPLE: usize = 3000;
pub(crate) const SITES: usize = 600;
pub(crate) const SUPPLIERS: usize = 1500;
pub(crate) const MATERIALS: usize = 3000;
pub(crate) const SYSTEMS: usize = 400;

/// The first lines of a document of `kind`.
fn header(kind: &str) -> String {
    format!("apiVersion: bcplan/v1\nkind: {kind}\n")
}

/// Writes a workspace of `plans` plans (and the registers) into `dir`.
pub(crate) fn generate(dir: &Path, plans: usize) {
    generate_scaled(dir, plans, 1);
}

/// Like [`generate`], with every register `div` times smaller (1: full size).
pub(crate) fn generate_scaled(dir: &Path, plans: usize, div: usize) {
    let (people_n, sites_n, suppliers_n, materials_n, systems_n) = (
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
