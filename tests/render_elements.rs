//! The continuity elements of a plan in its runbooks, through the real binary: delegations,
//! escalation and stand-down beside the activation authority, the distribution list on the
//! cover's back, system backups in the dependencies section, the impact scale and each activity's
//! rationale in the impact analysis, strategy providers, the strategies a procedure carries out,
//! and real incidents and training in the records. Expected values are read from the plans.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::html::{El, parse};
use common::{bcplan_in, copy_dir};
use serde_json::Value;

const PLANS: &[&str] = &[
    "dongguan-mfg",
    "emea-logistics",
    "global-procurement",
    "technical-services",
    "tczew-mfg",
];

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn yaml(path: &Path) -> Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Renders the workspace at `ws` (with `extra` arguments) into `out`; the run must succeed.
fn render(ws: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["render", ".", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = bcplan_in(ws, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The reference workspace's registers and plans as JSON.
struct Reference {
    people: BTreeMap<String, Value>,
    sites: BTreeMap<String, String>,
    systems: BTreeMap<String, Value>,
    plans: BTreeMap<String, Value>,
    config: Value,
}

fn by_id(list: &Value) -> BTreeMap<String, Value> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| (v["id"].as_str().unwrap().to_owned(), v.clone()))
        .collect()
}

impl Reference {
    fn load() -> Reference {
        let reg =
            |name: &str, key: &str| by_id(&yaml(&repo(&format!("plans/registers/{name}")))[key]);
        let mut plans = BTreeMap::new();
        for file in common::yaml_files(&repo("plans")) {
            let v = yaml(&file);
            if v["kind"] == "Plan" {
                plans.insert(v["id"].as_str().unwrap().to_owned(), v);
            }
        }
        Reference {
            people: reg("people.yaml", "people"),
            sites: reg("sites.yaml", "sites")
                .into_iter()
                .map(|(k, v)| (k, v["name"].as_str().unwrap().to_owned()))
                .collect(),
            systems: reg("systems.yaml", "systems"),
            plans,
            config: yaml(&repo("plans/bcplan.yaml")),
        }
    }

    fn name(&self, id: &str) -> String {
        self.people[id]["name"].as_str().unwrap().to_owned()
    }

    /// The number a responder calls: the first 24/7 phone, else the first.
    fn phone(&self, id: &str) -> String {
        let phones = self.people[id]["phones"].as_array().unwrap();
        let best = phones
            .iter()
            .find(|p| p["hours"] == "24/7")
            .unwrap_or(&phones[0]);
        best["number"].as_str().unwrap().to_owned()
    }

    /// The name shown for a person or a team of `plan`.
    fn holder(&self, plan: &Value, id: &str) -> String {
        match list(&plan["teams"]).iter().find(|t| t["id"] == id) {
            Some(t) => t["name"].as_str().unwrap().to_owned(),
            None => self.name(id),
        }
    }

    /// The systems `plan`'s activities depend on, directly or through other systems.
    fn systems_of(&self, plan: &Value) -> BTreeSet<String> {
        let mut queue: Vec<String> = list(&plan["activities"])
            .iter()
            .flat_map(|a| list(&a["depends_on"]))
            .filter_map(|d| d["system"].as_str().map(str::to_owned))
            .collect();
        let mut seen = BTreeSet::new();
        while let Some(id) = queue.pop() {
            if seen.insert(id.clone()) {
                queue.extend(
                    list(&self.systems[&id]["depends_on"])
                        .iter()
                        .filter_map(|d| d["system"].as_str().map(str::to_owned)),
                );
            }
        }
        seen
    }
}

fn list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn text(v: &Value) -> String {
    v.as_str()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn opt(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        v => text(v),
    }
}

/// The lines of the Markdown section headed exactly `heading` (up to the next heading of the
/// same or a higher level).
fn md_section<'a>(md: &'a str, heading: &str) -> &'a str {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let start = md
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no Markdown heading {heading:?}"))
        + 1;
    let body = &md[start + heading.len()..];
    let end = body
        .match_indices("\n#")
        .find(|(i, _)| {
            let hashes = body[i + 1..].chars().take_while(|c| *c == '#').count();
            hashes <= level && body[i + 1 + hashes..].starts_with(' ')
        })
        .map_or(body.len(), |(i, _)| i);
    &body[..end]
}

/// The person shown in `li` links to their 24/7 number (when not redacting).
fn li_reaches(li: &El, name: &str, number: &str) {
    assert!(li.text().starts_with(name), "{:?} is not {name}", li.text());
    let tel = li.find_all(&|e| e.tag == "a" && e.has_class("tel"));
    assert_eq!(
        tel.first().and_then(|a| a.attr("href")),
        Some(format!("tel:{number}").as_str()),
        "{}",
        li.text()
    );
}

#[test]
fn reference_runbooks_show_each_element_in_its_section() {
    let r = Reference::load();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    render(&repo("plans"), &out, &["--today", "2026-11-22"]);
    let mut seen = BTreeSet::new();
    for id in PLANS {
        let plan = &r.plans[*id];
        let html = std::fs::read_to_string(out.join(format!("{id}.html"))).unwrap();
        let md = std::fs::read_to_string(out.join(format!("{id}.md"))).unwrap();
        let doc = parse(&html);
        let main = &doc.tags("main")[0];
        let sections: Vec<&str> = main
            .elements()
            .filter(|e| e.tag == "section")
            .filter_map(|e| e.attr("id"))
            .collect();

        // The distribution list is the page after the cover.
        let distribution = list(&plan["distribution"]);
        if !distribution.is_empty() {
            seen.insert("distribution");
            let at = sections.iter().position(|s| *s == "cover").unwrap();
            assert_eq!(sections[at + 1], "distribution", "{id}: {sections:?}");
            let rows = main
                .by_id("distribution")
                .table("Distribution of this plan")
                .rows();
            let md_rows = md_section(&md, "## Distribution of this plan");
            assert_eq!(rows.len(), distribution.len(), "{id}");
            for (row, d) in rows.iter().zip(&distribution) {
                let holder = r.holder(plan, d["to"].as_str().unwrap());
                let copy = d["copy"].as_str().unwrap();
                let label = format!("{}{}", copy[..1].to_uppercase(), &copy[1..]);
                assert!(row[0].starts_with(&holder), "{id}: {row:?}");
                assert_eq!(row[1], label, "{id}");
                assert!(md_rows.contains(&format!("| {holder}")), "{id}: {md_rows}");
            }
        }

        // Delegations beside the activation authority; escalation and stand-down.
        let activation = &plan["activation"];
        let delegations = list(&plan["delegations"]);
        let escalation = list(&activation["escalation"]);
        let deactivation = list(&activation["deactivation"]);
        let section = main.by_id("activation");
        let md_act = md_section(&md, "## Activation: delegations, escalation and stand-down");
        if !delegations.is_empty() {
            seen.insert("delegations");
            let grid = section.find_all(&|e| e.has_class("grid-2"))[0];
            let authority: Vec<&El> = grid.tags("ol")[0].tags("li");
            for (li, who) in authority.iter().zip(list(&activation["authority"])) {
                let who = who.as_str().unwrap();
                li_reaches(li, &r.name(who), &r.phone(who));
            }
            let cards = grid.find_all(&|e| e.has_class("delegation"));
            assert_eq!(cards.len(), delegations.len(), "{id}");
            for (card, d) in cards.iter().zip(&delegations) {
                let t = card.text();
                assert_eq!(card.tags("h4")[0].text(), text(&d["authority"]), "{id}");
                for key in ["limit", "trigger", "ends"] {
                    assert!(t.contains(&text(&d[key])), "{id}: {key} missing in {t}");
                }
                let from = d["from"].as_str().unwrap();
                assert!(t.contains(&format!("Normally: {}", r.name(from))), "{t}");
                let to: Vec<&El> = card.tags("ol")[0].tags("li");
                assert_eq!(to.len(), list(&d["to"]).len(), "{id}");
                for (li, who) in to.iter().zip(list(&d["to"])) {
                    let who = who.as_str().unwrap();
                    li_reaches(li, &r.name(who), &r.phone(who));
                }
                assert!(
                    md_act.contains(&format!("- **{}**", text(&d["authority"]))),
                    "{md_act}"
                );
            }
        }
        if !escalation.is_empty() {
            seen.insert("escalation");
            let rows = section.table("Escalation").rows();
            assert_eq!(rows.len(), escalation.len(), "{id}");
            for (row, e) in rows.iter().zip(&escalation) {
                assert_eq!(row[0], text(&e["threshold"]), "{id}");
                for who in list(&e["notify"]) {
                    let who = who.as_str().unwrap();
                    assert!(row[1].contains(&r.name(who)), "{id}: {row:?}");
                }
                let decide = e["decide"].as_str().unwrap();
                assert!(row[2].starts_with(&r.name(decide)), "{id}: {row:?}");
                assert!(
                    md_act.contains(&format!("| {} |", text(&e["threshold"]))),
                    "{md_act}"
                );
            }
        }
        if !deactivation.is_empty() {
            seen.insert("deactivation");
            let items: Vec<String> = section.find_all(&|e| e.has_class("deactivation"))[0]
                .tags("li")
                .iter()
                .map(|li| li.text())
                .collect();
            let want: Vec<String> = deactivation.iter().map(text).collect();
            assert_eq!(items, want, "{id}");
            let stand_down = md_section(md_act, "### Stand down when");
            for c in &want {
                assert!(stand_down.contains(&format!("- {c}")), "{stand_down}");
            }
        }

        // Backups of each system the plan depends on, beside its RTO and RPO.
        let systems = r.systems_of(plan);
        let rows = main
            .by_id("dependencies")
            .table("Systems and their backups")
            .rows();
        let md_systems = md_section(&md, "### Systems and their backups");
        let mut expected = Vec::new();
        for s in r
            .systems
            .values()
            .filter(|s| systems.contains(s["id"].as_str().unwrap()))
        {
            let site = |v: &Value| v.as_str().map_or("—".to_owned(), |s| r.sites[s].clone());
            for b in list(&s["backups"]) {
                let kind = b["type"].as_str().unwrap();
                expected.push(vec![
                    text(&s["name"]),
                    opt(&s["rto"]),
                    opt(&s["rpo"]),
                    site(&s["dr_site"]),
                    format!("{}{}", kind[..1].to_uppercase(), &kind[1..]),
                    opt(&b["every"]),
                    opt(&b["retention"]),
                    site(&b["site"]),
                    opt(&b["immutable"]),
                    opt(&b["offline"]),
                ]);
            }
        }
        let mut rows_sorted = rows.clone();
        rows_sorted.sort();
        expected.sort();
        assert_eq!(rows_sorted, expected, "{id}");
        assert_eq!(
            md_systems.lines().filter(|l| l.starts_with("| ")).count(),
            expected.len() + 1,
            "{id}: {md_systems}"
        );
        seen.insert("backups");

        // The organisation's impact scale and each activity's rationale.
        let scale = main.by_id("overview").table("Impact rating scale").rows();
        let want: Vec<Vec<String>> = ["none", "low", "medium", "high", "severe"]
            .iter()
            .map(|l| {
                vec![
                    (*l).to_owned(),
                    text(&r.config["policy"]["impact_scale"][l]),
                ]
            })
            .collect();
        assert_eq!(scale, want, "{id}");
        assert!(md_section(&md, "### Impact rating scale").contains("| severe | "));
        for a in list(&plan["activities"]) {
            let card = main.by_id(&format!("activity-{}", a["id"].as_str().unwrap()));
            for key in ["description", "justification"] {
                if a[key].is_string() {
                    seen.insert(key);
                    let class = key;
                    let shown = card.find_all(&|e| e.has_class(class))[0].text();
                    assert_eq!(shown, text(&a[key]), "{id}");
                    let first = a[key].as_str().unwrap().lines().next().unwrap();
                    assert!(md.contains(first), "{id}: {first}");
                }
            }
            for impact in list(&a["impacts"]) {
                for (dim, amount) in impact["values"].as_object().into_iter().flatten() {
                    seen.insert("values");
                    let label = format!("{}{}", dim[..1].to_uppercase(), &dim[1..]);
                    let rating = impact[dim].as_str().unwrap();
                    let cell = format!("{label}: {rating} ({})", text(amount));
                    assert!(
                        card.text().contains(&cell),
                        "{id}: {cell} in {}",
                        card.text()
                    );
                    let md_cell = format!("{label} {rating} ({})", text(amount));
                    assert!(md.contains(&md_cell), "{id}: {md_cell}");
                }
            }
        }

        // Strategy providers and agreements, with the strategy.
        let strategies = main.by_id("dependencies").table("Strategies").rows();
        for (row, s) in strategies.iter().zip(list(&plan["strategies"])) {
            assert_eq!(row[0], s["id"].as_str().unwrap());
            let provider = s["provider"].as_object();
            if let Some((kind, target)) = provider.and_then(|p| p.iter().next()) {
                seen.insert("provider");
                let target = target.as_str().unwrap();
                let name = match kind.as_str() {
                    "system" => text(&r.systems[target]["name"]),
                    "site" => r.sites[target].clone(),
                    _ => target.to_owned(),
                };
                if kind != "supplier" {
                    assert!(row[7].starts_with(&format!("{name} ({kind})")), "{row:?}");
                }
                assert!(row[7].contains(&format!("({kind})")), "{row:?}");
            }
            if s["agreement"].is_string() {
                assert!(row[7].contains(&text(&s["agreement"])), "{row:?}");
                assert!(md.contains(&text(&s["agreement"])), "{id}");
            }
            if provider.is_none() && !s["agreement"].is_string() {
                assert_eq!(row[7], "—");
            }
        }

        // The strategies a procedure carries out, on the procedure.
        for p in list(&plan["procedures"]) {
            let implements = list(&p["implements"]);
            let article = main.by_id(&format!("proc-{}", p["id"].as_str().unwrap()));
            let t = article.text();
            if implements.is_empty() {
                assert!(!t.contains("Carries out:"), "{id}: {t}");
                continue;
            }
            seen.insert("implements");
            let at = t
                .find("Carries out:")
                .unwrap_or_else(|| panic!("{id}: {t}"));
            let mut rest = &t[at..];
            for s in implements {
                let s = s.as_str().unwrap();
                let found = rest.find(s).unwrap_or_else(|| panic!("{id}: {s} in order"));
                rest = &rest[found..];
            }
        }

        // Real incidents and training beside the exercises.
        let records = main.by_id("exercises");
        let md_records = md_section(&md, "## 7. Exercises, open actions and history");
        for i in list(&plan["incidents"]) {
            seen.insert("incidents");
            let iid = i["id"].as_str().unwrap();
            let card = records.by_id(&format!("incident-{iid}"));
            let t = card.text();
            assert!(t.contains(i["date"].as_str().unwrap()), "{t}");
            let who = i["activated_by"].as_str().unwrap();
            assert!(t.contains(&format!("Activated by: {}", r.name(who))), "{t}");
            assert!(t.contains(&text(&i["summary"])), "{t}");
            let measured = card.table(&format!("Measured times of {iid}")).rows();
            let want: Vec<Vec<String>> = i["measured"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(p, d)| {
                    let title = list(&plan["procedures"])
                        .into_iter()
                        .find(|x| x["id"] == p.as_str())
                        .map(|x| text(&x["title"]))
                        .unwrap();
                    vec![title, text(d)]
                })
                .collect();
            assert_eq!(measured, want, "{id}");
            let findings = card.table(&format!("Findings of {iid}")).rows();
            for (row, f) in findings.iter().zip(list(&i["findings"])) {
                assert_eq!(row[0], text(&f["description"]));
                assert_eq!(row[2], r.name(f["owner"].as_str().unwrap()));
            }
            let md_incident = md_section(md_records, &format!("#### Incident {iid}"));
            assert!(
                md_incident.contains(&format!("| {} |", want[0][0])),
                "{md_incident}"
            );
        }
        let training = list(&plan["training"]);
        if !training.is_empty() {
            seen.insert("training");
            let rows = records.table("Training").rows();
            let want: Vec<Vec<String>> = training
                .iter()
                .map(|t| {
                    let names: Vec<String> = list(&t["attendees"])
                        .iter()
                        .map(|a| r.holder(plan, a.as_str().unwrap()))
                        .collect();
                    vec![
                        text(&t["date"]),
                        text(&t["topic"]),
                        names.join(", "),
                        opt(&t["by"]),
                    ]
                })
                .collect();
            assert_eq!(rows, want, "{id}");
            let md_training = md_section(md_records, "### Training");
            assert!(
                md_training.contains(&format!("| {} |", want[0].join(" | "))),
                "{md_training}"
            );
        }
    }
    for element in [
        "distribution",
        "delegations",
        "escalation",
        "deactivation",
        "backups",
        "description",
        "justification",
        "values",
        "provider",
        "implements",
        "incidents",
        "training",
    ] {
        assert!(seen.contains(element), "no plan showed {element}");
    }
}

#[test]
fn supplier_desks_include_strategy_providers() {
    let root = tempfile::tempdir().unwrap();
    let ws = root.path().join("ws");
    copy_dir(&repo("examples/minimal"), &ws);
    let plan = ws.join("plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "    ready_within: 4h\n",
        "    ready_within: 4h\n    provider: { supplier: homenet }\n    agreement: Home broadband contract HB-9\n  - id: standby-crm\n    type: failover\n    covers: [order-taking]\n    scenarios: [earthquake]\n    provider: { system: crm }\n",
    );
    std::fs::write(&plan, text).unwrap();
    std::fs::write(
        ws.join("more.yaml"),
        "apiVersion: bcplan/v1\nkind: Systems\nsystems:\n  - { id: crm, name: Standby CRM, depends_on: [{ supplier: cloudco }] }\n---\napiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - id: homenet\n    name: HomeNet Broadband\n    tier: 1\n    criticality: high\n    contact: { name: Business line, phone: \"+351210000222\", hours: \"24/7\" }\n  - id: cloudco\n    name: CloudCo Hosting\n    tier: 1\n    criticality: high\n    contact: { name: Service desk, phone: \"+351210000111\", hours: \"24/7\" }\n",
    )
    .unwrap();
    let out = root.path().join("out");
    render(&ws, &out, &[]);
    let doc = parse(&std::fs::read_to_string(out.join("order-desk.html")).unwrap());
    let desks: Vec<String> = doc
        .by_id("contacts")
        .table("Supplier incident desks")
        .rows()
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(desks, ["CloudCo Hosting", "HomeNet Broadband"]);
    let strategies = doc.by_id("dependencies").table("Strategies").rows();
    assert_eq!(
        strategies[0][7],
        "HomeNet Broadband (supplier) Home broadband contract HB-9"
    );
    assert_eq!(strategies[1][7], "Standby CRM (system)");
    let md = std::fs::read_to_string(out.join("order-desk.md")).unwrap();
    let md_desks = md_section(&md, "### Supplier incident desks");
    assert!(
        md_desks.contains("| HomeNet Broadband | Business line |"),
        "{md_desks}"
    );
    assert!(
        md_desks.contains("| CloudCo Hosting | Service desk |"),
        "{md_desks}"
    );
}

#[test]
fn redacted_runbooks_mask_the_numbers_of_delegates_and_escalation() {
    let r = Reference::load();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    render(&repo("plans"), &out, &["--today", "2026-11-22", "--redact"]);
    for id in PLANS {
        let plan = &r.plans[*id];
        let html = std::fs::read_to_string(out.join(format!("{id}.html"))).unwrap();
        let md = std::fs::read_to_string(out.join(format!("{id}.md"))).unwrap();
        let section = parse(&html);
        let section = section.by_id("activation");
        assert!(
            section
                .find_all(&|e| e.attr("href").is_some_and(|h| h.starts_with("tel:")))
                .is_empty(),
            "{id}: a tel: link survives redaction"
        );
        let md_act = md_section(&md, "## Activation: delegations, escalation and stand-down");
        let mut people: Vec<String> = list(&plan["delegations"])
            .iter()
            .flat_map(|d| list(&d["to"]))
            .chain(
                list(&plan["activation"]["escalation"])
                    .iter()
                    .flat_map(|e| list(&e["notify"])),
            )
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();
        people.sort();
        people.dedup();
        assert!(!people.is_empty(), "{id}");
        for who in people {
            let number = r.phone(&who);
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            let last = &digits[digits.len() - 6..];
            for shown in [section.text(), md_act.to_owned()] {
                let shown: String = shown.chars().filter(char::is_ascii_digit).collect();
                assert!(!shown.contains(last), "{id}: {who}'s number survives");
            }
            assert!(md_act.contains(&r.name(&who)), "{id}: {who} is still named");
        }
    }
}

#[test]
fn a_plan_without_the_elements_shows_no_empty_headings() {
    let root = tempfile::tempdir().unwrap();
    let ws = root.path().join("ws");
    copy_dir(&repo("examples/minimal"), &ws);
    let plan = ws.join("plan.yaml");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    // The minimal example uses some of the elements: take them out.
    for (from, to) in [
        ("training:\n", "exercises:\n"),
        ("  escalation:\n", "communications:\n"),
    ] {
        let start = text.find(from).unwrap();
        let end = text.find(to).unwrap();
        text.replace_range(start..end, "");
    }
    std::fs::write(&plan, text).unwrap();
    let out = root.path().join("out");
    render(&ws, &out, &[]);
    let html = std::fs::read_to_string(out.join("order-desk.html")).unwrap();
    let md = std::fs::read_to_string(out.join("order-desk.md")).unwrap();
    let doc = parse(&html);
    for id in ["distribution", "activation", "incidents", "training"] {
        assert!(
            doc.find_all(&|e| e.attr("id") == Some(id)).is_empty(),
            "#{id} is shown"
        );
    }
    let headings: Vec<String> = doc
        .find_all(&|e| matches!(e.tag.as_str(), "h2" | "h3" | "h4"))
        .iter()
        .map(|h| h.text())
        .collect();
    for heading in [
        "Distribution of this plan",
        "Activation: delegations, escalation and stand-down",
        "Delegations of authority",
        "Escalation",
        "Stand down when",
        "Systems and their backups",
        "Impact rating scale",
        "Real incidents",
        "Training",
    ] {
        assert!(
            !headings.iter().any(|h| h == heading),
            "HTML shows {heading}"
        );
        assert!(
            !md.lines()
                .any(|l| l.trim_start_matches('#').trim() == heading),
            "Markdown shows {heading}"
        );
    }
    for absent in [
        "Carries out:",
        "Why these numbers:",
        "Delegations of authority",
    ] {
        assert!(!html.contains(absent), "HTML shows {absent}");
        assert!(!md.contains(absent), "Markdown shows {absent}");
    }
    assert!(!md.contains("(#distribution-of-this-plan)"));
    assert!(!md.contains("(#activation-delegations-escalation-and-stand-down)"));
    assert!(!html.contains("href=\"#activation\""));
}

#[test]
fn every_approver_is_on_the_cover_with_role_and_date() {
    let root = tempfile::tempdir().unwrap();
    let ws = root.path().join("ws");
    copy_dir(&repo("plans"), &ws);
    let path = ws.join("manufacturing/dongguan-mfg.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let two = "  - { by: erik.lindqvist, role: Top management (COO), date: 2026-08-25 }\n";
    assert!(text.contains(two));
    // A third approver whose approval is outstanding.
    let three = format!("{two}  - {{ by: karin.holm, role: Quality }}\n");
    std::fs::write(&path, text.replace(two, &three)).unwrap();
    let out = root.path().join("out");
    let run = bcplan_in(
        &ws,
        &[
            "render",
            ".",
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2026-11-22",
        ],
    );
    // The outstanding approval is a finding (exit 1) and the runbooks are still written.
    assert!(run.code <= 1, "{}", run.stderr);
    let md = std::fs::read_to_string(out.join("dongguan-mfg.md")).unwrap();
    let row = md.lines().find(|l| l.starts_with("| Approved |")).unwrap();
    assert!(
        row.contains("Li Wei")
            && row.contains("(Plan owner) on 2026-08-22; ")
            && row.contains("Erik Lindqvist")
            && row.contains("(Top management (COO)) on 2026-08-25; ")
            && row.contains("Karin Holm")
            && row.contains("(Quality) **not yet approved**"),
        "{row}"
    );
    let doc = parse(&std::fs::read_to_string(out.join("dongguan-mfg.html")).unwrap());
    let cover = doc.by_id("cover").text();
    assert!(
        cover.contains("(Plan owner) on 2026-08-22")
            && cover.contains("Erik Lindqvist")
            && cover.contains("(Top management (COO)) on 2026-08-25")
            && cover.contains("(Quality) not yet approved"),
        "{cover}"
    );
}
