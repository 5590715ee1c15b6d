//! `bcplan diff OLD NEW` and `bcplan diff --git REV[..REV] [PATH...]`: load and check both
//! versions as of the same day, compare them, print the report.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::{Outcome, emit, parse_today};
use crate::cli::Deny;
use crate::cli::{DiffArgs, DiffFormat};
use crate::diff::{self, Snapshot, git};
use crate::model::Date;
use crate::workspace::discover::find_roots;

/// Runs `diff`.
pub(super) fn run(args: &DiffArgs) -> Result<Outcome> {
    let today = parse_today(args.today.as_deref())?;
    let (old, new) = match &args.git {
        Some(spec) => git_sides(spec, &args.paths, today)?,
        None => {
            let [old, new] = args.paths.as_slice() else {
                bail!(
                    "`bcplan diff` compares two folders (`bcplan diff OLD NEW`) or git revisions (`bcplan diff --git REV[..REV]`); got {} path{}",
                    args.paths.len(),
                    if args.paths.len() == 1 { "" } else { "s" }
                );
            };
            (folder(old, today)?, folder(new, today)?)
        }
    };
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let report = diff::compare(&old, &new, deny_warnings);
    let text = match args.format {
        DiffFormat::Md => diff::markdown::report(&report),
        DiffFormat::Json => diff::json::report(&report),
    };
    emit(&text, args.output.as_deref())?;
    Ok(
        if args.fail_on_new_findings && report.summary.failing_introduced > 0 {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}

fn folder(path: &PathBuf, today: Date) -> Result<Snapshot> {
    if !path.is_dir() {
        bail!(
            "{}: not a folder (`bcplan diff OLD NEW` compares two workspace folders)",
            path.display()
        );
    }
    Snapshot::load(
        path.display().to_string(),
        std::slice::from_ref(path),
        None,
        today,
    )
}

/// Both sides of `--git SPEC`, limited to `paths` (default: the workspace found from here).
fn git_sides(spec: &str, paths: &[PathBuf], today: Date) -> Result<(Snapshot, Snapshot)> {
    let range = git::parse_range(spec)?;
    let paths = if paths.is_empty() {
        find_roots(&[])?.paths
    } else {
        paths.to_vec()
    };
    let revision = |rev: &str, label: &str| -> Result<(Snapshot, Vec<bool>)> {
        let export = git::export(rev, &paths)?;
        let snapshot = Snapshot::load(label, &export.paths, Some(export.base.clone()), today)?;
        Ok((snapshot, export.missing))
    };
    let (old, old_missing) = revision(&range.old, &range.old_label)?;
    let (new, new_missing) = match &range.new {
        Some(rev) => revision(rev, rev)?,
        None => {
            let missing = paths.iter().map(|p| !p.exists()).collect();
            (
                Snapshot::load("working tree", &paths, None, today)?,
                missing,
            )
        }
    };
    // A path that neither side has is most likely a typo: say so rather than "No changes".
    for ((path, old), new) in paths.iter().zip(old_missing).zip(new_missing) {
        if old && new {
            bail!("{}: not found in either version", path.display());
        }
    }
    Ok((old, new))
}
