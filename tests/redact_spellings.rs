//! `render --redact` masks personal contact details however they are spelled in plan text, and
//! its leak guard fails the run, writing nothing, when one would still be shown.

mod common;

use std::path::Path;

use common::{bcplan_in, copy_dir, snapshot_tree};

/// Odd spellings of the people's contacts in the minimal example (Ana: +351 912 345 678,
/// ana.silva@example.com; João also has +44 7700 900106 and +86 138 2557 6610).
const SPELLINGS: &[&str] = &[
    "+351912345678",
    "+351 912 345 678",
    "00351 912 345 678",
    "912 345 678",
    "912-345-678",
    "912.345.678",
    "(+351) 912 345 678",
    "+351\u{2009}912\u{2009}345\u{2009}678",
    "+351\u{a0}912\u{a0}345\u{a0}678",
    "+351\u{2013}912\u{2013}345\u{2013}678",
    "+351\u{2014}912\u{2014}345\u{2014}678",
    "+351 912\u{200b}345\u{200b}678",
    "+351 912\u{2060}345\u{2060}678",
    "+351 9\u{ad}12 345 678",
    "\u{ff0b}\u{ff13}\u{ff15}\u{ff11} \u{ff19}\u{ff11}\u{ff12} \u{ff13}\u{ff14}\u{ff15} \u{ff16}\u{ff17}\u{ff18}",
    "tel:+351912345678",
    "[call](tel:+351-912-345-678)",
    "+351 912 345 678 24/7",
    "+86 138 2557 6610 24/7",
    "+44 7700 900 106",
    "07700 900106",
    "&#43;351&#32;912&#32;345&#32;678",
    "+351 **912** 345 678",
    "`+351912345678`",
    "+351\\-912\\-345\\-678",
    "+351 912\u{202e}345 678",
    "+\u{663}\u{665}\u{661} \u{669}\u{661}\u{662} \u{663}\u{664}\u{665} \u{666}\u{667}\u{668}",
    "(912) 345-678.",
    "ANA.SILVA@EXAMPLE.COM",
    "ana.silva\\@example.com",
    "ana.silva&#64;example.com",
    "ana.silva&#x40;example.com",
    "ana.silva&commat;example.com",
    "mailto:ana.silva%40example.com",
    "[mail](mailto:ana.silva%40example.com)",
    "*ana*.silva@example.com",
    "**ana.silva**@example.com",
    "ana.si\u{200b}lva@example.com",
    "ana.silva\u{ff20}example.com",
    "ana.silva (at) example.com",
    "ana.silva @ example.com",
    "<ana.silva@example.com>",
    "ana\\.silva@example\\.com",
    "ana.sil\u{ad}va@example.com.",
];

/// A marker around spelling `i` that holds no digit: `QXab`.
fn marker(i: usize) -> String {
    let a = char::from(b'a' + u8::try_from(i / 26).unwrap());
    let b = char::from(b'a' + u8::try_from(i % 26).unwrap());
    format!("{a}{b}")
}

/// The minimal example with more phones for João and `edit` applied to the plan.
fn workspace(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new("examples/minimal"), &ws);
    let registers = std::fs::read_to_string(ws.join("registers.yaml")).unwrap().replace(
        r#"phones: [{ number: "+351913456789", kind: mobile, hours: "24/7" }]"#,
        r#"phones: [{ number: "+351913456789", kind: mobile, hours: "24/7" }, { number: "+447700900106", kind: mobile }, { number: "+8613825576610", kind: office }]"#,
    );
    std::fs::write(ws.join("registers.yaml"), registers).unwrap();
    let plan = std::fs::read_to_string(ws.join("plan.yaml")).unwrap();
    std::fs::write(ws.join("plan.yaml"), edit(&plan)).unwrap();
    dir
}

/// The plan with every spelling in its objectives (plain text) and its purpose (Markdown).
fn with_spellings(plan: &str) -> String {
    let quoted = |i: usize, s: &str| {
        serde_json::to_string(&format!("QX{m} {s} XQ{m}", m = marker(i))).unwrap()
    };
    let objectives: Vec<String> = SPELLINGS
        .iter()
        .enumerate()
        .map(|(i, s)| quoted(i, s))
        .collect();
    let purpose: Vec<String> = SPELLINGS
        .iter()
        .enumerate()
        .map(|(i, s)| format!("QX{m} {s} XQ{m}", m = marker(i)))
        .collect();
    plan.replace(
        r#"objectives: ["Take orders again within 24 hours"]"#,
        &format!("objectives: [{}]", objectives.join(", ")),
    )
    .replace(
        "purpose: Keep taking customer orders when the Lisbon office is lost.",
        &format!(
            "purpose: {}",
            serde_json::to_string(&purpose.join("\n\n")).unwrap()
        ),
    )
}

/// What stands between the markers of spelling `i` in `text`, every occurrence.
fn segments(text: &str, i: usize) -> Vec<&str> {
    let (open, close) = (format!("QX{}", marker(i)), format!("XQ{}", marker(i)));
    text.match_indices(&open)
        .filter_map(|(at, _)| {
            let rest = &text[at + open.len()..];
            rest.find(&close).map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn every_odd_spelling_of_a_contact_is_masked() {
    let dir = workspace(with_spellings);
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out", "--redact"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot_tree(&dir.path().join("out"));
    let runbooks: Vec<(String, String)> = files
        .into_iter()
        .filter(|(name, _)| name.starts_with("order-desk."))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect();
    assert_eq!(runbooks.len(), 2);
    for (name, text) in &runbooks {
        for (i, spelling) in SPELLINGS.iter().enumerate() {
            let found = segments(text, i);
            assert_eq!(
                found.len(),
                2,
                "{name}: objective and purpose of {spelling:?}"
            );
            for segment in found {
                let digits: String = segment.chars().filter(char::is_ascii_digit).collect();
                let lower = segment.to_lowercase();
                // A Markdown link whose target was masked keeps only its text.
                let masked = segment.contains("•••") || spelling.starts_with('[');
                assert!(
                    masked
                        && !digits.contains("912345")
                        && !digits.contains("7700900")
                        && !digits.contains("138255")
                        && !lower.contains("silva"),
                    "{name}: {spelling:?} is shown as {segment:?}"
                );
            }
        }
    }
    let md = &runbooks
        .iter()
        .find(|(n, _)| n == "order-desk.md")
        .unwrap()
        .1;
    // Digits after a number are kept, not swallowed.
    assert!(segments(md, 18)[0].contains("+86 ••• ••• 10 24/7"), "{md}");
}

#[test]
fn a_trunk_zero_in_parentheses_is_masked_without_garbling_the_text() {
    // Regression: `+44 (0)7700 900106` was shown as `+44 (+44 ••• ••• 06`.
    let dir = workspace(|plan| {
        plan.replace(
            "purpose: Keep taking customer orders when the Lisbon office is lost.",
            "purpose: \"Call João on +44 (0)7700 900106 after hours.\"",
        )
    });
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out", "--redact"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for ext in ["md", "html"] {
        let text =
            std::fs::read_to_string(dir.path().join(format!("out/order-desk.{ext}"))).unwrap();
        assert!(
            text.contains("Call João on +44 ••• ••• 06 after hours."),
            "{ext}:\n{text}"
        );
    }
}

/// Runs `render --redact` over a workspace that leaks; returns stderr after checking that the run
/// failed with exit 1 and left the output folder as it was.
fn leaking_render(dir: &Path, extra: &[&str]) -> String {
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("order-desk.md"), "old runbook\n").unwrap();
    let before = snapshot_tree(&out);
    let mut args = vec!["render", "ws", "--out", "out", "--redact"];
    args.extend_from_slice(extra);
    let run = bcplan_in(dir, &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(snapshot_tree(&out), before, "nothing was written");
    assert!(
        !run.stderr.contains("912345678") && !run.stderr.contains("912-345-678"),
        "the error does not show the number: {}",
        run.stderr
    );
    run.stderr
}

#[test]
fn the_leak_guard_names_the_field_that_shows_a_number() {
    // An id cannot be masked (it is a reference), but may spell a number.
    let dir = workspace(|plan| plan.replace("id: move-to-home", "id: call-912-345-678"));
    let stderr = leaking_render(dir.path(), &[]);
    assert!(
        stderr.contains("order-desk.md:")
            // The id shows in the procedure itself and in the "If this happens" page, which
            // comes first in the view.
            && stderr.contains(
                "procedures[0].id`: the phone number ending 78 of `ana.silva`"
            )
            && stderr.contains("no file was written"),
        "{stderr}"
    );
}

#[test]
fn the_leak_guard_catches_a_number_a_template_joins_from_two_values() {
    let dir = workspace(|plan| {
        plan.replace("title: Order desk continuity plan", "title: Call +351 912")
            .replace("version: \"1.0\"", "version: \"345 678\"")
    });
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("runbook.md.j2"),
        "{{ plan.title }}{{ plan.version }}\n",
    )
    .unwrap();
    let stderr = leaking_render(
        dir.path(),
        &["--format", "md", "--templates", templates.to_str().unwrap()],
    );
    assert!(
        stderr.contains(
            "order-desk.md:1: text joined by the template: the phone number ending 78 of `ana.silva`"
        ),
        "{stderr}"
    );
}

/// A person whose phone is also a supplier's desk line (an account manager who answers the
/// desk): the desk is published, so the number stays as the desk's, the person's own phone
/// field is still masked, and the leak guard does not fail the render.
#[test]
fn a_number_that_is_also_a_supplier_desk_stays_as_the_desk_and_render_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("plans");
    copy_dir(Path::new("plans"), &ws);
    let people = ws.join("registers/people.yaml");
    let text = std::fs::read_to_string(&people).unwrap();
    assert!(text.contains(r#"number: "+46705513842""#));
    std::fs::write(
        &people,
        text.replace(r#"number: "+46705513842""#, r#"number: "+6046412200""#),
    )
    .unwrap();
    let run = bcplan_in(dir.path(), &["render", "plans", "--out", "out", "--redact"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let runbook = std::fs::read_to_string(dir.path().join("out/dongguan-mfg.md")).unwrap();
    assert!(
        runbook.contains("Customer service duty desk | +60 4641 2200 |"),
        "the desk line is shown"
    );
    let all: String = snapshot_tree(&dir.path().join("out"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(!all.contains("+46 70 551 38 42") && !all.contains("705513842"));
    assert!(
        all.contains("+60 ••• ••• 00"),
        "Erik's own phone field is masked"
    );
}
