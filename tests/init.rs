//! `bcplan init` through the real binary: the scaffold passes `check` with no findings when it is
//! written and for the rest of the review cycle, and `init` never overwrites anything.

mod common;

use common::{bcplan_in, snapshot_tree};

/// The line `check` ends with when the scaffold is clean.
const CLEAN: &str = "0 errors, 0 warnings, 0 waived in 13 files";

#[test]
fn init_into_an_empty_folder_passes_check_without_findings() {
    let dir = tempfile::tempdir().unwrap();
    let run = bcplan_in(dir.path(), &["init", "ws"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let ws = dir.path().join("ws");
    for domain in ["procurement", "manufacturing", "logistics", "services"] {
        assert!(ws.join(domain).is_dir(), "no {domain} plan folder");
    }
    let check = bcplan_in(&ws, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(check.stdout, format!("{CLEAN}\n"));
}

#[test]
fn the_scaffold_stays_clean_for_eleven_months() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init"]).code, 0);
    // Created on 2026-06-01 (BCPLAN_TODAY of the test helper): 300 days later it is clean.
    let check = bcplan_in(
        dir.path(),
        &["check", "--today", "2027-03-28", "--deny", "warnings"],
    );
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(check.stdout, format!("{CLEAN}\n"));
    // 335 days later, within `policy.warn_before` (30d) of the 12-month cycles, what falls due
    // is announced at info, and the check still passes.
    let soon = bcplan_in(
        dir.path(),
        &["check", "--today", "2027-05-02", "--deny", "warnings"],
    );
    assert_eq!(soon.code, 0, "{}", soon.stdout);
    assert!(
        soon.stdout.contains(
            "info[review-overdue] the review of plan `customer-service` falls due on 2027-06-01"
        ),
        "{}",
        soon.stdout
    );
    assert!(!soon.stdout.contains("warning["), "{}", soon.stdout);
    // Once the review cycle is over, the date rules notice.
    let late = bcplan_in(dir.path(), &["check", "--today", "2027-06-10"]);
    assert_eq!(late.code, 1);
    assert!(
        late.stdout.contains("error[review-overdue]"),
        "{}",
        late.stdout
    );
}

#[test]
fn dates_follow_the_today_option() {
    let dir = tempfile::tempdir().unwrap();
    let run = bcplan_in(dir.path(), &["init", "--today", "2025-01-15"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let people = std::fs::read_to_string(dir.path().join("registers/people.yaml")).unwrap();
    assert!(people.contains("verified: 2025-01-15"));
    let plan =
        std::fs::read_to_string(dir.path().join("manufacturing/leeds-manufacturing.yaml")).unwrap();
    assert!(
        plan.contains("due: 2026-01-15"),
        "open actions are due a year later"
    );
    assert!(!plan.contains("{{"), "no placeholder is left");
    let check = bcplan_in(dir.path(), &["check", "--today", "2025-01-15"]);
    assert_eq!(check.stdout, format!("{CLEAN}\n"));
}

#[test]
fn init_twice_refuses_and_leaves_the_files_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init", "ws"]).code, 0);
    let before = snapshot_tree(dir.path());
    let run = bcplan_in(dir.path(), &["init", "ws", "--today", "2030-01-01"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("14 files that `init` would write already exist; nothing was written"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ws/bcplan.yaml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("ws/.github/workflows/bcplan.yml"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot_tree(dir.path()));
}

#[test]
fn one_conflicting_file_means_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("registers")).unwrap();
    std::fs::write(dir.path().join("registers/people.yaml"), "my people\n").unwrap();
    let before = snapshot_tree(dir.path());
    let run = bcplan_in(dir.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot create a workspace in the current folder: 1 file that `init` would write \
         already exists; nothing was written (move or remove it, or choose another folder):\n  \
         registers/people.yaml\n"
    );
    assert_eq!(before, snapshot_tree(dir.path()));
}

#[test]
fn a_file_where_a_folder_is_needed_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logistics"), "not a folder\n").unwrap();
    let run = bcplan_in(dir.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("\n  logistics\n"), "{}", run.stderr);
    assert_eq!(snapshot_tree(dir.path()).len(), 1);

    let file = dir.path().join("logistics");
    let run = bcplan_in(dir.path(), &["init", file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("is a file; `bcplan init` takes a folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn other_files_in_the_folder_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "mine\n").unwrap();
    let run = bcplan_in(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Created a bcplan workspace in the current folder (14 files)")
    );
    assert!(
        !run.stdout.contains("  cd "),
        "no `cd` for the current folder"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "mine\n"
    );
}

#[test]
fn the_scaffold_holds_notification_duties_that_its_plans_fulfil() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bcplan_in(dir.path(), &["init"]).code, 0);
    let register = std::fs::read_to_string(dir.path().join("registers/obligations.yaml")).unwrap();
    assert!(register.contains("kind: Obligations"), "{register}");
    assert!(register.contains("id: gdpr-breach-72h"), "{register}");
    assert!(register.contains("when_personal_data: true"), "{register}");
    assert!(
        register.contains("id: customer-supply-notice"),
        "{register}"
    );
    let json = bcplan_in(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]), "{}", json.stdout);

    // The duties are checked: without the communication that fulfils it, the plan fails.
    let plan = dir.path().join("services/customer-service.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let fulfils = "    fulfils: [gdpr-breach-72h]";
    assert_eq!(text.matches(fulfils).count(), 1, "{text}");
    let start = text.find(fulfils).unwrap();
    let line_end = start + text[start..].find('\n').unwrap() + 1;
    std::fs::write(&plan, format!("{}{}", &text[..start], &text[line_end..])).unwrap();
    let check = bcplan_in(dir.path(), &["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "error[notification-deadline] plan `customer-service` has no communication that fulfils obligation `gdpr-breach-72h` (notify regulators within 72h of awareness, UK GDPR art. 33(1))"
        ),
        "{}",
        check.stdout
    );
    // A communication sent later than the deadline fails too.
    std::fs::write(&plan, &text).unwrap();
    let manufacturing = dir.path().join("manufacturing/leeds-manufacturing.yaml");
    let text = std::fs::read_to_string(&manufacturing).unwrap();
    assert!(text.contains("    within: 12h\n"));
    std::fs::write(
        &manufacturing,
        text.replacen("    within: 12h\n", "    within: 36h\n", 1),
    )
    .unwrap();
    let check = bcplan_in(dir.path(), &["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "obligation `customer-supply-notice` (notify customers within 24h of activation"
        ) && check
            .stdout
            .contains("is sent within 36h, later than the deadline"),
        "{}",
        check.stdout
    );
}
