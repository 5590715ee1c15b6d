//! The README stays true to the runbook templates: every built-in template is listed.

use std::path::Path;

#[test]
fn readme_lists_every_built_in_template() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(root.join("templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list template {name}"
        );
    }
    assert!(readme.contains("cargo run --release -- render plans --out runbooks"));
}
