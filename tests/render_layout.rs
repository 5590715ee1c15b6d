//! The layout of rendered runbooks, measured in a real Chromium through the binary's output
//! (`.ci/layout.js`, one browser launch for every file; no screenshots):
//! - print, at the printable width of A4 and of Letter (page width minus the `@page` margins of
//!   `templates/style.css`): every table, border included, lies inside the content box;
//! - the contents list on screen (1280 px) and in print: nested entries stay in their parent's
//!   column, no entry reaches past its column and no two overlap;
//! - phone (375 px): every contents link is at least 24 x 24 CSS px (WCAG 2.5.8), and as high as
//!   the stylesheet promises (`min-height` of `.toc a`).
//!
//! `.ci/run` installs `puppeteer-core` in `.ci/node` and a Chromium. Without them the test prints a
//! note and passes, unless `BCPLAN_REQUIRE_LAYOUT=1` says they must be there.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The left plus right `@page` margins of the stylesheet, in mm.
fn page_margins_mm(css: &str) -> f64 {
    let page = &css[css.find("@page").expect("an @page rule")..];
    let margin = page[page.find("margin:").unwrap() + 7..]
        .split(';')
        .next()
        .unwrap();
    let mm: Vec<f64> = margin
        .split_whitespace()
        .map(|v| v.strip_suffix("mm").unwrap().parse().unwrap())
        .collect();
    match mm.as_slice() {
        [all] => 2.0 * all,
        [_, sides] | [_, sides, _] => 2.0 * sides,
        [_, right, _, left] => right + left,
        _ => panic!("@page margin: {margin}"),
    }
}

/// The `min-height` the stylesheet gives contents links (`.toc a`), in px; 24 when it gives none.
fn promised_link_height(css: &str) -> f64 {
    css.match_indices(".toc a {")
        .filter_map(|(i, _)| {
            let rule = &css[i..i + css[i..].find('}').unwrap()];
            let v = rule.split("min-height:").nth(1)?;
            v.trim().split("px").next()?.parse().ok()
        })
        .fold(24.0, f64::max)
}

/// Runs `.ci/layout.js` on `files`; returns its exit code and output.
fn layout(browser: &str, margins: f64, height: f64, files: &[PathBuf]) -> (Option<i32>, String) {
    let out = Command::new("node")
        .arg(root().join(".ci/layout.js"))
        .arg(margins.to_string())
        .arg("24")
        .arg(height.to_string())
        .args(files)
        .env("BCPLAN_BROWSER", browser)
        .output()
        .unwrap();
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn tables_stay_on_the_page_and_contents_keep_their_columns_and_targets() {
    let browser =
        std::env::var("BCPLAN_BROWSER").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node
        || !root().join(".ci/node/node_modules/puppeteer-core").is_dir()
        || !Path::new(&browser).is_file()
    {
        assert!(
            std::env::var("BCPLAN_REQUIRE_LAYOUT").as_deref() != Ok("1"),
            "node, .ci/node/node_modules/puppeteer-core and a Chromium are required (BCPLAN_REQUIRE_LAYOUT=1) but were not found"
        );
        eprintln!(
            "note: node, puppeteer-core or Chromium not found; test skipped (set BCPLAN_REQUIRE_LAYOUT=1 to make this a failure)"
        );
        return;
    }
    let css = std::fs::read_to_string(root().join("templates/style.css")).unwrap();
    let margins = page_margins_mm(&css);
    assert!((margins - 28.0).abs() < 1e-9, "{margins}");
    let height = promised_link_height(&css);
    assert!(height >= 24.0, "{height}");

    // The check finds each fault it is for: a table flush with the page edge (its border is cut
    // off in the PDF) and one wider than the page, a nested contents entry in the other column
    // from its parent, a title running into the next column, and small contents links.
    let bad_dir = tempfile::tempdir().unwrap();
    let bad = bad_dir.path().join("bad.html");
    let nested = (1..=12).fold(String::new(), |mut list, i| {
        list.push_str(&format!("<li><a href=\"#p{i}\">2.{i} Procedure</a></li>"));
        list
    });
    std::fs::write(
        &bad,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>t</title><style>body{{margin:0}} table{{border-collapse:collapse;width:100%}} td{{border:1px solid}} .toc{{columns:2;column-gap:20px}}</style></head><body>\
             <table aria-label=\"flush\"><tr><td>a</td></tr></table>\
             <table style=\"width:auto\" aria-label=\"wide\"><tr><td>{long}</td></tr></table>\
             <ul class=\"toc\"><li><a href=\"#a\">1. First</a></li><li><a href=\"#b\">2. Procedures</a><ul>{nested}</ul></li>\
             <li><a href=\"#c\">3. {long}</a></li></ul></body></html>",
            long = "Unbreakable".repeat(12)
        ),
    )
    .unwrap();
    let (code, report) = layout(&browser, margins, height, &[bad]);
    assert_eq!(code, Some(1), "{report}");
    for fault in [
        "print A4 (687.87 px): table \"flush\" spans 0.00..687.8",
        "print Letter (710.17 px): table \"flush\"",
        "table \"wide\"",
        "its parent \"2. Procedures\" in column 1",
        "px past its column",
        "contents, phone 375 px: \"1. First\" is",
    ] {
        assert!(report.contains(fault), "no {fault}:\n{report}");
    }

    // The reference plans and a plan with many long names, as rendered.
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, workspace) in [
        ("plans", "plans"),
        ("stress", "tests/fixtures/first-hour-stress"),
    ] {
        let out = dir.path().join(name);
        let run = common::bcplan(&[
            "render",
            workspace,
            "--out",
            out.to_str().unwrap(),
            "--cards",
            "--format",
            "html",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut here: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        here.sort();
        files.extend(here);
    }
    let runbooks = files
        .iter()
        .filter(|f| {
            let name = f.file_name().unwrap().to_str().unwrap();
            !name.ends_with("-first-hour.html")
                && !name.ends_with("-cards.html")
                && name != "index.html"
        })
        .count();
    assert_eq!(runbooks, 6, "{files:?}");
    let (code, report) = layout(&browser, margins, height, &files);
    assert_eq!(code, Some(0), "layout:\n{report}");
    // Every file is printed at two widths; each runbook's contents are also measured in print,
    // on screen and on a phone.
    assert!(
        report.contains(&format!(
            "layout: {} file(s), {} check(s), 0 fault(s)",
            files.len(),
            2 * files.len() + 3 * runbooks
        )),
        "{report}"
    );
}
