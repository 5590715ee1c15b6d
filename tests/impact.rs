//! `bcplan impact` through the real binary, one reading of the model per test, on the small
//! workspace in `tests/fixtures/impact/model/`. Each test works the expected answer out by hand
//! in its comments (times after T0, how, verdict); durations print in the largest whole unit
//! (`3w` is 21 days, `6w` 42 days).
//!
//! The fixture in brief: penang-p1 (apac-sea, back 21d) and kulim-p2 (apac-sea, back 10d);
//! tczew-p3 (never back); venlo-dc (back 7d); arlanda-dc (24h) and frankfurt-dc (24h, erp's
//! dr_site). pcb-main: [acme-pcb (apac-sea, 60d), pcb-two], stock 28d, switch 6w. harness:
//! [cable-co (14d), cable-two (20d)], both apac-sea, stock 7d. chip: [chip-co, chip-two], stock
//! 8w, switch 4w. asic: [chip-co] only, stock 14d; chip-co's sub-supplier wafer-fab (90d). erp
//! (rto 8h, at arlanda-dc, dr frankfurt-dc) <- mes (rto 12h, at penang-p1, no dr) ; wms (rto 4h,
//! at venlo-dc, no dr). mfg/smt-assembly (rto 48h, mtpd 5d, commitment 10d) needs penang-p1, mes
//! and pcb-main; strategies shift-to-kulim (flood, 36h, 50%) and shift-to-tczew (earthquake,
//! 72h). mfg/final-test (rto 72h, mtpd 7d) needs smt-assembly and harness.
//! logistics/eu-distribution (rto 5d, mtpd 14d, commitment 21d) needs venlo-dc, wms,
//! tcz-ven-road (alternate dui-ven-rail) and mfg/final-test; strategy overflow-3pl (port-closure
//! only, 48h).

mod common;

use std::path::Path;

use common::{bcplan, bcplan_in, copy_dir, json_validator, schema_errors};
use serde_json::Value as Json;

const MODEL: &str = "tests/fixtures/impact/model";

/// Runs `bcplan impact MODEL args... --format json`; returns the exit code and the one run.
fn run(args: &[&str]) -> (i32, Json) {
    let (code, doc) = document(MODEL, args);
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    (code, doc["runs"][0].clone())
}

/// Runs `bcplan impact DIR args... --format json`, checks the output against the shipped
/// schema, and returns the exit code and the document.
fn document(dir: &str, args: &[&str]) -> (i32, Json) {
    let mut all = vec!["impact", dir, "--format", "json"];
    all.extend_from_slice(args);
    let out = bcplan(&all);
    assert!(
        out.code == 0 || out.code == 1,
        "exit {}: {}",
        out.code,
        out.stderr
    );
    let doc: Json = serde_json::from_str(&out.stdout).expect("JSON");
    let schema: Json = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/impact.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let errors = schema_errors(&json_validator(&schema), &doc);
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
    assert_eq!(doc["breach"], out.code == 1, "exit code and `breach` agree");
    (out.code, doc)
}

/// The activity `plan/activity` of a run.
fn activity<'a>(run: &'a Json, id: &str) -> &'a Json {
    run["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            format!(
                "{}/{}",
                a["plan"].as_str().unwrap(),
                a["activity"].as_str().unwrap()
            ) == id
        })
        .unwrap_or_else(|| panic!("{id} is not among the stopped activities: {run:#}"))
}

fn text(time: &Json) -> &str {
    if time.is_null() {
        "never"
    } else {
        time["text"].as_str().unwrap()
    }
}

/// (stops at, recovers at, outage, how, verdict) of an activity.
fn summary(a: &Json) -> (String, String, String, String, String) {
    (
        text(&a["stops_at"]).to_owned(),
        text(&a["recovers_at"]).to_owned(),
        text(&a["outage"]).to_owned(),
        a["how"].as_str().unwrap().to_owned(),
        a["verdict"]["text"].as_str().unwrap().to_owned(),
    )
}

fn s(
    stops: &str,
    recovers: &str,
    outage: &str,
    how: &str,
    verdict: &str,
) -> (String, String, String, String, String) {
    (
        stops.into(),
        recovers.into(),
        outage.into(),
        how.into(),
        verdict.into(),
    )
}

fn lost<'a>(run: &'a Json, kind: &str, id: &str) -> Option<&'a Json> {
    run["lost"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == kind && l["id"] == id)
}

#[test]
fn a_region_loses_its_sites_and_suppliers_and_the_stop_travels_across_plans() {
    // apac-sea: penang-p1 (back 21d) and kulim-p2 (10d) are lost, and so are acme-pcb (60d),
    // cable-co (14d) and cable-two (20d), whose only locations are in the region.
    // smt-assembly stops at T0 (penang-p1). Its strategies: shift-to-kulim is at a lost site,
    // shift-to-tczew lists only earthquake: none applies. Dependencies: penang-p1 back 21d; mes
    // (penang-p1, no dr_site) back 21d + 12h; pcb-main: acme-pcb lost, pcb-two survives, switch
    // 6w > stock 28d, so supply stops at 28d and resumes at 42d (source switch). Recovers at 42d
    // by the source switch; outage 42d > commitment 10d: commitment breached by 32d.
    // final-test stops at T0 with smt-assembly; harness has every source lost: stops at 7d,
    // resumes when cable-co (the preferred source) is back, 14d. Back when smt-assembly is, 42d;
    // outage 42d > mtpd 7d: mtpd breached by 35d (5w).
    // eu-distribution stops at T0 with mfg/final-test (overflow-3pl lists only port-closure);
    // back at 42d; outage 42d > commitment 21d: commitment breached by 21d (3w).
    let (code, run) = run(&["--region", "apac-sea", "--scenario", "flood"]);
    assert_eq!(code, 1);
    assert_eq!(
        summary(activity(&run, "mfg/smt-assembly")),
        s(
            "0min",
            "6w",
            "6w",
            "source switch",
            "commitment breached by 32d"
        )
    );
    assert_eq!(
        summary(activity(&run, "mfg/final-test")),
        s("0min", "6w", "6w", "dependency back", "mtpd breached by 5w")
    );
    assert_eq!(
        summary(activity(&run, "logistics/eu-distribution")),
        s(
            "0min",
            "6w",
            "6w",
            "dependency back",
            "commitment breached by 3w"
        )
    );
    assert_eq!(
        activity(&run, "logistics/eu-distribution")["chain"],
        serde_json::json!([
            "apac-sea",
            "penang-p1",
            "mfg/smt-assembly",
            "mfg/final-test",
            "eu-distribution"
        ])
    );
    assert!(
        activity(&run, "mfg/smt-assembly")["binding"]
            .as_str()
            .unwrap()
            .starts_with("material pcb-main back at T+6w")
    );
    // Sorted by severity (commitment before mtpd), then recovery time, then id.
    let order: Vec<&str> = run["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["activity"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["eu-distribution", "smt-assembly", "final-test"]);
    // asic-programming, board-test and calibration do not stop.
    assert_eq!(run["unaffected"], 3);
    assert_eq!(
        text(&lost(&run, "supplier", "acme-pcb").unwrap()["back_at"]),
        "60d"
    );
    assert!(
        lost(&run, "supplier", "chip-co").is_none(),
        "chip-co is in tw-north"
    );
    assert_eq!(
        text(&lost(&run, "material", "harness").unwrap()["lost_at"]),
        "1w"
    );
    assert_eq!(
        text(&lost(&run, "material", "harness").unwrap()["back_at"]),
        "2w"
    );
    assert_eq!(
        text(&lost(&run, "system", "mes").unwrap()["back_at"]),
        "21d12h"
    );
    // tan.mei works at penang-p1: hit, and so is her team.
    assert_eq!(run["people"][0]["id"], "tan.mei");
    assert_eq!(run["teams"][0]["team"], "crisis-team");
}

#[test]
fn a_strategy_at_a_surviving_site_brings_the_activity_back_with_its_capacity() {
    // penang-p1 alone, under flood: shift-to-kulim (kulim-p2 survives) is ready at 36h, before
    // penang-p1 (21d) or mes (21d12h) are back: smt-assembly recovers at 36h by strategy, 50%
    // capacity against the MBCO "60% of normal output"; outage 36h <= rto 48h: within rto.
    // final-test and eu-distribution follow it: T0 to 36h, within their rto.
    let (code, run) = run(&["--site", "penang-p1", "--scenario", "flood"]);
    assert_eq!(code, 0);
    let smt = activity(&run, "mfg/smt-assembly");
    assert_eq!(
        summary(smt),
        s("0min", "1d12h", "1d12h", "strategy", "within rto")
    );
    assert_eq!(smt["strategy"]["id"], "shift-to-kulim");
    assert_eq!(smt["strategy"]["capacity"], "50%");
    assert_eq!(smt["strategy"]["mbco"], "60% of normal output");
    assert_eq!(smt["binding"], "strategy shift-to-kulim ready within 1d12h");
    assert_eq!(
        summary(activity(&run, "mfg/final-test")),
        s("0min", "1d12h", "1d12h", "dependency back", "within rto")
    );
    assert_eq!(
        summary(activity(&run, "logistics/eu-distribution")),
        s("0min", "1d12h", "1d12h", "dependency back", "within rto")
    );
    // The procedure restoring smt-assembly for flood: critical path 30min + 6h + 20h = 26h30min,
    // plus the strategy's 36h lead time = 62h30min > rto 48h: flagged.
    let procedure = &smt["procedures"][0];
    assert_eq!(procedure["id"], "relocate-smt");
    assert_eq!(text(&procedure["critical_path"]), "1d2h30min");
    assert_eq!(text(&procedure["strategy_lead"]), "1d12h");
    assert_eq!(procedure["exceeds_rto"], true);
}

#[test]
fn without_a_scenario_every_strategy_applies_and_a_late_one_breaches_the_rto_only() {
    // apac-sea with no --scenario: shift-to-kulim is at a lost site, but shift-to-tczew (listing
    // earthquake) now applies: smt-assembly back at 72h; outage 3d > rto 2d, <= mtpd 5d: rto
    // breached by 1d. final-test: smt-assembly back at 3d, harness at 14d: back at 14d (2w);
    // outage 14d > mtpd 7d: mtpd breached by 7d (1w). eu-distribution: overflow-3pl (duisburg-3pl
    // survives) ready at 48h: within its rto 5d.
    let (code, run) = run(&["--region", "apac-sea"]);
    assert_eq!(code, 1);
    assert_eq!(
        summary(activity(&run, "mfg/smt-assembly")),
        s("0min", "3d", "3d", "strategy", "rto breached by 1d")
    );
    assert_eq!(
        summary(activity(&run, "mfg/final-test")),
        s("0min", "2w", "2w", "dependency back", "mtpd breached by 1w")
    );
    assert_eq!(
        summary(activity(&run, "logistics/eu-distribution")),
        s("0min", "2d", "2d", "strategy", "within rto")
    );
}

#[test]
fn a_sub_supplier_loss_reaches_its_parent_and_stock_sets_the_stop() {
    // wafer-fab lost (back 90d): chip-co, its parent, is lost until then. chip: chip-co is
    // preferred, chip-two survives, switch 4w <= stock 8w: absorbed, no stop. asic has chip-co
    // only: supply stops when its 14d of stock run out and resumes when chip-co is back, 90d.
    // asic-programming stops at 14d (not at T0), recovers at 90d: outage 76d > mtpd 20d: mtpd
    // breached by 56d (8w).
    let (code, run) = run(&["--supplier", "wafer-fab"]);
    assert_eq!(code, 1);
    let asic = activity(&run, "mfg/asic-programming");
    assert_eq!(
        summary(asic),
        s("2w", "90d", "76d", "dependency back", "mtpd breached by 8w")
    );
    assert_eq!(
        asic["chain"],
        serde_json::json!([
            "wafer-fab",
            "chip-co",
            "asic (stock 2w)",
            "asic-programming"
        ])
    );
    assert_eq!(
        text(&lost(&run, "supplier", "chip-co").unwrap()["back_at"]),
        "90d"
    );
    assert_eq!(
        run["absorbed"],
        serde_json::json!([
            "material chip: supply moves from chip-co to chip-two after its switch_time 4w (at 4w), while stock lasts 8w"
        ])
    );
    assert_eq!(run["activities"].as_array().unwrap().len(), 1);
    assert_eq!(run["unaffected"], 5);
}

#[test]
fn a_system_fails_over_to_its_dr_site_or_waits_for_its_site() {
    // arlanda-dc lost: erp fails over to frankfurt-dc, back after its rto 8h; mes depends on erp:
    // back at 8h too. smt-assembly: back at 8h, before any strategy (36h, 72h): dependency back,
    // within rto; final-test and eu-distribution follow.
    let (code, run) = run(&["--site", "arlanda-dc"]);
    assert_eq!(code, 0);
    assert_eq!(text(&lost(&run, "system", "erp").unwrap()["back_at"]), "8h");
    assert_eq!(text(&lost(&run, "system", "mes").unwrap()["back_at"]), "8h");
    assert_eq!(
        lost(&run, "system", "mes").unwrap()["chain"],
        serde_json::json!(["arlanda-dc", "erp", "mes"])
    );
    assert_eq!(
        summary(activity(&run, "mfg/smt-assembly")),
        s("0min", "8h", "8h", "dependency back", "within rto")
    );
    // With frankfurt-dc lost too, erp has no surviving dr_site: back when arlanda-dc is (24h),
    // plus its rto 8h = 32h. smt-assembly: 32h, still before shift-to-kulim's 36h.
    let (_, run) = self::run(&["--site", "arlanda-dc", "--site", "frankfurt-dc"]);
    assert_eq!(
        text(&lost(&run, "system", "erp").unwrap()["back_at"]),
        "1d8h"
    );
    assert_eq!(
        summary(activity(&run, "mfg/smt-assembly")),
        s("0min", "1d8h", "1d8h", "dependency back", "within rto")
    );
    // erp lost by itself: its dr_site survives, back after 8h.
    let (_, run) = self::run(&["--system", "erp"]);
    assert_eq!(text(&lost(&run, "system", "erp").unwrap()["back_at"]), "8h");
}

#[test]
fn an_rto_breach_is_reported_but_does_not_fail_the_run() {
    // venlo-dc lost under flood: wms (no dr_site) back at 7d + 4h; tcz-ven-road and its alternate
    // dui-ven-rail both end at venlo-dc: no alternate survives, the lane is back with its end
    // site at 7d. eu-distribution: overflow-3pl lists only port-closure; back at 7d4h. Outage
    // 7d4h > rto 5d, <= mtpd 14d: rto breached by 2d4h, exit 0.
    let (code, run) = run(&["--site", "venlo-dc", "--scenario", "flood"]);
    assert_eq!(code, 0);
    let eu = activity(&run, "logistics/eu-distribution");
    assert_eq!(
        summary(eu),
        s(
            "0min",
            "7d4h",
            "7d4h",
            "dependency back",
            "rto breached by 2d4h"
        )
    );
    assert!(
        eu["binding"]
            .as_str()
            .unwrap()
            .starts_with("system wms back at T+7d4h"),
        "{eu}"
    );
    // anna.berg works at venlo-dc.
    assert_eq!(run["people"][0]["id"], "anna.berg");
}

#[test]
fn a_surviving_alternate_lane_takes_over_and_insurance_is_no_recovery_path() {
    // tczew-p3 lost under earthquake: tcz-ven-road loses its origin; dui-ven-rail survives and
    // takes over at once, with 4d - 2d = 2d more transit: eu-distribution does not stop.
    // calibration needs tczew-p3, which has no recovery_time; its only strategy is insurance,
    // which pays but brings nothing back: no recovery path, a breach (exit 1).
    let (code, run) = run(&["--site", "tczew-p3", "--scenario", "earthquake"]);
    assert_eq!(code, 1);
    assert_eq!(
        run["absorbed"],
        serde_json::json!([
            "lane tcz-ven-road: alternate dui-ven-rail takes over at once (+2d transit)"
        ])
    );
    assert_eq!(
        summary(activity(&run, "mfg/calibration")),
        s("0min", "never", "never", "none", "no recovery path")
    );
    assert_eq!(run["activities"].as_array().unwrap().len(), 1);
    assert_eq!(
        text(&lost(&run, "site", "tczew-p3").unwrap()["back_at"]),
        "never"
    );
    // The lane alone: absorbed, said plainly.
    let (code, run) = self::run(&["--lane", "tcz-ven-road"]);
    assert_eq!(code, 0);
    assert_eq!(
        run["nothing"],
        "No activity stops: the loss of lane `tcz-ven-road` is absorbed (lane tcz-ven-road: alternate dui-ven-rail takes over at once (+2d transit))."
    );
}

#[test]
fn roles_fall_to_deputies_and_alternates_and_roles_left_with_nobody_are_listed() {
    // li.wei unavailable: mfg plan owner, smt-assembly owner, crisis-team lead and first in the
    // activation succession fall to chen.hao; the customers communication and step 1 of
    // relocate-smt have no stand-in. No activity stops.
    let (code, run) = run(&["--person", "li.wei"]);
    assert_eq!(code, 0);
    let roles: Vec<(String, Json)> = run["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["role"].as_str().unwrap().to_owned(),
                r["falls_to"].clone(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("plan owner".to_owned(), Json::from("chen.hao")),
            (
                "owner of activity smt-assembly".to_owned(),
                Json::from("chen.hao")
            ),
            (
                "lead of team crisis-team".to_owned(),
                Json::from("chen.hao")
            ),
            ("activation authority".to_owned(), Json::from("chen.hao")),
            (
                "owner of the customers communication".to_owned(),
                Json::Null
            ),
            (
                "owner of step 1 of procedure relocate-smt".to_owned(),
                Json::Null
            ),
        ]
    );
    assert_eq!(run["uncovered_roles"], 2);
    assert_eq!(run["teams"][0]["people"], serde_json::json!(["li.wei"]));
    assert!(run["nothing"].is_null());
    // With chen.hao out as well, the deputies are gone: mfg's owner and logistics' owner (chen.hao,
    // deputy li.wei) are left with nobody (plans in workspace order).
    let (_, run) = self::run(&["--person", "li.wei", "--person", "chen.hao"]);
    let nobody: Vec<&str> = run["roles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["falls_to"].is_null() && r["role"] == "plan owner")
        .map(|r| r["plan"].as_str().unwrap())
        .collect();
    assert_eq!(nobody, ["logistics", "mfg"]);
}

#[test]
fn a_loss_that_touches_nothing_the_plans_depend_on_says_so() {
    // frankfurt-dc is only erp's dr_site: erp keeps running at arlanda-dc.
    let (code, run) = run(&["--site", "frankfurt-dc"]);
    assert_eq!(code, 0);
    assert!(run["activities"].as_array().unwrap().is_empty());
    assert_eq!(run["unaffected"], 6);
    assert!(
        run["nothing"]
            .as_str()
            .unwrap()
            .starts_with("Nothing the plans depend on is lost"),
        "{run}"
    );
    let human = bcplan(&["impact", MODEL, "--site", "frankfurt-dc"]);
    assert!(human.stdout.contains("Nothing the plans depend on is lost: no activity depends, directly or through other entries, on site `frankfurt-dc`"), "{}", human.stdout);
}

#[test]
fn all_sites_runs_each_exposed_site_and_every_region_for_a_regional_scenario() {
    // flood: kulim-p2 and penang-p1 list it; flood is natural with `reach: region`, so it also
    // runs at every region of a site or supplier location: apac-sea, eu-central, eu-north,
    // eu-west, tw-north. apac-sea breaches (see the first test): exit 1.
    let (code, doc) = document(MODEL, &["--all-sites", "--scenario", "flood"]);
    assert_eq!(code, 1);
    let labels: Vec<&str> = doc["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["event"]["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "site kulim-p2 (flood)",
            "site penang-p1 (flood)",
            "region apac-sea (flood)",
            "region eu-central (flood)",
            "region eu-north (flood)",
            "region eu-west (flood)",
            "region tw-north (flood)",
        ]
    );
    // earthquake has no `reach`: only tczew-p3, where calibration has no recovery path.
    let out = bcplan(&["impact", MODEL, "--all-sites", "--scenario", "earthquake"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("site tczew-p3 (earthquake)  1     1         5           mfg/calibration: no recovery path"), "{}", out.stdout);
    assert!(
        out.stdout.contains("1 run, 1 with a breach"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_human_table_has_one_line_per_activity_with_its_chain() {
    let out = bcplan(&[
        "impact",
        MODEL,
        "--region",
        "apac-sea",
        "--scenario",
        "flood",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("3 activities stop, 3 unaffected."),
        "{}",
        out.stdout
    );
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("mfg/smt-assembly  "))
        .unwrap();
    assert!(line.starts_with("commitment breached by 32d"), "{line}");
    assert!(
        line.ends_with("source switch    apac-sea → penang-p1 → smt-assembly"),
        "{line}"
    );
    assert!(out.stdout.contains("procedure relocate-smt: critical path 1d2h30min + strategy shift-to-kulim lead time 1d12h  ! finishes after the rto"));
}

#[test]
fn unknown_ids_are_usage_errors_with_a_suggestion() {
    for (args, message) in [
        (
            vec!["--site", "penang"],
            "--site penang: unknown site `penang`: did you mean `penang-p1`?",
        ),
        (
            vec!["--region", "apac"],
            "unknown region `apac`: did you mean `apac-sea`?",
        ),
        (vec!["--supplier", "acme"], "did you mean `acme-pcb`?"),
        (vec!["--person", "li.we"], "did you mean `li.wei`?"),
        (
            vec!["--site", "penang-p1", "--scenario", "flod"],
            "unknown scenario `flod`: did you mean `flood`?",
        ),
        (vec![], "name what is lost"),
    ] {
        let mut all = vec!["impact", MODEL];
        all.extend(args);
        let out = bcplan(&all);
        assert_eq!(out.code, 2, "{all:?}");
        assert!(out.stderr.contains(message), "{all:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let out = bcplan(&["impact", MODEL, "--all-sites", "--site", "penang-p1"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

#[test]
fn entries_with_schema_errors_are_named_as_unknown_never_guessed() {
    // mes gets an unreadable rto: the entry is dropped from the analysis and named as unknown;
    // smt-assembly still stops with penang-p1 and recovers by its strategy.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(MODEL), &dir.path().join("ws"));
    let registers = dir.path().join("ws/registers.yaml");
    let text = std::fs::read_to_string(&registers).unwrap();
    std::fs::write(
        &registers,
        text.replace(
            "{ id: mes, name: MES, rto: 12h,",
            "{ id: mes, name: MES, rto: twelve hours,",
        ),
    )
    .unwrap();
    let out = bcplan_in(
        dir.path(),
        &[
            "impact",
            "ws",
            "--site",
            "penang-p1",
            "--scenario",
            "flood",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("syntax or schema error"),
        "{}",
        out.stderr
    );
    let doc: Json = serde_json::from_str(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(
        run["unknown"],
        serde_json::json!(["system `mes` (has schema errors)"])
    );
    let smt = activity(run, "mfg/smt-assembly");
    assert_eq!(
        smt["unknown"],
        serde_json::json!(["system mes (could not be read)"])
    );
    assert_eq!(
        summary(smt),
        s("0min", "1d12h", "1d12h", "strategy", "within rto")
    );
    // A loss naming the broken entry is accepted, and said to be unknown.
    let out = bcplan_in(dir.path(), &["impact", "ws", "--system", "mes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("system `mes` (has schema errors"),
        "{}",
        out.stdout
    );
}

#[test]
fn markdown_and_html_reports() {
    let md = bcplan(&[
        "impact",
        MODEL,
        "--region",
        "apac-sea",
        "--scenario",
        "flood",
        "--format",
        "markdown",
    ]);
    assert_eq!(md.code, 1);
    assert!(
        md.stdout.starts_with("# Impact: region apac-sea (flood)\n"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains(
            "| commitment breached by 32d | mfg/smt-assembly | T0 | T+6w | 6w | source switch |"
        ),
        "{}",
        md.stdout
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("impact.html");
    let out = bcplan(&[
        "impact",
        MODEL,
        "--all-sites",
        "--scenario",
        "flood",
        "--format",
        "html",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains(
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'"
    ));
    assert!(html.contains("<svg class=\"chart impact-timeline\""));
    assert!(
        html.contains("aria-labelledby=\"impact-title-2\""),
        "one timeline per run, with its own id"
    );
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "no external references"
    );
    // --output never overwrites a plan file.
    let out = bcplan(&[
        "impact",
        MODEL,
        "--site",
        "penang-p1",
        "--output",
        &format!("{MODEL}/mfg.yaml"),
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("refusing to overwrite a bcplan document"),
        "{}",
        out.stderr
    );
}

const HOSTILE: &str =
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }}";

#[test]
fn hostile_plan_text_is_inert_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(MODEL), &dir.path().join("ws"));
    let plan = dir.path().join("ws/mfg.yaml");
    let quoted = format!("\"{HOSTILE}\"");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("name: SMT assembly", &format!("name: {quoted}"))
        .replace("mbco: 60% of normal output", &format!("mbco: {quoted}"))
        .replace("capacity: 50%", &format!("capacity: {quoted}"))
        .replace(
            "title: Relocate SMT assembly to Kulim",
            &format!("title: {quoted}"),
        );
    std::fs::write(&plan, text).unwrap();
    for format in ["html", "markdown", "human", "json"] {
        let out = bcplan_in(
            dir.path(),
            &[
                "impact",
                "ws",
                "--site",
                "penang-p1",
                "--scenario",
                "flood",
                "--format",
                format,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let lower = out.stdout.to_lowercase();
        match format {
            "html" => {
                assert!(lower.contains("&lt;script&gt;"), "the text is shown");
                assert!(!lower.contains("<script"), "script element");
                assert!(!lower.contains("<img"), "image");
                assert!(!lower.contains("onerror="), "event handler");
                assert!(!lower.contains("javascript:"), "javascript: URL");
                assert!(
                    lower.contains("{{ 7*7 }}"),
                    "template code is shown, not run"
                );
            }
            "markdown" => {
                let events = pulldown_cmark::Parser::new(&out.stdout).filter(|e| {
                    matches!(
                        e,
                        pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
                    ) || matches!(
                        e,
                        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. })
                    )
                });
                assert_eq!(events.count(), 0, "{}", out.stdout);
            }
            _ => assert!(out.stdout.contains("<script>") || format == "human"),
        }
    }
}

#[test]
fn explain_impact_documents_every_reading() {
    let out = bcplan(&["explain", "impact"]);
    assert_eq!(out.code, 0);
    for reading in [
        "recovery_time",
        "contracted_recovery",
        "sub_suppliers",
        "safety_stock",
        "switch_time",
        "dr_site",
        "alternate lane",
        "deputy",
        "ready_within",
        "no recovery path",
        "critical path",
        "reach: region",
        "obligations",
    ] {
        assert!(
            out.stdout.contains(reading),
            "`bcplan explain impact` does not cover {reading}"
        );
    }
    let out = bcplan(&["explain", "impac"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `impact`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn runbooks_gain_an_if_this_happens_page_per_scenario_with_a_known_footprint() {
    // mfg's sites: penang-p1 lists flood, tczew-p3 lists earthquake. Flood: penang-p1 lost;
    // smt-assembly stops at T0, must be back by T0 + rto 48h = T+2d, and is back at 36h through
    // shift-to-kulim: within rto; relocate-smt is the procedure to run. final-test follows it
    // (back by T+3d). Earthquake: tczew-p3 lost for good: calibration has no recovery path.
    // logistics' only site, venlo-dc, lists no hazard: no such page.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = bcplan(&["render", MODEL, "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(out.join("mfg.md")).unwrap();
    assert!(md.contains("## If this happens: Flood\n"), "{md}");
    assert!(md.contains("| SMT assembly | T0 | T+2d | T+1d12h | strategy shift-to-kulim ready within 1d12h | within rto | Relocate SMT assembly to Kulim |"), "{md}");
    assert!(md.contains("| Final test | T0 | T+3d | T+1d12h |"), "{md}");
    assert!(md.contains("## If this happens: Earthquake\n"), "{md}");
    assert!(md.contains("| Calibration at Tczew | T0 | T+2d | never | site tczew-p3: no recovery\\_time: not back | **no recovery path** | — |"), "{md}");
    let html = std::fs::read_to_string(out.join("mfg.html")).unwrap();
    assert!(html.contains("<section class=\"sheet\" id=\"if-flood\">"));
    assert!(html.contains("<a href=\"#if-earthquake\">If this happens: Earthquake</a>"));
    for file in ["logistics.md", "logistics.html"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(!text.contains("If this happens"), "{file}");
    }
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn the_readme_shows_real_impact_output() {
    let readme = readme();
    let mut seen = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let Some((command, expected)) = block.split_once('\n') else {
            continue;
        };
        let Some(args) = command.strip_prefix("$ bcplan impact ") else {
            continue;
        };
        let mut all = vec!["impact"];
        all.extend(args.split_whitespace());
        let out = bcplan(&all);
        assert!(out.code == 0 || out.code == 1, "{command}: {}", out.stderr);
        assert_eq!(
            out.stdout, expected,
            "README output of `{command}` is stale"
        );
        seen += 1;
    }
    assert!(seen >= 7, "only {seen} impact examples in the README");
}

#[test]
fn the_readme_documents_every_reading_as_explain_does() {
    let doc = bcplan(&["explain", "impact"]).stdout;
    let readme = readme();
    let body = doc
        .split_once("\n## ")
        .unwrap()
        .1
        .replace("\n## ", "\n### ");
    assert!(
        readme.contains(&format!("### {}", body.trim_end())),
        "README's readings differ from `bcplan explain impact`"
    );
}

#[test]
fn a_strategy_whose_provider_is_lost_is_ruled_out_and_the_binding_says_so() {
    // shift-to-kulim gets `provider: { system: mes }`. mes runs at penang-p1 (no dr site), so
    // losing penang-p1 alone under flood loses mes at T0 (back when penang-p1 is, 21d, plus its
    // rto 12h: 21d12h). The strategy is ruled out for the whole event, although mes comes back:
    // smt-assembly waits for its dependencies, the last back being system mes at 21d12h. Outage
    // 21d12h > commitment 10d by 11d12h: commitment breached. With the provider a supplier that
    // survives (cable-two, lost only with apac-sea), the strategy applies as before (36h).
    let with = |provider: &str| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(Path::new(MODEL), &dir.path().join("ws"));
        let plan = dir.path().join("ws/mfg.yaml");
        let text = std::fs::read_to_string(&plan).unwrap();
        std::fs::write(
            &plan,
            text.replace(
                "site: kulim-p2, capacity: 50%,",
                &format!("site: kulim-p2, provider: {provider}, capacity: 50%,"),
            ),
        )
        .unwrap();
        let ws = dir.path().join("ws");
        let (code, doc) = document(
            ws.to_str().unwrap(),
            &["--site", "penang-p1", "--scenario", "flood"],
        );
        (code, doc["runs"][0].clone())
    };
    let (code, run) = with("{ system: mes }");
    assert_eq!(code, 1);
    let smt = activity(&run, "mfg/smt-assembly");
    assert_eq!(
        summary(smt),
        s(
            "0min",
            "21d12h",
            "21d12h",
            "dependency back",
            "commitment breached by 11d12h"
        )
    );
    let binding = smt["binding"].as_str().unwrap();
    assert!(
        binding.starts_with("system mes back at T+21d12h"),
        "{binding}"
    );
    assert!(
        binding.ends_with(
            "(strategy shift-to-kulim ruled out: its provider system mes is lost at T0)"
        ),
        "{binding}"
    );
    let (code, run) = with("{ supplier: cable-two }");
    assert_eq!(code, 0);
    let smt = activity(&run, "mfg/smt-assembly");
    assert_eq!(smt["binding"], "strategy shift-to-kulim ready within 1d12h");
}

const DUTIES: &str = "tests/fixtures/impact/obligations";

/// The duties of a run as `plan/obligation` → the duty.
fn duties(run: &Json) -> std::collections::BTreeMap<String, Json> {
    run["obligations"]
        .as_array()
        .expect("an obligations list")
        .iter()
        .map(|d| {
            (
                format!(
                    "{}/{}",
                    d["plan"].as_str().unwrap(),
                    d["id"].as_str().unwrap()
                ),
                d.clone(),
            )
        })
        .collect()
}

#[test]
fn notification_duties_start_their_clocks_for_each_plan_that_stops() {
    // The fixture `tests/fixtures/impact/obligations`: parts-co is the only source of parts
    // (stock 2d, no switch). Losing parts-co, supply stops at T+2d: sales/packing and
    // ops/assembly stop at T+2d; sales/order-intake (system crm) runs on. Both plans are hit.
    // Under cyber-attack:
    // - early-warning (awareness, 24h, services only): sales only; due T0 + 24h = T+1d; sent by
    //   the regulators communication of ana.lima within 24h (1d).
    // - gdpr-breach (awareness, 72h, personal data only): sales reaches crm-vendor, which
    //   processes personal data, only through the system crm: it applies to sales (due T0 + 72h
    //   = T+3d) and not to ops (parts-co processes none).
    // - customer-notice (disruption, 12h): the plan's first stop is T+2d, so due T+2d12h, for
    //   both plans; neither has a communication fulfilling it.
    // - board-brief (activation, 4h): activation time is not modelled: "4h after activation";
    //   sales has the executives communication of ben.ode within 2h, ops none.
    // - flood-warning is restricted to flood: not listed in a cyber-attack.
    let (_, run) = document(
        DUTIES,
        &["--supplier", "parts-co", "--scenario", "cyber-attack"],
    );
    let run = &run["runs"][0];
    let d = duties(run);
    assert_eq!(
        d.keys().collect::<Vec<_>>(),
        [
            "ops/board-brief",
            "ops/customer-notice",
            "sales/board-brief",
            "sales/customer-notice",
            "sales/early-warning",
            "sales/gdpr-breach",
        ],
        "{run:#}"
    );
    let due = |k: &str| d[k]["due"]["text"].as_str().map(str::to_owned);
    assert_eq!(due("sales/early-warning").as_deref(), Some("1d"));
    assert_eq!(d["sales/early-warning"]["clock"], "awareness");
    assert_eq!(d["sales/early-warning"]["starts_at"]["minutes"], 0);
    assert_eq!(d["sales/early-warning"]["basis"], "NIS2 art. 23(4)(a)");
    assert_eq!(d["sales/early-warning"]["notify"], "regulators");
    assert_eq!(due("sales/gdpr-breach").as_deref(), Some("3d"));
    assert_eq!(due("sales/customer-notice").as_deref(), Some("2d12h"));
    assert_eq!(d["sales/customer-notice"]["starts_at"]["text"], "2d");
    assert_eq!(due("ops/customer-notice").as_deref(), Some("2d12h"));
    assert!(d["sales/board-brief"]["due"].is_null());
    assert!(d["sales/board-brief"]["starts_at"].is_null());
    assert_eq!(d["sales/board-brief"]["deadline"]["text"], "4h");
    assert_eq!(
        d["sales/board-brief"]["due_text"],
        "4h after activation (activation time is not modelled)"
    );
    let senders = &d["sales/gdpr-breach"]["communications"];
    assert_eq!(senders.as_array().unwrap().len(), 1);
    assert_eq!(senders[0]["audience"], "regulators");
    assert_eq!(senders[0]["owner"], "ana.lima");
    assert_eq!(senders[0]["owner_name"], "Ana Lima");
    assert_eq!(senders[0]["within"]["text"], "1d");
    assert_eq!(d["sales/gdpr-breach"]["fulfilled"], true);
    assert_eq!(
        d["sales/board-brief"]["communications"][0]["owner"],
        "ben.ode"
    );
    for unfulfilled in [
        "ops/customer-notice",
        "ops/board-brief",
        "sales/customer-notice",
    ] {
        assert_eq!(d[unfulfilled]["fulfilled"], false, "{unfulfilled}");
        assert!(
            d[unfulfilled]["communications"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
}

#[test]
fn a_scenario_restricted_duty_is_listed_only_for_its_scenario() {
    // flood-warning (awareness, 48h) names only flood. In a flood, both plans hit by the loss
    // of parts-co list it, due T0 + 48h = T+2d (sales has no communication for it). In a
    // cyber-attack it is left out (previous test). Without --scenario a duty follows the
    // plan's scenarios in scope, as `notification-deadline` reads it: both plans list flood.
    for scenario in [Some("flood"), None] {
        let mut args = vec!["--supplier", "parts-co"];
        if let Some(s) = scenario {
            args.extend(["--scenario", s]);
        }
        let (_, run) = document(DUTIES, &args);
        let d = duties(&run["runs"][0]);
        for plan in ["sales", "ops"] {
            let duty = &d[&format!("{plan}/flood-warning")];
            assert_eq!(duty["due"]["text"], "2d", "{scenario:?} {plan}");
            assert_eq!(duty["fulfilled"], false);
        }
    }
}

#[test]
fn a_disruption_clock_starts_when_the_plans_first_activity_stops_and_unhit_plans_list_none() {
    // Losing dc-b loses crm at T0: sales/order-intake stops at T0, so customer-notice
    // (disruption, 12h) is due T0 + 12h = T+12h. ops depends on nothing lost: no activity of it
    // stops, so none of its duties is listed.
    let (_, run) = document(DUTIES, &["--site", "dc-b", "--scenario", "cyber-attack"]);
    let d = duties(&run["runs"][0]);
    assert_eq!(d["sales/customer-notice"]["due"]["text"], "12h");
    assert_eq!(d["sales/customer-notice"]["starts_at"]["minutes"], 0);
    assert!(d.keys().all(|k| k.starts_with("sales/")), "{d:?}");
    // A workspace without an Obligations register lists none.
    let (_, run) = document(MODEL, &["--site", "penang-p1"]);
    assert!(run["runs"][0]["obligations"].as_array().unwrap().is_empty());
}

#[test]
fn notification_duties_show_in_every_format_with_plan_text_inert() {
    // As in the first duty test (parts-co lost in a cyber-attack), with the basis of
    // gdpr-breach made hostile.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(DUTIES), &dir.path().join("ws"));
    let registers = dir.path().join("ws/registers.yaml");
    let text = std::fs::read_to_string(&registers)
        .unwrap()
        .replace("basis: GDPR art. 33(1)", &format!("basis: \"{HOSTILE}\""));
    std::fs::write(&registers, text).unwrap();
    let out = |format: &str| {
        let run = bcplan_in(
            dir.path(),
            &[
                "impact",
                "ws",
                "--supplier",
                "parts-co",
                "--scenario",
                "cyber-attack",
                "--format",
                format,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let human = out("human");
    assert!(
        human.contains("\nNotification duties whose clocks start:\n"),
        "{human}"
    );
    assert!(human.contains(
        "  sales/early-warning (Early warning of a significant incident; NIS2 art. 23(4)(a))\n    notify regulators within 1d of awareness: due T+1d\n    sent by the regulators communication of ana.lima (Ana Lima), within 1d\n"
    ), "{human}");
    assert!(human.contains(
        "  ops/customer-notice (Customer notice of a disruption; Framework agreement clause 9)\n    notify customers within 12h of the disruption: due T+2d12h\n    ! no communication fulfils it\n"
    ), "{human}");
    assert!(human.contains(
        "    notify executives within 4h of activation: due 4h after activation (activation time is not modelled)\n"
    ), "{human}");
    let md = out("markdown");
    assert!(
        md.contains("### Notification duties whose clocks start\n"),
        "{md}"
    );
    assert!(md.contains(
        "| sales/customer-notice | Customer notice of a disruption | Framework agreement clause 9 | notify customers within 12h of the disruption | T+2d12h | NONE: no communication fulfils it |"
    ), "{md}");
    let links = pulldown_cmark::Parser::new(&md).filter(|e| {
        matches!(
            e,
            pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
        ) || matches!(
            e,
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. })
        )
    });
    assert_eq!(links.count(), 0, "{md}");
    let html = out("html");
    assert!(html.contains("<h3>Notification duties whose clocks start</h3>"));
    assert!(html.contains("<span class=\"bad\">No communication fulfils it</span>"));
    assert!(html.contains("regulators communication: Ana Lima, within 1d"));
    let lower = html.to_lowercase();
    assert!(lower.contains("&lt;script&gt;"), "the basis is shown");
    assert!(
        !lower.contains("<script") && !lower.contains("<img") && !lower.contains("javascript:")
    );
}

const UNREADABLE: &str = "tests/fixtures/impact/unreadable";

#[test]
fn a_material_whose_surviving_source_cannot_be_read_is_unknown_never_lost() {
    // pcb: [acme, two], two unreadable. Losing acme, supply would move to two after 2d, well
    // inside the 7d of stock, if two survives; whether it does cannot be known. So pcb is not
    // lost but could not be judged, and neither can assembly (which needs it) nor test (which
    // needs assembly): no breach is claimed and the run does not fail. audit needs two itself:
    // not judged either.
    let (code, doc) = document(UNREADABLE, &["--supplier", "acme"]);
    let run = &doc["runs"][0];
    assert_eq!(code, 0, "{run:#}");
    assert!(lost(run, "material", "pcb").is_none(), "{run:#}");
    assert!(lost(run, "supplier", "acme").is_some(), "{run:#}");
    assert_eq!(run["activities"], serde_json::json!([]));
    assert_eq!(
        run["unaffected"], 1,
        "coating is unaffected; the others are not judged"
    );
    assert!(run["nothing"].is_null(), "{run:#}");
    assert_eq!(
        run["unknown"],
        serde_json::json!([
            "activity `mfg/assembly` (could not be judged: it depends on material pcb)",
            "activity `mfg/audit` (could not be judged: it depends on supplier two)",
            "activity `mfg/test` (could not be judged: it depends on activity assembly)",
            "material `pcb` (could not be judged because supplier `two` could not be read)",
            "supplier `two` (has schema errors)"
        ])
    );
    let out = bcplan(&["impact", UNREADABLE, "--supplier", "acme"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(!out.stdout.contains("\n  material pcb "), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("0 activities stop, 1 unaffected, 3 could not be judged.\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "  material `pcb` (could not be judged because supplier `two` could not be read)\n"
        ),
        "{}",
        out.stdout
    );
    let md = bcplan(&[
        "impact",
        UNREADABLE,
        "--supplier",
        "acme",
        "--format",
        "markdown",
    ]);
    assert!(
        md.stdout
            .contains("**0 stop, 1 unaffected, 3 could not be judged.**"),
        "{}",
        md.stdout
    );
}

#[test]
fn the_chain_and_the_binding_constraint_name_the_same_entry_on_a_tie() {
    // coating needs caps and resin, both from beta alone with 7d of stock: both run out at 1w
    // and are back with beta at 30d. The chain names caps (listed first); so must the binding.
    let (code, run) = {
        let (code, doc) = document(UNREADABLE, &["--supplier", "beta"]);
        (code, doc["runs"][0].clone())
    };
    assert_eq!(code, 1);
    let coating = activity(&run, "mfg/coating");
    assert_eq!(
        coating["chain"],
        serde_json::json!(["beta", "caps (stock 1w)", "coating"])
    );
    assert!(
        coating["binding"]
            .as_str()
            .unwrap()
            .starts_with("material caps back at T+30d"),
        "{coating:#}"
    );
}

#[test]
fn a_lost_entry_that_cannot_be_read_is_listed_once() {
    // audit depends on two, which is reached (and unreadable) as well as named lost: one line.
    let (code, doc) = document(UNREADABLE, &["--supplier", "two"]);
    assert_eq!(code, 0);
    assert_eq!(
        doc["runs"][0]["unknown"],
        serde_json::json!([
            "activity `mfg/audit` (could not be judged: it depends on supplier two)",
            "supplier `two` (has schema errors; its own links are not followed)"
        ])
    );
    let out = bcplan(&["impact", UNREADABLE, "--supplier", "two"]);
    assert_eq!(
        out.stdout.matches("supplier `two`").count(),
        1,
        "{}",
        out.stdout
    );
}

#[test]
fn a_system_fails_over_when_its_dr_site_is_back_before_its_own_site() {
    // erp runs at arlanda-dc (made to recover in 3d here) with its dr_site frankfurt-dc (24h),
    // rto 8h. Both sites lost at T0: frankfurt-dc is back at T+24h, before arlanda-dc (T+3d), so
    // erp fails over there: back at 24h + 8h = T+1d8h, not 3d + 8h = T+3d8h. With both back at
    // 24h (the fixture as it is), there is nothing to fail over to sooner: 24h + 8h, its own site.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new(MODEL), &ws);
    let registers = ws.join("registers.yaml");
    let text = std::fs::read_to_string(&registers).unwrap();
    let arlanda = "type: data-centre, country: SE, region: eu-north, recovery_time: 24h";
    assert!(text.contains(arlanda));
    std::fs::write(
        &registers,
        text.replace(arlanda, &arlanda.replace("24h", "3d")),
    )
    .unwrap();
    let (_, doc) = document(
        ws.to_str().unwrap(),
        &["--site", "arlanda-dc", "--site", "frankfurt-dc"],
    );
    let erp = lost(&doc["runs"][0], "system", "erp").unwrap();
    assert_eq!(erp["back_at"]["minutes"], 32 * 60, "{erp}");
    assert_eq!(
        erp["note"],
        "fails over to frankfurt-dc when that site is back (T+1d), within its rto 8h"
    );
    let (_, run) = run(&["--site", "arlanda-dc", "--site", "frankfurt-dc"]);
    let erp = lost(&run, "system", "erp").unwrap();
    assert_eq!(erp["back_at"]["minutes"], 32 * 60, "{erp}");
    assert_eq!(
        erp["note"],
        "no surviving dr_site: back when its site is, plus its rto 8h"
    );
}

/// A workspace whose suppliers and systems depend on each other in loops: a ↔ b (b also on c),
/// one ↔ two (two also at s1). The plan's activities enter each loop at its other end first
/// (x at a before y at b; q at two before p at one), where a walk that cuts a loop where it
/// closes would remember b, or one, as not lost.
const LOOPS: &str = "apiVersion: bcplan/v1
kind: Sites
sites:
  - { id: s1, name: One, type: plant, country: SE, recovery_time: 5d }
---
apiVersion: bcplan/v1
kind: Suppliers
suppliers:
  - { id: a, name: A, contracted_recovery: 10d, sub_suppliers: [b] }
  - { id: b, name: B, contracted_recovery: 20d, sub_suppliers: [a, c] }
  - { id: c, name: C, contracted_recovery: 30d }
---
apiVersion: bcplan/v1
kind: Systems
systems:
  - { id: one, name: One, rto: 8h, depends_on: [{ system: two }] }
  - { id: two, name: Two, rto: 4h, depends_on: [{ system: one }, { site: s1 }] }
---
apiVersion: bcplan/v1
kind: Plan
id: mfg
title: Manufacturing
status: draft
activities:
  - { id: x, name: X, rto: 60d, depends_on: [{ supplier: a }] }
  - { id: y, name: Y, rto: 60d, depends_on: [{ supplier: b }] }
  - { id: q, name: Q, rto: 60d, depends_on: [{ system: two }] }
  - { id: p, name: P, rto: 60d, depends_on: [{ system: one }] }
";

#[test]
fn entries_that_depend_on_each_other_in_a_loop_are_lost_together_whichever_is_asked_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("workspace.yaml"), LOOPS).unwrap();
    let ws = dir.path().to_str().unwrap();
    let chain = |run: &Json, id: &str| activity(run, id)["chain"].clone();
    let back = |run: &Json, kind: &str, id: &str| {
        text(&lost(run, kind, id).unwrap_or_else(|| panic!("{kind} {id} not lost: {run:#}"))["back_at"])
            .to_owned()
    };

    // a lost (10d): b, its parent through the loop, is lost with it and back when a is.
    let (_, doc) = document(ws, &["--supplier", "a"]);
    let run = &doc["runs"][0];
    assert_eq!(chain(run, "mfg/x"), serde_json::json!(["a", "x"]));
    assert_eq!(chain(run, "mfg/y"), serde_json::json!(["a", "b", "y"]));
    assert_eq!(back(run, "supplier", "b"), "10d");
    assert_eq!(
        lost(run, "supplier", "b").unwrap()["note"],
        "back when sub-supplier a is"
    );
    assert_eq!(
        lost(run, "supplier", "a").unwrap()["note"],
        "back after its contracted_recovery 10d"
    );

    // c lost (30d): b through it, then a through b; the loop is back when c is.
    let (_, doc) = document(ws, &["--supplier", "c"]);
    let run = &doc["runs"][0];
    assert_eq!(chain(run, "mfg/x"), serde_json::json!(["c", "b", "a", "x"]));
    assert_eq!(chain(run, "mfg/y"), serde_json::json!(["c", "b", "y"]));
    assert_eq!(back(run, "supplier", "a"), "30d");

    // a (10d) and c (30d) lost: each is back when every cause in the loop is over.
    let (_, doc) = document(ws, &["--supplier", "a", "--supplier", "c"]);
    let run = &doc["runs"][0];
    assert_eq!(chain(run, "mfg/x"), serde_json::json!(["a", "x"]));
    assert_eq!(back(run, "supplier", "a"), "30d");
    assert_eq!(
        lost(run, "supplier", "a").unwrap()["note"],
        "back when every cause is over: back after its contracted_recovery 10d; back when sub-supplier b is"
    );

    // s1 lost (5d): two (rto 4h) with it, one through two, whichever is asked first.
    let (_, doc) = document(ws, &["--site", "s1"]);
    let run = &doc["runs"][0];
    assert_eq!(chain(run, "mfg/q"), serde_json::json!(["s1", "two", "q"]));
    assert_eq!(
        chain(run, "mfg/p"),
        serde_json::json!(["s1", "two", "one", "p"])
    );
    assert_eq!(back(run, "system", "one"), back(run, "system", "two"));
}

#[test]
fn a_chain_of_a_hundred_thousand_sub_suppliers_is_walked_not_a_stack_overflow() {
    // v0 ← v1 ← … ← v99999, ten files of 10,000 (a file holds at most 250,000 values): losing
    // the last loses every one above it, and the activity on v0 stops.
    let dir = tempfile::tempdir().unwrap();
    let (n, per) = (100_000, 10_000);
    for k in 0..n / per {
        let mut text = String::from("apiVersion: bcplan/v1\nkind: Suppliers\nsuppliers:\n");
        for i in k * per..(k + 1) * per {
            let sub = if i + 1 < n {
                format!(", sub_suppliers: [v{}]", i + 1)
            } else {
                String::new()
            };
            text.push_str(&format!("  - {{ id: v{i}, name: V{i}{sub} }}\n"));
        }
        std::fs::write(dir.path().join(format!("suppliers{k}.yaml")), text).unwrap();
    }
    std::fs::write(
        dir.path().join("plan.yaml"),
        "apiVersion: bcplan/v1\nkind: Plan\nid: p\ntitle: P\nstatus: draft\nactivities:\n  - { id: a, name: A, rto: 1d, depends_on: [{ supplier: v0 }] }\n",
    )
    .unwrap();
    let out = bcplan(&[
        "impact",
        dir.path().to_str().unwrap(),
        "--supplier",
        "v99999",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc: Json = serde_json::from_str(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(run["lost"].as_array().unwrap().len(), n);
    assert_eq!(activity(run, "p/a")["verdict"]["text"], "no recovery path");
}
