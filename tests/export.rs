//! `bcplan export`: the call tree as CSV and vCard, the calendar feed, and the impact analysis as
//! xlsx and CSV, each parsed back and checked against the fixture and the shipped plans; exit
//! codes, refusals and atomic writes.

mod common;

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};
use common::{Run, bcplan, bcplan_in, copy_dir};

const FIXTURE: &str = "tests/fixtures/export";
const TODAY: &str = "2026-06-01";

fn export(args: &[&str]) -> Run {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend(["--today", TODAY]);
    bcplan(&all)
}

/// Runs an export into a file and returns its bytes.
fn export_file(args: &[&str], dir: &Path, name: &str) -> (Run, Vec<u8>) {
    let path = dir.join(name);
    let mut all: Vec<&str> = args.to_vec();
    let shown = path.to_str().unwrap().to_owned();
    all.extend(["--output", &shown]);
    let run = export(&all);
    let bytes = std::fs::read(&path).unwrap_or_default();
    (run, bytes)
}

fn csv_records(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a valid CSV record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    (headers, rows)
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
}

/// Every physical line ends with CRLF and is at most 75 octets long.
fn assert_folded(text: &str) {
    assert!(text.ends_with("\r\n"), "ends with CRLF");
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "line without CRLF: {line:?}");
        let content = line.trim_end_matches("\r\n");
        assert!(content.len() <= 75, "{} octets: {content:?}", content.len());
        assert!(!content.contains('\r') && !content.contains('\n'));
    }
}

fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

/// The value of `name` in one unfolded vCard or iCalendar component (the parser unescapes it).
fn value_of(props: &[icalendar::parser::Property<'_>], name: &str) -> Option<String> {
    props
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str().to_owned())
}

/// The value of vCard TEXT property `name`, unescaped (the parser knows only iCalendar's).
fn card_text(props: &[icalendar::parser::Property<'_>], name: &str) -> Option<String> {
    props
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.clone().unescape_text().as_str().to_owned())
}

#[test]
fn call_tree_csv_has_the_upload_columns_escaped_and_guarded() {
    let run = export(&["call-tree", FIXTURE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\r\n"),
        "RFC 4180 records end with CRLF"
    );
    let (headers, rows) = csv_records(&run.stdout);
    assert_eq!(
        headers,
        [
            "First Name",
            "Last Name",
            "External ID",
            "Groups",
            "Email Address 1",
            "Phone 1",
            "Phone 1 Type",
            "Phone 1 Hours",
            "Phone 2",
            "Phone 2 Type",
            "Phone 2 Hours",
        ]
    );
    // Call tree order: the root, then whom it calls.
    let ids: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(ids, ["ana.silva", "joao.costa", "rui"]);
    let ana = &rows[0];
    assert_eq!(ana[0], "Ana Maria");
    assert_eq!(ana[1], "Silva");
    assert_eq!(
        ana[column(&headers, "Email Address 1")],
        "ana.silva@example.com"
    );
    // Phones keep their `+` (E.164, never a formula); types and hours beside them.
    assert_eq!(ana[column(&headers, "Phone 1")], "+351912345678");
    assert_eq!(ana[column(&headers, "Phone 1 Type")], "mobile");
    assert_eq!(ana[column(&headers, "Phone 2 Type")], "office");
    assert_eq!(
        ana[column(&headers, "Phone 2 Hours")],
        "Mon-Fri 09:00-18:00, WET"
    );
    // Text from plan files that a spreadsheet would run as a formula is quote-prefixed.
    let groups = &ana[column(&headers, "Groups")];
    assert_eq!(groups, "'@desk team|Call tree: order-desk");
    // A one-word name is a last name (import tools require one).
    assert_eq!(rows[2][0], "");
    assert_eq!(rows[2][1], "Rui");
    assert_eq!(rows[2][column(&headers, "Phone 1 Type")], "pager");
    assert_eq!(rows[2][column(&headers, "Email Address 1")], "");
    // Names with non-ASCII letters survive.
    assert!(rows[1][1].contains("Araújo"));
}

#[test]
fn call_tree_csv_of_the_shipped_plans_lists_every_call_tree() {
    let run = export(&["call-tree", "plans"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (headers, rows) = csv_records(&run.stdout);
    let ids: BTreeSet<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(ids.len(), rows.len(), "each person once");
    let ws = bcplan::workspace::load(&["plans".into()], &[]).unwrap();
    let mut expected = BTreeSet::new();
    for plan in &ws.plans {
        if let Some(tree) = &plan.call_tree {
            expected.insert(tree.root.to_string());
            for (caller, callees) in &tree.calls {
                expected.insert(caller.to_string());
                expected.extend(callees.iter().map(ToString::to_string));
            }
        }
        for team in &plan.teams {
            expected.extend(team.lead.iter().map(ToString::to_string));
            expected.extend(team.members.iter().map(ToString::to_string));
            expected.extend(team.alternates.iter().map(ToString::to_string));
        }
    }
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(ids, expected);
    let phone = column(&headers, "Phone 1");
    for (row, id) in rows.iter().zip(&ids) {
        let person = ws.people.iter().find(|p| p.id.as_str() == row[2]).unwrap();
        assert_eq!(row[phone], person.phones[0].number.value.0, "{id}");
    }
}

#[test]
fn call_tree_vcard_is_folded_escaped_and_one_card_per_person() {
    let run = export(&["call-tree", "--format", "vcard", FIXTURE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_folded(&run.stdout);
    let unfolded = unfold(&run.stdout);
    // The parser takes one root component at a time: split at the card ends, which must leave
    // nothing between or after the cards.
    let pieces: Vec<&str> = unfolded.split_inclusive("END:VCARD\r\n").collect();
    assert_eq!(pieces.concat(), unfolded);
    let cards: Vec<_> = pieces
        .iter()
        .map(|card| {
            let mut parsed = icalendar::parser::read_components(card)
                .unwrap_or_else(|e| panic!("a vCard parses: {e}\n{card}"));
            assert_eq!(parsed.len(), 1);
            parsed.remove(0)
        })
        .collect();
    assert_eq!(cards.len(), 3);
    for card in &cards {
        assert_eq!(card.name.as_str(), "VCARD");
        assert_eq!(card.properties[0].name.as_str(), "VERSION");
        assert_eq!(card.properties[0].val.as_str(), "4.0");
        assert!(card_text(&card.properties, "FN").is_some());
        assert!(
            card_text(&card.properties, "UID")
                .unwrap()
                .starts_with("urn:bcplan:person:")
        );
    }
    let ana = &cards[0];
    assert_eq!(card_text(&ana.properties, "FN").unwrap(), "Ana Maria Silva");
    assert_eq!(
        card_text(&ana.properties, "TITLE").unwrap(),
        "=HYPERLINK(\"http://x.example\"), operations; desk \\ lead",
        "commas, semicolons and backslashes round-trip"
    );
    assert!(unfolded.contains("N:Silva;Ana Maria;;;\r\n"));
    assert!(unfolded.contains("ORG:Example\\; Ltd\\, \"Lisbon\"\r\n"));
    let tels: Vec<_> = ana
        .properties
        .iter()
        .filter(|p| p.name.as_str() == "TEL")
        .collect();
    assert_eq!(tels.len(), 2);
    assert_eq!(tels[0].val.as_str(), "tel:+351912345678");
    let types: Vec<String> = tels[0]
        .params
        .iter()
        .map(|p| {
            format!(
                "{}={}",
                p.key.as_str(),
                p.val.as_ref().map_or("", |v| v.as_str())
            )
        })
        .collect();
    assert!(types.contains(&"TYPE=cell,voice".to_owned()), "{types:?}");
    assert!(types.contains(&"PREF=1".to_owned()), "{types:?}");
    // The long name was folded and comes back whole.
    let joao = card_text(&cards[1].properties, "FN").unwrap();
    assert_eq!(
        joao,
        "João Gonçalves da Conceição Ribeiro Figueiredo Magalhães Brandão Araújo"
    );
    assert!(card_text(&cards[2].properties, "EMAIL").is_none());
}

#[test]
fn calendar_parses_with_owners_stable_uids_and_all_day_dates() {
    let run = export(&["calendar", FIXTURE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_folded(&run.stdout);
    let unfolded = unfold(&run.stdout);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("the feed parses");
    assert_eq!(value_of(&calendar.properties, "VERSION").unwrap(), "2.0");
    assert!(value_of(&calendar.properties, "PRODID").is_some());
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    let uids: BTreeSet<String> = events
        .iter()
        .map(|e| value_of(&e.properties, "UID").unwrap())
        .collect();
    assert_eq!(uids.len(), events.len(), "unique UIDs");
    let expected: BTreeSet<String> = [
        "review.order-desk@bcplan",
        "exercise.order-desk.ex-2026-09@bcplan",
        "exercise-due.order-desk@bcplan",
        "action.order-desk.ex-2026-05.f1@bcplan",
        "waiver.order-desk.scenario-uncovered.order-taking@bcplan",
        "contact.ana.silva@bcplan",
        "contact.joao.costa@bcplan",
        "contact.rui@bcplan",
        "supplier-bc.paper-co@bcplan",
        "supplier-security.paper-co@bcplan",
    ]
    .map(str::to_owned)
    .into();
    // The closed action (f2) and the held exercise have no event.
    assert_eq!(uids, expected);
    for event in &events {
        let stamp = value_of(&event.properties, "DTSTAMP").unwrap();
        assert_eq!(stamp, "20260601T000000Z", "DTSTAMP comes from --today");
        let start = event.find_prop("DTSTART").unwrap();
        assert!(
            start
                .params
                .iter()
                .any(|p| p.key.as_str() == "VALUE" && p.val.as_ref().unwrap().as_str() == "DATE")
        );
        assert_eq!(start.val.as_str().len(), 8);
        let description = value_of(&event.properties, "DESCRIPTION").unwrap();
        assert!(
            description.contains("Source: tests/fixtures/export/"),
            "{description}"
        );
        assert!(event.components.iter().any(|c| c.name.as_str() == "VALARM"));
    }
    let by_uid = |uid: &str| {
        *events
            .iter()
            .find(|e| value_of(&e.properties, "UID").as_deref() == Some(uid))
            .unwrap()
    };
    // Review due 12 calendar months after the last review (2026-05-04), for the plan owner.
    let review = by_uid("review.order-desk@bcplan");
    assert_eq!(
        review.find_prop("DTSTART").unwrap().val.as_str(),
        "20270504"
    );
    assert_eq!(review.find_prop("DTEND").unwrap().val.as_str(), "20270505");
    let attendee = review.find_prop("ATTENDEE").unwrap();
    assert_eq!(attendee.val.as_str(), "mailto:ana.silva@example.com");
    assert_eq!(
        review.find_prop("ORGANIZER").unwrap().val.as_str(),
        "mailto:ana.silva@example.com"
    );
    assert!(
        attendee.params.iter().any(|p| p.key.as_str() == "CN"
            && p.val.as_ref().unwrap().as_str().contains("Ana Maria Silva"))
    );
    assert!(
        value_of(&review.properties, "DESCRIPTION")
            .unwrap()
            .contains("tests/fixtures/export/plan.yaml:12")
    );
    // The open action: its owner, its due date, text with commas and semicolons unescaped.
    let action = by_uid("action.order-desk.ex-2026-05.f1@bcplan");
    assert_eq!(
        action.find_prop("DTSTART").unwrap().val.as_str(),
        "20260715"
    );
    assert_eq!(
        value_of(&action.properties, "SUMMARY").unwrap(),
        "Action due: Set up call forwarding, then test it; report back"
    );
    assert!(
        value_of(&action.properties, "DESCRIPTION")
            .unwrap()
            .contains("see \\\\share\\bcm"),
        "{:?}",
        value_of(&action.properties, "DESCRIPTION")
    );
    assert_eq!(
        action.find_prop("ATTENDEE").unwrap().val.as_str(),
        "mailto:joao.costa@example.com"
    );
    // A person without e-mail is no attendee.
    assert!(by_uid("contact.rui@bcplan").find_prop("ATTENDEE").is_none());
    assert!(
        by_uid("contact.rui@bcplan")
            .find_prop("ORGANIZER")
            .is_none()
    );
    // The supplier reached through a material: the owner of the plan that needs it.
    let supplier = by_uid("supplier-bc.paper-co@bcplan");
    assert_eq!(
        supplier.find_prop("ATTENDEE").unwrap().val.as_str(),
        "mailto:ana.silva@example.com"
    );
    // The typed parser reads the same feed.
    let typed: icalendar::Calendar = run.stdout.parse().expect("typed parse");
    assert_eq!(typed.components.len(), events.len());
}

#[test]
fn calendar_of_the_shipped_plans_parses_and_is_byte_identical() {
    let first = export(&["calendar", "plans"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_folded(&first.stdout);
    let unfolded = unfold(&first.stdout);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let uids: Vec<String> = calendar
        .components
        .iter()
        .map(|e| value_of(&e.properties, "UID").unwrap())
        .collect();
    let unique: BTreeSet<&String> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len());
    let ws = bcplan::workspace::load(&["plans".into()], &[]).unwrap();
    for plan in ws.plans.iter().filter(|p| p.review.is_some()) {
        assert!(
            uids.contains(&format!("review.{}@bcplan", plan.id)),
            "{}",
            plan.id
        );
    }
    let second = export(&["calendar", "plans"]);
    assert_eq!(first.stdout, second.stdout);
}

/// The events of a feed, unfolded and parsed, as (`Source:` place in the description, `URL`).
fn event_links(feed: &str) -> Vec<(String, String)> {
    assert_folded(feed);
    let unfolded = unfold(feed);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("the feed parses");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert!(!events.is_empty());
    events
        .iter()
        .map(|event| {
            let urls: Vec<_> = event
                .properties
                .iter()
                .filter(|p| p.name.as_str() == "URL")
                .collect();
            assert_eq!(urls.len(), 1, "one URL per event: {event:?}");
            let description = value_of(&event.properties, "DESCRIPTION").unwrap();
            let (_, place) = description
                .rsplit_once("Source: ")
                .unwrap_or_else(|| panic!("no source in {description}"));
            (place.to_owned(), urls[0].val.as_str().to_owned())
        })
        .collect()
}

/// `%XX` escapes decoded as UTF-8.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The export fixture in `dir/ws` with its plan at `plans/x.yaml` and its registers in a file
/// whose name needs percent-encoding, and `source_url` (when given) in its `bcplan.yaml`.
fn linked_workspace(dir: &Path, source_url: Option<&str>) -> std::path::PathBuf {
    let ws = dir.join("ws");
    copy_dir(Path::new(FIXTURE), &ws);
    std::fs::create_dir_all(ws.join("plans")).unwrap();
    std::fs::create_dir_all(ws.join("registers")).unwrap();
    std::fs::rename(ws.join("plan.yaml"), ws.join("plans/x.yaml")).unwrap();
    std::fs::rename(
        ws.join("registers.yaml"),
        ws.join("registers/contactos & fornecedores #1.yaml"),
    )
    .unwrap();
    if let Some(url) = source_url {
        let config = std::fs::read_to_string(ws.join("bcplan.yaml")).unwrap();
        std::fs::write(
            ws.join("bcplan.yaml"),
            format!("{config}source_url: {url}\n"),
        )
        .unwrap();
    }
    ws
}

#[test]
fn calendar_links_each_event_to_its_file_and_line_under_source_url() {
    let dir = tempfile::tempdir().unwrap();
    // No trailing slash: one is put between the address and the path.
    linked_workspace(
        dir.path(),
        Some("https://git.example.com/bcm/plans/-/blob/main"),
    );
    // Run from outside the workspace: paths are relative to its root, not the current folder.
    let run = bcplan_in(dir.path(), &["export", "calendar", "ws"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let links = event_links(&run.stdout);
    let base = "https://git.example.com/bcm/plans/-/blob/main/";
    let mut files = BTreeSet::new();
    for (place, url) in &links {
        let (file, line) = place.rsplit_once(':').unwrap();
        let encoded = match file {
            "ws/plans/x.yaml" => "plans/x.yaml",
            "ws/registers/contactos & fornecedores #1.yaml" => {
                "registers/contactos%20%26%20fornecedores%20%231.yaml"
            }
            other => panic!("unexpected source {other}"),
        };
        assert_eq!(*url, format!("{base}{encoded}#L{line}"), "{place}");
        files.insert(file);
    }
    assert_eq!(files.len(), 2, "events from the plan and the registers");
    // The plan review comes from `review: { last: 2026-05-04 }` on line 12.
    assert!(
        links.contains(&(
            "ws/plans/x.yaml:12".to_owned(),
            "https://git.example.com/bcm/plans/-/blob/main/plans/x.yaml#L12".to_owned()
        )),
        "{links:?}"
    );
    // The typed parser reads it too.
    let typed: icalendar::Calendar = run.stdout.parse().expect("typed parse");
    assert_eq!(typed.components.len(), links.len());
}

#[test]
fn calendar_links_to_the_file_on_disk_without_source_url() {
    let dir = tempfile::tempdir().unwrap();
    let ws = linked_workspace(dir.path(), None);
    let run = bcplan_in(dir.path(), &["export", "calendar", "ws"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (place, url) in event_links(&run.stdout) {
        let (file, _) = place.rsplit_once(':').unwrap();
        let path = url
            .strip_prefix("file://")
            .unwrap_or_else(|| panic!("not a file URI: {url}"));
        assert!(
            path.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
            "percent-encoded: {url}"
        );
        let path = std::path::PathBuf::from(percent_decode(path));
        assert!(path.is_absolute() && path.is_file(), "{url}");
        assert_eq!(
            path.canonicalize().unwrap(),
            dir.path().join(file).canonicalize().unwrap(),
            "{url}"
        );
    }
    assert!(
        unfold(&run.stdout)
            .contains("/ws/registers/contactos%20%26%20fornecedores%20%231.yaml\r\n"),
        "{}",
        run.stdout
    );
    assert!(ws.join("plans/x.yaml").is_file());
}

#[test]
fn source_url_option_overrides_bcplan_yaml() {
    let dir = tempfile::tempdir().unwrap();
    linked_workspace(dir.path(), Some("https://github.com/acme/old/blob/main/"));
    let run = bcplan_in(
        dir.path(),
        &[
            "export",
            "calendar",
            "ws",
            "--source-url",
            "http://intranet.example:8080/continuity/",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let links = event_links(&run.stdout);
    for (place, url) in &links {
        assert!(
            url.starts_with("http://intranet.example:8080/continuity/")
                && !url.contains("acme/old"),
            "{place}: {url}"
        );
    }
    assert!(
        links
            .iter()
            .any(|(_, url)| url == "http://intranet.example:8080/continuity/plans/x.yaml#L12")
    );
    // A bad address on the command line is a usage error, and nothing is written.
    for bad in [
        "ftp://files.example.com/",
        "https://x.example/plans?ref=main",
    ] {
        let run = bcplan_in(
            dir.path(),
            &["export", "calendar", "ws", "--source-url", bad],
        );
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.contains(&format!(
                "error: --source-url: `{bad}` is not a web address"
            )),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn an_invalid_source_url_is_a_schema_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let ws = linked_workspace(dir.path(), Some("github.com/acme/continuity"));
    let config = std::fs::read_to_string(ws.join("bcplan.yaml")).unwrap();
    let line = config.lines().count();
    assert!(config.ends_with("source_url: github.com/acme/continuity\n"));
    let run = bcplan_in(dir.path(), &["check", "ws", "--rule", "schema"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "ws/bcplan.yaml:{line}:13: error[schema] `source_url`: `github.com/acme/continuity` is not a web address: it must start with `https://` or `http://`"
        )),
        "{}",
        run.stdout
    );
    // The export names the workspace file and fails as for other schema errors; the rest is
    // still exported, with no link under the rejected address.
    let run = bcplan_in(dir.path(), &["export", "calendar", "ws"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("could not be loaded")
            && run.stderr.contains(&format!("ws/bcplan.yaml:{line}")),
        "{}",
        run.stderr
    );
    for (place, url) in event_links(&run.stdout) {
        assert!(url.starts_with("file:///"), "{place}: {url}");
    }
}

fn sheet(workbook: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
        .rows()
        .map(<[Data]>::to_vec)
        .collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn bia_xlsx_reads_back_with_three_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let (run, bytes) = export_file(&["bia", FIXTURE], dir.path(), "bia.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("exported 1 activity to"),
        "{}",
        run.stderr
    );
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("an xlsx file");
    assert_eq!(
        workbook.sheet_names(),
        ["Impact analysis", "Suppliers", "Open actions"]
    );
    let bia = sheet(&mut workbook, "Impact analysis");
    let heads: Vec<String> = bia[0].iter().map(text).collect();
    for head in [
        "Plan",
        "Activity",
        "Owner",
        "MTPD",
        "RTO",
        "RPO",
        "MBCO",
        "Priority",
        "Dependencies",
        "Strategies",
        "Coverage",
        "Open findings",
    ] {
        assert!(heads.iter().any(|h| h == head), "{head} in {heads:?}");
    }
    let row = &bia[1];
    let at = |name: &str| &row[heads.iter().position(|h| h == name).unwrap()];
    assert_eq!(text(at("Plan")), "order-desk");
    assert_eq!(text(at("Activity")), "Take orders, by phone");
    assert_eq!(text(at("Owner")), "Ana Maria Silva");
    assert_eq!(text(at("MTPD")), "3d");
    assert_eq!(text(at("RTO")), "4d");
    assert_eq!(*at("Priority"), Data::Float(1.0));
    // Strings are never formulas in xlsx: no quote prefix is needed there.
    assert_eq!(
        text(at("MBCO")),
        "-50% of orders, the ten largest customers first"
    );
    assert_eq!(
        text(at("Dependencies")),
        "site: Lisbon office\nmaterial: Order forms"
    );
    assert!(text(at("Strategies")).starts_with("work-from-home (remote-work"));
    assert_eq!(text(at("Coverage")), "1 of 2 scenarios");
    assert_eq!(text(at("Uncovered scenarios")), "flood");
    assert_eq!(*at("Open findings"), Data::Float(1.0));
    assert!(text(at("Findings")).contains("rto-exceeds-mtpd"));
    let suppliers = sheet(&mut workbook, "Suppliers");
    assert_eq!(suppliers.len(), 2);
    assert_eq!(text(&suppliers[1][1]), "Paper, Ink & Co");
    // The phone is text, with its `+`.
    assert_eq!(suppliers[1][6], Data::String("+351220000000".into()));
    assert_eq!(text(&suppliers[1][13]), "order-desk");
    let actions = sheet(&mut workbook, "Open actions");
    assert_eq!(actions.len(), 2, "the closed action is left out");
    assert_eq!(text(&actions[1][2]), "f1");
    // Identical input and --today give identical bytes.
    let (_, again) = export_file(&["bia", FIXTURE], dir.path(), "again.xlsx");
    assert_eq!(bytes, again);
}

#[test]
fn bia_of_the_shipped_plans_has_every_activity_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (run, bytes) = export_file(&["bia", "plans"], dir.path(), "bia.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let rows = sheet(&mut workbook, "Impact analysis");
    let ws = bcplan::workspace::load(&["plans".into()], &[]).unwrap();
    let total: usize = ws.plans.iter().map(|p| p.activities.len()).sum();
    assert_eq!(rows.len() - 1, total);
    let csv = export(&["bia", "--format", "csv", "plans"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let (headers, records) = csv_records(&csv.stdout);
    assert_eq!(records.len(), total);
    let (plan, activity, rto) = (
        column(&headers, "Plan"),
        column(&headers, "Activity ID"),
        column(&headers, "RTO"),
    );
    for p in &ws.plans {
        for a in &p.activities {
            let record = records
                .iter()
                .find(|r| r[plan] == p.id.as_str() && r[activity] == a.id.as_str())
                .unwrap_or_else(|| panic!("{}/{}", p.id, a.id));
            let expected = a
                .rto
                .as_ref()
                .map(|r| r.value.to_string())
                .unwrap_or_default();
            assert_eq!(record[rto], expected);
        }
    }
    let suppliers = sheet(&mut workbook, "Suppliers");
    assert_eq!(suppliers.len() - 1, ws.suppliers.len());
}

#[test]
fn redact_is_refused_for_every_export() {
    for what in [
        &["call-tree"][..],
        &["call-tree", "--format", "vcard"],
        &["calendar"],
        &["bia", "--format", "csv"],
    ] {
        let mut args = what.to_vec();
        args.extend([FIXTURE, "--redact"]);
        let run = export(&args);
        assert_eq!(run.code, 2, "{what:?}");
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.contains("export does not take --redact")
                && run.stderr.contains("bcplan render --redact"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn xlsx_is_never_written_to_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("typescript");
    let command = format!(
        "{} export bia {} --today {TODAY}",
        env!("CARGO_BIN_EXE_bcplan"),
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(FIXTURE)
            .display()
    );
    // `script` runs the command with a pseudo-terminal as its standard output.
    let output = std::process::Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .output()
        .expect("`script` (util-linux) runs");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains("refusing to write an xlsx workbook (binary) to the terminal"),
        "{shown}"
    );
    assert!(!shown.contains("PK"), "no zip bytes on the terminal");
    assert_eq!(output.status.code(), Some(2), "{shown}");
}

#[test]
fn xlsx_goes_to_a_pipe() {
    let run = export(&["bia", FIXTURE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("PK"), "a zip archive on the pipe");
}

#[test]
fn entries_that_cannot_be_loaded_are_named_and_fail_but_the_rest_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new(FIXTURE), &ws);
    std::fs::write(
        ws.join("more-people.yaml"),
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - id: eva.lopes\n    name: Eva Lopes\n    phones: [{ number: \"12345\" }]\n",
    )
    .unwrap();
    let out = dir.path().join("people.csv");
    let run = bcplan_in(
        dir.path(),
        &["export", "call-tree", "ws", "--output", "people.csv"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("could not be loaded") && run.stderr.contains("ws/more-people.yaml:"),
        "{}",
        run.stderr
    );
    let (_, rows) = csv_records(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(rows.len(), 3, "the loaded people are still exported");
}

#[test]
fn a_failed_write_leaves_no_file_and_a_plan_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    // Into a folder that does not exist: an error naming the file, nothing written.
    let run = bcplan_in(
        dir.path(),
        &["export", "calendar", ".", "--output", "missing/feed.ics"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing/feed.ics"), "{}", run.stderr);
    let before = common::snapshot_tree(dir.path());
    // Over a plan file: refused, the plan unchanged.
    let run = bcplan_in(
        dir.path(),
        &[
            "export",
            "bia",
            ".",
            "--format",
            "csv",
            "--output",
            "plan.yaml",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("refusing to overwrite"),
        "{}",
        run.stderr
    );
    // Onto a folder: refused.
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let run = bcplan_in(dir.path(), &["export", "bia", ".", "--output", "out"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
    std::fs::remove_dir(dir.path().join("out")).unwrap();
    assert_eq!(
        common::snapshot_tree(dir.path()),
        before,
        "nothing changed, no temporary file left"
    );
    // A successful export replaces an older file whole, with no temporary file left beside it.
    std::fs::write(
        dir.path().join("feed.ics"),
        "old contents that are longer than nothing\n".repeat(500),
    )
    .unwrap();
    let run = bcplan_in(
        dir.path(),
        &["export", "calendar", ".", "--output", "feed.ics"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let feed = std::fs::read_to_string(dir.path().join("feed.ics")).unwrap();
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\n") && feed.ends_with("END:VCALENDAR\r\n"));
    let names: Vec<String> = common::files_under(dir.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains(".tmp") || n.starts_with('.')),
        "{names:?}"
    );
}

/// Python's `icalendar`, when installed (`.ci/run` installs it and sets
/// `BCPLAN_REQUIRE_ICALENDAR=1`, so that CI fails instead of skipping when it is missing).
fn python_icalendar() -> bool {
    let found = std::process::Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("BCPLAN_REQUIRE_ICALENDAR").is_none_or(|v| v != "1"),
            "BCPLAN_REQUIRE_ICALENDAR=1 but Python's icalendar is not installed (pip install icalendar)"
        );
        eprintln!("note: skipped: Python's icalendar is not installed");
    }
    found
}

/// Checks every feed with a second, independent parser: Python's `icalendar`.
const PYTHON_CHECK: &str = r#"
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
uids = set()
events = 0
for c in cal.walk():
    assert not c.errors, (c.name, c.errors)
    if c.name != "VEVENT":
        continue
    events += 1
    uid = str(c["UID"])
    assert uid not in uids, uid
    uids.add(uid)
    start, end = c.decoded("DTSTART"), c.decoded("DTEND")
    assert type(start) is datetime.date and type(end) is datetime.date, (uid, start, end)
    assert end - start == datetime.timedelta(days=1), uid
    assert c.decoded("DTSTAMP") == datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc), uid
    attendees = c.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    for a in attendees:
        assert str(a).startswith("mailto:") and a.params["CN"], (uid, a)
    assert "Source: " in str(c["DESCRIPTION"]), uid
    assert str(c["URL"]).startswith(("https://", "file:///")), (uid, c["URL"])
    print(uid, "|", str(c["SUMMARY"]))
print("events", events)
"#;

fn python_reads(feed: &str) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("python3")
        .args(["-c", PYTHON_CHECK])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(feed.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn python_icalendar_reads_the_feeds() {
    if !python_icalendar() {
        return;
    }
    for workspace in [FIXTURE, "plans"] {
        let run = export(&["calendar", workspace]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let read = python_reads(&run.stdout);
        let events = run.stdout.matches("BEGIN:VEVENT\r\n").count();
        assert!(events > 0);
        assert!(read.ends_with(&format!("events {events}\n")), "{read}");
        if workspace == FIXTURE {
            assert!(
                read.contains(
                    "action.order-desk.ex-2026-05.f1@bcplan | Action due: Set up call forwarding, then test it; report back\n"
                ),
                "{read}"
            );
        }
    }
}

/// The output the README shows is what the exports write for the shipped plans.
#[test]
fn readme_shows_real_export_output() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("## Exports: `bcplan export`")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has the exports section");
    let blocks: Vec<&str> = section
        .split("```text\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    let csv = export(&["call-tree", "plans"]).stdout.replace("\r\n", "\n");
    let vcard = export(&["call-tree", "--format", "vcard", "plans"])
        .stdout
        .replace("\r\n", "\n");
    let ics = export(&["calendar", "plans"]).stdout.replace("\r\n", "\n");
    let mut checked = 0;
    for block in blocks {
        let shown = block.trim_end_matches("...\n");
        if shown.starts_with("First Name,") {
            assert!(
                csv.starts_with(shown),
                "README CSV:\n{shown}\nexport:\n{csv}"
            );
        } else if shown.starts_with("BEGIN:VCARD") {
            assert!(vcard.starts_with(shown), "README vCard:\n{shown}");
        } else if shown.starts_with("BEGIN:VEVENT") {
            assert!(ics.contains(shown), "README event:\n{shown}");
        } else {
            continue;
        }
        checked += 1;
    }
    assert_eq!(checked, 3, "the README shows a CSV, a vCard and an event");
    assert!(section.contains(&format!(
        "exported {} events to due.ics",
        ics.matches("BEGIN:VEVENT").count()
    )));
}

#[test]
fn people_missing_from_the_register_are_named_not_dropped_silently() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    let plan = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("members: [rui]", "members: [rui, ghost.person]");
    std::fs::write(&plan, text).unwrap();
    let run = bcplan_in(dir.path(), &["export", "call-tree", "."]);
    assert_eq!(run.code, 0, "a finding, not a load failure: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "not in the People register, so left out: `ghost.person` (plan `order-desk`)"
        ),
        "{}",
        run.stderr
    );
    let (_, rows) = csv_records(&run.stdout);
    assert_eq!(rows.len(), 3);
}

#[test]
fn paths_inside_the_workspace_select_the_plans_exported() {
    let run = export(&["bia", "--format", "csv", "plans/manufacturing"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (headers, rows) = csv_records(&run.stdout);
    let plan = column(&headers, "Plan");
    let plans: BTreeSet<&str> = rows.iter().map(|r| r[plan].as_str()).collect();
    assert_eq!(plans, BTreeSet::from(["dongguan-mfg", "tczew-mfg"]));
}

/// A name written family name first (`Li Wei`) exports with the family name the register gives;
/// a name without `family_name` is split at its last word.
#[test]
fn call_tree_names_follow_the_family_name_of_the_register() {
    let run = export(&["call-tree", "plans"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (headers, rows) = csv_records(&run.stdout);
    let id = column(&headers, "External ID");
    let row = |person: &str| {
        rows.iter()
            .find(|r| r[id] == person)
            .unwrap_or_else(|| panic!("{person} is in the call tree"))
    };
    assert_eq!(row("li.wei")[..2], ["Wei", "Li"]);
    assert_eq!(row("nguyen.thi.lan")[..2], ["Thị Lan", "Nguyễn"]);
    assert_eq!(row("erik.lindqvist")[..2], ["Erik", "Lindqvist"]);
}

/// The shipped suppliers reached only as a sub-supplier of a supplier a plan depends on, with
/// the direct supplier they are reached through.
const SECOND_TIER: [(&str, &str); 6] = [
    ("eurolam", "hanse-leiterplatten"),
    ("formosa-foundry", "kyoden-semi"),
    ("formosa-laminate", "kinta-circuits"),
    ("guangxi-aluminium", "jinhe-diecast"),
    ("nordic-aluminium", "pomorska-odlewnia"),
    ("saxony-foundry", "sensa-power"),
];

#[test]
fn second_tier_suppliers_are_reached_by_the_plans_of_their_parents() {
    let ws = bcplan::workspace::load(&["plans".into()], &[]).unwrap();
    for (sub, parent) in SECOND_TIER {
        let parent = ws
            .suppliers
            .iter()
            .find(|s| s.id.as_str() == parent)
            .unwrap();
        assert!(
            parent.sub_suppliers.iter().any(|s| s.as_str() == sub),
            "{sub} is a sub-supplier of {}",
            parent.id
        );
    }
    // The Suppliers sheet: a sub-supplier serves every plan its parent serves.
    let dir = tempfile::tempdir().unwrap();
    let (run, bytes) = export_file(&["bia", "plans"], dir.path(), "bia.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let suppliers = sheet(&mut workbook, "Suppliers");
    let plans_col = suppliers[0]
        .iter()
        .position(|h| text(h) == "Plans")
        .expect("a Plans column");
    let plans_of = |id: &str| -> BTreeSet<String> {
        let row = suppliers
            .iter()
            .find(|r| text(&r[0]) == id)
            .unwrap_or_else(|| panic!("{id} has a row"));
        text(&row[plans_col])
            .split(", ")
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for (sub, parent) in SECOND_TIER {
        let (of_sub, of_parent) = (plans_of(sub), plans_of(parent));
        assert!(!of_parent.is_empty(), "{parent}");
        assert!(
            of_sub.is_superset(&of_parent),
            "{sub}: {of_sub:?} lacks {of_parent:?}"
        );
    }
    // The calendar: the plans' owners are invited, and the plans named.
    let out = export(&["calendar", "plans"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let unfolded = unfold(&out.stdout);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    for (sub, _) in SECOND_TIER {
        let uid = format!("supplier-bc.{sub}@bcplan");
        let event = calendar
            .components
            .iter()
            .find(|e| value_of(&e.properties, "UID").as_deref() == Some(uid.as_str()))
            .unwrap_or_else(|| panic!("{uid}"));
        let description = value_of(&event.properties, "DESCRIPTION").unwrap();
        assert!(
            !description.contains("No plan depends on it."),
            "{uid}: {description}"
        );
        let plans: Vec<String> = plans_of(sub).into_iter().collect();
        assert!(
            description.contains(&format!("Plans depending on it: {}", plans.join(", "))),
            "{uid}: {description}"
        );
        assert!(
            event.properties.iter().any(|p| p.name == "ATTENDEE"),
            "{uid} has no attendee"
        );
    }
}

#[test]
fn a_plan_reaches_the_suppliers_of_its_systems_its_providers_and_their_sub_suppliers() {
    // order-taking gains system orders (hosted by host-co); work-from-home gains provider
    // vpn-co; paper-co (a material's source) and vpn-co have sub-suppliers. Each is served by
    // order-desk, whose owner is invited.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new(FIXTURE), &ws);
    let registers = ws.join("registers.yaml");
    let text = std::fs::read_to_string(&registers).unwrap();
    let supplier = |id: &str, subs: &str| {
        format!(
            "  - {{ id: {id}, name: {id}, sites: [{{ country: PT }}], bc_assessed: 2026-02-01, sub_suppliers: [{subs}] }}\n"
        )
    };
    let text = text.replace(
        "---\napiVersion: bcplan/v1\nkind: Materials\n",
        &format!(
            "{}{}{}{}---\napiVersion: bcplan/v1\nkind: Systems\nsystems:\n  - {{ id: orders, name: Orders, rto: 4h, depends_on: [{{ supplier: host-co }}] }}\n---\napiVersion: bcplan/v1\nkind: Materials\n",
            supplier("host-co", ""),
            supplier("vpn-co", "vpn-sub"),
            supplier("vpn-sub", ""),
            supplier("pulp-co", ""),
        ),
    );
    let text = text.replace(
        "    bc_rating: medium\n",
        "    bc_rating: medium\n    sub_suppliers: [pulp-co]\n",
    );
    std::fs::write(&registers, text).unwrap();
    let plan = ws.join("plan.yaml");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace(
            "{ material: forms }]",
            "{ material: forms }, { system: orders }]",
        )
        .replace(
            "    ready_within: 4h\n",
            "    ready_within: 4h\n    provider: { supplier: vpn-co }\n",
        );
    std::fs::write(&plan, text).unwrap();
    let out = bcplan_in(dir.path(), &["export", "calendar", "ws", "--today", TODAY]);
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, out.stdout);
    let unfolded = unfold(&out.stdout);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    for id in ["host-co", "vpn-co", "vpn-sub", "pulp-co"] {
        let uid = format!("supplier-bc.{id}@bcplan");
        let event = calendar
            .components
            .iter()
            .find(|e| value_of(&e.properties, "UID").as_deref() == Some(uid.as_str()))
            .unwrap_or_else(|| panic!("{uid}: {}", out.stdout));
        let description = value_of(&event.properties, "DESCRIPTION").unwrap();
        assert!(
            description.contains("Plans depending on it: order-desk"),
            "{uid}: {description}"
        );
        assert!(
            event
                .properties
                .iter()
                .any(|p| p.name == "ATTENDEE" && p.val.as_str().contains("ana.silva")),
            "{uid} invites the plan's owner"
        );
    }
}

/// An unknown field alone leaves nothing out (the entry is loaded without it): the export
/// succeeds and claims nothing is missing.
#[test]
fn an_unknown_field_alone_does_not_fail_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new(FIXTURE), &ws);
    std::fs::write(
        ws.join("more-people.yaml"),
        "apiVersion: bcplan/v1\nkind: People\npeople:\n  - id: eva.lopes\n    name: Eva Lopes\n    nickname: Eva\n",
    )
    .unwrap();
    let run = bcplan_in(
        dir.path(),
        &["export", "call-tree", "ws", "--output", "people.csv"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("could not be loaded"),
        "{}",
        run.stderr
    );
}
