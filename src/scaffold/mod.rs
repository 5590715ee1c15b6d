//! The starter workspace `bcplan init` writes: the embedded templates with their dates filled in,
//! the check that nothing would be overwritten, and the writing itself.
//!
//! The templates live in `templates/init/` and are compiled into the binary, so `init` needs no
//! network and no installed files. Dates in them are written relative to "today" (see `fill`), so
//! a fresh scaffold passes every check for the whole review cycle. This module never reads plans
//! and never overwrites a file: either every file is new, or nothing is written.

mod fill;
mod templates;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::model::Date;

use fill::fill;
use templates::TEMPLATES;

/// One file of the scaffold, ready to write.
#[derive(Clone, Debug)]
pub(crate) struct ScaffoldFile {
    /// Path inside the new workspace, with `/` separators.
    pub(crate) path: &'static str,
    /// The contents, dates filled in.
    pub(crate) contents: String,
}

/// Every file of the scaffold, with dates relative to `today`.
pub(crate) fn files(today: Date) -> Result<Vec<ScaffoldFile>> {
    TEMPLATES
        .iter()
        .map(|&(path, template)| {
            let contents = fill(template, today)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("built-in template `{path}`"))?;
            Ok(ScaffoldFile { path, contents })
        })
        .collect()
}

/// The paths under `dir` that are in the way of `files`: files that already exist, and
/// non-folders where a folder is needed. Dangling symbolic links count as existing.
pub(crate) fn conflicts(dir: &Path, files: &[ScaffoldFile]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for file in files {
        let target = dir.join(file.path);
        let mut blocked = None;
        for ancestor in target.ancestors().skip(1) {
            if ancestor == dir || ancestor.as_os_str().is_empty() {
                break;
            }
            if std::fs::symlink_metadata(ancestor).is_ok() && !ancestor.is_dir() {
                blocked = Some(ancestor.to_path_buf());
            }
        }
        let in_the_way =
            blocked.or_else(|| std::fs::symlink_metadata(&target).is_ok().then_some(target));
        if let Some(path) = in_the_way {
            if !found.contains(&path) {
                found.push(path);
            }
        }
    }
    found
}

/// Writes `files` under `dir`, creating folders as needed; each file is written atomically.
pub(crate) fn write(dir: &Path, files: &[ScaffoldFile]) -> Result<()> {
    for file in files {
        let target = dir.join(file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        }
        crate::output::write_atomic(&target, file.contents.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_fills_and_leaves_no_date_placeholder() {
        let today: Date = "2026-06-01".parse().unwrap();
        for file in files(today).unwrap() {
            assert!(
                !file.contents.contains("{{today"),
                "{} keeps a placeholder",
                file.path
            );
        }
    }

    #[test]
    fn an_existing_file_and_a_file_in_place_of_a_folder_are_conflicts() {
        let dir = tempfile::tempdir().unwrap();
        let today: Date = "2026-06-01".parse().unwrap();
        let files = files(today).unwrap();
        assert!(conflicts(dir.path(), &files).is_empty());
        std::fs::write(dir.path().join("bcplan.yaml"), "x").unwrap();
        std::fs::write(dir.path().join("registers"), "x").unwrap();
        let found = conflicts(dir.path(), &files);
        assert!(found.contains(&dir.path().join("bcplan.yaml")), "{found:?}");
        assert!(found.contains(&dir.path().join("registers")), "{found:?}");
        assert_eq!(
            found
                .iter()
                .filter(|p| **p == dir.path().join("registers"))
                .count(),
            1
        );
    }
}
