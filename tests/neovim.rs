//! A real editor client: Neovim, headless, starts `bcplan lsp` for a plan with a known gap and
//! the diagnostic must arrive at the right line. Skips when `nvim` is missing, unless
//! `BCPLAN_REQUIRE_NEOVIM=1` (set by `.ci/run`), where it fails.

use std::path::Path;
use std::process::Command;

#[test]
fn neovim_shows_the_diagnostic_of_a_gap() {
    let found = Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("BCPLAN_REQUIRE_NEOVIM").as_deref() != Ok("1"),
            "nvim is not installed but BCPLAN_REQUIRE_NEOVIM=1 (install the Debian package `neovim`)"
        );
        eprintln!("skipped: nvim is not installed (set BCPLAN_REQUIRE_NEOVIM=1 to make this fail)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp");
    for name in ["bcplan.yaml", "registers.yaml"] {
        std::fs::copy(fixture.join(name), root.join(name)).unwrap();
    }
    std::fs::create_dir(root.join("plans")).unwrap();
    // The gap: an activity owner nobody in the people register has.
    let text = std::fs::read_to_string(fixture.join("plans/order-desk.yaml"))
        .unwrap()
        .replacen("    owner: ana.silva", "    owner: ana.silvo", 1);
    let plan = root.join("plans/order-desk.yaml");
    std::fs::write(&plan, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l == "    owner: ana.silvo")
        .unwrap();
    let result = root.join("diagnostics.txt");
    let output = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!(
            "luafile {}",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/editors/neovim.lua")
                .display()
        ))
        .env("BCPLAN_BIN", env!("CARGO_BIN_EXE_bcplan"))
        .env("BCPLAN_PLAN", &plan)
        .env("BCPLAN_ROOT", &root)
        .env("BCPLAN_RESULT", &result)
        .env("BCPLAN_TODAY", "2026-06-01")
        .current_dir(&root)
        .output()
        .unwrap();
    let shown = std::fs::read_to_string(&result).unwrap_or_else(|_| {
        panic!(
            "Neovim wrote no result: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(
        shown.trim(),
        format!("{line}:11:unknown-reference"),
        "{shown}"
    );
}
