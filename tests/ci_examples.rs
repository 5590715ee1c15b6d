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

#[test]
fn github_actions_example_checks_renders_and_comments_the_diff() {
    let workflow = load("examples/ci/github-actions.yml");
    let runs = steps(&workflow, "run");
    let uses = steps(&workflow, "uses");
    assert!(
        runs.iter()
            .any(|r| r.contains("bcplan check --format sarif --output bcplan.sarif"))
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@"))
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("bcplan render --out runbooks"))
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-artifact@"))
    );
    assert!(
        runs.iter().any(
            |r| r.contains("bcplan diff --git origin/${{ github.base_ref }}..HEAD --format md")
        )
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
fn gitlab_example_reports_junit() {
    let ci = load("examples/ci/gitlab-ci.yml");
    let check = &ci["bcplan-check"];
    let script: Vec<&str> = check["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(script.contains(&"bcplan check --format junit --output bcplan-junit.xml"));
    assert_eq!(check["artifacts"]["reports"]["junit"], "bcplan-junit.xml");
    assert_eq!(check["artifacts"]["when"], "always");
}

#[test]
fn pre_commit_hook_runs_check_on_yaml_changes() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hook = &hooks.as_array().expect("a list of hooks")[0];
    assert_eq!(hook["id"], "bcplan-check");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["entry"], "bcplan check");
    assert_eq!(hook["pass_filenames"], false);
    assert_eq!(hook["files"], "\\.ya?ml$");
}

#[test]
fn the_workflow_init_writes_checks_with_sarif_and_renders() {
    let workflow = load("templates/init/.github/workflows/bcplan.yml");
    let runs = steps(&workflow, "run");
    assert!(
        runs.iter()
            .any(|r| r.contains("bcplan check --format sarif"))
    );
    assert!(runs.iter().any(|r| r.contains("bcplan render")));
    assert!(
        steps(&workflow, "uses")
            .iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@"))
    );
}
