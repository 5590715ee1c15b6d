//! The hooks of `.pre-commit-hooks.yaml` run by the real pre-commit (PyPI; `.ci/run` installs
//! it) in a git repository holding a workspace made by `bcplan init`: `bcplan-check` checks the
//! working tree (an untracked broken file blocks a commit), `bcplan-check-staged` only the staged
//! bcplan files, with the whole workspace as context.
//!
//! The hooks are used as they are defined (id, entry, files, pass_filenames), as a local hook
//! with `language: system` and the built binary on the path, so that the test does not build
//! bcplan again with cargo as `language: rust` would. Without pre-commit the tests print a note
//! and pass, unless `BCPLAN_REQUIRE_PRE_COMMIT=1`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn pre_commit() -> Option<PathBuf> {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/venv/bin/pre-commit");
    if installed.is_file() {
        return Some(installed);
    }
    if Command::new("pre-commit").arg("--version").output().is_ok() {
        return Some("pre-commit".into());
    }
    assert!(
        std::env::var("BCPLAN_REQUIRE_PRE_COMMIT").as_deref() != Ok("1"),
        "pre-commit is required (BCPLAN_REQUIRE_PRE_COMMIT=1) but was not found"
    );
    eprintln!(
        "note: pre-commit not found; test skipped (set BCPLAN_REQUIRE_PRE_COMMIT=1 to make this a failure)"
    );
    None
}

/// A git repository with a fresh workspace and the hooks configured, everything committed.
struct Repo {
    dir: tempfile::TempDir,
    tool: PathBuf,
}

impl Repo {
    fn new(tool: PathBuf) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo { dir, tool };
        let init = Command::new(env!("CARGO_BIN_EXE_bcplan"))
            .arg("init")
            .arg(repo.path())
            .env("BCPLAN_TODAY", "2026-06-01")
            .output()
            .unwrap();
        assert!(
            init.status.success(),
            "{}",
            String::from_utf8_lossy(&init.stderr)
        );
        let hooks_file = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
        let hooks: Value =
            serde_saphyr::from_str(&std::fs::read_to_string(hooks_file).unwrap()).unwrap();
        let local: Vec<Value> = hooks
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                json!({
                    "id": h["id"], "name": h["name"], "entry": h["entry"], "files": h["files"],
                    "pass_filenames": h["pass_filenames"], "language": "system",
                })
            })
            .collect();
        let config = json!({ "repos": [{ "repo": "local", "hooks": local }] });
        repo.write(".pre-commit-config.yaml", &config.to_string());
        repo.git(&["init", "--quiet"]);
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "--quiet", "--no-verify", "-m", "workspace"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn append(&self, file: &str, text: &str) {
        let mut all = std::fs::read_to_string(self.path().join(file)).unwrap();
        all.push_str(text);
        self.write(file, &all);
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `pre-commit run HOOK` on the staged files; the exit code and the output.
    fn run(&self, hook: &str) -> (i32, String) {
        let bin = Path::new(env!("CARGO_BIN_EXE_bcplan")).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out: Output = Command::new(&self.tool)
            .args(["run", hook])
            .current_dir(self.path())
            .env("PATH", path)
            .env("PRE_COMMIT_HOME", self.path().join(".git/pre-commit-home"))
            .env("BCPLAN_TODAY", "2026-06-01")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }
}

const PLAN: &str = "manufacturing/leeds-manufacturing.yaml";
const BROKEN: &str = "apiVersion: bcplan/v1\nkind: Plan\nid: half-written\n";

#[test]
fn the_workspace_hook_checks_the_working_tree_and_the_staged_hook_only_staged_files() {
    let Some(tool) = pre_commit() else {
        return;
    };
    let repo = Repo::new(tool);
    // A good staged change, and an untracked broken plan.
    repo.append(PLAN, "# reviewed\n");
    repo.git(&["add", PLAN]);
    repo.write("services/draft.yaml", BROKEN);
    let (code, out) = repo.run("bcplan-check");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("services/draft.yaml"), "{out}");
    let (code, out) = repo.run("bcplan-check-staged");
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("draft.yaml"), "{out}");
}

#[test]
fn the_staged_hook_reports_a_broken_staged_file_not_an_unstaged_fix() {
    let Some(tool) = pre_commit() else {
        return;
    };
    let repo = Repo::new(tool);
    repo.append(PLAN, "colour: red\n");
    repo.git(&["add", PLAN]);
    // Fixed in the working tree but not staged: pre-commit checks what is committed.
    let staged = std::fs::read_to_string(repo.path().join(PLAN)).unwrap();
    repo.write(PLAN, &staged.replace("colour: red\n", ""));
    let (code, out) = repo.run("bcplan-check-staged");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("{PLAN}:")), "{out}");
    assert!(out.contains("unknown field `colour`"), "{out}");
    // The unstaged fix is back after the run.
    assert!(
        !std::fs::read_to_string(repo.path().join(PLAN))
            .unwrap()
            .contains("colour")
    );
}

#[test]
fn the_staged_hook_leaves_out_yaml_files_that_are_not_bcplan_documents() {
    let Some(tool) = pre_commit() else {
        return;
    };
    let repo = Repo::new(tool);
    repo.write("docs/notes.yaml", "title: meeting notes\n");
    repo.append(PLAN, "# reviewed\n");
    repo.git(&["add", "docs/notes.yaml", PLAN]);
    let (code, out) = repo.run("bcplan-check-staged");
    assert_eq!(code, 0, "{out}");
    // A reference to a person the registers do not have is reported in the staged plan.
    let text = std::fs::read_to_string(repo.path().join(PLAN)).unwrap();
    repo.write(
        PLAN,
        &text.replacen("owner: james.reid", "owner: nobody.here", 1),
    );
    repo.git(&["add", PLAN]);
    let (code, out) = repo.run("bcplan-check-staged");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("nobody.here"), "{out}");
}
