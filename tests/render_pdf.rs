//! `render --pdf` through the real binary: the first-hour sheet of every plan prints on exactly
//! one A4 and one Letter page, the runbook starts with it, the paper follows `--paper` or the
//! locale, and a missing browser or a bad combination of options is a clear error.
//!
//! Printing needs a Chromium (`.ci/run` installs one) and poppler-utils; without them the printing
//! tests print a note and pass, unless `BCPLAN_REQUIRE_BROWSER=1` says they must be there.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Runs the binary with `args` and the environment changes `env` (`None` removes a variable).
fn run(args: &[&str], env: &[(&str, Option<&str>)]) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bcplan"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("BCPLAN_TODAY", "2026-06-01")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        match v {
            Some(v) => command.env(k, v),
            None => command.env_remove(k),
        };
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The browser to print with, or `None` (after a note) when the tools are missing and not required.
fn browser() -> Option<String> {
    let found = std::env::var("BCPLAN_BROWSER")
        .ok()
        .filter(|b| runs(b, "--version"))
        .or_else(|| {
            ["chromium", "chromium-browser", "google-chrome"]
                .into_iter()
                .find(|b| runs(b, "--version"))
                .map(str::to_owned)
        });
    let poppler = runs("pdfinfo", "-v") && runs("pdftotext", "-v");
    if found.is_some() && poppler {
        return found;
    }
    assert!(
        std::env::var("BCPLAN_REQUIRE_BROWSER").as_deref() != Ok("1"),
        "a Chromium browser and poppler-utils are required (BCPLAN_REQUIRE_BROWSER=1) but were not found"
    );
    eprintln!(
        "note: Chromium or poppler-utils not found; test skipped (set BCPLAN_REQUIRE_BROWSER=1 to make this a failure)"
    );
    None
}

/// The absolute path of `program` on PATH (for `--browser`).
fn which(program: &str) -> PathBuf {
    if Path::new(program).is_absolute() {
        return PathBuf::from(program);
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .unwrap()
}

/// `pdfinfo`'s page count and page size line.
fn info(pdf: &Path) -> (u32, String) {
    let text =
        String::from_utf8(Command::new("pdfinfo").arg(pdf).output().unwrap().stdout).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    (field("Pages:").parse().unwrap_or(0), field("Page size:"))
}

/// The text of `pdf` (pages `first..=last`, all when `None`), without whitespace.
fn text(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut command = Command::new("pdftotext");
    if let Some((f, l)) = pages {
        command.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = command
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap()
        .stdout;
    String::from_utf8_lossy(&out)
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The words of page `page` of `pdf`, stripped of punctuation at either end.
fn words(pdf: &Path, page: u32) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-raw"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap()
        .stdout;
    String::from_utf8_lossy(&out)
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .collect()
}

/// The scenario names heading the coverage matrix of a runbook's HTML.
fn coverage_headers(html: &str) -> Vec<String> {
    let table = &html[html.find("<table class=\"coverage\">").unwrap()..];
    let head = &table[..table.find("</thead>").unwrap()];
    head.split("<th scope=\"col\">")
        .skip(2)
        .map(|c| {
            c[..c.find("</th>").unwrap()]
                .replace("&#x2f;", "/")
                .replace("&amp;", "&")
        })
        .collect()
}

/// A top-level text field of a plan file.
fn plan_field(file: &str, field: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let plan: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    plan[field].as_str().unwrap().to_owned()
}

/// Activation criteria of a plan file.
fn criteria(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let plan: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    plan["activation"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn first_hour_sheets_print_on_one_a4_and_one_letter_page() {
    let Some(browser) = browser() else { return };
    let browser = which(&browser);
    let plans = [
        (
            "plans",
            "plans/manufacturing/dongguan-mfg.yaml",
            "dongguan-mfg",
        ),
        ("plans", "plans/manufacturing/tczew-mfg.yaml", "tczew-mfg"),
        (
            "plans",
            "plans/logistics/emea-logistics.yaml",
            "emea-logistics",
        ),
        (
            "plans",
            "plans/procurement/global-procurement.yaml",
            "global-procurement",
        ),
        (
            "plans",
            "plans/services/technical-services.yaml",
            "technical-services",
        ),
        (
            "examples/minimal",
            "examples/minimal/plan.yaml",
            "order-desk",
        ),
    ];
    for (paper, size) in [("a4", "(A4)"), ("letter", "(letter)")] {
        let dir = tempfile::tempdir().unwrap();
        for workspace in ["plans", "examples/minimal"] {
            let out = dir.path().join(workspace.replace('/', "-"));
            let (code, stderr) = run(
                &[
                    "render",
                    workspace,
                    "--out",
                    out.to_str().unwrap(),
                    "--format",
                    "html",
                    "--pdf",
                    "--paper",
                    paper,
                    "--browser",
                    browser.to_str().unwrap(),
                ],
                &[],
            );
            assert_eq!(code, 0, "{stderr}");
            assert!(stderr.contains("PDF files ("), "{stderr}");
        }
        for (workspace, file, id) in plans {
            let out = dir.path().join(workspace.replace('/', "-"));
            let sheet = out.join(format!("{id}-first-hour.pdf"));
            let (pages, page_size) = info(&sheet);
            assert_eq!(pages, 1, "{id}-first-hour.pdf on {paper}: {pages} pages");
            assert!(page_size.ends_with(size), "{id}: {page_size}");
            let sheet_text = text(&sheet, None);
            for needle in [
                "Invokethisplanwhen",
                "Whomayinvokeit",
                "Commandcentre:",
                "Firstcalls",
                "Choosebyscenario",
            ] {
                assert!(sheet_text.contains(needle), "{id} on {paper}: no {needle}");
            }
            for c in criteria(file) {
                assert!(
                    sheet_text.contains(&squash(&c)),
                    "{id} on {paper}: criterion {c}"
                );
            }
            // The runbook's first page is the same sheet; the cover and contents come next.
            let runbook = out.join(format!("{id}.pdf"));
            let (pages, page_size) = info(&runbook);
            assert!(
                pages > 2 && page_size.ends_with(size),
                "{id}: {pages} {page_size}"
            );
            let first = text(&runbook, Some((1, 1)));
            assert!(
                first.contains("1.Firsthour") && first.contains("Choosebyscenario"),
                "{id}"
            );
            assert!(
                !first.contains("Contents"),
                "{id}: the contents are on page 1"
            );
            assert!(
                text(&runbook, Some((2, 2))).contains("Contents"),
                "{id}: page 2"
            );
            // One header on page 1: the page-margin header, not the screen header as well.
            let version = plan_field(file, "version");
            let header = squash(&format!("{id} · version {version}"));
            assert_eq!(
                first.matches(&header).count(),
                1,
                "{id}: page 1 headers in {first}"
            );
            // Coverage headers break between words, never inside one.
            let html = std::fs::read_to_string(out.join(format!("{id}.html"))).unwrap();
            let coverage = (3..=pages)
                .find(|p| text(&runbook, Some((*p, *p))).contains("6.Coveragematrix"))
                .unwrap();
            let tokens = words(&runbook, coverage);
            for name in coverage_headers(&html) {
                for word in name.split_whitespace().filter(|w| w.chars().count() > 2) {
                    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                    assert!(
                        tokens.iter().any(|t| t == word),
                        "{id} on {paper}: coverage header \"{name}\" is broken inside \"{word}\""
                    );
                }
            }
        }
    }
}

#[test]
fn paper_defaults_to_the_locale() {
    let Some(browser) = browser() else { return };
    let browser = which(&browser);
    for (lang, size) in [
        ("en_US.UTF-8", "(letter)"),
        ("en_GB.UTF-8", "(A4)"),
        ("C", "(A4)"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (code, stderr) = run(
            &[
                "render",
                "examples/minimal",
                "--out",
                out.to_str().unwrap(),
                "--pdf",
                "--browser",
                browser.to_str().unwrap(),
            ],
            &[("LANG", Some(lang)), ("LC_ALL", None), ("LC_PAPER", None)],
        );
        assert_eq!(code, 0, "{stderr}");
        for name in ["order-desk.pdf", "order-desk-first-hour.pdf"] {
            let (_, page_size) = info(&out.join(name));
            assert!(
                page_size.ends_with(size),
                "LANG={lang}: {name} is {page_size}"
            );
        }
        // The index is not printed; the Markdown is written as usual.
        assert!(!out.join("index.pdf").exists() && out.join("order-desk.md").is_file());
        // The PDFs are written like every other file: listed in the manifest (so that they are
        // removed with their plan), with no temporary file left behind.
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(".bcplan-manifest.json")).unwrap(),
        )
        .unwrap();
        for name in ["order-desk.pdf", "order-desk-first-hour.pdf"] {
            assert_eq!(manifest["files"][name]["plan"], "order-desk", "{manifest}");
        }
        let temporaries: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
            .collect();
        assert!(temporaries.is_empty(), "{temporaries:?}");
    }
}

#[test]
fn pdf_without_a_browser_says_how_to_install_one_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    let (code, stderr) = run(
        &[
            "render",
            "examples/minimal",
            "--out",
            out.to_str().unwrap(),
            "--pdf",
        ],
        &[("PATH", Some(empty.to_str().unwrap()))],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--pdf needs a headless Chromium or Chrome, and none was found on PATH")
            && stderr.contains("apt-get install chromium")
            && stderr.contains("--browser PATH"),
        "{stderr}"
    );
    assert!(
        !out.exists(),
        "nothing is written when the PDFs cannot be printed"
    );
    let missing = dir.path().join("no-such-browser");
    let cases: [(&[&str], &str); 3] = [
        (
            &["--pdf", "--browser", missing.to_str().unwrap()],
            "no-such-browser: --browser must name a Chromium or Chrome program",
        ),
        (
            &["--pdf", "--format", "md"],
            "--pdf prints the HTML runbooks: use --format html or --format both",
        ),
        (&["--paper", "a4"], "--pdf"),
    ];
    for (extra, message) in cases {
        let mut args = vec!["render", "examples/minimal", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (code, stderr) = run(&args, &[]);
        assert_eq!(code, 2, "{extra:?}: {stderr}");
        assert!(stderr.contains(message), "{extra:?}: {stderr}");
    }
    assert!(!out.exists());
}

#[test]
fn a_browser_that_fails_is_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake-chrome");
    std::fs::write(&fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = dir.path().join("out");
    let (code, stderr) = run(
        &[
            "render",
            "examples/minimal",
            "--out",
            out.to_str().unwrap(),
            "--pdf",
            "--browser",
            fake.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("fake-chrome: cannot print order-desk.html to PDF")
            && stderr.contains("cannot open display"),
        "{stderr}"
    );
    assert!(!out.join("order-desk.pdf").exists());
}

#[test]
fn a_first_hour_sheet_with_long_lists_still_prints_on_one_page_and_says_what_it_leaves_out() {
    let Some(browser) = browser() else { return };
    let browser = which(&browser);
    let workspace = "tests/fixtures/first-hour-stress";
    let file = "tests/fixtures/first-hour-stress/plan.yaml";
    let criteria = criteria(file);
    assert_eq!(criteria.len(), 12);
    let registers = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/first-hour-stress/registers.yaml"),
    )
    .unwrap();
    let people: Vec<String> = registers
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name: \""))
        .map(|n| n.trim_end_matches('"').to_owned())
        .collect();
    assert_eq!(people.len(), 10);
    for (paper, size) in [("a4", "(A4)"), ("letter", "(letter)")] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (code, stderr) = run(
            &[
                "render",
                workspace,
                "--out",
                out.to_str().unwrap(),
                "--pdf",
                "--paper",
                paper,
                "--browser",
                browser.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(code, 0, "{stderr}");
        let sheet = out.join("north-distribution-first-hour.pdf");
        let runbook = out.join("north-distribution.pdf");
        let (pages, page_size) = info(&sheet);
        assert_eq!(pages, 1, "the sheet on {paper}: {pages} pages");
        assert!(page_size.ends_with(size), "{page_size}");
        for (pdf, page) in [(&sheet, None), (&runbook, Some((1, 1)))] {
            let printed = text(pdf, page);
            // Every criterion, everyone who may invoke and every first call is printed in full.
            for c in &criteria {
                assert!(printed.contains(&squash(c)), "{paper}: criterion {c}");
            }
            for p in &people {
                assert!(printed.contains(&squash(p)), "{paper}: {p}");
            }
            // The chooser prints its first 5 of 14 rows, the warning row for the scenario no
            // procedure answers (the 13th), and says where the other 8 are.
            assert!(
                printed.contains("2.9Respondtotheprolongedpoweroutage"),
                "{paper}"
            );
            assert!(!printed.contains("2.11Respond"), "{paper}");
            assert!(
                printed.contains("VolcanicashcloudclosingtheairportsthesiteshipsthroughNoprocedureanswersthisscenario"),
                "{paper}: {printed}"
            );
            let more = if page.is_none() {
                "…and8morescenarios:see2.Proceduresintherunbook,whereeachprocedurenamesitsscenarios."
            } else {
                "…and8morescenarios:see2.Procedures,whereeachprocedurenamesitsscenarios."
            };
            assert!(printed.contains(more), "{paper}: {printed}");
        }
        // The runbook's next page is its cover: the sheet took one page there too.
        assert!(
            !text(&runbook, Some((2, 2))).contains("Choosebyscenario"),
            "{paper}"
        );
        // On screen every row is there, and the line about the others is not shown.
        let html = std::fs::read_to_string(out.join("north-distribution-first-hour.html")).unwrap();
        assert_eq!(html.matches("<th scope=\"row\">").count(), 14);
        assert!(html.contains("<p class=\"chooser-more\">… and 8 more scenarios"));
    }
}
