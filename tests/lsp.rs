//! `bcplan lsp` driven over stdio by a JSON-RPC client, one test per capability, positions asserted.

#[path = "lsp/client.rs"]
mod client;

use std::path::{Path, PathBuf};

use client::{Client, uri};
use serde_json::{Value, json};

/// A copy of `tests/fixtures/lsp` (a passing workspace: registers, plan `order-desk`, and plan
/// `dispatch` with gaps that refers to `order-desk/order-taking`).
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("ws");
    std::fs::create_dir_all(&root).unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp"),
        &root,
    );
    (dir, root)
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// 0-based line and column of the first `needle` on a line containing `line_has`.
fn find(text: &str, line_has: &str, needle: &str) -> (u32, u32) {
    for (i, line) in text.lines().enumerate() {
        if line.contains(line_has) {
            if let Some(col) = line.find(needle) {
                return (u32::try_from(i).unwrap(), u32::try_from(col).unwrap());
            }
        }
    }
    panic!("no line with {line_has:?} and {needle:?}");
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": line, "character": end } })
}

fn with_rule<'a>(diagnostics: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == rule).collect()
}

#[test]
fn diagnostics_of_unsaved_text_on_open_and_change() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let saved = read(&plan);
    let mut client = Client::start(&root);
    client.open(&plan, &saved);
    assert!(client.diagnostics(&plan).is_empty());
    // A typo in the editor, not saved: the unsaved text is what is checked.
    let typo = saved.replacen("    owner: ana.silva", "    owner: ana.silvo", 1);
    client.change(&plan, 2, &typo);
    let diagnostics = client.diagnostics_of_version(&plan, 2);
    let unknown = with_rule(&diagnostics, "unknown-reference");
    assert_eq!(unknown.len(), 1, "{diagnostics:?}");
    let d = unknown[0];
    let (line, col) = find(&typo, "owner: ana.silvo", "ana.silvo");
    assert_eq!(d["range"], range(line, col, col + 9));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "bcplan");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `ana.silva`?"),
        "{d}"
    );
    // The code links to the rule's documentation, the text `bcplan explain` prints.
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(
        href.starts_with("file://") && href.ends_with("/unknown-reference.md"),
        "{href}"
    );
    let doc = std::fs::read_to_string(href.trim_start_matches("file://")).unwrap();
    assert!(doc.starts_with("# unknown-reference\n"), "{doc}");
    assert_eq!(read(&plan), saved, "the file on disk is untouched");
    // Fixing the typo clears the diagnostic.
    client.change(&plan, 3, &saved);
    assert!(client.diagnostics_of_version(&plan, 3).is_empty());
    assert_eq!(client.stop(), 0);
}

#[test]
fn overrides_waivers_and_related_places() {
    let (_dir, root) = workspace();
    let config = root.join("bcplan.yaml");
    let dispatch = root.join("plans/dispatch.yaml");
    let text = read(&dispatch);
    let mut client = Client::start(&root);
    client.open(&dispatch, &text);
    let before = client.diagnostics(&dispatch);
    assert_eq!(
        with_rule(&before, "exercise-overdue")[0]["severity"],
        2,
        "a warning"
    );
    assert_eq!(with_rule(&before, "call-tree")[0]["severity"], 1);
    // An unsaved `rules:` override in bcplan.yaml changes the severity in the plan.
    let overridden = format!("{}rules:\n  exercise-overdue: info\n", read(&config));
    client.open(&config, &overridden);
    client.diagnostics_of_version(&config, 1);
    let after = client.latest_diagnostics(&dispatch);
    assert_eq!(
        with_rule(&after, "exercise-overdue")[0]["severity"],
        3,
        "{after:?}"
    );
    // A waiver turns its finding into a hint.
    let waived = text.replace(
        "waivers:\n",
        "waivers:\n  - { rule: call-tree, target: dispatch, reason: Two people only, approved_by: joao.costa, expires: 2026-12-31 }\n",
    );
    client.change(&dispatch, 2, &waived);
    let after = client.diagnostics_of_version(&dispatch, 2);
    let hint = with_rule(&after, "call-tree")[0];
    assert_eq!(hint["severity"], 4, "{hint}");
    assert!(
        hint["message"].as_str().unwrap().starts_with("waived: "),
        "{hint}"
    );
    // A duplicate id names the first definition as a related place, in the other file (files are
    // read in path order, so the plan's copy comes first).
    let registers = root.join("registers.yaml");
    client.open(&registers, &read(&registers));
    client.diagnostics_of_version(&registers, 1);
    let duplicate = format!(
        "{text}---\napiVersion: bcplan/v1\nkind: People\npeople:\n  - {{ id: ana.silva, name: Ana Again }}\n"
    );
    client.change(&dispatch, 3, &duplicate);
    client.diagnostics_of_version(&dispatch, 3);
    let after = client.latest_diagnostics(&registers);
    let d = with_rule(&after, "duplicate-id")[0];
    let (line, col) = find(&read(&registers), "- id: ana.silva", "ana.silva");
    assert_eq!(d["range"], range(line, col, col + 9));
    let (line, col) = find(
        &duplicate,
        "{ id: ana.silva, name: Ana Again }",
        "ana.silva",
    );
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri(&dispatch));
    assert_eq!(related["location"]["range"], range(line, col, col + 9));
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_register_change_updates_the_plans_that_use_it() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let people = root.join("registers.yaml");
    let registers = read(&people);
    let mut client = Client::start(&root);
    client.open(&plan, &read(&plan));
    assert!(client.diagnostics(&plan).is_empty());
    client.open(&people, &registers);
    assert!(client.diagnostics(&people).is_empty());
    let renamed = registers.replace("id: joao.costa", "id: joao.coasta");
    client.change(&people, 2, &renamed);
    client.diagnostics_of_version(&people, 2);
    let diagnostics = client.latest_diagnostics(&plan);
    let unknown = with_rule(&diagnostics, "unknown-reference");
    let plan_text = read(&plan);
    let uses = plan_text.matches("joao.costa").count();
    assert_eq!(unknown.len(), uses, "{diagnostics:?}");
    let (line, col) = find(&plan_text, "deputy: joao.costa", "joao.costa");
    assert_eq!(unknown[0]["range"], range(line, col, col + 10));
    // Undoing the change clears what went away.
    client.change(&people, 3, &registers);
    client.diagnostics_of_version(&people, 3);
    assert!(client.latest_diagnostics(&plan).is_empty());
    assert_eq!(client.stop(), 0);
}

fn hover_text(client: &mut Client, path: &Path, line: u32, col: u32) -> String {
    let params = client.at(path, line, col);
    let result = client.call("textDocument/hover", params);
    result["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn hover_shows_entities_fields_and_rules() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let text = read(&plan);
    let mut client = Client::start(&root);
    client.open(&plan, &text);
    client.diagnostics(&plan);
    let (line, col) = find(&text, "    owner: ana.silva", "ana.silva");
    let person = hover_text(&mut client, &plan, line, col + 2);
    for part in ["Ana Silva", "Operations Manager", "+351912345678"] {
        assert!(person.contains(part), "{person}");
    }
    let (line, col) = find(&text, "system: order-db", "order-db");
    let system = hover_text(&mut client, &plan, line, col);
    for part in ["Order database", "RTO: 4h", "DR site: Porto data centre"] {
        assert!(system.contains(part), "{system}");
    }
    let (line, col) = find(&text, "    rto: 24h", "rto");
    let field = hover_text(&mut client, &plan, line, col + 1);
    assert!(field.contains("Recovery time objective"), "{field}");
    let dispatch = root.join("plans/dispatch.yaml");
    let gaps = read(&dispatch);
    client.open(&dispatch, &gaps);
    let (line, col) = find(&gaps, "id: dispatch", "dispatch");
    let rules = hover_text(&mut client, &dispatch, line, col);
    assert!(rules.contains("# call-tree"), "{rules}");
    assert!(rules.contains("Dispatch continuity plan"), "{rules}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn hover_on_a_supplier_shows_recovery_and_assessments() {
    let (_dir, root) = workspace();
    let registers = root.join("registers.yaml");
    let text = format!(
        "{}---\napiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - id: acme\n    name: Acme Couriers\n    contracted_recovery: 48h\n    bc_assessed: 2026-01-10\n    security_assessed: 2025-11-02\n    sub_suppliers: [acme]\n",
        read(&registers)
    );
    let mut client = Client::start(&root);
    client.open(&registers, &text);
    client.diagnostics(&registers);
    let (line, col) = find(&text, "sub_suppliers: [acme]", "acme");
    let supplier = hover_text(&mut client, &registers, line, col);
    for part in [
        "Acme Couriers",
        "contracted recovery: 48h",
        "2026-01-10",
        "2025-11-02",
    ] {
        assert!(supplier.contains(part), "{supplier}");
    }
    assert_eq!(client.stop(), 0);
}

fn locations(result: &Value) -> Vec<(String, Value)> {
    let list = if result.is_array() {
        result.as_array().unwrap().clone()
    } else {
        vec![result.clone()]
    };
    list.iter()
        .map(|l| (l["uri"].as_str().unwrap().to_owned(), l["range"].clone()))
        .collect()
}

#[test]
fn definition_and_references_across_files() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let dispatch = root.join("plans/dispatch.yaml");
    let registers = root.join("registers.yaml");
    let (plan_text, dispatch_text, reg_text) = (read(&plan), read(&dispatch), read(&registers));
    let mut client = Client::start(&root);
    client.open(&dispatch, &dispatch_text);
    client.diagnostics(&dispatch);
    // `order-desk/order-taking`: the activity part goes to the activity, the plan part to the plan.
    let (line, col) = find(
        &dispatch_text,
        "activity: order-desk/order-taking",
        "order-taking",
    );
    let params = client.at(&dispatch, line, col + 3);
    let found = locations(&client.call("textDocument/definition", params));
    let (aline, acol) = find(&plan_text, "- id: order-taking", "order-taking");
    assert_eq!(found, [(uri(&plan), range(aline, acol, acol + 12))]);
    let (_, pcol) = find(
        &dispatch_text,
        "activity: order-desk/order-taking",
        "order-desk",
    );
    let params = client.at(&dispatch, line, pcol + 1);
    let found = locations(&client.call("textDocument/definition", params));
    let (pline, pc) = find(&plan_text, "id: order-desk", "order-desk");
    assert_eq!(found, [(uri(&plan), range(pline, pc, pc + 10))]);
    // References of the activity: its definition, `covers`, `restores` and the other plan's use.
    let mut params = client.at(&dispatch, line, col);
    params["context"] = json!({ "includeDeclaration": true });
    let refs = locations(&client.call("textDocument/references", params));
    assert_eq!(refs.len(), 4, "{refs:?}");
    assert!(refs.contains(&(uri(&dispatch), range(line, col, col + 12))));
    let (rline, rcol) = find(&plan_text, "restores: [order-taking]", "order-taking");
    assert!(refs.contains(&(uri(&plan), range(rline, rcol, rcol + 12))));
    // A person: defined in the register, used across both plans and the systems register.
    let (line, col) = find(&dispatch_text, "owner: joao.costa", "joao.costa");
    let params = client.at(&dispatch, line, col);
    let found = locations(&client.call("textDocument/definition", params));
    let (dline, dcol) = find(&reg_text, "- id: joao.costa", "joao.costa");
    assert_eq!(found, [(uri(&registers), range(dline, dcol, dcol + 10))]);
    let mut params = client.at(&dispatch, line, col);
    params["context"] = json!({ "includeDeclaration": false });
    let refs = locations(&client.call("textDocument/references", params));
    let expected =
        plan_text.matches("joao.costa").count() + dispatch_text.matches("joao.costa").count();
    assert_eq!(refs.len(), expected, "{refs:?}");
    // A step of a procedure, from `after:`.
    client.open(&plan, &plan_text);
    let (line, col) = find(&plan_text, "after: [invoke]", "invoke");
    let params = client.at(&plan, line, col);
    let found = locations(&client.call("textDocument/definition", params));
    let (sline, scol) = find(&plan_text, "id: invoke", "invoke");
    assert_eq!(found, [(uri(&plan), range(sline, scol, scol + 6))]);
    assert_eq!(client.stop(), 0);
}

fn labels(result: &Value) -> Vec<String> {
    let items = result.get("items").unwrap_or(result);
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["label"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Completion at the end of the line holding `marker` after replacing it by `typed`.
fn complete(
    client: &mut Client,
    path: &Path,
    text: &str,
    marker: &str,
    typed: &str,
    version: i32,
) -> Value {
    let edited = text.replacen(marker, typed, 1);
    client.change(path, version, &edited);
    let last = typed.lines().last().unwrap();
    let (line, col) = find(&edited, last, last);
    let width = u32::try_from(last.len()).unwrap();
    let params = client.at(path, line, col + width);
    client.call("textDocument/completion", params)
}

#[test]
fn completion_of_ids_fields_and_values() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let text = read(&plan);
    let mut client = Client::start(&root);
    client.open(&plan, &text);
    client.diagnostics(&plan);
    // `owner:` offers people with their names and roles.
    let result = complete(
        &mut client,
        &plan,
        &text,
        "    owner: ana.silva",
        "    owner: ",
        2,
    );
    let items = result.as_array().unwrap();
    let ana = items
        .iter()
        .find(|i| i["label"] == "ana.silva")
        .expect("ana.silva offered");
    assert_eq!(ana["detail"], "Ana Silva — Operations Manager");
    assert_eq!(labels(&result), ["ana.silva", "joao.costa"]);
    // Half-typed flow mapping: `depends_on: - { system: ` offers systems.
    let result = complete(
        &mut client,
        &plan,
        &text,
        "    depends_on: [{ site: lisbon-office }, { system: order-db }]",
        "    depends_on:\n      - { system: ",
        3,
    );
    assert_eq!(labels(&result), ["order-db"]);
    let result = complete(
        &mut client,
        &plan,
        &text,
        "sites: [lisbon-office]",
        "sites: [",
        4,
    );
    assert_eq!(labels(&result), ["lisbon-office", "porto-dc"]);
    let result = complete(
        &mut client,
        &plan,
        &text,
        "scenarios: [earthquake]",
        "scenarios: [ea",
        5,
    );
    assert_eq!(labels(&result), ["earthquake"]);
    // Step `after:` offers the steps of that procedure.
    let result = complete(&mut client, &plan, &text, "after: [invoke]", "after: [", 6);
    assert_eq!(labels(&result), ["invoke", "redirect"]);
    // Field names where a key is typed, and enumeration values.
    let result = complete(&mut client, &plan, &text, "    mbco: Orders", "    mb", 7);
    let fields = labels(&result);
    assert!(
        fields.contains(&"mbco".to_owned()) && fields.contains(&"rto".to_owned()),
        "{fields:?}"
    );
    // `site:` of a person offers sites.
    let registers = root.join("registers.yaml");
    let people = read(&registers);
    client.open(&registers, &people);
    let result = complete(
        &mut client,
        &registers,
        &people,
        "    site: lisbon-office",
        "    site: ",
        2,
    );
    assert_eq!(labels(&result), ["lisbon-office", "porto-dc"]);
    let result = complete(&mut client, &plan, &text, "status: approved", "status: ", 8);
    let values = labels(&result);
    assert!(
        values.contains(&"approved".to_owned()) && values.contains(&"draft".to_owned()),
        "{values:?}"
    );
    assert_eq!(client.stop(), 0);
}

/// Applies the edits of a rename's `changes` to the files on disk.
fn apply_edits(changes: &serde_json::Map<String, Value>) {
    let mut texts = std::collections::HashMap::new();
    for (file, edits) in changes {
        let path = PathBuf::from(file.trim_start_matches("file://"));
        let mut lines: Vec<String> = read(&path).lines().map(str::to_owned).collect();
        let mut edits = edits.as_array().unwrap().clone();
        edits.sort_by_key(|e| {
            std::cmp::Reverse((
                e["range"]["start"]["line"].as_u64(),
                e["range"]["start"]["character"].as_u64(),
            ))
        });
        for e in edits {
            let l = usize::try_from(e["range"]["start"]["line"].as_u64().unwrap()).unwrap();
            let s = usize::try_from(e["range"]["start"]["character"].as_u64().unwrap()).unwrap();
            let t = usize::try_from(e["range"]["end"]["character"].as_u64().unwrap()).unwrap();
            lines[l].replace_range(s..t, e["newText"].as_str().unwrap());
        }
        texts.insert(path, lines.join("\n") + "\n");
    }
    for (path, new_text) in &texts {
        std::fs::write(path, new_text).unwrap();
    }
}

/// `bcplan check` finds no unknown reference in the workspace at `root`.
fn assert_references_resolve(root: &Path) {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_bcplan"))
        .args([
            "check",
            "--today",
            "2026-06-01",
            "--rule",
            "unknown-reference",
        ])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
}

/// Renaming the id at `at` of `path` to each new id fails with a message holding the reason.
fn refuses_renames(client: &mut Client, path: &Path, at: (u32, u32), cases: &[(&str, &str)]) {
    for (new, why) in cases {
        let mut params = client.at(path, at.0, at.1);
        params["newName"] = json!(new);
        let response = client.request("textDocument/rename", params);
        assert_eq!(response["error"]["code"], -32602, "{response}");
        assert!(
            response["error"]["message"].as_str().unwrap().contains(why),
            "{response}"
        );
    }
}

#[test]
fn rename_across_files_refusing_invalid_and_taken_ids() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let registers = root.join("registers.yaml");
    let text = read(&registers);
    let mut client = Client::start(&root);
    client.open(&registers, &text);
    client.diagnostics(&registers);
    let (line, col) = find(&text, "- id: ana.silva", "ana.silva");
    let prepared = client.call(
        "textDocument/prepareRename",
        client.at(&registers, line, col + 1),
    );
    assert_eq!(prepared["range"], range(line, col, col + 9));
    assert_eq!(prepared["placeholder"], "ana.silva");
    let mut params = client.at(&registers, line, col);
    params["newName"] = json!("ana.souza");
    let edit = client.call("textDocument/rename", params.clone());
    let changes = edit["changes"].as_object().unwrap();
    let count = |path: &Path| {
        changes
            .get(&uri(path))
            .map_or(0, |e| e.as_array().unwrap().len())
    };
    assert_eq!(
        count(&registers),
        text.matches("ana.silva").count() - 1,
        "the e-mail address is left alone"
    );
    assert_eq!(count(&plan), read(&plan).matches("ana.silva").count());
    // The waiver naming her in the other plan follows.
    let dispatch = root.join("plans/dispatch.yaml");
    assert!(read(&dispatch).contains("target: ana.silva"));
    assert_eq!(count(&dispatch), 1);
    let first = &changes[&uri(&registers)].as_array().unwrap()[0];
    assert_eq!(first["newText"], "ana.souza");
    // Applying the edits leaves a workspace that still passes.
    apply_edits(changes);
    assert_references_resolve(&root);
    refuses_renames(
        &mut client,
        &registers,
        (line, col),
        &[
            ("Ana Souza", "not a valid id"),
            ("joao.costa", "already taken"),
        ],
    );
    assert_eq!(client.stop(), 0);
}

fn actions(client: &mut Client, path: &Path, line: u32, col: u32) -> Vec<Value> {
    let params = json!({
        "textDocument": { "uri": uri(path) },
        "range": range(line, col, col),
        "context": { "diagnostics": [] },
    });
    client
        .call("textDocument/codeAction", params)
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn code_actions_apply_suggestions_and_add_waivers() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let saved = read(&plan);
    let text = saved.replacen("    owner: ana.silva", "    owner: ana.silvo", 1);
    let mut client = Client::start(&root);
    client.open(&plan, &text);
    client.diagnostics(&plan);
    let (line, col) = find(&text, "owner: ana.silvo", "ana.silvo");
    let found = actions(&mut client, &plan, line, col + 1);
    let fix = found
        .iter()
        .find(|a| a["title"] == "Change to `ana.silva`")
        .expect("a fix");
    let edit = &fix["edit"]["changes"][uri(&plan)][0];
    assert_eq!(edit["range"], range(line, col, col + 9));
    assert_eq!(edit["newText"], "ana.silva");
    // A schema finding (the plan then cannot be loaded, so this is its own change).
    let text = saved.replacen("    mtpd: 3d", "    mtdp: 3d", 1);
    client.change(&plan, 2, &text);
    client.diagnostics_of_version(&plan, 2);
    let (line, col) = find(&text, "mtdp: 3d", "mtdp");
    let found = actions(&mut client, &plan, line, col);
    let fix = found
        .iter()
        .find(|a| a["title"] == "Change to `mtpd`")
        .expect("a fix");
    assert_eq!(
        fix["edit"]["changes"][uri(&plan)][0]["range"],
        range(line, col, col + 4)
    );
    // A waiver skeleton, added to the waivers of the plan the finding belongs to.
    let dispatch = root.join("plans/dispatch.yaml");
    let gaps = read(&dispatch);
    client.open(&dispatch, &gaps);
    let (line, col) = find(&gaps, "id: dispatch", "dispatch");
    let skeleton = "  - rule: call-tree\n    target: dispatch\n    reason: \"\"\n    approved_by: joao.costa\n    expires: 2026-08-30\n";
    let edit = waiver_edit(&mut client, &dispatch, line, col);
    let (waivers, _) = find(&gaps, "waivers:", "waivers:");
    assert_eq!(edit["range"], range(waivers + 1, 0, 0));
    assert_eq!(edit["newText"], skeleton);
    // Without a `waivers:` section, one is appended to the plan.
    let without = gaps[..gaps.find("waivers:").unwrap()].to_owned();
    client.change(&dispatch, 2, &without);
    client.diagnostics_of_version(&dispatch, 2);
    let edit = waiver_edit(&mut client, &dispatch, line, col);
    let last = u32::try_from(without.lines().count() - 1).unwrap();
    assert_eq!(edit["range"]["start"]["line"], last);
    let expected = format!("\nwaivers:\n{}", skeleton.trim_end());
    assert_eq!(edit["newText"], expected.as_str());
    assert_eq!(client.stop(), 0);
}

fn waiver_edit(client: &mut Client, path: &Path, line: u32, col: u32) -> Value {
    let found = actions(client, path, line, col);
    let waiver = found
        .iter()
        .find(|a| a["title"] == "Add a waiver for this `call-tree` finding")
        .expect("a waiver action");
    waiver["edit"]["changes"][uri(path)][0].clone()
}

#[test]
fn malformed_messages_unknown_methods_and_early_requests_get_errors() {
    let (_dir, root) = workspace();
    let mut client = Client::spawn(&root);
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    let init = client.request("initialize", json!({ "capabilities": {} }));
    assert!(init["result"]["capabilities"]["renameProvider"]["prepareProvider"] == true);
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let error = client.wait_for("parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    client.send_raw(b"Garbage-Without-Colon\r\n\r\n");
    client.wait_for("header error", |m| m["error"]["code"] == -32700);
    let unknown = client.request("bcplan/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let invalid = client.request("textDocument/hover", json!({ "position": 3 }));
    assert_eq!(invalid["error"]["code"], -32602);
    client.notify("textDocument/didChange", json!({ "bogus": true }));
    client.notify("some/unknownNotification", json!({}));
    // Still answering.
    let plan = root.join("plans/order-desk.yaml");
    client.open(&plan, &read(&plan));
    assert!(client.diagnostics(&plan).is_empty());
    assert_eq!(client.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let (_dir, root) = workspace();
    let mut client = Client::start(&root);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 1);
}

#[test]
fn files_outside_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let other = root.join("compose.yaml");
    std::fs::write(&other, "services: {}\n").unwrap();
    let lone = root.join("lone-plan.yaml");
    let plan = "apiVersion: bcplan/v1\nkind: Plan\nid: lone\n";
    std::fs::write(&lone, "# saved before the editor added anything\n").unwrap();
    let mut client = Client::start(&root);
    client.open(&other, "services: {}\n");
    assert!(client.diagnostics(&other).is_empty(), "not a bcplan file");
    client.open(&lone, plan);
    let diagnostics = client.diagnostics(&lone);
    let schema = with_rule(&diagnostics, "schema");
    assert!(!schema.is_empty(), "{diagnostics:?}");
    let hover = client.call("textDocument/hover", client.at(&other, 0, 1));
    assert_eq!(hover, Value::Null);
    let untitled = json!({ "textDocument": { "uri": "untitled:Untitled-1", "languageId": "yaml", "version": 1, "text": "kind: Plan\n" } });
    client.notify("textDocument/didOpen", untitled);
    let hover = client.call("textDocument/hover", json!({ "textDocument": { "uri": "untitled:Untitled-1" }, "position": { "line": 0, "character": 1 } }));
    assert_eq!(hover, Value::Null);
    assert_eq!(client.stop(), 0);
}

#[test]
fn half_typed_yaml_at_every_keystroke() {
    let (_dir, root) = workspace();
    let plan = root.join("plans/order-desk.yaml");
    let text = read(&plan);
    let mut client = Client::start(&root);
    client.open(&plan, "");
    let chars: Vec<char> = text.chars().collect();
    for (version, end) in (1..=chars.len()).enumerate() {
        let typed: String = chars[..end].iter().collect();
        client.change(&plan, i32::try_from(version).unwrap() + 2, &typed);
        // Every fifth keystroke, ask for completion and hover at the cursor: the whole workspace is
        // checked with the half-typed text.
        if end % 5 == 0 {
            let last = typed.lines().count().max(1) - 1;
            let line_text = typed.lines().last().unwrap_or_default();
            let position = client.at(
                &plan,
                u32::try_from(last).unwrap(),
                u32::try_from(line_text.chars().count()).unwrap(),
            );
            let completion = client.request("textDocument/completion", position.clone());
            assert!(completion.get("error").is_none(), "at {end}: {completion}");
            let hover = client.request("textDocument/hover", position);
            assert!(hover.get("error").is_none(), "at {end}: {hover}");
        }
    }
    let version = i32::try_from(chars.len()).unwrap() + 1;
    assert!(client.diagnostics_of_version(&plan, version).is_empty());
    assert_eq!(client.stop(), 0);
}

/// The UTF-16 column of the first `needle` on the line holding it (0-based line).
fn find_utf16(text: &str, needle: &str) -> (u32, u32) {
    let (line, byte) = find(text, needle, needle);
    let prefix = &text.lines().nth(line as usize).unwrap()[..byte as usize];
    (line, u32::try_from(prefix.encode_utf16().count()).unwrap())
}

#[test]
fn a_new_unsaved_file_and_ranged_changes_in_utf16() {
    let (_dir, root) = workspace();
    let new = root.join("plans/new-plan.yaml");
    assert!(!new.exists());
    // A new file, never saved, with an emoji before the unknown id on its line: columns count
    // UTF-16 code units, as LSP does.
    let text = "apiVersion: bcplan/v1\nkind: Plan\nid: packing\ntitle: Packing\nowner: joao.costa\nstatus: draft\nactivities:\n  - { id: pack, name: \"📦 Pack orders\", owner: joao.costa, deputy: ana.silvo }\n";
    let mut client = Client::start(&root);
    client.open(&new, text);
    let diagnostics = client.diagnostics(&new);
    let unknown = with_rule(&diagnostics, "unknown-reference");
    let (line, col) = find_utf16(text, "ana.silvo");
    assert_eq!(unknown.len(), 1, "{diagnostics:?}");
    assert_eq!(unknown[0]["range"], range(line, col, col + 9));
    // A ranged change replacing the emoji (2 units) by two (4 units): the id moves by 2.
    let (eline, ecol) = find_utf16(text, "📦");
    let change = json!({
        "textDocument": { "uri": uri(&new), "version": 2 },
        "contentChanges": [{ "range": range(eline, ecol, ecol + 2), "text": "😀😀" }],
    });
    client.notify("textDocument/didChange", change);
    let diagnostics = client.diagnostics_of_version(&new, 2);
    let unknown = with_rule(&diagnostics, "unknown-reference");
    assert_eq!(unknown[0]["range"], range(line, col + 2, col + 11));
    let edited = text.replacen("📦", "😀😀", 1);
    let (oline, ocol) = find_utf16(&edited, "deputy");
    let hover = client.call("textDocument/hover", client.at(&new, oline, ocol + 2));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**`deputy`**"),
        "{hover}"
    );
    // The dependency kinds are offered as keys inside `- { `.
    let keys = format!("{edited}    depends_on:\n      - {{ ");
    client.change(&new, 3, &keys);
    let last = u32::try_from(keys.lines().count() - 1).unwrap();
    let result = client.call("textDocument/completion", client.at(&new, last, 10));
    let offered = labels(&result);
    for kind in ["site", "system", "material", "supplier", "activity", "lane"] {
        assert!(offered.contains(&kind.to_owned()), "{offered:?}");
    }
    assert_eq!(client.stop(), 0);
    assert!(!new.exists(), "nothing is written");
}

const OBLIGATIONS: &str = "apiVersion: bcplan/v1
kind: Obligations
obligations:
  - id: customer-notice
    name: Notice to customers of a service outage
    basis: Service agreement, clause 7
    notify: customers
    deadline: 8h
    clock: activation
    applies_to: { domains: [services] }
  - id: breach-report
    name: Personal data breach report
    basis: GDPR art. 33(1)
    notify: regulators
    deadline: 72h
    when_personal_data: true
";

/// The fixture with an Obligations register, and the customer communication of `order-desk`
/// fulfilling its first duty.
fn workspace_with_obligations() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = workspace();
    std::fs::write(root.join("obligations.yaml"), OBLIGATIONS).unwrap();
    let plan = root.join("plans/order-desk.yaml");
    let text = read(&plan).replacen(
        "when: within 4h }",
        "when: within 4h, fulfils: [customer-notice], within: 4h }",
        1,
    );
    assert!(text.contains("fulfils: [customer-notice]"));
    std::fs::write(&plan, text).unwrap();
    (dir, root)
}

#[test]
fn obligations_are_navigable_from_the_communications_that_fulfil_them() {
    let (_dir, root) = workspace_with_obligations();
    let plan = root.join("plans/order-desk.yaml");
    let register = root.join("obligations.yaml");
    let text = read(&plan);
    let mut client = Client::start(&root);
    client.open(&plan, &text);
    let diagnostics = client.diagnostics(&plan);
    assert!(
        with_rule(&diagnostics, "unknown-reference").is_empty(),
        "{diagnostics:?}"
    );
    // Definition: from `fulfils: [customer-notice]` to the register entry.
    let (line, col) = find(&text, "fulfils: [customer-notice]", "customer-notice");
    let found = locations(&client.call("textDocument/definition", client.at(&plan, line, col + 4)));
    let (dline, dcol) = find(OBLIGATIONS, "- id: customer-notice", "customer-notice");
    assert_eq!(found, [(uri(&register), range(dline, dcol, dcol + 15))]);
    // References: the definition and the communication.
    let mut params = client.at(&plan, line, col);
    params["context"] = json!({ "includeDeclaration": true });
    let refs = locations(&client.call("textDocument/references", params));
    assert_eq!(
        refs,
        [
            (uri(&register), range(dline, dcol, dcol + 15)),
            (uri(&plan), range(line, col, col + 15))
        ]
    );
    // Hover: the duty, who is told, by when, and why.
    let about = hover_text(&mut client, &plan, line, col);
    for part in [
        "**Notice to customers of a service outage** (obligation `customer-notice`)",
        "notify: customers",
        "deadline: 8h from activation of the plan",
        "basis: Service agreement, clause 7",
        "applies to: plans of domain `services`",
    ] {
        assert!(about.contains(part), "{part} not in {about}");
    }
    client.open(&register, OBLIGATIONS);
    let (bline, bcol) = find(OBLIGATIONS, "- id: breach-report", "breach-report");
    let breach = hover_text(&mut client, &register, bline, bcol);
    for part in [
        "deadline: 72h from becoming aware of the incident",
        "basis: GDPR art. 33(1)",
        "plans that depend on a supplier processing personal data",
    ] {
        assert!(breach.contains(part), "{part} not in {breach}");
    }
    // `notify:` completes from the audiences.
    let result = complete(
        &mut client,
        &register,
        OBLIGATIONS,
        "    notify: regulators",
        "    notify: ",
        2,
    );
    let audiences = labels(&result);
    for audience in ["customers", "regulators", "emergency-services"] {
        assert!(audiences.contains(&audience.to_owned()), "{audiences:?}");
    }
    client.change(&register, 3, OBLIGATIONS);
    // Completion inside `fulfils:` offers the obligations, with their names.
    let result = complete(
        &mut client,
        &plan,
        &text,
        "  - { audience: suppliers, owner: joao.costa, channel: e-mail, when: within 24h }",
        "  - audience: suppliers\n    owner: joao.costa\n    fulfils: [",
        2,
    );
    assert_eq!(labels(&result), ["customer-notice", "breach-report"]);
    let items = result.as_array().unwrap();
    assert_eq!(
        items[0]["detail"],
        "Notice to customers of a service outage (obligation `customer-notice`)"
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn renaming_an_obligation_follows_it_across_files() {
    let (_dir, root) = workspace_with_obligations();
    let plan = root.join("plans/order-desk.yaml");
    let register = root.join("obligations.yaml");
    let mut client = Client::start(&root);
    client.open(&register, OBLIGATIONS);
    client.diagnostics(&register);
    let (line, col) = find(OBLIGATIONS, "- id: customer-notice", "customer-notice");
    // Taken and invalid ids are refused.
    refuses_renames(
        &mut client,
        &register,
        (line, col),
        &[
            ("breach-report", "already taken: another obligation"),
            ("Customer notice", "not a valid id"),
        ],
    );
    let mut params = client.at(&register, line, col + 2);
    params["newName"] = json!("customer-notice-8h");
    let edit = client.call("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "{edit}");
    let plan_text = read(&plan);
    let (pline, pcol) = find(&plan_text, "fulfils: [customer-notice]", "customer-notice");
    assert_eq!(
        changes[&uri(&plan)],
        json!([{ "range": range(pline, pcol, pcol + 15), "newText": "customer-notice-8h" }])
    );
    assert_eq!(
        changes[&uri(&register)],
        json!([{ "range": range(line, col, col + 15), "newText": "customer-notice-8h" }])
    );
    assert_eq!(client.stop(), 0);
    // Applied, the workspace still resolves every reference.
    apply_edits(changes);
    assert_references_resolve(&root);
}
