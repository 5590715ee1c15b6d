//! Control characters in plan files (ESC, BEL, CSI sequences, C1 controls, bidirectional
//! overrides) never reach a reader's terminal, a CI annotation or a test report raw: every human
//! and annotation output shows them as `\u{..}`, and the machine formats stay valid.

mod common;

use std::path::Path;

use common::{bcplan_in, copy_dir};

/// Raw bytes a hostile plan may hold: clear screen, set the window title, ring the bell, a C1
/// CSI (U+009B), a right-to-left override (U+202E) and a carriage return.
const RAW: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}evil\r";

/// The same, as YAML double-quoted escapes (a valid plan value holding the characters).
const ESCAPED: &str = "\\e[2J\\e]0;pwned\\a\\u009b31m\\u202eevil\\r";

/// A workspace with a waived finding whose waiver reason holds controls, a plan file whose name
/// holds them, and a YAML line holding them raw.
fn hostile_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new("examples/minimal"), &ws);
    let plan = std::fs::read_to_string(ws.join("plan.yaml"))
        .unwrap()
        .replace("rto: 24h", "rto: 4d")
        .replace("mtpd: 3d", "mtpd: 3d # 4d on purpose")
        + &format!(
            "waivers:\n  - {{ rule: rto-exceeds-mtpd, target: order-taking, reason: \"ok {ESCAPED}\", approved_by: ana.silva, expires: 2027-01-01 }}\n  - {{ rule: stand-down-missing, target: \"x{ESCAPED}\", reason: r, approved_by: ana.silva, expires: 2027-01-01 }}\n"
        );
    std::fs::write(ws.join("plan.yaml"), plan).unwrap();
    std::fs::write(
        ws.join(format!("bad{}.yaml", "\u{1b}[2J\u{7}")),
        format!("apiVersion: bcplan/v1\nkind: Plan\nid: bad\ntitle: \"a\tb {RAW}\"\n"),
    )
    .unwrap();
    dir
}

/// Characters no reader should receive raw (line feed is each format's own).
fn hidden(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn check(dir: &Path, format: &str) -> String {
    let run = bcplan_in(dir, &["check", "ws", "--format", format]);
    assert_eq!(run.code, 1, "{format}: {}", run.stderr);
    assert!(
        hidden(&run.stderr).is_empty(),
        "{format}: stderr {:?}",
        run.stderr
    );
    run.stdout
}

#[test]
fn human_and_annotation_outputs_show_control_characters_escaped() {
    let dir = hostile_workspace();
    for format in ["human", "github", "junit", "sarif"] {
        let out = check(dir.path(), format);
        assert_eq!(hidden(&out), Vec::<char>::new(), "{format}:\n{out}");
        // SARIF names files by URI, percent-encoded.
        let name = if format == "sarif" {
            "bad%1B%5B2J%07.yaml"
        } else {
            "bad\\u{1b}[2J\\u{7}.yaml"
        };
        assert!(out.contains(name), "{format}:\n{out}");
    }
    let human = check(dir.path(), "human");
    for shown in [
        "\\u{1b}[2J",
        "\\u{7}",
        "\\u{9b}31m",
        "\\u{202e}evil",
        "\\u{d}",
    ] {
        assert!(human.contains(shown), "human shows {shown}:\n{human}");
    }
    assert!(
        human.contains("waived in plan `order-desk` by ana.silva until 2027-01-01: ok \\u{1b}[2J"),
        "{human}"
    );
    // The source excerpt keeps its tab, and the caret sits under the escaped text.
    let excerpt = human
        .lines()
        .skip_while(|l| !l.contains("yaml-syntax"))
        .take(4)
        .collect::<Vec<_>>();
    let line = excerpt[2];
    let caret = excerpt[3];
    assert!(line.contains("\"a\tb \\u{1b}[2J"), "{excerpt:?}");
    let column = caret.find('^').unwrap();
    assert_eq!(&line[column..column + 7], "\\u{1b}[", "{excerpt:?}");
    assert!(
        human.contains("bad\\u{1b}[2J\\u{7}.yaml:4:"),
        "the file name is escaped too:\n{human}"
    );
}

#[test]
fn machine_formats_stay_valid_and_keep_the_data() {
    let dir = hostile_workspace();
    let json: serde_json::Value = serde_json::from_str(&check(dir.path(), "json")).unwrap();
    let waived = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|f| f["waived"]["reason"].as_str())
        .unwrap();
    assert_eq!(waived, format!("ok {RAW}"), "JSON keeps the value exactly");
    let sarif: serde_json::Value = serde_json::from_str(&check(dir.path(), "sarif")).unwrap();
    assert!(sarif["runs"][0]["results"].is_array());
    let junit = check(dir.path(), "junit");
    let mut reader = quick_xml::Reader::from_str(&junit);
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                for attr in e.attributes() {
                    attr.unwrap()
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap();
                }
                elements += 1;
            }
            Ok(_) => {}
            Err(e) => panic!("JUnit is not well-formed XML: {e}\n{junit}"),
        }
    }
    assert!(elements > 10, "{junit}");
}

#[test]
fn diff_markdown_shows_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        copy_dir(Path::new("examples/minimal"), &dir.path().join(side));
    }
    let plan = dir.path().join("new/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "name: Take customer orders",
        &format!("name: \"Take {ESCAPED} orders\""),
    );
    std::fs::write(&plan, text).unwrap();
    let run = bcplan_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(hidden(&run.stdout), Vec::<char>::new(), "{}", run.stdout);
    assert!(
        run.stdout.contains("\\u{1b}") && run.stdout.contains("\\u{202e}evil"),
        "{}",
        run.stdout
    );
    let json = bcplan_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(value.to_string().contains("\\u001b"), "JSON keeps the data");
}

#[test]
fn error_messages_show_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let run = bcplan_in(dir.path(), &["check", "missing\u{1b}[2J\u{202e}.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(hidden(&run.stderr), Vec::<char>::new(), "{}", run.stderr);
    assert!(
        run.stderr.contains("missing\\u{1b}[2J\\u{202e}.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn render_notes_show_control_characters_escaped() {
    let dir = hostile_workspace();
    let run = bcplan_in(dir.path(), &["render", "ws", "--out", "out\u{1b}[2J"]);
    // The broken plan is not rendered, which fails the run.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(hidden(&run.stderr), Vec::<char>::new(), "{}", run.stderr);
    assert!(
        run.stderr.contains("bad\\u{1b}[2J\\u{7}.yaml") && run.stderr.contains("to out\\u{1b}[2J"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("not rendered: bad (ws/bad\\u{1b}[2J\\u{7}.yaml)"),
        "{}",
        run.stderr
    );
}
