//! Regression tests for the rule readings of the standards-based review (issue 10), each through
//! the real binary on a small workspace written for it: the bug each guards against is named.

mod common;

use std::path::Path;

use common::bcplan_in;

/// Writes `files` (path, text) into a fresh folder and checks it with `args` added to
/// `check --format json`; returns the findings as (rule, severity, message).
fn check(files: &[(&str, &str)], args: &[&str]) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut all = vec!["check", ".", "--format", "json"];
    all.extend(args);
    let run = bcplan_in(dir.path(), &all);
    assert!(
        run.code == 0 || run.code == 1,
        "{}{}",
        run.stdout,
        run.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn messages_of(findings: &[(String, String, String)], rule: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.0 == rule)
        .map(|f| format!("{}: {}", f.1, f.2))
        .collect()
}

const PLAN_HEAD: &str = "apiVersion: bcplan/v1\nkind: Plan\nid: p\ntitle: Plan\nstatus: draft\n";

#[test]
fn restoration_and_stand_down_are_not_timed_against_the_rto() {
    // Bug: a stand-down taking two days was reported as exceeding the 4h rto it lists in restores.
    let plan = format!(
        "{PLAN_HEAD}activities:\n  - {{ id: a, name: A, rto: 4h }}\nprocedures:
  - id: back-home\n    title: Return\n    phase: restoration\n    restores: [a]\n    steps: [{{ action: Move back, duration: 2d }}]
  - id: close\n    title: Close\n    phase: stand-down\n    restores: [a]\n    steps: [{{ action: Close, duration: 1d }}]
  - id: recover\n    title: Recover\n    phase: recovery\n    restores: [a]\n    steps: [{{ action: Recover, duration: 5h }}]\n"
    );
    let found = check(
        &[("plan.yaml", &plan)],
        &["--rule", "procedure-exceeds-rto"],
    );
    let messages = messages_of(&found, "procedure-exceeds-rto");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("procedure `recover`"), "{messages:?}");
}

#[test]
fn not_applicable_scenarios_are_accepted_without_expiry() {
    // Bug: only an expiring waiver could say that a scenario cannot affect an activity.
    let scenarios = "apiVersion: bcplan/v1\nkind: Scenarios\nscenarios:\n  - { id: flood, name: Flood }\n  - { id: winter-storm, name: Winter storm }\n";
    let plan = format!(
        "{PLAN_HEAD}scenarios: [flood, winter-storm]\nactivities:\n  - id: a\n    name: A\n    not_applicable:\n      - {{ scenario: winter-storm, reason: No snow at this site }}
  - id: b\n    name: B\nstrategies:\n  - {{ id: stock, type: safety-stock, covers: [a, b], scenarios: [flood] }}\n"
    );
    let found = check(
        &[("scenarios.yaml", scenarios), ("plan.yaml", &plan)],
        &["--rule", "scenario-uncovered", "--today", "2040-01-01"],
    );
    assert_eq!(
        messages_of(&found, "scenario-uncovered"),
        ["error: activity `b` has no procedure or strategy for: winter-storm"]
    );
    // The scenario must exist.
    let typo = plan.replace("scenario: winter-storm", "scenario: winter-strom");
    let found = check(
        &[("scenarios.yaml", scenarios), ("plan.yaml", &typo)],
        &["--rule", "unknown-reference"],
    );
    assert!(
        messages_of(&found, "unknown-reference")
            .iter()
            .any(|m| m.contains("`not_applicable` refers to a scenario `winter-strom`")),
        "{found:?}"
    );
}

#[test]
fn months_and_years_are_calendar_months_when_added_to_a_date() {
    // Bug: 12mo was 360 days, so a review on 2025-10-30 fell due on 2026-10-25, five days early.
    let ws = "apiVersion: bcplan/v1\nkind: Workspace\npolicy: { warn_before: 1d }\n";
    let plan = format!("{PLAN_HEAD}review: {{ last: 2025-10-30 }}\n");
    let yearly =
        format!("{PLAN_HEAD}review: {{ last: 2025-10-30, every: 1y }}\n").replace("id: p", "id: q");
    let files = [
        ("bcplan.yaml", ws),
        ("p.yaml", plan.as_str()),
        ("q.yaml", yearly.as_str()),
    ];
    let on = |today: &str| {
        messages_of(
            &check(&files, &["--rule", "review-overdue", "--today", today]),
            "review-overdue",
        )
    };
    assert!(on("2026-10-26").is_empty(), "{:?}", on("2026-10-26"));
    assert_eq!(
        on("2026-10-30"),
        [
            "info: the review of plan `p` falls due on 2026-10-30",
            "info: the review of plan `q` falls due on 2026-10-30"
        ]
    );
    assert_eq!(
        on("2026-10-31"),
        [
            "error: plan `p` was due for review on 2026-10-30 (last review 2025-10-30, every 12mo)",
            "error: plan `q` was due for review on 2026-10-30 (last review 2025-10-30, every 1y)"
        ]
    );
}

#[test]
fn what_falls_due_within_warn_before_is_reported_at_info() {
    // Bug: a plan went from clean to many errors overnight, with no notice beforehand.
    let people = "apiVersion: bcplan/v1\nkind: People\npeople:\n  - { id: li.wei, name: Li Wei, verified: 2025-06-28 }\n";
    let suppliers = "apiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - { id: acme, name: Acme, criticality: high, bc_assessed: 2025-07-01, security_assessed: 2025-06-20 }\n";
    let plan = format!(
        "{PLAN_HEAD}review: {{ last: 2025-06-15 }}\nexercises:\n  - {{ id: ex, date: 2025-06-25, type: tabletop }}
waivers:\n  - {{ rule: single-source, target: x, reason: Second source in qualification, approved_by: li.wei, expires: 2026-06-30 }}\n"
    );
    let files = [
        ("people.yaml", people),
        ("suppliers.yaml", suppliers),
        ("plan.yaml", plan.as_str()),
    ];
    let found = check(&files, &["--today", "2026-06-01"]);
    let mut info: Vec<&str> = found
        .iter()
        .filter(|f| f.1 == "info" && f.2.contains("falls due"))
        .map(|f| f.2.as_str())
        .collect();
    info.sort_unstable();
    assert_eq!(
        info,
        [
            "the next continuity assessment of supplier `acme` falls due on 2026-07-01",
            "the next exercise of plan `p` falls due on 2026-06-25",
            "the next security risk assessment of supplier `acme` falls due on 2026-06-20",
            "the review of plan `p` falls due on 2026-06-15",
            "the verification of the contact details of `li.wei` falls due on 2026-06-28",
            "the waiver of `single-source` for `x` falls due on 2026-06-30",
        ]
    );
    // A narrower window reports less; nothing of it is a warning or an error.
    let ws = "apiVersion: bcplan/v1\nkind: Workspace\npolicy: { warn_before: 20d }\n";
    let mut narrow = files.to_vec();
    narrow.push(("bcplan.yaml", ws));
    let found = check(&narrow, &["--today", "2026-06-01"]);
    let soon: Vec<&(String, String, String)> =
        found.iter().filter(|f| f.2.contains("falls due")).collect();
    assert_eq!(soon.len(), 2, "{soon:?}");
    assert!(soon.iter().all(|f| f.1 == "info"));
}

#[test]
fn a_strategy_people_carry_out_covers_only_with_a_procedure() {
    // Bug: a manual-workaround strategy with no procedure left people with nothing to do at 3 a.m.,
    // yet counted as coverage.
    let scenarios = "apiVersion: bcplan/v1\nkind: Scenarios\nscenarios:\n  - { id: cyber-attack, name: Cyber attack }\n";
    let plan = format!(
        "{PLAN_HEAD}scenarios: [cyber-attack]\nactivities:\n  - {{ id: a, name: A }}\n  - {{ id: b, name: B }}\n  - {{ id: c, name: C }}
strategies:\n  - {{ id: paper, type: manual-workaround, covers: [a, b], scenarios: [cyber-attack] }}\n  - {{ id: insured, type: insurance, covers: [c], scenarios: [cyber-attack] }}\n"
    );
    let files = [("scenarios.yaml", scenarios), ("plan.yaml", plan.as_str())];
    let found = check(&files, &["--rule", "scenario-uncovered"]);
    assert_eq!(
        messages_of(&found, "scenario-uncovered"),
        [
            "error: activity `a` has no procedure or strategy for: cyber-attack (cyber-attack: covered by strategy `paper`, but no procedure carries it out)",
            "error: activity `b` has no procedure or strategy for: cyber-attack (cyber-attack: covered by strategy `paper`, but no procedure carries it out)"
        ]
    );
    let implemented = format!(
        "{plan}procedures:\n  - {{ id: go-paper, title: Go to paper, phase: response, implements: [paper], steps: [{{ action: Print the forms }}] }}\n"
    );
    let files = [
        ("scenarios.yaml", scenarios),
        ("plan.yaml", implemented.as_str()),
    ];
    assert!(
        messages_of(
            &check(&files, &["--rule", "scenario-uncovered"]),
            "scenario-uncovered"
        )
        .is_empty()
    );
    let typo = implemented.replace("implements: [paper]", "implements: [papr]");
    let files = [("scenarios.yaml", scenarios), ("plan.yaml", typo.as_str())];
    let found = check(&files, &["--rule", "unknown-reference"]);
    assert_eq!(
        messages_of(&found, "unknown-reference"),
        ["error: `implements` refers to a strategy `papr`, which does not exist"]
    );
}

const APPROVED: &str = "apiVersion: bcplan/v1\nkind: Plan\nid: p\ntitle: Plan\nstatus: approved\n";

#[test]
fn a_version_bump_without_a_new_approval_fails_approval_missing() {
    // Bug: a plan whose version moved on from its history (and approval) still passed.
    let plan = format!(
        "{APPROVED}version: \"2.1\"\napproval: {{ by: li.wei, date: 2026-02-10 }}\nhistory:\n  - {{ version: \"2.0\", date: 2026-02-10, summary: Reviewed }}\n"
    );
    let found = check(&[("plan.yaml", &plan)], &["--rule", "approval-missing"]);
    assert_eq!(
        messages_of(&found, "approval-missing"),
        [
            "error: plan `p` is version 2.1, but its latest history entry is version 2.0: the approval cannot be tied to this content"
        ]
    );
    let fixed = plan.replace("version: \"2.1\"", "version: \"2.0\"");
    assert!(
        messages_of(
            &check(&[("plan.yaml", &fixed)], &["--rule", "approval-missing"]),
            "approval-missing"
        )
        .is_empty()
    );
}

#[test]
fn several_approvers_must_all_approve_and_the_latest_counts() {
    let plan = format!(
        "{APPROVED}version: \"2.0\"\napproval:\n  - {{ by: li.wei, role: Plan owner, date: 2026-02-10 }}\n  - {{ by: wang.fang, role: Top management }}
history:\n  - {{ version: \"2.0\", date: 2026-02-12 }}\n"
    );
    let found = check(&[("plan.yaml", &plan)], &["--rule", "approval-missing"]);
    assert_eq!(
        messages_of(&found, "approval-missing"),
        ["error: plan `p` is approved but `approval` (approver `wang.fang`) lacks `date`"]
    );
    // Both signed: the later signature (2026-02-12) is the one compared with the history.
    let signed = plan.replace(
        "role: Top management }",
        "role: Top management, date: 2026-02-12 }",
    );
    assert!(
        messages_of(
            &check(&[("plan.yaml", &signed)], &["--rule", "approval-missing"]),
            "approval-missing"
        )
        .is_empty()
    );
    let early = signed.replace("date: 2026-02-12 }\nhistory", "date: 2026-02-11 }\nhistory");
    assert_eq!(
        messages_of(
            &check(&[("plan.yaml", &early)], &["--rule", "approval-missing"]),
            "approval-missing"
        ),
        [
            "error: plan `p` was approved on 2026-02-11, before its latest change (version 2.0 of 2026-02-12)"
        ]
    );
}

#[test]
fn a_broken_supplier_does_not_make_single_source_state_a_false_region() {
    // Bug: with the second source's entry broken (bad bc_rating), single-source said "2 sources,
    // all in region apac-sea" although the second source is in latam-north.
    let suppliers = "apiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - { id: acme, name: Acme, sites: [{ country: MY, region: apac-sea }] }
  - { id: two, name: Two, bc_rating: excellent, sites: [{ country: MX, region: latam-north }] }\n";
    let materials = "apiVersion: bcplan/v1\nkind: Materials\nmaterials:\n  - { id: pcb, name: PCB, sources: [acme, two] }\n";
    let plan = format!(
        "{PLAN_HEAD}activities:\n  - {{ id: a, name: A, rto: 2d, depends_on: [{{ material: pcb }}] }}\n"
    );
    let files = [
        ("suppliers.yaml", suppliers),
        ("materials.yaml", materials),
        ("plan.yaml", plan.as_str()),
    ];
    let found = check(&files, &[]);
    assert!(messages_of(&found, "single-source").is_empty(), "{found:?}");
    assert!(
        messages_of(&found, "schema")
            .iter()
            .any(|m| m.contains("excellent")),
        "{found:?}"
    );
}

#[test]
fn an_entry_with_only_an_unknown_field_is_still_loaded_and_checked() {
    // Bug: a typo in one field dropped the whole entry, so the rules about it went silent.
    let suppliers = "apiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - { id: acme, name: Acme, criticality: high, bc_asessed: 2026-01-01 }\n";
    let plan = format!(
        "{PLAN_HEAD}activities:\n  - {{ id: a, name: A, depends_on: [{{ supplier: acme }}] }}\n"
    );
    let found = check(&[("suppliers.yaml", suppliers), ("plan.yaml", &plan)], &[]);
    assert!(
        messages_of(&found, "schema")
            .iter()
            .any(|m| m.contains("unknown field `bc_asessed`")),
        "{found:?}"
    );
    assert_eq!(
        messages_of(&found, "supplier-bc-unassessed"),
        ["warning: high supplier `acme` has no continuity assessment (`bc_assessed`)"]
    );
}

#[test]
fn stock_cover_alone_reports_a_material_switch_gap() {
    // Bug: a stock that could not bridge a supplier switch was reported twice, by stock-cover and
    // by dependency-rto.
    let materials = "apiVersion: bcplan/v1\nkind: Materials\nmaterials:\n  - { id: pcb, name: PCB, safety_stock: 2w, switch_time: 6w }\n";
    let plan = format!(
        "{PLAN_HEAD}activities:\n  - {{ id: a, name: A, rto: 2d, depends_on: [{{ material: pcb }}] }}\n  - {{ id: b, name: B, rto: 2d, depends_on: [{{ material: pcb }}] }}
strategies:\n  - {{ id: buffer, type: safety-stock, covers: [a] }}\n"
    );
    let found = check(&[("materials.yaml", materials), ("plan.yaml", &plan)], &[]);
    assert_eq!(messages_of(&found, "stock-cover").len(), 1, "{found:?}");
    // Activity b relies on no stock strategy: dependency-rto still owns its gap.
    let rto = messages_of(&found, "dependency-rto");
    assert_eq!(rto.len(), 1, "{rto:?}");
    assert!(rto[0].contains("activity `b`"), "{rto:?}");
}

#[test]
fn recovery_of_a_system_backed_activity_needs_verification_in_any_domain() {
    // Bug: only manufacturing recovery procedures were asked how they verify before handing back.
    let systems = "apiVersion: bcplan/v1\nkind: Systems\nsystems:\n  - { id: erp, name: ERP }\n";
    let plan = format!(
        "{PLAN_HEAD}domain: services\nactivities:\n  - {{ id: billing, name: Billing, depends_on: [{{ system: erp }}] }}\n  - {{ id: desk, name: Desk }}
procedures:\n  - {{ id: restore-erp, title: Restore ERP, phase: recovery, restores: [billing], steps: [{{ action: Restore }}] }}
  - {{ id: move-desk, title: Move desk, phase: recovery, restores: [desk], steps: [{{ action: Move }}] }}\n"
    );
    let found = check(
        &[("systems.yaml", systems), ("plan.yaml", &plan)],
        &["--rule", "restart-verification-missing"],
    );
    assert_eq!(
        messages_of(&found, "restart-verification-missing"),
        [
            "warning: recovery procedure `restore-erp` restores `billing`, which depends on system `erp`, and has no `verification` of data and function before handing back"
        ]
    );
}

#[test]
fn the_schema_has_the_new_fields() {
    let run = common::bcplan(&["schema", "--kind", "Plan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for field in [
        "not_applicable",
        "implements",
        "role",
        "justification",
        "values",
        "incidents",
        "measured",
        "training",
        "distribution",
        "delegations",
        "escalation",
        "deactivation",
        "provider",
        "agreement",
        "failover",
        "backup-restore",
        "alternate-telecom",
    ] {
        assert!(
            run.stdout.contains(&format!("\"{field}\"")),
            "no {field} in the schema"
        );
    }
    let run = common::bcplan(&["schema", "--kind", "Workspace"]);
    for field in [
        "warn_before",
        "train_every",
        "min_succession",
        "impact_scale",
    ] {
        assert!(
            run.stdout.contains(&format!("\"{field}\"")),
            "no {field} in the schema"
        );
    }
    let run = common::bcplan(&["schema", "--kind", "Systems"]);
    for field in ["backups", "immutable", "offline", "replication"] {
        assert!(
            run.stdout.contains(&format!("\"{field}\"")),
            "no {field} in the schema"
        );
    }
    assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").is_dir());
}

#[test]
fn a_procedure_is_charged_only_the_lead_time_of_the_strategies_it_implements() {
    // Element 6: with `implements`, procedure-exceeds-rto adds only those strategies' ready_within.
    let scenarios =
        "apiVersion: bcplan/v1\nkind: Scenarios\nscenarios:\n  - { id: flood, name: Flood }\n";
    let plan = format!(
        "{PLAN_HEAD}scenarios: [flood]\nactivities:\n  - {{ id: a, name: A, rto: 24h }}
strategies:
  - {{ id: slow-site, type: alternate-site, covers: [a], scenarios: [flood], ready_within: 30h }}
  - {{ id: standby, type: failover, covers: [a], scenarios: [flood], ready_within: 2h }}
procedures:
  - {{ id: fail-over, title: Fail over, phase: recovery, restores: [a], scenarios: [flood], implements: [standby], steps: [{{ action: Switch, duration: 4h }}] }}
  - {{ id: move, title: Move, phase: recovery, restores: [a], scenarios: [flood], steps: [{{ action: Move, duration: 4h }}] }}
"
    );
    let found = check(
        &[("scenarios.yaml", scenarios), ("plan.yaml", &plan)],
        &["--rule", "procedure-exceeds-rto"],
    );
    let messages = messages_of(&found, "procedure-exceeds-rto");
    // `fail-over` takes 4h + 2h; `move`, without `implements`, is charged the slowest covering strategy.
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("procedure `move` takes 1d10h") && messages[0].contains("`slow-site`"),
        "{messages:?}"
    );
}

#[test]
fn a_strategy_provider_is_used_and_assessed_when_it_backs_a_critical_activity() {
    let suppliers = "apiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n  - { id: recovery-vendor, name: Recovery vendor, criticality: low }\n  - { id: idle, name: Idle }\n";
    let sites = "apiVersion: bcplan/v1\nkind: Sites\nsites:\n  - { id: hot-site, name: Hot site, type: data-centre, country: DE }\n";
    let plan = format!(
        "{PLAN_HEAD}activities:\n  - {{ id: a, name: A, rto: 8h }}
strategies:
  - {{ id: vendor, type: backup-restore, covers: [a], provider: {{ supplier: recovery-vendor }}, agreement: DR contract 42 }}
  - {{ id: hot, type: alternate-site, covers: [a], provider: {{ site: hot-site }} }}
"
    );
    let files = [
        ("suppliers.yaml", suppliers),
        ("sites.yaml", sites),
        ("plan.yaml", plan.as_str()),
    ];
    let found = check(&files, &[]);
    assert_eq!(
        messages_of(&found, "unused-entity"),
        ["info: supplier `idle` is not referred to by any plan"]
    );
    assert_eq!(
        messages_of(&found, "supplier-bc-unassessed"),
        [
            "warning: supplier (provider of strategy `vendor` (plan `p`, covering a critical activity)) `recovery-vendor` has no continuity assessment (`bc_assessed`)"
        ]
    );
    let typo = plan.replace("supplier: recovery-vendor", "supplier: recovery-vender");
    let files = [
        ("suppliers.yaml", suppliers),
        ("sites.yaml", sites),
        ("plan.yaml", typo.as_str()),
    ];
    assert!(
        messages_of(
            &check(&files, &["--rule", "unknown-reference"]),
            "unknown-reference"
        )
        .iter()
        .any(|m| m.contains("`provider` refers to a supplier `recovery-vender`")),
        "provider references are checked"
    );
}

#[test]
fn an_incident_counts_as_an_exercise_and_its_actions_are_followed() {
    // Element 3: a real activation tests the plan; its open actions can fall overdue.
    let plan = format!(
        "{PLAN_HEAD}activities:\n  - {{ id: a, name: A, rto: 8h }}
procedures:
  - {{ id: recover, title: Recover, phase: recovery, restores: [a], steps: [{{ action: Recover, duration: 2h }}] }}
incidents:
  - id: inc-1
    date: 2026-03-01
    summary: Power cut
    measured: {{ recover: 10h }}
    findings:
      - {{ id: f1, description: Generator did not start, action: Service the generator, due: 2026-04-30, status: open }}
"
    );
    let found = check(&[("plan.yaml", &plan)], &[]);
    assert!(
        messages_of(&found, "exercise-overdue").is_empty(),
        "{found:?}"
    );
    assert!(
        messages_of(&found, "procedure-never-exercised").is_empty(),
        "{found:?}"
    );
    assert_eq!(
        messages_of(&found, "action-overdue"),
        [
            "warning: action `f1` of incident `inc-1` was due on 2026-04-30 and is still open: Service the generator"
        ]
    );
    assert_eq!(
        messages_of(&found, "measured-exceeds-rto"),
        [
            "error: procedure `recover` took 10h in incident `inc-1` (2026-03-01), more than the rto 8h of `a`"
        ]
    );
}
