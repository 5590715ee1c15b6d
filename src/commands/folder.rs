//! The runbook folder: which names `render` may write, the manifest of what it wrote, and the
//! switch from the old set of files to the new one.
//!
//! The manifest (`.bcplan-manifest.json`) lists every file `render` wrote into the folder and the
//! plan each runbook belongs to. On the next run, runbooks of plans that are no longer in the
//! workspace (removed, renamed, or not loadable) are removed, and so is every other file the
//! manifest names that this run does not write again (a stale copy: a format, the action cards or
//! a PDF of a plan rendered now, or an index in a format no longer written); the files of plans
//! that this run does not select stay. Nothing that the manifest does not name is ever removed,
//! and an entry that is not a plain file name inside the folder, or that names something other
//! than a regular file, is ignored.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

use crate::model::Plan;
use crate::output::{Commit, Staged, TEMP_PREFIX, TEMP_SUFFIX};
use crate::render::Rendered;
use crate::workspace::Workspace;

/// The manifest's file name inside the output folder.
pub(crate) const MANIFEST: &str = ".bcplan-manifest.json";

/// Plan id suffixes kept for the per-plan sheets `render` writes besides the runbook.
const RESERVED_SUFFIXES: &[&str] = &["-first-hour", "-cards"];

/// Plan ids that are names of other files `render` writes.
const RESERVED_IDS: &[&str] = &["index"];

/// The longest file name allowed when the file system does not say (POSIX `NAME_MAX`).
const DEFAULT_NAME_MAX: usize = 255;

/// The manifest: what `render` wrote into the folder.
#[derive(Debug, Default, Deserialize, Serialize)]
struct Manifest {
    /// Always `bcplan/runbooks-v1`.
    format: String,
    /// Files, by name, with the plan each belongs to (none for the index).
    files: BTreeMap<String, Entry>,
}

/// One file in the manifest.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
struct Entry {
    /// The plan whose runbook this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plan: Option<String>,
}

const MANIFEST_FORMAT: &str = "bcplan/runbooks-v1";

/// `file:line:col` of a plan's id.
fn at(ws: &Workspace, plan: &Plan) -> String {
    let pos = plan.id.span.pos;
    format!(
        "{}:{}:{}",
        ws.sources.get(plan.id.span.file).display(),
        pos.line,
        pos.col
    )
}

/// Which files `render` writes per plan.
pub(crate) struct Files<'a> {
    /// The formats: `html`, `md`.
    pub(crate) formats: &'a [&'static str],
    /// The action cards (`--cards`).
    pub(crate) cards: bool,
    /// PDFs printed from the HTML files (`--pdf`).
    pub(crate) pdf: bool,
}

/// Refuses plan ids whose files would replace another file `render` writes (the index, the
/// manifest, another plan's files, a first-hour sheet or action cards), or whose file names are
/// longer than the file system at `out` allows. Nothing is written before this passes.
pub(crate) fn check_names(
    ws: &Workspace,
    plans: &[&Plan],
    files: &Files,
    out: &Path,
) -> Result<()> {
    let formats = files.formats;
    let name_max = name_max(out);
    let mut taken: HashMap<String, &Plan> = HashMap::new();
    for plan in plans {
        let id = plan.id.as_str();
        if RESERVED_IDS.contains(&id) {
            bail!(
                "{}: plan id `{id}` is reserved: render writes the index of all runbooks as {}; rename the plan (for example `{id}-plan`)",
                at(ws, plan),
                formats
                    .iter()
                    .map(|e| format!("{id}.{e}"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            );
        }
        if let Some(suffix) = RESERVED_SUFFIXES.iter().find(|s| id.ends_with(**s)) {
            bail!(
                "{}: plan id `{id}` ends in `{suffix}`, which is reserved for the sheets render writes beside each runbook (`<plan>{suffix}.html`); rename the plan",
                at(ws, plan)
            );
        }
        for name in crate::render::plan_file_names(id, formats, files.cards, files.pdf) {
            if name.len() > name_max {
                bail!(
                    "{}: plan id `{}…` is too long for a file name: `{name}` would be {} bytes, and the file system of {} allows {name_max}; shorten the id",
                    at(ws, plan),
                    id.chars().take(40).collect::<String>(),
                    name.len(),
                    out.display()
                );
            }
            if let Some(other) = taken.insert(name.clone(), plan) {
                bail!(
                    "{}: plan `{id}` would be written to `{name}`, like plan `{}` ({}); rename one of them",
                    at(ws, plan),
                    other.id.as_str(),
                    at(ws, other)
                );
            }
        }
    }
    Ok(())
}

/// The longest file name the file system holding `out` (or its nearest existing parent) allows.
fn name_max(out: &Path) -> usize {
    #[cfg(unix)]
    {
        let mut dir = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        loop {
            if dir.is_dir() {
                return rustix::fs::statvfs(&dir)
                    .ok()
                    .and_then(|s| usize::try_from(s.f_namemax).ok())
                    .filter(|n| *n > 0)
                    .map_or(DEFAULT_NAME_MAX, |n| n.min(DEFAULT_NAME_MAX));
            }
            if !dir.pop() {
                return DEFAULT_NAME_MAX;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = out;
        DEFAULT_NAME_MAX
    }
}

/// Whether `name` is a plain file name (one normal path component, not hidden).
fn plain_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!(components.next(), Some(std::path::Component::Normal(_)))
        && components.next().is_none()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
}

/// Whether `path` is a regular file (not a link, folder or special file).
fn regular_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// The manifest in `out`, if there is a readable one; garbage counts as none.
fn read_manifest(out: &Path) -> Manifest {
    let path = out.join(MANIFEST);
    if !regular_file(&path) {
        return Manifest::default();
    }
    std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        .filter(|m| m.format == MANIFEST_FORMAT)
        .unwrap_or_default()
}

/// Removes temporary files a killed run left in `out` (regular files named like ours).
pub(crate) fn remove_stale_temporaries(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX)
            && name.ends_with(TEMP_SUFFIX)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Why an old file was removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Removal {
    /// Its plan is no longer in the workspace (removed or renamed).
    Gone,
    /// Its plan is still in the workspace but could not be loaded.
    NotLoaded,
    /// A stale copy: its plan (or the index) was rendered again, but not into this file.
    Stale,
}

/// What a commit did.
#[derive(Debug, Default)]
pub(crate) struct Switched {
    /// Files written (runbooks and index).
    pub(crate) written: usize,
    /// Old files removed, by name, with why.
    pub(crate) removed: Vec<(String, Removal)>,
}

/// Switches `out` from its old set of files to the staged new one: the runbooks are renamed
/// into place, old files that this run replaces by nothing removed (runbooks of plans no longer
/// in the workspace or not loadable, stale copies of what was rendered), the manifest written,
/// and the index last of all. An interrupt waits until this is done; `pause` is the test hook
/// called after the runbooks are in place.
pub(crate) fn switch(
    ws: &Workspace,
    out: &Path,
    staged: Rendered<Staged>,
    pause: &dyn Fn(&str),
) -> Result<Switched> {
    let old = read_manifest(out);
    let loaded: HashSet<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
    let not_loaded: HashSet<&str> = ws.broken_plans.iter().map(|(_, id)| id.as_str()).collect();
    let rendered: HashSet<&str> = staged.runbooks.iter().map(|(id, _)| id.as_str()).collect();
    let mut new = Manifest {
        format: MANIFEST_FORMAT.to_owned(),
        files: BTreeMap::new(),
    };
    for (plan, files) in &staged.runbooks {
        for file in files {
            new.files.insert(
                file_name(file.target()),
                Entry {
                    plan: Some(plan.clone()),
                },
            );
        }
    }
    for file in &staged.index {
        new.files.insert(file_name(file.target()), Entry::default());
    }
    // Old files not written again: removed when their plan is not loaded, or when their plan
    // (or the index) was rendered now, into other files; kept (and still listed) while their
    // plan is loaded but not selected; ignored when the entry is not a plain name of a regular
    // file in the folder.
    let mut stale = Vec::new();
    for (name, entry) in old.files {
        if new.files.contains_key(&name) || !plain_name(&name) || !regular_file(&out.join(&name)) {
            continue;
        }
        let why = match entry.plan.as_deref() {
            Some(plan) if rendered.contains(plan) => Some(Removal::Stale),
            Some(plan) if loaded.contains(plan) => None,
            Some(plan) if not_loaded.contains(plan) => Some(Removal::NotLoaded),
            Some(_) => Some(Removal::Gone),
            None => Some(Removal::Stale),
        };
        match why {
            Some(why) => stale.push((name, entry, why)),
            None => {
                new.files.insert(name, entry);
            }
        }
    }
    let mut commit = Commit::begin();
    // Until the new manifest is in place, the old one also names the stale and new files, so a
    // run killed half-way still knows everything it wrote.
    let mut interim = Manifest {
        format: MANIFEST_FORMAT.to_owned(),
        files: new.files.clone(),
    };
    for (name, entry, _) in &stale {
        interim.files.insert(name.clone(), entry.clone());
    }
    commit.write(&out.join(MANIFEST), &manifest_bytes(&interim)?)?;
    let mut written = 0;
    for (_, files) in staged.runbooks {
        for file in files {
            commit.persist(file)?;
            written += 1;
        }
    }
    pause("commit");
    for (name, _, _) in &stale {
        let path = out.join(name);
        if regular_file(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
    commit.write(&out.join(MANIFEST), &manifest_bytes(&new)?)?;
    for file in staged.index {
        commit.persist(file)?;
        written += 1;
    }
    commit.finish();
    let files: Vec<PathBuf> = new.files.keys().map(|n| out.join(n)).collect();
    crate::output::sync_folder(out, &files)?;
    Ok(Switched {
        written,
        removed: stale
            .into_iter()
            .map(|(name, _, why)| (name, why))
            .collect(),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn manifest_bytes(manifest: &Manifest) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(manifest)?;
    bytes.push(b'\n');
    Ok(bytes)
}
