//! The responder's pages through the real binary: the first-hour sheet (its own file and the
//! first page of the runbook), the scenario chooser, action cards, open gaps on the cover,
//! planned exercises and supplier desks; read back from the parsed HTML and the Markdown.

mod common;

use std::path::Path;

use common::html::{El, parse};
use common::{bcplan, bcplan_in, copy_dir};

/// Renders `workspace` (with `extra` arguments) into a fresh folder.
fn render(workspace: &Path, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec![
        "render",
        workspace.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = bcplan(&args);
    // examples/gaps holds a plan that cannot be loaded: the others are rendered, and render fails.
    let code = i32::from(workspace.ends_with("examples/gaps"));
    assert_eq!(run.code, code, "{}", run.stderr);
    dir
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join("out").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A plan file of the reference workspace as JSON.
fn plan_json(file: &str) -> serde_json::Value {
    serde_saphyr::from_str(&std::fs::read_to_string(repo(file)).unwrap()).unwrap()
}

/// Names of the people register of the reference workspace, by id.
fn people_names() -> std::collections::BTreeMap<String, String> {
    let v: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo("plans/registers/people.yaml")).unwrap(),
    )
    .unwrap();
    v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_owned(),
                p["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn first_hour_sheet_is_its_own_file_and_the_runbooks_first_section() {
    let dir = render(&repo("plans"), &["--today", "2026-11-22"]);
    let plan = plan_json("plans/manufacturing/dongguan-mfg.yaml");
    let names = people_names();
    for html_name in ["dongguan-mfg-first-hour.html", "dongguan-mfg.html"] {
        let doc = parse(&read(&dir, html_name));
        let main = doc.tags("main").into_iter().next().unwrap();
        let first = main.elements().next().unwrap();
        assert_eq!(
            first.attr("id"),
            Some("first-hour"),
            "{html_name}: the first-hour sheet comes first"
        );
        let sheet = first.text();
        for c in plan["activation"]["criteria"].as_array().unwrap() {
            assert!(
                sheet.contains(c.as_str().unwrap()),
                "{html_name}: criterion {c}"
            );
        }
        for a in plan["activation"]["authority"].as_array().unwrap() {
            assert!(
                sheet.contains(&names[a.as_str().unwrap()]),
                "{html_name}: {a}"
            );
        }
        assert!(sheet.contains(plan["activation"]["command_centre"].as_str().unwrap()));
        // The root of the call tree and the people it calls first, each with a phone link.
        let root = plan["call_tree"]["root"].as_str().unwrap();
        let first_calls: Vec<&str> = plan["call_tree"]["calls"][root]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let calls = first
            .find_all(&|e| e.tag == "ol" && e.has_class("first-calls"))
            .into_iter()
            .next()
            .expect("first calls");
        let items: Vec<String> = calls.tags("li").iter().map(|l| l.text()).collect();
        assert_eq!(items.len(), first_calls.len());
        for (item, id) in items.iter().zip(&first_calls) {
            assert!(item.starts_with(&names[*id]), "{item} / {id}");
        }
        assert!(
            calls
                .tags("a")
                .iter()
                .all(|a| a.attr("href").unwrap().starts_with("tel:"))
        );
        // The further callers are named in the full call tree, not on the sheet.
        let deeper = &names[plan["call_tree"]["calls"]["chen.hao"][0].as_str().unwrap()];
        assert!(
            !sheet.contains(deeper.as_str()),
            "{deeper} is not a first call"
        );
        assert!(sheet.contains("more people in the full call tree"));
    }
    // The runbook's cover follows on its own page, and the full call tree is in section 3.
    let runbook = parse(&read(&dir, "dongguan-mfg.html"));
    let contacts = runbook.by_id("contacts");
    assert!(
        contacts
            .find_all(&|e| e.attr("id") == Some("call-tree"))
            .len()
            == 1
    );
    let md = read(&dir, "dongguan-mfg-first-hour.md");
    assert!(md.starts_with("# First hour: Dongguan Plant 2"), "{md}");
    assert!(md.contains("\n## Choose by scenario\n") && md.contains("\n## First calls\n"));
    // The index links each plan's sheet.
    let index = parse(&read(&dir, "index.html"));
    let sheets: Vec<&str> = index
        .tags("a")
        .into_iter()
        .filter_map(|a| a.attr("href"))
        .filter(|h| h.ends_with("-first-hour.html"))
        .collect();
    assert_eq!(sheets.len(), 5, "{sheets:?}");
    assert!(
        sheets
            .iter()
            .all(|s| dir.path().join("out").join(s).is_file())
    );
    assert!(read(&dir, "index.md").contains("[first hour](dongguan-mfg-first-hour.md)"));
    let runbook_md = read(&dir, "dongguan-mfg.md");
    let sheet_at = runbook_md.find("## 1. First hour").unwrap();
    assert!(sheet_at < runbook_md.find("## Plan facts").unwrap());
}

/// The chooser rows of a first-hour sheet: (scenarios, procedure links in order).
fn chooser(html: &str) -> Vec<(String, Vec<String>, bool)> {
    let doc = parse(html);
    let table = doc
        .find_all(&|e| e.tag == "table" && e.has_class("chooser"))
        .into_iter()
        .next()
        .expect("a chooser table");
    table
        .tags("tbody")
        .into_iter()
        .next()
        .unwrap()
        .tags("tr")
        .into_iter()
        .map(|tr| {
            let th = tr.tags("th").into_iter().next().unwrap().text();
            let links = tr.tags("a").iter().map(|a| a.text()).collect();
            (th, links, tr.has_class("warning"))
        })
        .collect()
}

#[test]
fn chooser_lists_each_scenarios_procedures_in_phase_order() {
    let dir = render(&repo("plans"), &["--format", "html"]);
    let plan = plan_json("plans/manufacturing/dongguan-mfg.yaml");
    let scenarios: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo("plans/registers/scenarios.yaml")).unwrap(),
    )
    .unwrap();
    let scenario_name = |id: &str| {
        scenarios["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let phases = ["response", "recovery", "restoration", "stand-down"];
    let procedures = plan["procedures"].as_array().unwrap();
    let rows = chooser(&read(&dir, "dongguan-mfg-first-hour.html"));
    for s in plan["scenarios"].as_array().unwrap() {
        let s = s.as_str().unwrap();
        let mut expected: Vec<(usize, usize)> = procedures
            .iter()
            .enumerate()
            .filter(|(_, p)| p["scenarios"].as_array().unwrap().iter().any(|x| x == s))
            .map(|(i, p)| {
                let phase = phases.iter().position(|f| p["phase"] == *f).unwrap();
                (phase, i)
            })
            .collect();
        expected.sort_unstable();
        let expected: Vec<String> = expected
            .into_iter()
            .map(|(_, i)| format!("2.{} {}", i + 1, procedures[i]["title"].as_str().unwrap()))
            .collect();
        let name = scenario_name(s);
        let row = rows
            .iter()
            .find(|(th, _, _)| th.split(", ").any(|n| n == name) || th.contains(&name))
            .unwrap_or_else(|| panic!("no row for {name}: {rows:?}"));
        assert_eq!(row.1, expected, "{name}");
        assert!(!row.2);
    }
    // Key equipment failure: the response procedure comes before the recovery one.
    let row = rows
        .iter()
        .find(|r| r.0.contains("Key equipment failure"))
        .unwrap();
    assert!(
        row.1[0].starts_with("2.5 ") && row.1[1].starts_with("2.3 "),
        "{row:?}"
    );
}

#[test]
fn a_scenario_without_procedure_gets_a_warning_row() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("ws");
    copy_dir(&repo("examples/minimal"), &dir);
    let plan = dir.join("plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "scenarios: [earthquake]\nactivities",
        "scenarios: [earthquake, flood]\nactivities",
    );
    std::fs::write(&plan, text).unwrap();
    let registers = dir.join("registers.yaml");
    let mut text = std::fs::read_to_string(&registers).unwrap();
    text.push_str(
        "  - { id: flood, name: River flood, category: natural, likelihood: low, impact: high }\n",
    );
    std::fs::write(&registers, text).unwrap();
    let out = root.path().join("out");
    let run = bcplan_in(&dir, &["render", ".", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("order-desk-first-hour.html")).unwrap();
    let rows = chooser(&html);
    let flood = rows
        .iter()
        .find(|r| r.0 == "River flood")
        .expect("a flood row");
    assert!(flood.2 && flood.1.is_empty(), "{rows:?}");
    let earthquake = rows.iter().find(|r| r.0 == "Earthquake").unwrap();
    assert_eq!(
        earthquake.1,
        ["2.1 Move the order desk to home working"],
        "{rows:?}"
    );
    assert!(!earthquake.2);
    // The stand-down procedure names no scenario: it has a row of its own.
    let any = rows.iter().find(|r| r.0.starts_with("Any event")).unwrap();
    assert_eq!(any.1, ["2.2 Return to the office"], "{rows:?}");
    let md = std::fs::read_to_string(out.join("order-desk-first-hour.md")).unwrap();
    assert!(
        md.contains("| **River flood** | **No procedure answers this scenario:**"),
        "{md}"
    );
}

/// A card row: (procedure · step, action, hand-over text).
type Row = (String, String, String);
/// A card: its title and rows.
type CardRows = (String, Vec<Row>);

/// The expected cards of a plan file, from its YAML: owner name -> rows of
/// (procedure · step, action, hand-over text).
fn expected_cards(file: &str) -> Vec<CardRows> {
    let plan = plan_json(file);
    let names = people_names();
    let teams = plan["teams"].as_array().cloned().unwrap_or_default();
    let name_of = |id: &str| {
        teams.iter().find(|t| t["id"] == id).map_or_else(
            || names[id].clone(),
            |t| t["name"].as_str().unwrap().to_owned(),
        )
    };
    let mut cards: Vec<(String, String, Vec<Row>)> = Vec::new();
    for (p, procedure) in plan["procedures"].as_array().unwrap().iter().enumerate() {
        let steps = procedure["steps"].as_array().unwrap();
        for (i, step) in steps.iter().enumerate() {
            let Some(owner) = step["owner"].as_str() else {
                continue;
            };
            let id = step["id"].as_str();
            let next: Vec<String> = steps
                .iter()
                .enumerate()
                .filter(|(k, s)| match s["after"].as_array() {
                    Some(after) => id.is_some_and(|id| after.iter().any(|a| a == id)),
                    None => *k == i + 1,
                })
                .map(|(k, s)| {
                    let who = match s["owner"].as_str() {
                        Some(o) if o == owner => "yourself".to_owned(),
                        Some(o) => name_of(o),
                        None => "no owner".to_owned(),
                    };
                    format!("{who} (step {})", k + 1)
                })
                .collect();
            let handover = if next.is_empty() {
                "end of procedure".to_owned()
            } else {
                next.join(" ")
            };
            let row = (
                format!("2.{} · {}", p + 1, i + 1),
                step["action"].as_str().unwrap().to_owned(),
                handover,
            );
            match cards.iter_mut().find(|c| c.0 == owner) {
                Some(c) => c.2.push(row),
                None => cards.push((owner.to_owned(), name_of(owner), vec![row])),
            }
        }
    }
    cards
        .into_iter()
        .map(|(_, name, rows)| (name, rows))
        .collect()
}

/// The cards of a parsed page: (title, rows of (procedure · step, action, hand-over)).
fn cards_of(root: &El) -> Vec<CardRows> {
    root.find_all(&|e| e.tag == "article" && e.has_class("action-card"))
        .into_iter()
        .map(|card| {
            let title = card
                .find_all(&|e| matches!(e.tag.as_str(), "h2" | "h3"))
                .first()
                .unwrap()
                .text();
            let rows = card.tags("tbody")[0]
                .tags("tr")
                .into_iter()
                .map(|tr| {
                    let td = tr.tags("td");
                    let action = td[2].tags("strong")[0].text();
                    (td[1].text(), action, td[5].text())
                })
                .collect();
            (title.trim_end_matches(" team").to_owned(), rows)
        })
        .collect()
}

#[test]
fn action_cards_list_each_owners_steps_in_order_with_handovers() {
    let dir = render(&repo("plans"), &["--format", "html", "--cards"]);
    for (file, id) in [
        ("plans/manufacturing/dongguan-mfg.yaml", "dongguan-mfg"),
        ("plans/logistics/emea-logistics.yaml", "emea-logistics"),
    ] {
        let expected = expected_cards(file);
        assert!(expected.len() > 3);
        let page = parse(&read(&dir, &format!("{id}-cards.html")));
        assert_eq!(cards_of(&page), expected, "{id}-cards.html");
        // The same cards are the runbook's appendix.
        let runbook = parse(&read(&dir, &format!("{id}.html")));
        assert_eq!(cards_of(runbook.by_id("cards")), expected, "{id}.html");
    }
    let md = read(&dir, "dongguan-mfg-cards.html");
    assert!(md.contains("Action cards: Dongguan Plant 2"));
    // Without --cards, no card files; the runbook still has the appendix.
    let plain = render(&repo("examples/minimal"), &[]);
    let files: Vec<String> = std::fs::read_dir(plain.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!files.iter().any(|f| f.contains("-cards")), "{files:?}");
    assert!(read(&plain, "order-desk.md").contains("## Appendix: action cards"));
}

#[test]
fn markdown_action_cards_with_cards() {
    let dir = render(&repo("examples/minimal"), &["--cards", "--format", "md"]);
    let md = read(&dir, "order-desk-cards.md");
    assert!(
        md.starts_with("# Action cards: Order desk continuity plan\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## Ana Silva\n") && md.contains("\n## João Costa\n"),
        "{md}"
    );
    assert!(
        md.contains("| [ ] | 2.1 · 1 | Invoke the plan and call the team (Move the order desk to home working) | 30min | T+30min | João Costa (step 2) |"),
        "{md}"
    );
    assert!(md.contains("| [ ] | 2.2 · 1 | Confirm the office is safe and restore the order line (Return to the office) | 2h | T+2h | end of procedure |"), "{md}");
}

#[test]
fn cover_shows_open_gaps_beside_the_status() {
    let dir = render(&repo("examples/gaps"), &["--format", "html"]);
    for id in ["penang-mfg", "global-logistics"] {
        let doc = parse(&read(&dir, &format!("{id}.html")));
        let failing = doc.by_id("findings").tags("tbody")[0]
            .tags("tr")
            .into_iter()
            .filter(|tr| tr.tags("td")[0].text() == "error")
            .count();
        assert!(failing > 0, "{id}");
        let status = doc
            .by_id("cover")
            .find_all(&|e| {
                e.tag == "div" && e.tags("dt").first().is_some_and(|d| d.text() == "Status")
            })
            .into_iter()
            .next()
            .unwrap()
            .tags("dd")[0]
            .text();
        assert!(
            status.ends_with(&format!("{failing} open gaps — see appendix")),
            "{id}: {status}"
        );
        let link = doc
            .by_id("cover")
            .find_all(&|e| e.tag == "a" && e.text().contains("open gaps"));
        assert_eq!(link[0].attr("href"), Some("#findings"));
        let md =
            std::fs::read_to_string(dir.path().join("out").join(format!("{id}.html"))).unwrap();
        assert!(md.contains("open gaps"));
    }
    let md_dir = render(&repo("examples/gaps"), &["--format", "md"]);
    let md = read(&md_dir, "penang-mfg.md");
    let line = md.lines().find(|l| l.starts_with("| Status |")).unwrap();
    assert!(line.contains(" open gaps — see appendix**"), "{line}");
    // A plan without failing findings shows its status alone.
    let clean = render(&repo("examples/minimal"), &[]);
    let doc = parse(&read(&clean, "order-desk.html"));
    assert!(!doc.by_id("cover").text().contains("open gap"));
    assert!(read(&clean, "order-desk.md").contains("| Status | Approved |\n"));
}

#[test]
fn future_exercises_are_listed_as_planned_apart_from_held_ones() {
    let before = render(&repo("examples/minimal"), &["--today", "2026-05-01"]);
    let doc = parse(&read(&before, "order-desk.html"));
    let section = doc.by_id("exercises");
    let planned = section
        .find_all(&|e| e.attr("aria-label") == Some("Exercises planned"))
        .into_iter()
        .next()
        .expect("a planned exercises table");
    assert!(planned.text().contains("ex-2026-05"));
    assert!(
        section
            .text()
            .contains("The plan has never been exercised.")
    );
    assert!(
        section
            .find_all(&|e| e.attr("aria-label") == Some("Exercises held"))
            .is_empty()
    );
    let md = read(&before, "order-desk.md");
    let planned_at = md.find("### Exercises planned").unwrap();
    assert!(md[planned_at..].contains("| 2026-05-04 | ex-2026-05 |"));
    let after = render(&repo("examples/minimal"), &["--today", "2026-06-01"]);
    let doc = parse(&read(&after, "order-desk.html"));
    let section = doc.by_id("exercises");
    assert!(
        section
            .find_all(&|e| e.attr("aria-label") == Some("Exercises planned"))
            .is_empty()
    );
    let held = section
        .find_all(&|e| e.attr("aria-label") == Some("Exercises held"))
        .into_iter()
        .next()
        .unwrap();
    assert!(held.text().contains("ex-2026-05"));
    assert!(!read(&after, "order-desk.md").contains("### Exercises planned"));
}

#[test]
fn supplier_desks_include_suppliers_reached_through_systems() {
    let root = tempfile::tempdir().unwrap();
    let ws = root.path().join("ws");
    copy_dir(&repo("examples/minimal"), &ws);
    let plan = ws.join("plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "depends_on: [{ site: lisbon-office }]",
        "depends_on: [{ site: lisbon-office }, { system: crm }]",
    );
    std::fs::write(&plan, text).unwrap();
    std::fs::write(
        ws.join("more.yaml"),
        "apiVersion: bcplan/v1\nkind: Systems\nsystems:\n  - { id: crm, name: CRM, depends_on: [{ system: portal }] }\n  - { id: portal, name: Order portal, depends_on: [{ supplier: cloudco }, { system: crm }] }\n---\napiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - id: cloudco\n    name: CloudCo Hosting\n    tier: 1\n    criticality: high\n    contact: { name: Service desk, phone: \"+351210000111\", hours: \"24/7\", email: desk@cloudco.example }\n",
    )
    .unwrap();
    let out = root.path().join("out");
    let run = bcplan_in(&ws, &["render", ".", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("order-desk.html")).unwrap();
    let doc = parse(&html);
    let desks: Vec<Vec<String>> = doc
        .by_id("contacts")
        .find_all(&|e| {
            e.tag == "table" && e.tags("th").first().is_some_and(|t| t.text() == "Supplier")
        })
        .first()
        .expect("a supplier desk table")
        .tags("tbody")[0]
        .tags("tr")
        .iter()
        .map(|r| r.tags("td").iter().map(|d| d.text()).collect())
        .collect();
    assert_eq!(
        desks,
        [[
            "CloudCo Hosting",
            "Service desk",
            "+351 210 000 111",
            "desk@cloudco.example"
        ]],
        "{desks:?}"
    );
    let md = std::fs::read_to_string(out.join("order-desk.md")).unwrap();
    assert!(md.contains("| CloudCo Hosting | Service desk |"), "{md}");
}

/// The duty lines of a first-hour sheet (HTML), as text.
fn duty_lines(html: &str) -> Vec<(String, bool)> {
    let doc = parse(html);
    let sheet = doc.by_id("first-hour");
    sheet
        .find_all(&|e| e.tag == "ul" && e.has_class("duties"))
        .into_iter()
        .flat_map(|ul| ul.tags("li"))
        .map(|li| (li.text(), li.has_class("unfulfilled")))
        .collect()
}

#[test]
fn first_hour_sheet_lists_the_notification_duties_with_deadlines_and_who_sends_them() {
    // plans/registers/obligations.yaml: the two NIS2 duties apply to services plans, gdpr-breach
    // to services and procurement plans that reach a supplier processing personal data and
    // have cyber-attack in scope, iatf-customer-notice to manufacturing plans. Each line reads
    // "<Audience> — within <deadline> of <clock>: <name> (<basis>) · <sender> · <phone>, sends
    // within <within>", the sender being the owner of the communication that fulfils it.
    let dir = render(&repo("plans"), &["--today", "2026-11-22"]);
    let register: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo("plans/registers/obligations.yaml")).unwrap(),
    )
    .unwrap();
    let names = people_names();
    let obligation = |id: &str| {
        register["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone()
    };
    let clock = |o: &serde_json::Value| match o["clock"].as_str().unwrap() {
        "disruption" => "the disruption".to_owned(),
        c => c.to_owned(),
    };
    for (plan, file, ids) in [
        (
            "technical-services",
            "plans/services/technical-services.yaml",
            vec!["nis2-early-warning", "nis2-notification", "gdpr-breach"],
        ),
        (
            "dongguan-mfg",
            "plans/manufacturing/dongguan-mfg.yaml",
            vec!["iatf-customer-notice"],
        ),
    ] {
        let json = plan_json(file);
        for name in [format!("{plan}-first-hour.html"), format!("{plan}.html")] {
            let lines = duty_lines(&read(&dir, &name));
            assert_eq!(lines.len(), ids.len(), "{name}: {lines:?}");
            for ((line, unfulfilled), id) in lines.iter().zip(&ids) {
                let o = obligation(id);
                let comm = json["communications"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| {
                        c["fulfils"]
                            .as_array()
                            .is_some_and(|f| f.iter().any(|x| x == *id))
                    })
                    .unwrap();
                let audience = o["notify"].as_str().unwrap();
                let mut label = audience[..1].to_uppercase();
                label.push_str(&audience[1..]);
                let head = format!(
                    "{label} — within {} of {}: {} ({})",
                    o["deadline"].as_str().unwrap(),
                    clock(&o),
                    o["name"].as_str().unwrap(),
                    o["basis"].as_str().unwrap()
                );
                assert!(line.starts_with(&head), "{name}: {line} / {head}");
                let owner = &names[comm["owner"].as_str().unwrap()];
                assert!(line.contains(&format!("· {owner} · +")), "{name}: {line}");
                assert!(
                    line.ends_with(&format!(
                        "sends within {}",
                        comm["within"].as_str().unwrap()
                    )),
                    "{name}: {line}"
                );
                assert!(!unfulfilled);
            }
        }
        let md = read(&dir, &format!("{plan}-first-hour.md"));
        assert!(md.contains("\n## Notification duties\n"), "{md}");
        let o = obligation(ids[0]);
        assert!(
            md.contains(&format!(
                "— within {} of {}: {}",
                o["deadline"].as_str().unwrap(),
                clock(&o),
                o["name"].as_str().unwrap()
            )),
            "{md}"
        );
    }
    // A plan no duty applies to says so in one line.
    let html = read(&dir, "emea-logistics-first-hour.html");
    assert!(duty_lines(&html).is_empty());
    assert!(
        html.contains("No notification duty of the Obligations register applies to this plan.")
    );
}

#[test]
fn first_hour_sheet_warns_of_a_duty_nobody_sends_and_has_no_duties_without_a_register() {
    // tests/fixtures/impact/obligations: sales has no communication fulfilling customer-notice
    // (customers, 12h of the disruption) nor flood-warning (authorities, 48h of awareness);
    // ops has no communications at all, so every duty that applies to it is unfulfilled.
    let dir = render(&repo("tests/fixtures/impact/obligations"), &[]);
    let lines = duty_lines(&read(&dir, "sales-first-hour.html"));
    let unfulfilled: Vec<&String> = lines.iter().filter(|l| l.1).map(|l| &l.0).collect();
    assert_eq!(unfulfilled.len(), 2, "{lines:?}");
    assert!(
        unfulfilled[0].starts_with(
            "Customers — within 12h of the disruption: Customer notice of a disruption"
        )
    );
    assert!(unfulfilled[1].starts_with("Authorities — within 48h of awareness: Flood report"));
    assert!(
        unfulfilled
            .iter()
            .all(|l| l.ends_with("No communication fulfils it"))
    );
    let html = read(&dir, "sales-first-hour.html");
    assert!(html.contains("<span class=\"tag bad\">No communication fulfils it</span>"));
    assert!(lines.iter().any(|(l, u)| !u
        && l.starts_with("Executives — within 4h of activation: Board briefing · Ben Ode")));
    let md = read(&dir, "ops-first-hour.md");
    assert!(md.contains("- **Customers** — within 12h of the disruption: Customer notice of a disruption (Framework agreement clause 9) · **No communication fulfils it.**\n"), "{md}");
    // ops reaches no supplier processing personal data: gdpr-breach is not on its sheet.
    assert!(!md.contains("Personal data breach"), "{md}");
    // A workspace without an Obligations register has no such block.
    let dir = render(&repo("tests/fixtures/impact/model"), &[]);
    for name in [
        "mfg-first-hour.html",
        "mfg-first-hour.md",
        "mfg.html",
        "mfg.md",
    ] {
        let text = read(&dir, name);
        assert!(!text.contains("Notification duties"), "{name}");
        assert!(!text.contains("Obligations register"), "{name}");
    }
}

/// The text of each paragraph of the Markdown `md`.
fn paragraphs(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Paragraph) => current = Some(String::new()),
            Event::End(TagEnd::Paragraph) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(p) = &mut current {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = &mut current {
                    p.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn markdown_first_hour_keeps_the_plan_line_and_the_invocation_criteria_apart() {
    for extra in [&[][..], &["--redact"][..]] {
        let dir = render(&repo("examples/minimal"), extra);
        for file in ["order-desk-first-hour.md", "order-desk.md"] {
            let paragraphs = paragraphs(&read(&dir, file));
            let plan_line = paragraphs
                .iter()
                .find(|p| p.starts_with("Plan order-desk"))
                .unwrap_or_else(|| panic!("{file} {extra:?}: no plan line in {paragraphs:?}"));
            assert!(
                plan_line.contains("generated") && !plan_line.contains("Invoke"),
                "{file} {extra:?}: {plan_line:?}"
            );
            assert!(
                paragraphs.iter().any(|p| p == "Invoke this plan when:"),
                "{file} {extra:?}: {paragraphs:?}"
            );
        }
    }
}

/// The README's sample first-hour sheet and action card are what `render` writes for `plans/`.
#[test]
fn the_readme_shows_the_real_first_hour_sheet_and_action_card() {
    let dir = render(&repo("plans"), &["--cards", "--today", "2026-11-22"]);
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("````markdown\n")
        .skip(1)
        .filter_map(|b| b.split("````").next())
        .collect();
    let sheet = read(&dir, "dongguan-mfg-first-hour.md");
    assert!(
        blocks.contains(&sheet.as_str()),
        "README first-hour sample is stale:\n{sheet}"
    );
    let cards = read(&dir, "dongguan-mfg-cards.md");
    let first = &cards[..cards.find("## Zhang Min").unwrap()];
    assert!(
        blocks.contains(&first),
        "README action-card sample is stale:\n{first}"
    );
    // The cards' header line and the explanation under it are separate paragraphs.
    let paragraphs = paragraphs(&cards);
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("Plan dongguan-mfg") && !p.contains("Each card")),
        "{paragraphs:?}"
    );
}
