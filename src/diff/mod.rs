//! `bcplan diff`: the semantic difference between two versions of a workspace.
//!
//! Each version is loaded and checked on its own (a [`Snapshot`]), from a folder or from a git
//! revision exported by `git`; `compare` then matches plans, their activities, strategies and
//! procedures, and register entries by id, and findings by rule, target, plan and message. The
//! result is plain data ([`Report`]) that `markdown` and `json` print. Nothing here writes files
//! other than the temporary export of a git revision.

mod cells;
mod findings;
pub mod git;
pub mod json;
pub mod markdown;
pub mod model;
mod plans;
mod registers;
mod values;

use std::path::{Component, Path, PathBuf};

use anyhow::Result;

pub use model::Report;

use crate::diagnostics::Finding;
use crate::model::Date;
use crate::rules::{self, Options};
use crate::workspace::{self, Workspace};
use crate::yaml::spanned::FileId;

/// One version of a workspace, loaded and checked.
#[derive(Debug)]
pub struct Snapshot {
    /// What this version is, as shown in the report (a folder, a revision, "working tree").
    pub label: String,
    /// The workspace.
    pub ws: Workspace,
    /// Its findings, checked as of the same day as the other version.
    pub findings: Vec<Finding>,
    /// Folder that file names are shown relative to, when the files were read from a temporary
    /// export rather than from where the user sees them.
    base: Option<PathBuf>,
}

impl Snapshot {
    /// Loads the workspace at `paths` and runs every rule as of `today`. Files are shown relative
    /// to `base` when given (see [`git::Export`]), else as loaded.
    pub fn load(
        label: impl Into<String>,
        paths: &[PathBuf],
        base: Option<PathBuf>,
        today: Date,
    ) -> Result<Snapshot> {
        let ws = workspace::load(paths, &[])?;
        let findings = rules::check(
            &ws,
            &Options {
                today,
                only: Vec::new(),
            },
        )?;
        Ok(Snapshot {
            label: label.into(),
            ws,
            findings,
            base,
        })
    }

    /// The name of file `id`, as the user should see it.
    pub(crate) fn file(&self, id: FileId) -> String {
        let Some(file) = self.ws.sources.files.get(id.0 as usize) else {
            return String::new();
        };
        match &self.base {
            Some(base) => relative(&file.path, base)
                .to_string_lossy()
                .replace('\\', "/"),
            None => file.display(),
        }
    }
}

/// `path` relative to `base`, lexically (both absolute, or both relative to the same folder).
fn relative(path: &Path, base: &Path) -> PathBuf {
    fn parts(p: &Path) -> Vec<Component<'_>> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    }
    let (path, base) = (parts(path), parts(base));
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    out.extend(&path[common..]);
    out
}

/// Compares two versions; `deny_warnings` makes introduced warnings count as failing.
pub fn compare(old: &Snapshot, new: &Snapshot, deny_warnings: bool) -> Report {
    let workspace = plans::workspace(old, new);
    let plans = plans::compare(old, new);
    let registers = registers::compare(old, new);
    let findings = findings::compare(old, new, deny_warnings);
    let summary = model::Summary {
        plans_added: plans.added.len(),
        plans_removed: plans.removed.len(),
        plans_changed: plans.changed.len(),
        register_changes: registers.added.len() + registers.removed.len() + registers.changed.len(),
        workspace_changed: !workspace.is_empty(),
        findings_introduced: findings.introduced.len(),
        findings_resolved: findings.resolved.len(),
        failing_introduced: findings.introduced.iter().filter(|f| f.fails).count(),
    };
    Report {
        version: 1,
        old: old.label.clone(),
        new: new.label.clone(),
        summary,
        workspace,
        plans,
        registers,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_base() {
        assert_eq!(
            relative(Path::new("/t/a/b.yaml"), Path::new("/t/a")),
            PathBuf::from("b.yaml")
        );
        assert_eq!(
            relative(Path::new("/t/bcplan.yaml"), Path::new("/t/sub/dir")),
            PathBuf::from("../../bcplan.yaml")
        );
    }
}
