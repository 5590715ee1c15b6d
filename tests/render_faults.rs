//! Regression tests for runbook layout faults, through the real binary: cross-plan dependency
//! names, the contents list numbering, and one duration spelling everywhere.

mod common;

use std::path::Path;

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn yaml(path: &str) -> serde_json::Value {
    serde_saphyr::from_str(&std::fs::read_to_string(repo(path)).unwrap()).unwrap()
}

/// Renders the reference workspace into a fresh folder.
fn render_plans(extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec!["render", "plans", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = common::bcplan(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join("out").join(name)).unwrap()
}

/// The HTML text with the escapes the templates write undone.
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn a_dependency_on_another_plans_activity_is_labelled_with_its_name() {
    let dir = render_plans(&[]);
    let files = [
        "plans/manufacturing/dongguan-mfg.yaml",
        "plans/manufacturing/tczew-mfg.yaml",
        "plans/logistics/emea-logistics.yaml",
        "plans/services/technical-services.yaml",
    ];
    let mut checked = 0;
    for file in files {
        let plan = yaml(file);
        let id = plan["id"].as_str().unwrap();
        // Markdown escapes `&` as `\&`, Mermaid labels as `#amp;`.
        let md = read(&dir, &format!("{id}.md"))
            .replace("\\&", "&")
            .replace("#amp;", "&");
        let html = unescape(&read(&dir, &format!("{id}.html")));
        let mermaid = &md[md.find("```mermaid").unwrap()..];
        let mermaid = &mermaid[..mermaid[3..].find("```").unwrap()];
        let svgs: String = html
            .match_indices("<svg")
            .map(|(i, _)| &html[i..])
            .map(|s| &s[..s.find("</svg>").unwrap()])
            .collect();
        for activity in plan["activities"].as_array().unwrap() {
            for dep in activity["depends_on"].as_array().into_iter().flatten() {
                let Some(target) = dep["activity"].as_str() else {
                    continue;
                };
                let Some((other, act)) = target.split_once('/') else {
                    continue;
                };
                let other_file = files
                    .iter()
                    .chain(&["plans/procurement/global-procurement.yaml"])
                    .map(|f| yaml(f))
                    .find(|p| p["id"] == other)
                    .unwrap();
                let name = other_file["activities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["id"] == act)
                    .unwrap()["name"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let label = format!("{name} ({target})");
                assert!(
                    md.contains(&format!("{label} (activity)")),
                    "{id}.md: {label}"
                );
                assert!(mermaid.contains(&label), "{id}.md graph: {label}");
                assert!(html.contains(&label), "{id}.html: {label}");
                assert!(svgs.contains(&label), "{id}.html graph: {label}");
                let bare = format!("{target} ({target})");
                assert!(!md.contains(&bare) && !html.contains(&bare), "{id}: {bare}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 4, "{checked} cross-plan dependencies checked");
}

/// The parts of `text` between each `open` and the next `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.match_indices(open)
        .map(|(i, _)| {
            let rest = &text[i + open.len()..];
            &rest[..rest.find(close).unwrap()]
        })
        .collect()
}

#[test]
fn timeline_labels_fit_their_column_and_durations_are_spelled_as_in_the_tables() {
    let dir = render_plans(&["--format", "html"]);
    let mut wrapped = 0;
    for file in [
        "plans/manufacturing/dongguan-mfg.yaml",
        "plans/logistics/emea-logistics.yaml",
        "plans/services/technical-services.yaml",
        "plans/procurement/global-procurement.yaml",
    ] {
        let plan = yaml(file);
        let id = plan["id"].as_str().unwrap();
        let html = unescape(&read(&dir, &format!("{id}.html")));
        let svg = between(&html, "<svg class=\"chart timeline\"", "</svg>")[0];
        let labels = between(svg, "<text class=\"row-label\"", "</text>");
        let activities = plan["activities"].as_array().unwrap();
        assert_eq!(labels.len(), activities.len());
        for label in labels {
            let lines: Vec<&str> = between(label, "\">", "</tspan>")
                .into_iter()
                .filter(|l| !l.contains('<'))
                .collect();
            let title = between(label, "<title>", "</title>")[0];
            assert!(!lines.is_empty() && lines.len() <= 2, "{label}");
            // 32 characters at 8 px fit the 262 px label column, whatever the font.
            assert!(
                lines.iter().all(|l| l.chars().count() <= 32),
                "{id}: {lines:?}"
            );
            let shown = lines.join(" ");
            let shown = shown.trim_end_matches('…');
            assert!(
                title.starts_with(shown),
                "{id}: {shown:?} is not the start of {title:?}"
            );
            if title.chars().count() <= 40 {
                assert_eq!(lines.join(" "), title, "{id}: a short name is shown whole");
            }
            wrapped += usize::from(lines.len() == 2);
        }
        // Each activity's RTO and MTPD read the same in the chart as in the impact table.
        for a in activities {
            for (field, name) in [("rto", "RTO"), ("mtpd", "MTPD")] {
                let Some(written) = a[field].as_str() else {
                    continue;
                };
                assert!(
                    svg.contains(&format!("<title>{name} {written}</title>")),
                    "{id}: the chart spells {name} {written} differently"
                );
            }
        }
    }
    assert!(wrapped > 0, "some long names are wrapped onto two lines");
}

#[test]
fn markdown_diff_shows_a_changed_field_inside_a_step_without_id() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(common::bcplan_in(dir.path(), &["init", "old"]).code, 0);
    assert_eq!(common::bcplan_in(dir.path(), &["init", "new"]).code, 0);
    let file = dir.path().join("new/procurement/supply-continuity.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let step = "      - action: Confirm supply is stable and safety stock is rebuilt or has a recovery plan\n        owner: priya.shah\n";
    assert!(text.contains(step));
    std::fs::write(
        &file,
        text.replacen(step, &step.replace("priya.shah", "daniel.wood"), 1),
    )
    .unwrap();
    let run = common::bcplan_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("procedure `procurement-stand-down`: `steps`"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    let cells: Vec<&str> = line.split(" | ").collect();
    assert_eq!(
        &cells[2..],
        [
            "… #1 (Confirm supply is stable and …) owner: priya.shah",
            "… #1 (Confirm supply is stable and …) owner: daniel.wood |"
        ],
        "{line}"
    );
}

#[test]
fn contents_number_the_procedures_2_1_to_2_n() {
    let dir = render_plans(&["--format", "html"]);
    let plan = yaml("plans/manufacturing/dongguan-mfg.yaml");
    let html = unescape(&read(&dir, "dongguan-mfg.html"));
    let toc = between(&html, "<ul class=\"toc\">", "</section>")[0];
    let procedures = &toc[toc.find("href=\"#procedures\"").unwrap()..];
    let nested = between(procedures, "<ul>", "</ul>")[0];
    let items: Vec<&str> = between(nested, "\">", "</a>");
    let expected: Vec<String> = plan["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, p)| format!("2.{} {}", i + 1, p["title"].as_str().unwrap()))
        .collect();
    assert_eq!(items, expected);
    // The sections are numbered in the text, so the list itself adds no numbers.
    let top: Vec<&str> = between(toc, "<li><a href=\"#", "</a>")
        .into_iter()
        .map(|l| &l[l.find("\">").unwrap() + 2..])
        .filter(|l| !(l.starts_with("2.") && l.as_bytes()[2].is_ascii_digit()))
        // The activation page and the "If this happens" pages are listed under the first hour,
        // unnumbered like their headings.
        .filter(|l| !l.starts_with("If this happens: ") && !l.starts_with("Activation: "))
        .collect();
    assert_eq!(
        top,
        [
            "1. First hour",
            "2. Procedures",
            "3. Contacts, teams and communications",
            "4. Plan overview and business impact analysis",
            "5. Dependencies and strategies",
            "6. Coverage matrix",
            "7. Exercises, open actions and history",
            "Appendix: action cards",
            "Appendix: findings"
        ]
    );
    assert!(!html.contains("<ol class=\"toc\">"));
}
