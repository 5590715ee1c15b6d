//! `bcplan diff` through the real binary: two folders, and git revisions of a temporary repository.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Run, bcplan_in};

/// Replaces `from` (which must be there) by `to` in `file`.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "`{from}` not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Adds `text` at the end of `file`.
fn append(file: &Path, text: &str) {
    let mut all = std::fs::read_to_string(file).unwrap();
    all.push_str(text);
    std::fs::write(file, all).unwrap();
}

/// Removes the text from `start` up to (not including) `end` in `file`.
fn cut(file: &Path, start: &str, end: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let i = text.find(start).unwrap();
    let j = i + text[i..].find(end).unwrap();
    std::fs::write(file, format!("{}{}", &text[..i], &text[j..])).unwrap();
}

const NEW_PERSON: &str = "  - id: maria.lopez
    name: María López
    role: Buyer
    phones: [{ number: \"+447700900150\", kind: mobile, hours: \"24/7\" }]
    email: maria.lopez@example.com
    site: leeds-plant
    verified: 2026-06-01
";

/// The plan edits the tests compare: a changed rto, a removed activity, a new person and a
/// changed phone number.
fn change(ws: &Path) {
    edit(
        &ws.join("procurement/supply-continuity.yaml"),
        "    rto: 2d\n",
        "    rto: 36h\n",
    );
    cut(
        &ws.join("logistics/distribution.yaml"),
        "  - id: order-despatch\n",
        "strategies:",
    );
    let people = ws.join("registers/people.yaml");
    edit(&people, "+447700900106", "+447700900166");
    append(&people, NEW_PERSON);
}

/// A folder with `old/` and `new/` scaffolds, `new/` changed by `change`.
fn two_versions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init", "old"]).code, 0);
    assert_eq!(bcplan_in(dir.path(), &["init", "new"]).code, 0);
    change(&dir.path().join("new"));
    dir
}

fn assert_has(run: &Run, expected: &str) {
    assert!(
        run.stdout.contains(expected),
        "`{expected}` not in:\n{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn markdown_shows_plan_register_and_finding_changes() {
    let dir = two_versions();
    let run = bcplan_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(
        &run,
        "| changed | activity `purchasing`: `rto` | 2d | 36h |",
    );
    assert_has(
        &run,
        "| removed | activity `order-despatch` (Picking, packing and despatch of pump orders) | | |",
    );
    assert_has(&run, "| added | person `maria.lopez` (María López) | | |");
    assert_has(
        &run,
        "| changed | person `ewa.kowalska`: `phones` | +447700900106 (mobile, 24/7) | +447700900166 (mobile, 24/7) |",
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_has_the_documented_shape() {
    let dir = two_versions();
    let run = bcplan_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["old"], "old");
    assert_eq!(report["summary"]["plans_changed"], 2);
    let plans = report["plans"]["changed"].as_array().unwrap();
    let procurement = plans
        .iter()
        .find(|p| p["id"] == "supply-continuity")
        .unwrap();
    let rto = &procurement["activities"]["changed"][0];
    assert_eq!(rto["id"], "purchasing");
    assert_eq!(
        rto["fields"][0],
        serde_json::json!({"field": "rto", "change": "changed", "old": "2d", "new": "36h"})
    );
    let logistics = plans.iter().find(|p| p["id"] == "distribution").unwrap();
    assert_eq!(
        logistics["activities"]["removed"][0]["id"],
        "order-despatch"
    );
    let registers = &report["registers"];
    assert_eq!(
        registers["added"][0],
        serde_json::json!({"kind": "person", "id": "maria.lopez", "name": "María López"})
    );
    let phone = &registers["changed"][0];
    assert_eq!(phone["id"], "ewa.kowalska");
    assert_eq!(phone["fields"][0]["field"], "phones");
    assert_eq!(phone["fields"][0]["new"][0]["number"], "+447700900166");
    // The removed activity leaves references to it behind: those are introduced findings.
    let introduced = report["findings"]["introduced"].as_array().unwrap();
    assert!(
        introduced
            .iter()
            .any(|f| f["rule"] == "unknown-reference" && f["fails"] == true)
    );
    assert_eq!(report["summary"]["findings_introduced"], introduced.len());
}

#[test]
fn findings_are_introduced_and_resolved_and_can_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init", "old"]).code, 0);
    assert_eq!(bcplan_in(dir.path(), &["init", "new"]).code, 0);
    // Old: purchasing's rto is beyond its mtpd. New: fixed, but machining's is now beyond its own.
    edit(
        &dir.path().join("old/procurement/supply-continuity.yaml"),
        "    rto: 2d\n",
        "    rto: 6d\n",
    );
    edit(
        &dir.path()
            .join("new/manufacturing/leeds-manufacturing.yaml"),
        "    rto: 2w\n",
        "    rto: 5w\n",
    );
    // Moving lines must not make a finding look new.
    edit(
        &dir.path().join("old/services/customer-service.yaml"),
        "purpose: |\n",
        "\n\npurpose: |\n",
    );
    let run = bcplan_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(
        &run,
        "| error | `rto-exceeds-mtpd` | `leeds-manufacturing` | activity `machining`: rto 5w exceeds mtpd 4w by 1w |",
    );
    assert_has(&run, "### Findings resolved");
    assert_has(
        &run,
        "| error | `rto-exceeds-mtpd` | `supply-continuity` | activity `purchasing`: rto 6d exceeds mtpd 5d by 1d |",
    );
    let summary = run
        .stdout
        .lines()
        .find(|l| l.starts_with("**Summary:**"))
        .unwrap();
    let json = bcplan_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let (introduced, resolved) = (
        report["summary"]["findings_introduced"].as_u64().unwrap(),
        report["summary"]["findings_resolved"].as_u64().unwrap(),
    );
    assert!(introduced >= 1 && resolved >= 1);
    assert!(
        summary.starts_with(&format!(
            "**Summary:** {introduced} findings introduced, {resolved} resolved"
        )),
        "{summary}"
    );

    let failing = bcplan_in(
        dir.path(),
        &["diff", "old", "new", "--fail-on-new-findings"],
    );
    assert_eq!(failing.code, 1);
    let reverse = bcplan_in(
        dir.path(),
        &["diff", "new", "old", "--fail-on-new-findings"],
    );
    assert_eq!(
        reverse.code, 1,
        "the old version's finding is new when comparing backwards"
    );
}

#[test]
fn resolving_findings_only_does_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init", "old"]).code, 0);
    assert_eq!(bcplan_in(dir.path(), &["init", "new"]).code, 0);
    edit(
        &dir.path().join("old/procurement/supply-continuity.yaml"),
        "    rto: 2d\n",
        "    rto: 6d\n",
    );
    let run = bcplan_in(
        dir.path(),
        &["diff", "old", "new", "--fail-on-new-findings"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_has(&run, "0 findings introduced, ");
}

#[test]
fn identical_versions_print_no_changes() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init", "old"]).code, 0);
    assert_eq!(bcplan_in(dir.path(), &["init", "new"]).code, 0);
    let run = bcplan_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "No changes\n"));
    let json = bcplan_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["summary"]["findings_introduced"], 0);
    assert_eq!(report["plans"]["changed"], serde_json::json!([]));
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init", "old"]).code, 0);
    let one = bcplan_in(dir.path(), &["diff", "old"]);
    assert_eq!(one.code, 2);
    assert!(
        one.stderr.contains("compares two folders"),
        "{}",
        one.stderr
    );
    let missing = bcplan_in(dir.path(), &["diff", "old", "nowhere"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nowhere: not a folder"),
        "{}",
        missing.stderr
    );
}

/// Runs git in `dir` with a fixed identity; false when git is not installed.
fn git(dir: &Path, args: &[&str]) -> bool {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output();
    match status {
        Ok(out) => {
            assert!(
                out.status.success(),
                "git {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            true
        }
        Err(_) => false,
    }
}

#[test]
fn git_revisions_and_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    if !git(dir.path(), &["init", "-q"]) {
        eprintln!("note: git is not installed; skipping the `diff --git` test");
        return;
    }
    let repo = dir.path();
    assert_eq!(bcplan_in(repo, &["init"]).code, 0);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "First version"]);
    change(repo);
    git(repo, &["commit", "-q", "-a", "-m", "Second version"]);

    let run = bcplan_in(repo, &["diff", "--git", "HEAD~1..HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run, "## bcplan diff: `HEAD~1` → `HEAD`");
    assert_has(
        &run,
        "| changed | activity `purchasing`: `rto` | 2d | 36h |",
    );
    assert_has(&run, "| added | person `maria.lopez` (María López) | | |");
    assert_has(&run, "`logistics/distribution.yaml:");

    // REV alone compares with the working tree, uncommitted edits included.
    edit(
        &repo.join("services/customer-service.yaml"),
        "version: \"1.0\"",
        "version: \"1.1\"",
    );
    let run = bcplan_in(repo, &["diff", "--git", "HEAD~1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run, "`HEAD~1` → `working tree`");
    assert_has(&run, "| changed | `version` | 1.0 | 1.1 |");
    assert_has(
        &run,
        "| changed | activity `purchasing`: `rto` | 2d | 36h |",
    );

    // From a sub-folder, limited to one plan folder; file names stay relative to it.
    let run = bcplan_in(
        &repo.join("logistics"),
        &["diff", "--git", "HEAD~1..HEAD", "."],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run, "removed | activity `order-despatch`");
    assert!(!run.stdout.contains("purchasing"), "{}", run.stdout);

    let bad = bcplan_in(repo, &["diff", "--git", "no-such-rev"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("no-such-rev"), "{}", bad.stderr);

    // A path neither revision has is a typo, not "No changes".
    let typo = bcplan_in(repo, &["diff", "--git", "HEAD~1..HEAD", "logistcs"]);
    assert_eq!(typo.code, 2, "{}", typo.stdout);
    assert!(
        typo.stderr
            .contains("logistcs: not found in either version"),
        "{}",
        typo.stderr
    );
}

#[test]
fn the_readme_example_is_real_output() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init", "old"]).code, 0);
    assert_eq!(bcplan_in(dir.path(), &["init", "new"]).code, 0);
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    edit(
        &old.join("procurement/supply-continuity.yaml"),
        "    rto: 2d\n",
        "    rto: 6d\n",
    );
    let plan = new.join("procurement/supply-continuity.yaml");
    edit(&plan, "    rto: 2d\n", "    rto: 36h\n");
    edit(&plan, "deputy: daniel.wood\n", "deputy: maria.lopez\n");
    edit(
        &plan,
        "priya.shah: [daniel.wood, ",
        "priya.shah: [daniel.wood, maria.lopez, ",
    );
    let people = new.join("registers/people.yaml");
    edit(&people, "+447700900106", "+447700900166");
    append(&people, NEW_PERSON);
    edit(
        &new.join("registers/materials.yaml"),
        "sources: [midland-motors, silesia-drives]",
        "sources: [midland-motors]",
    );
    let run = bcplan_in(dir.path(), &["diff", "old", "new"]);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```markdown\n{}```\n", run.stdout)),
        "update the diff example in the README to:\n{}",
        run.stdout
    );
}

/// Runs git in `dir` with `input` on standard input and returns its trimmed output.
fn git_output(dir: &Path, args: &[&str], input: &str) -> String {
    use std::io::Write as _;
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?} failed");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn a_crafted_tree_cannot_write_outside_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    if !git(&repo, &["init", "-q"]) {
        eprintln!("note: git is not installed; skipping the `diff --git` test");
        return;
    }
    assert_eq!(bcplan_in(&repo, &["init"]).code, 0);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "First version"]);
    // A commit whose tree holds `x/../../pwned.yaml`, which git never writes but `mktree` accepts.
    let blob = git_output(
        &repo,
        &["hash-object", "-w", "--stdin"],
        "apiVersion: bcplan/v1\nkind: Scenarios\nscenarios: []\n",
    );
    let inner = git_output(
        &repo,
        &["mktree"],
        &format!("100644 blob {blob}\tpwned.yaml\n"),
    );
    let up = git_output(&repo, &["mktree"], &format!("040000 tree {inner}\t..\n"));
    let upper = git_output(&repo, &["mktree"], &format!("040000 tree {up}\t..\n"));
    let mut root = git_output(&repo, &["ls-tree", "HEAD"], "");
    root.push_str(&format!("\n040000 tree {upper}\tx\n"));
    let tree = git_output(&repo, &["mktree"], &root);
    let commit = git_output(
        &repo,
        &[
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "commit-tree",
            "-p",
            "HEAD",
            "-m",
            "Crafted",
            &tree,
        ],
        "",
    );
    git(&repo, &["update-ref", "refs/heads/crafted", &commit]);

    // The export folder is made under TMPDIR: `x/../../pwned.yaml` would land in it.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_bcplan"))
        .args(["diff", "--git", "HEAD..crafted"])
        .current_dir(&repo)
        .env("TMPDIR", &tmp)
        .env("BCPLAN_TODAY", "2026-06-01")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
    assert!(!stdout.contains("No changes"), "{stdout}");
    assert!(
        stderr.contains("unsafe path `x/../../pwned.yaml`"),
        "{stderr}"
    );
    let planted: Vec<_> = common::files_under(dir.path())
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "pwned.yaml"))
        .collect();
    assert!(
        planted.is_empty(),
        "written outside the export: {planted:?}"
    );
    // A revision that looks like an option is a revision, not an option of git.
    let run = bcplan_in(&repo, &["diff", "--git", "--output=x..HEAD"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(!repo.join("x").exists());
}

/// Inserts `text` after `anchor` (which must be there) in `file`.
fn insert_after(file: &Path, anchor: &str, text: &str) {
    edit(file, anchor, &format!("{anchor}{text}"));
}

/// Edits both versions start from: several approvers and a real incident in the service plan.
fn notification_base(ws: &Path) {
    let plan = ws.join("services/customer-service.yaml");
    edit(
        &plan,
        "approval: { by: sarah.okafor, date: 2026-06-01 }",
        "approval: [{ by: sarah.okafor, role: Managing Director, date: 2026-06-01 }]",
    );
    insert_after(
        &plan,
        "    report: Minutes in the customer service share, folder \"BCP exercises\"\n",
        "
incidents:
  - id: inc-2026-03-desk-outage
    date: 2026-03-10
    scenario: cyber-attack
    activated_by: omar.haddad
    summary: Service desk unavailable for a day after a provider fault.
    measured: { service-without-systems: 3h }
",
    );
}

const NIS2: &str = "  - id: nis2-early-warning
    name: NIS2 early warning
    basis: NIS2 art. 23(4)(a)
    notify: regulators
    deadline: 24h
    applies_to: { domains: [services] }
";

/// The new version's changes to every element that notification duties, training, incidents,
/// distribution, delegations, backups and the sharper BIA brought.
fn notification_changes(ws: &Path) {
    let obligations = ws.join("registers/obligations.yaml");
    edit(
        &obligations,
        "    deadline: 72h\n    clock: awareness",
        "    deadline: 48h\n    clock: disruption",
    );
    edit(
        &obligations,
        "basis: UK GDPR art. 33(1)",
        "basis: UK GDPR art. 33(1) and (4)",
    );
    edit(
        &obligations,
        "applies_to: { scenarios: [cyber-attack] }",
        "applies_to: { scenarios: [cyber-attack, fire] }",
    );
    edit(
        &obligations,
        "when_personal_data: true",
        "when_personal_data: false",
    );
    edit(&obligations, "notify: customers", "notify: executives");
    edit(
        &obligations,
        "name: Notice to contract customers of a disruption to supply",
        "name: Notice to the board of a disruption to supply",
    );
    append(&obligations, NIS2);

    let systems = ws.join("registers/systems.yaml");
    edit(
        &systems,
        "{ type: full, every: 1d, retention: 35d, site: dublin-dc, immutable: true }",
        "{ type: full, every: 12h, retention: 35d, site: dublin-dc, immutable: true, offline: true }",
    );
    insert_after(
        &systems,
        "    rto: 12h\n    rpo: 1h\n    backups:\n",
        "      - { type: snapshot, every: 4h, site: leeds-plant }\n",
    );
    edit(
        &ws.join("registers/suppliers.yaml"),
        "processes_personal_data: true",
        "processes_personal_data: false",
    );

    let config = ws.join("bcplan.yaml");
    edit(&config, "train_every: 12mo", "train_every: 6mo");
    edit(&config, "min_succession: 2", "min_succession: 3");
    edit(&config, "warn_before: 30d", "warn_before: 14d");
    edit(&config, "high: GBP 500k-5M,", "high: GBP 250k-5M,");

    let plan = ws.join("services/customer-service.yaml");
    edit(
        &plan,
        "approval: [{ by: sarah.okafor, role: Managing Director, date: 2026-06-01 }]",
        "approval:\n  - { by: sarah.okafor, role: Top management, date: 2026-06-01 }\n  - { by: omar.haddad, role: Plan owner, date: 2026-06-01 }",
    );
    insert_after(
        &plan,
        "attendees: [service-team], by: BCM office }\n",
        "  - { date: 2026-05-20, topic: Crisis team tabletop, attendees: [omar.haddad, hannah.price], by: BCM office }\n",
    );
    edit(
        &plan,
        "{ to: tom.hughes, copy: printed }",
        "{ to: tom.hughes, copy: offline }",
    );
    edit(
        &plan,
        "to: [hannah.price, tom.hughes]",
        "to: [tom.hughes, hannah.price]",
    );
    edit(
        &plan,
        "within its RTO\", notify: [tom.hughes], decide: omar.haddad }",
        "within its RTO\", notify: [tom.hughes], decide: hannah.price }",
    );
    insert_after(
        &plan,
        "after consulting Tom Hughes\n",
        "    - The service desk backlog is under one working day\n",
    );
    edit(&plan, "    within: 48h ", "    within: 24h ");
    insert_after(
        &plan,
        "  - audience: customers\n    owner: omar.haddad\n",
        "    fulfils: [customer-supply-notice]\n    within: 12h\n",
    );
    insert_after(
        &plan,
        "    name: Customer order entry and enquiries\n",
        "    description: Orders by phone and e-mail, and enquiries about deliveries.\n",
    );
    edit(
        &plan,
        "next working day (24h)",
        "next working day (one day)",
    );
    edit(
        &plan,
        "GBP 60k of orders delayed",
        "GBP 80k of orders delayed",
    );
    insert_after(
        &plan,
        "enter them in the ERP when it is back.\n",
        "    not_applicable:\n      - { scenario: flood, reason: The office is above the flood plain and staff can work from home }\n",
    );
    insert_after(
        &plan,
        "    result: passed\n",
        "    measured: { move-to-home-working: 3h }\n",
    );
    edit(
        &plan,
        "measured: { service-without-systems: 3h }",
        "measured: { service-without-systems: 5h, move-to-home-working: 2h }",
    );

    let logistics = ws.join("logistics/distribution.yaml");
    edit(
        &logistics,
        "provider: { supplier: midshire-logistics }",
        "provider: { site: leeds-plant }",
    );
    edit(
        &logistics,
        "warehouse services contract, 24 hours' notice",
        "warehouse services contract, 48 hours' notice",
    );
    edit(
        &logistics,
        "implements: [agency-staff]",
        "implements: [agency-staff, manual-despatch]",
    );
}

/// The rows the Markdown report must have for `notification_changes`.
const NOTIFICATION_ROWS: [&str; 30] = [
    "| changed | obligation `gdpr-breach-72h`: `deadline` | 72h | 48h |",
    "| changed | obligation `gdpr-breach-72h`: `clock` | awareness | disruption |",
    "| changed | obligation `gdpr-breach-72h`: `basis` | UK GDPR art. 33(1) | UK GDPR art. 33(1) and (4) |",
    "| changed | obligation `gdpr-breach-72h`: `applies_to.scenarios` | cyber-attack | cyber-attack, fire |",
    "| changed | obligation `gdpr-breach-72h`: `when_personal_data` | true | false |",
    "| changed | obligation `customer-supply-notice`: `notify` | customers | executives |",
    "| changed | obligation `customer-supply-notice`: `name` | Notice to contract customers of a disruption to supply | Notice to the board of a disruption to supply |",
    "| added | obligation `nis2-early-warning` (NIS2 early warning) | | |",
    "| changed | system `erp`: `backups[full dublin-dc].every` | 1d | 12h |",
    "| set | system `erp`: `backups[full dublin-dc].offline` | — | true |",
    "| added | system `wms`: `backups[snapshot leeds-plant]` | — | snapshot (4h, leeds-plant) |",
    "| changed | supplier `midshire-logistics`: `processes_personal_data` | true | false |",
    "| changed | `policy.train_every` | 12mo | 6mo |",
    "| changed | `policy.min_succession` | 2 | 3 |",
    "| changed | `policy.warn_before` | 30d | 14d |",
    "| changed | `policy.impact_scale.high` | GBP 500k-5M, contract penalties, or a regulator informed | GBP 250k-5M, contract penalties, or a regulator informed |",
    "| changed | `approval[sarah.okafor].role` | Managing Director | Top management |",
    "| added | `approval[omar.haddad]` | — | omar.haddad (Plan owner, 2026-06-01) |",
    "| added | `training[2026-05-20 'Crisis team tabletop']` | — | 2026-05-20 (Crisis team tabletop, omar.haddad, hannah.price, BCM office) |",
    "| changed | `distribution[tom.hughes].copy` | printed | offline |",
    "| changed | `delegations['Approve emergency spending and contracts…'].to` | hannah.price, tom.hughes | tom.hughes, hannah.price |",
    "| changed | `activation.escalation['A priority-1 activity will not be back…'].decide` | omar.haddad | hannah.price |",
    "| changed | `activation.deactivation` | … (none removed) | … The service desk backlog is under one working day |",
    "| changed | `communications[regulators].within` | 48h | 24h |",
    "| set | `communications[customers].fulfils` | — | customer-supply-notice |",
    "| set | `exercises.ex-initial-walkthrough.measured` | — | move-to-home-working: 3h |",
    "| changed | `incidents.inc-2026-03-desk-outage.measured.service-without-systems` | 3h | 5h |",
    "| set | activity `order-handling`: `description` | — | Orders by phone and e-mail, and enquiries about deliveries. |",
    "| changed | activity `order-handling`: `impacts[3d].values.financial` | GBP 60k of orders delayed | GBP 80k of orders delayed |",
    "| added | activity `order-handling`: `not_applicable[flood]` | — | flood (The office is above the flood plain and staff can work from home) |",
];

/// Rows about the strategies and procedures of the logistics plan, and the remaining fields.
const NOTIFICATION_MORE_ROWS: [&str; 5] = [
    "| set | `incidents.inc-2026-03-desk-outage.measured.move-to-home-working` | — | 2h |",
    "| changed | strategy `agency-staff`: `provider` | supplier: midshire-logistics | site: leeds-plant |",
    "| changed | procedure `call-in-agency-staff`: `implements` | agency-staff | agency-staff, manual-despatch |",
    "| changed | activity `order-handling`: `justification` | …e next working day (24h); after three days,",
    "| changed | strategy `agency-staff`: `agreement` | … services contract, 24 hours' notice | … services contract, 48 hours' notice |",
];

#[test]
fn markdown_names_each_change_to_duties_records_and_backups() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        assert_eq!(bcplan_in(dir.path(), &["init", side]).code, 0);
        notification_base(&dir.path().join(side));
    }
    let old = bcplan_in(dir.path(), &["check", "old", "--deny", "warnings"]);
    assert_eq!(old.code, 0, "the old version is clean: {}", old.stdout);
    notification_changes(&dir.path().join("new"));
    let run = bcplan_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for row in NOTIFICATION_ROWS.iter().chain(&NOTIFICATION_MORE_ROWS) {
        assert_has(&run, row);
    }
    // The new duty is checked in the new version: no plan fulfils it yet.
    assert_has(
        &run,
        "| error | `notification-deadline` | `customer-service` | plan `customer-service` has no communication that fulfils obligation `nis2-early-warning`",
    );
}

#[test]
fn json_names_each_change_to_duties_records_and_backups() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        assert_eq!(bcplan_in(dir.path(), &["init", side]).code, 0);
        notification_base(&dir.path().join(side));
    }
    notification_changes(&dir.path().join("new"));
    let run = bcplan_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let registers = &report["registers"];
    assert!(
        registers["added"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"kind": "obligation", "id": "nis2-early-warning", "name": "NIS2 early warning"})),
        "{registers}"
    );
    let gdpr = registers["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "obligation" && e["id"] == "gdpr-breach-72h")
        .unwrap();
    assert!(
        gdpr["fields"].as_array().unwrap().contains(
            &serde_json::json!({"field": "deadline", "change": "changed", "old": "72h", "new": "48h"})
        ),
        "{gdpr}"
    );
    let plan = report["plans"]["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "customer-service")
        .unwrap();
    let field = |name: &str| {
        plan["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap_or_else(|| panic!("no `{name}` in {}", plan["fields"]))
            .clone()
    };
    let training = field("training[2026-05-20 'Crisis team tabletop']");
    assert_eq!(training["change"], "added");
    assert_eq!(training["old"], serde_json::Value::Null);
    assert_eq!(
        training["new"]["attendees"],
        serde_json::json!(["omar.haddad", "hannah.price"])
    );
    assert_eq!(field("approval[omar.haddad]")["change"], "added");
    assert_eq!(field("distribution[tom.hughes].copy")["new"], "offline");
    assert_eq!(
        field("incidents.inc-2026-03-desk-outage.measured.service-without-systems")["new"],
        "5h"
    );
    assert_eq!(field("communications[regulators].within")["old"], "48h");
    let activity = &plan["activities"]["changed"][0];
    assert_eq!(activity["id"], "order-handling");
    let na = activity["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "not_applicable[flood]")
        .unwrap();
    assert_eq!(na["change"], "added");
    assert_eq!(na["new"]["scenario"], "flood");
    let workspace = report["workspace"].as_array().unwrap();
    assert!(
        workspace.contains(&serde_json::json!({"field": "policy.min_succession", "change": "changed", "old": 2, "new": 3})),
        "{}",
        report["workspace"]
    );
    let erp = registers["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "system" && e["id"] == "erp")
        .unwrap();
    assert_eq!(erp["fields"][0]["field"], "backups[full dublin-dc].every");
}

#[test]
fn git_revisions_show_changes_to_duties_records_and_backups() {
    let dir = tempfile::tempdir().unwrap();
    if !git(dir.path(), &["init", "-q"]) {
        eprintln!("note: git is not installed; skipping the `diff --git` test");
        return;
    }
    let repo = dir.path();
    assert_eq!(bcplan_in(repo, &["init"]).code, 0);
    notification_base(repo);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "Before"]);
    notification_changes(repo);
    git(repo, &["commit", "-q", "-a", "-m", "After"]);
    let run = bcplan_in(repo, &["diff", "--git", "HEAD~1..HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for row in NOTIFICATION_ROWS.iter().chain(&NOTIFICATION_MORE_ROWS) {
        assert_has(&run, row);
    }
}
