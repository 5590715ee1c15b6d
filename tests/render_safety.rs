//! Runbooks are safe to open and to share: hostile plan text cannot inject markup, scripts or
//! template code, and `--redact` leaves no personal phone number or e-mail address anywhere.

mod common;

use std::path::Path;

use common::{bcplan_in, copy_dir, snapshot_tree};

const HOSTILE: &str = "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) <javascript:alert(2)> {{ 7*7 }} {% raw %}";

/// The minimal example with `edit` applied to its plan, rendered with `args`; returns the
/// runbooks and index files (not the manifest).
fn render_edited(edit: impl Fn(&str) -> String, args: &[&str]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/minimal"), &dir.path().join("ws"));
    let plan = dir.path().join("ws/plan.yaml");
    std::fs::write(&plan, edit(&std::fs::read_to_string(&plan).unwrap())).unwrap();
    let mut all = vec!["render", "ws", "--out", "out"];
    all.extend_from_slice(args);
    let run = bcplan_in(dir.path(), &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot_tree(&dir.path().join("out"))
        .into_iter()
        .filter(|(name, _)| name != ".bcplan-manifest.json")
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

fn hostile_plan(plan: &str) -> String {
    let quoted = format!("\"{}\"", HOSTILE.replace('"', "\\\""));
    plan.replace(
        "purpose: Keep taking customer orders when the Lisbon office is lost.",
        &format!("purpose: |\n  {HOSTILE}\n\n  <div onclick=x>\n  *inside a block*\n  </div>"),
    )
    .replace(
        "title: Order desk continuity plan",
        &format!("title: {quoted}"),
    )
    .replace("version: \"1.0\"", &format!("version: {quoted}"))
    .replace("name: Take customer orders", &format!("name: {quoted}"))
    .replace(
        "{ action: Invoke the plan and call the team, owner: ana.silva, duration: 30min }",
        &format!("{{ action: {quoted}, detail: {quoted}, owner: ana.silva, duration: 30min }}"),
    )
    .replace(
        "channel: SMS, when: within 1h }",
        &format!("channel: SMS, when: within 1h, message: {quoted} }}"),
    )
}

#[test]
fn hostile_plan_text_is_shown_never_executed() {
    let files = render_edited(hostile_plan, &[]);
    // Runbook, first-hour sheet and index, in both formats.
    assert_eq!(files.len(), 6);
    for (name, text) in &files {
        let lower = text.to_lowercase();
        assert!(!lower.contains("<script"), "{name} has a script element");
        assert!(!lower.contains("<img"), "{name} has an image");
        assert!(
            !lower.contains("<div onclick"),
            "{name} passes raw HTML through"
        );
        if Path::new(name).extension().is_some_and(|e| e == "html") {
            assert!(
                !lower.contains("javascript:"),
                "{name} has a javascript: URL"
            );
            assert!(!lower.contains("onerror="), "{name} has an event handler");
            assert!(!lower.contains("onclick="), "{name} has an event handler");
        } else {
            let links = pulldown_cmark::Parser::new(text).filter(|e| {
                matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) if dest_url.contains("script"))
            });
            assert_eq!(links.count(), 0, "{name} has a javascript: link");
        }
    }
    let html = &files
        .iter()
        .find(|(n, _)| n == "order-desk.html")
        .unwrap()
        .1;
    assert!(
        html.contains("{{ 7*7 }}") && html.contains("{% raw %}"),
        "template syntax in plan text is shown literally"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "raw HTML is shown as text"
    );
    assert!(
        html.contains("&lt;div onclick&#61;x&gt;\n*inside a block*"),
        "a raw HTML block is shown as text"
    );
    let md = &files.iter().find(|(n, _)| n == "order-desk.md").unwrap().1;
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    assert!(md.contains("{{ 7\\*7 }} {% raw %}"), "{md}");
}

/// (E.164 number, e-mail) of every person in a People register file.
fn people_contacts(register: &str) -> (Vec<String>, Vec<String>) {
    let mut phones = Vec::new();
    let mut emails = Vec::new();
    for line in register.lines() {
        if let Some((_, rest)) = line.split_once("number: \"") {
            phones.push(rest.split('"').next().unwrap().to_owned());
        }
        if let Some((_, rest)) = line.split_once("email: ") {
            emails.push(rest.trim().to_lowercase());
        }
    }
    (phones, emails)
}

/// The ways a number may be written in a runbook: E.164, grouped, and its last nine digits.
fn spellings(phone: &str) -> Vec<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    vec![phone.to_owned(), digits[digits.len() - 9..].to_owned()]
}

fn render_plans(args: &[&str]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["render", "plans", "--out"];
    let out = dir.path().join("out");
    all.push(out.to_str().unwrap());
    all.extend_from_slice(args);
    let run = common::bcplan(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot_tree(&out)
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap().replace(' ', "")))
        .collect()
}

#[test]
fn redact_masks_every_personal_number_and_email_everywhere() {
    let register = std::fs::read_to_string("plans/registers/people.yaml").unwrap();
    let (phones, emails) = people_contacts(&register);
    assert!(
        phones.len() > 40 && emails.len() > 30,
        "the register was read"
    );
    let plain = render_plans(&[]);
    let shown: Vec<&String> = phones
        .iter()
        .filter(|p| {
            plain
                .iter()
                .any(|(_, text)| text.contains(&format!("tel:{p}")))
        })
        .collect();
    assert!(
        shown.len() > 30,
        "without --redact the runbooks show the numbers ({} shown)",
        shown.len()
    );
    let redacted = render_plans(&["--redact"]);
    assert_eq!(redacted.len(), plain.len());
    for (name, text) in &redacted {
        let lower = text.to_lowercase();
        for phone in &phones {
            for spelling in spellings(phone) {
                assert!(
                    !text.contains(&spelling),
                    "{name} shows {spelling} ({phone})"
                );
            }
        }
        for email in &emails {
            assert!(!lower.contains(email), "{name} shows {email}");
        }
    }
    let dongguan = &redacted
        .iter()
        .find(|(n, _)| n == "dongguan-mfg.html")
        .unwrap()
        .1;
    assert!(
        dongguan.contains("+86••••••10"),
        "numbers are masked, not removed"
    );
    assert!(
        dongguan.contains("tel:+8676985550123"),
        "supplier desks stay"
    );
}

#[test]
fn redact_also_masks_contact_details_written_in_free_text() {
    let edit = |plan: &str| {
        plan.replace(
            "purpose: Keep taking customer orders when the Lisbon office is lost.",
            "purpose: Call Ana on +351 912 345 678 or 912-345-678, or write to ANA.Silva@example.com.",
        )
    };
    for (name, text) in render_edited(edit, &["--redact"]) {
        let compact = text.replace([' ', '-'], "");
        assert!(!compact.contains("912345678"), "{name}:\n{text}");
        assert!(
            !text.to_lowercase().contains("ana.silva@example.com"),
            "{name}:\n{text}"
        );
    }
}

/// Plan Markdown built to break out of its place: a fence right after the strategy's `**id:**`,
/// a fence left open, script and image tags, an HTML block, indented code, a link reference
/// definition and autolinks with `javascript:`, and control characters.
fn structure_breaking_plan(plan: &str) -> String {
    let purpose = "Intro\n\n```\n<script>alert(1)</script>\n\nstill code, never closed";
    let description = "```html\n<script>alert(2)</script>\n```\n<img src=x onerror=alert(3)>\n\n<div>\n<b>block</b>\n</div>\n\n    <script>indented</script>\n\n[x]: javascript:alert(4)\n\n[x] and <javascript:alert(5)> and <JaVaScRiPt:alert(6)>\n\n<!-- open comment";
    let control = "Take \u{1b}[2J\u{1b}]0;title\u{7}orders \u{9b}31m \u{202e}evil";
    // JSON strings are YAML double-quoted scalars; YAML wants C1 controls escaped too.
    let q = |s: &str| {
        serde_json::to_string(s)
            .unwrap()
            .replace('\u{9b}', "\\u009b")
    };
    plan.replace(
        "purpose: Keep taking customer orders when the Lisbon office is lost.",
        &format!("purpose: {}", q(purpose)),
    )
    .replace(
        "    ready_within: 4h\n",
        &format!(
            "    ready_within: 4h\n    description: {}\n",
            q(description)
        ),
    )
    .replace(
        "name: Take customer orders",
        &format!("name: {}", q(control)),
    )
    .replace(
        "scope: The order desk in Lisbon.",
        &format!("scope: {}", q("````\nfour-backtick fence left open")),
    )
}

/// (HTML elements or inline HTML that are not the templates' `<br>`, links with a script
/// target, level-2 headings) in a Markdown text, parsed as a renderer that passes HTML would.
fn markdown_live_parts(text: &str) -> (Vec<String>, usize, usize) {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
    let mut html = Vec::new();
    let (mut links, mut headings) = (0, 0);
    for event in Parser::new_ext(text, Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if h.trim() != "<br>" => html.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.to_lowercase().contains("script") =>
            {
                links += 1;
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => headings += 1,
            _ => {}
        }
    }
    (html, links, headings)
}

#[test]
fn plan_markdown_cannot_break_the_runbook_structure() {
    let clean = render_edited(str::to_owned, &["--format", "md"]);
    let hostile = render_edited(structure_breaking_plan, &[]);
    assert_eq!(hostile.len(), 6);
    for (name, text) in &hostile {
        let hidden: Vec<char> = text
            .chars()
            .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
            .collect();
        assert!(hidden.is_empty(), "{name} holds {hidden:?}");
        assert!(
            // The index and the first-hour sheet show no activity names.
            name.starts_with("index")
                || name.contains("-first-hour.")
                || (text.contains("\\u{1b}") && text.contains("\\u{9b}31m \\u{202e}evil")),
            "{name} shows control characters escaped"
        );
        if Path::new(name).extension().is_none_or(|e| e != "md") {
            let lower = text.to_lowercase();
            assert!(
                !lower.contains("<script") && !lower.contains("<img"),
                "{name}"
            );
            assert!(!lower.contains("javascript:"), "{name}");
            continue;
        }
        let (html, links, headings) = markdown_live_parts(text);
        assert_eq!(
            html,
            Vec::<String>::new(),
            "{name}: live HTML from plan text"
        );
        assert_eq!(links, 0, "{name}: script links");
        let before = clean.iter().find(|(n, _)| n == name).unwrap();
        assert_eq!(
            headings,
            markdown_live_parts(&before.1).2,
            "{name}: an open fence swallowed the sections after it"
        );
    }
    let md = &hostile
        .iter()
        .find(|(n, _)| n == "order-desk.md")
        .unwrap()
        .1;
    assert!(
        md.contains("**work-from-home:**\n\n```html\n"),
        "the fence starts on its own line:\n{md}"
    );
    assert!(md.contains("still code, never closed\n```\n"), "{md}");
    assert!(md.contains("four-backtick fence left open\n````\n"), "{md}");
}

#[test]
fn mermaid_labels_keep_percent_signs() {
    // Regression: `%%{…}%%` in plan text vanished from the Mermaid labels.
    let files = render_edited(
        |plan| {
            plan.replace(
                "name: Take customer orders",
                "name: \"Orders %%{init: {'theme': 'dark'}}%% 100%\"",
            )
        },
        &["--format", "md"],
    );
    let md = &files.iter().find(|(n, _)| n == "order-desk.md").unwrap().1;
    let mermaid = md
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a Mermaid graph");
    assert!(!mermaid.contains('%'), "{mermaid}");
    assert!(
        mermaid.contains("Orders #37;#37;{init: {'theme': 'dark'}}#37;#37; 100#37;"),
        "{mermaid}"
    );
}

#[test]
fn plan_markdown_starts_on_its_own_line_even_in_a_template_that_puts_it_after_text() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/minimal"), &dir.path().join("ws"));
    let plan = dir.path().join("ws/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "purpose: Keep taking customer orders when the Lisbon office is lost.",
        "purpose: \"```\\n<script>alert(1)</script>\\n```\\n<img src=x onerror=alert(2)>\"",
    );
    std::fs::write(&plan, text).unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("runbook.md.j2"),
        "**Purpose:** {{ plan.purpose }} (see above)\n",
    )
    .unwrap();
    let run = bcplan_in(
        dir.path(),
        &[
            "render",
            "ws",
            "--out",
            "out",
            "--format",
            "md",
            "--templates",
            "templates",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("out/order-desk.md")).unwrap();
    assert!(
        md.starts_with("**Purpose:**\n\n```\n<script>alert(1)</script>\n```\n"),
        "{md}"
    );
    assert!(md.ends_with("\n\n(see above)\n"), "{md}");
    let (html, links, _) = markdown_live_parts(&md);
    assert_eq!((html, links), (Vec::<String>::new(), 0), "{md}");
}
