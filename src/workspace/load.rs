//! Loading a workspace: discover files, read and parse them in parallel, gather the documents.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

use super::discover::{Skip, WORKSPACE_FILE, clean, find_roots, special_kind, yaml_files};
use super::parse::{Document, ParsedFile, parse_file};
use super::source::{SourceFile, SourceMap};
use crate::diagnostics::Finding;
use crate::model::{
    Lane, Limits, Material, Person, Plan, Scenario, Site, Size, Supplier, System, WorkspaceDoc,
};
use crate::yaml::node::Pos;
use crate::yaml::spanned::{FileId, Span};

/// Every document of a workspace, as loaded.
#[derive(Debug, Default)]
pub struct Workspace {
    /// The files read.
    pub sources: SourceMap,
    /// The workspace settings (defaults when there is no `bcplan.yaml`).
    pub config: WorkspaceDoc,
    /// The folder holding `bcplan.yaml`, if any.
    pub root: Option<PathBuf>,
    /// People register entries.
    pub people: Vec<Person>,
    /// Sites.
    pub sites: Vec<Site>,
    /// Suppliers.
    pub suppliers: Vec<Supplier>,
    /// Materials.
    pub materials: Vec<Material>,
    /// Systems.
    pub systems: Vec<System>,
    /// Lanes.
    pub lanes: Vec<Lane>,
    /// Scenarios.
    pub scenarios: Vec<Scenario>,
    /// Notification obligations.
    pub obligations: Vec<crate::model::Obligation>,
    /// Plans.
    pub plans: Vec<Plan>,
    /// Findings of loading (yaml-syntax, schema).
    pub findings: Vec<Finding>,
    /// Files or documents skipped as not bcplan's, with the reason.
    pub skipped: Vec<(String, String)>,
    /// YAML-named paths met while walking that are not regular files, with what they are; not read.
    pub special: Vec<(String, &'static str)>,
    /// Ids of entries that exist but could not be loaded, as (reference kind, id).
    pub broken: HashSet<(&'static str, String)>,
    /// Files holding a plan that could not be loaded (syntax or schema errors), or a document of
    /// an unknown kind: what their text names counts as used.
    pub broken_plan_files: Vec<FileId>,
    /// Plans that could not be loaded, as (file, id), in file order.
    pub broken_plans: Vec<(FileId, String)>,
    /// When paths inside a workspace were given: the (absolute) paths findings are reported for.
    pub focus: Vec<PathBuf>,
}

/// Texts that stand in for files on disk (an editor's unsaved buffers), by absolute, clean path.
///
/// A path in the overlay is read from here instead of the disk; an overlay path that does not exist
/// on disk yet is loaded too when it lies under a walked folder.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    texts: HashMap<PathBuf, String>,
}

impl Overlay {
    /// Makes `text` the contents of `path`.
    pub fn insert(&mut self, path: &Path, text: String) {
        if let Ok(path) = std::path::absolute(path) {
            self.texts.insert(clean(&path), text);
        }
    }

    /// The text standing in for `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&str> {
        let path = clean(&std::path::absolute(path).ok()?);
        self.texts.get(&path).map(String::as_str)
    }

    /// Overlay YAML files under `folder` that walking the disk does not find.
    fn extra_files(&self, folder: &Path, found: &[PathBuf]) -> Vec<PathBuf> {
        let Ok(folder) = std::path::absolute(folder) else {
            return Vec::new();
        };
        let folder = clean(&folder);
        self.texts
            .keys()
            .filter(|p| p.starts_with(&folder) && !p.exists())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .filter(|p| !found.contains(p))
            .cloned()
            .collect()
    }
}

/// Loads the workspace at `paths` (default: found from the current folder), skipping `outputs`.
pub fn load(paths: &[PathBuf], outputs: &[PathBuf]) -> Result<Workspace> {
    load_with(paths, outputs, &Overlay::default())
}

/// Like [`load`], reading the files of `overlay` from it instead of the disk.
pub fn load_with(paths: &[PathBuf], outputs: &[PathBuf], overlay: &Overlay) -> Result<Workspace> {
    load_cached(paths, outputs, overlay, None)
}

/// The files a previous load parsed, to parse again only those whose bytes changed: an editor's
/// re-check after a keystroke parses the one file being edited.
#[derive(Debug, Default)]
pub struct ParseCache {
    files: HashMap<PathBuf, (FileId, ParsedFile)>,
}

impl ParseCache {
    /// What `path` yielded as file `file` when it held `bytes`, if it was parsed so.
    fn get(&self, path: &Path, file: FileId, bytes: &[u8]) -> Option<ParsedFile> {
        let (id, parsed) = self.files.get(path)?;
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        (*id == file && parsed.text.as_bytes() == text).then(|| parsed.clone())
    }
}

/// Like [`load_with`], parsing again only the files that changed since the load that filled
/// `cache` (same path, same place in the workspace, same bytes), and keeping what it parsed there
/// for the next; the result is the same. Without a cache, every file is parsed and none kept.
///
/// # Errors
///
/// As [`load_with`].
pub fn load_cached(
    paths: &[PathBuf],
    outputs: &[PathBuf],
    overlay: &Overlay,
    mut cache: Option<&mut ParseCache>,
) -> Result<Workspace> {
    let roots = find_roots(paths)?;
    let size_of = |path: &PathBuf, limits: &Limits| -> Result<u64> {
        match overlay.get(path) {
            Some(text) => within_limit(path, len(text.as_bytes()), limits),
            None => size_of(path, limits),
        }
    };
    let read = |path: &PathBuf, size: u64, limits: &Limits| -> Result<Vec<u8>> {
        match overlay.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => read(path, size, limits),
        }
    };
    let mut ws = Workspace::default();
    let mut pending: Vec<(PathBuf, Option<ParsedFile>)> = Vec::new();
    let mut skip = Skip {
        folders: outputs.to_vec(),
        ..Skip::default()
    };
    let mut limits = Limits::default();
    if let Some(file) = &roots.workspace_file {
        let bytes = read(file, size_of(file, &limits)?, &limits)?;
        let parsed = parse_file(FileId(0), &bytes);
        let root = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from);
        if let Some(config) = settings(&parsed) {
            skip.globs = config.exclude.iter().map(|g| g.value.clone()).collect();
            if let Some(output) = &config.output {
                skip.folders.push(root.join(output.as_str()));
            }
            limits = config.limits.clone();
        }
        ws.root = Some(root.clone());
        skip.root = root;
        pending.push((file.clone(), Some(parsed)));
    }
    // Inside a workspace, paths narrow what is reported, not what is loaded: plans refer to the
    // shared registers, so the whole workspace is read for context.
    let walk = match (&ws.root, paths.is_empty()) {
        (Some(root), false) => {
            ws.focus = paths
                .iter()
                .filter_map(|p| std::path::absolute(p).ok())
                .map(|p| clean(&p))
                .collect();
            // Paths outside the workspace, and files named explicitly (even excluded ones), are
            // read as well.
            let mut walk = vec![root.clone()];
            walk.extend(paths.iter().cloned());
            walk
        }
        _ => roots.paths.clone(),
    };
    let listing = yaml_files(&walk, &skip)?;
    ws.special = listing
        .special
        .into_iter()
        .map(|(path, what)| (path.to_string_lossy().replace('\\', "/"), what))
        .collect();
    let mut files = listing.files;
    for folder in walk.iter().filter(|p| p.is_dir()) {
        files.extend(overlay.extra_files(folder, &files));
    }
    files.sort();
    files.dedup();
    for path in files {
        if pending.first().is_none_or(|(first, _)| *first != path) {
            pending.push((path, None));
        }
    }
    // Sizes first, so that nothing is read when the workspace is over its limits.
    let mut sizes = Vec::with_capacity(pending.len());
    for (path, _) in &pending {
        sizes.push(size_of(path, &limits)?);
    }
    check_total(&pending, &sizes, &limits)?;
    let explicit: HashSet<PathBuf> = paths
        .iter()
        .filter(|p| p.is_file())
        .map(|p| clean(p))
        .collect();
    let cached = cache.as_deref();
    let parsed: Vec<(PathBuf, ParsedFile, Option<ParsedFile>)> = pending
        .into_par_iter()
        .zip(sizes)
        .enumerate()
        .map(|(index, ((path, parsed), size))| {
            if let Some(parsed) = parsed {
                return Ok((path, parsed, None));
            }
            let file = FileId(u32::try_from(index).unwrap_or(u32::MAX));
            let bytes = read(&path, size, &limits)?;
            if let Some(parsed) = cached.and_then(|c| c.get(&path, file, &bytes)) {
                return Ok((path, parsed, None));
            }
            let parsed = parse_file(file, &bytes);
            let keep = cached.map(|_| parsed.clone());
            Ok((path, parsed, keep))
        })
        .collect::<Result<_>>()?;
    if let Some(cache) = cache.as_deref_mut() {
        let loaded: HashSet<&PathBuf> = parsed.iter().map(|(path, _, _)| path).collect();
        cache.files.retain(|path, _| loaded.contains(path));
    }
    let mut files = Vec::with_capacity(parsed.len());
    for (index, (path, parsed, keep)) in parsed.into_iter().enumerate() {
        if let (Some(cache), Some(keep)) = (cache.as_deref_mut(), keep) {
            let file = FileId(u32::try_from(index).unwrap_or(u32::MAX));
            cache.files.insert(path.clone(), (file, keep));
        }
        files.push((path, parsed));
    }
    ws.add_files(files, &explicit);
    Ok(ws)
}

/// Loads a workspace from files held in memory, as if they had been read from disk (in the
/// order of their paths, as a walk reads them; a `bcplan.yaml` among them is the workspace file, and its `limits` apply). Nothing is
/// read from or written to the file system: this is the entry point for tools that hold the files
/// themselves, such as the fuzz targets.
///
/// # Errors
///
/// A file, or all of them together, over the workspace's `limits`.
pub fn load_files(files: Vec<(PathBuf, Vec<u8>)>) -> Result<Workspace> {
    let mut ws = Workspace::default();
    let mut pending: Vec<(PathBuf, Option<ParsedFile>)> = Vec::with_capacity(files.len());
    let mut bytes: Vec<Option<Vec<u8>>> = Vec::with_capacity(files.len());
    let mut sizes = Vec::with_capacity(files.len());
    let mut limits = Limits::default();
    let mut files = files;
    // In the order a walk of the same files on disk reads them, so that both find the same.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(at) = files
        .iter()
        .position(|(path, _)| path.as_path() == Path::new(WORKSPACE_FILE))
    {
        let (path, text) = files.remove(at);
        sizes.push(within_limit(&path, len(&text), &limits)?);
        let parsed = parse_file(FileId(0), &text);
        if let Some(config) = settings(&parsed) {
            limits = config.limits.clone();
        }
        ws.root = Some(PathBuf::from("."));
        pending.push((path, Some(parsed)));
        bytes.push(None);
    }
    for (path, text) in files {
        sizes.push(within_limit(&path, len(&text), &limits)?);
        pending.push((path, None));
        bytes.push(Some(text));
    }
    check_total(&pending, &sizes, &limits)?;
    let parsed: Vec<(PathBuf, ParsedFile)> = pending
        .into_par_iter()
        .zip(bytes)
        .enumerate()
        .map(|(index, ((path, parsed), text))| {
            let parsed = parsed.unwrap_or_else(|| {
                parse_file(
                    FileId(u32::try_from(index).unwrap_or(u32::MAX)),
                    &text.unwrap_or_default(),
                )
            });
            (path, parsed)
        })
        .collect();
    ws.add_files(parsed, &HashSet::new());
    Ok(ws)
}

fn len(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

/// The workspace settings a parsed `bcplan.yaml` holds, if any.
fn settings(parsed: &ParsedFile) -> Option<&WorkspaceDoc> {
    parsed.documents.iter().find_map(|doc| match doc {
        Document::Workspace(config) => Some(&**config),
        _ => None,
    })
}

/// `size`, refused when it is over `limits.max_file_size`.
fn within_limit(path: &Path, size: u64, limits: &Limits) -> Result<u64> {
    if size > limits.file() {
        bail!(too_big(path, size, limits.file()));
    }
    Ok(size)
}

/// The size of the regular file `path`, refused when it is over `limits.max_file_size` or is not
/// a regular file (which is never opened: opening a FIFO waits for a writer).
fn size_of(path: &Path, limits: &Limits) -> Result<u64> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("{}: cannot read file", path.display()))?;
    if !metadata.is_file() {
        bail!(
            "{}: {}, not a regular file; bcplan reads only regular files",
            path.display(),
            special_kind(&metadata.file_type())
        );
    }
    within_limit(path, metadata.len(), limits)
}

fn too_big(path: &Path, size: u64, limit: u64) -> String {
    format!(
        "{}: the file is {} (more than the limit of {}, `limits.max_file_size`); if it is meant to be this large, raise the limit in {WORKSPACE_FILE}: `limits: {{ max_file_size: {} }}`",
        path.display(),
        approximately(size),
        Size(limit),
        Size(size.div_ceil(1 << 20).max(1) << 20),
    )
}

/// Refuses a workspace whose files together are over `limits.max_workspace_size`.
fn check_total<T>(pending: &[(PathBuf, T)], sizes: &[u64], limits: &Limits) -> Result<()> {
    let total: u64 = sizes.iter().sum();
    if total <= limits.workspace() {
        return Ok(());
    }
    let largest = pending
        .iter()
        .zip(sizes)
        .max_by_key(|(_, size)| **size)
        .map(|((path, _), size)| {
            format!(
                "; the largest is {} ({})",
                path.display(),
                approximately(*size)
            )
        })
        .unwrap_or_default();
    bail!(
        "the workspace's {} YAML files total {}, more than the limit of {} (`limits.max_workspace_size`){largest}; exclude what is not bcplan's with `exclude:` in {WORKSPACE_FILE}, or raise the limit there: `limits: {{ max_workspace_size: {} }}`",
        sizes.len(),
        approximately(total),
        Size(limits.workspace()),
        Size(total.div_ceil(1 << 20) << 20),
    )
}

/// A size for messages: `2.0 GiB`, `17.3 MiB`, `512 bytes`.
#[allow(clippy::cast_precision_loss)] // One decimal is all that is shown.
fn approximately(size: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if size >= 1 << shift {
            return format!("{:.1} {unit}", size as f64 / f64::from(1u32 << shift));
        }
    }
    format!("{size} bytes")
}

/// Reads `path` (of `size` bytes when listed), never more than the limit: a file that grew since
/// is refused rather than read whole.
///
/// The file is opened without waiting (`O_NONBLOCK`) and checked again once open: a file swapped
/// for a FIFO or a device after it was listed is refused, never waited on or read without end.
fn read(path: &Path, size: u64, limits: &Limits) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let file =
        open_regular(path).with_context(|| format!("{}: cannot read file", path.display()))?;
    let metadata = file
        .metadata()
        .with_context(|| format!("{}: cannot read file", path.display()))?;
    if !metadata.is_file() {
        bail!(
            "{}: {}, not a regular file (it was replaced while bcplan was reading the workspace); bcplan reads only regular files",
            path.display(),
            special_kind(&metadata.file_type())
        );
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limits.file() + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{}: cannot read file", path.display()))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limits.file() {
        bail!(too_big(path, read, limits.file()));
    }
    Ok(bytes)
}

/// Opens `path` for reading without waiting for a writer, should it be a FIFO by now.
#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(std::fs::File::from(fd))
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

impl Workspace {
    /// Adds parsed files, in order (`FileId(n)` being the n-th), reporting a file named in
    /// `explicit` that holds no bcplan document.
    fn add_files(&mut self, parsed: Vec<(PathBuf, ParsedFile)>, explicit: &HashSet<PathBuf>) {
        let mut invalid_ids = Vec::new();
        for (index, (path, file)) in parsed.into_iter().enumerate() {
            let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
            let source = SourceFile::new(path, file.text);
            let shown = source.display();
            if !file.ours && file.findings.is_empty() && explicit.contains(&source.path) {
                let why = file.skipped.first().cloned().unwrap_or_default();
                self.findings.push(
                    Finding::new("schema", Span { file: id, pos: Pos::default() }, format!("no bcplan document in this file ({why})"))
                        .help("start each document with `apiVersion: bcplan/v1` and `kind: ...`, or do not name this file"),
                );
            }
            for reason in file.skipped {
                self.skipped.push((shown.clone(), reason));
            }
            invalid_ids.extend(
                file.invalid_ids
                    .into_iter()
                    .map(|(index, text)| (self.findings.len() + index, text)),
            );
            self.findings.extend(file.findings);
            if file.unknown_kind || file.broken_ids.iter().any(|(kind, _)| *kind == "plan") {
                self.broken_plan_files.push(id);
            }
            for (kind, plan) in &file.broken_ids {
                if *kind == "plan" {
                    self.broken_plans.push((id, plan.clone()));
                }
            }
            self.broken.extend(file.broken_ids);
            for doc in file.documents {
                self.add(doc);
            }
            self.sources.files.push(source);
        }
        // The lists grew by doubling as files were added; give back the room they will not use.
        self.plans.shrink_to_fit();
        self.people.shrink_to_fit();
        self.sites.shrink_to_fit();
        self.suppliers.shrink_to_fit();
        self.materials.shrink_to_fit();
        self.systems.shrink_to_fit();
        self.findings.shrink_to_fit();
        for (index, text) in invalid_ids {
            if let Some(id) = self.id_for_name(&text) {
                let finding = &mut self.findings[index];
                finding.help = format!(
                    "did you mean `{}` ({})? entries are named by their id, not their name",
                    id.0, id.1
                )
                .into();
            }
        }
    }

    /// Lists skipped files and documents, and special files not read, on standard error.
    pub fn print_skipped(&self) {
        for (file, reason) in &self.skipped {
            eprintln!(
                "skipped {}: {}",
                crate::visible::visible(file),
                crate::visible::visible(reason)
            );
        }
        for (file, what) in &self.special {
            eprintln!(
                "skipped {}: {what}, not a regular file (not read)",
                crate::visible::visible(file)
            );
        }
    }

    /// A line naming the special files met while walking, if there were any.
    pub fn special_note(&self) -> Option<String> {
        if self.special.is_empty() {
            return None;
        }
        let names: Vec<String> = self
            .special
            .iter()
            .map(|(file, what)| format!("{}, {what}", crate::visible::visible(file)))
            .collect();
        Some(format!(
            "not read (not a regular file): {}",
            names.join("; ")
        ))
    }

    /// Whether findings in `file` are reported (always, unless paths narrowed the run).
    pub fn in_focus(&self, file: FileId) -> bool {
        if self.focus.is_empty() {
            return true;
        }
        std::path::absolute(&self.sources.get(file).path)
            .is_ok_and(|path| self.focus.iter().any(|f| clean(&path).starts_with(f)))
    }

    /// The id and name of the register entry `text` names: by its name (in any case), or by the
    /// id the text makes when lower-cased with spaces as `.`, `-` or `_` (`Nadia Rahman`).
    fn id_for_name(&self, text: &str) -> Option<(String, String)> {
        let text = text.trim();
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let ids: Vec<String> = [".", "-", "_"].iter().map(|sep| words.join(sep)).collect();
        let entries = self
            .people
            .iter()
            .map(|p| (&p.id, Some(&p.name)))
            .chain(self.sites.iter().map(|s| (&s.id, Some(&s.name))))
            .chain(self.suppliers.iter().map(|s| (&s.id, Some(&s.name))))
            .chain(self.materials.iter().map(|m| (&m.id, Some(&m.name))))
            .chain(self.systems.iter().map(|s| (&s.id, Some(&s.name))))
            .chain(self.lanes.iter().map(|l| (&l.id, l.name.as_ref())))
            .chain(self.scenarios.iter().map(|s| (&s.id, Some(&s.name))));
        let mut by_id = None;
        for (id, name) in entries {
            if name.is_some_and(|n| n.trim().to_lowercase() == lower) {
                return Some((id.to_string(), name.cloned().unwrap_or_default()));
            }
            if by_id.is_none() && ids.iter().any(|candidate| candidate == id.as_str()) {
                by_id = Some((
                    id.to_string(),
                    name.cloned().unwrap_or_else(|| id.to_string()),
                ));
            }
        }
        by_id
    }

    fn add(&mut self, doc: Document) {
        match doc {
            Document::Workspace(config) => self.config = *config,
            Document::Plan(plan) => self.plans.push(*plan),
            Document::People(d) => self.people.extend(d.people),
            Document::Sites(d) => self.sites.extend(d.sites),
            Document::Suppliers(d) => self.suppliers.extend(d.suppliers),
            Document::Materials(d) => self.materials.extend(d.materials),
            Document::Systems(d) => self.systems.extend(d.systems),
            Document::Lanes(d) => self.lanes.extend(d.lanes),
            Document::Scenarios(d) => self.scenarios.extend(d.scenarios),
            Document::Obligations(d) => self.obligations.extend(d.obligations),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A file listed as regular and swapped for a FIFO before it is read is refused at once:
    /// `read` never waits for a writer.
    #[test]
    fn a_file_swapped_for_a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        std::fs::write(&path, "apiVersion: bcplan/v1\n").unwrap();
        let limits = Limits::default();
        let size = size_of(&path, &limits).unwrap();
        std::fs::remove_file(&path).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(read(&path, size, &limits).map_err(|e| e.to_string()));
        });
        let result = receive
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("reading a FIFO returns without a writer");
        let error = result.unwrap_err();
        assert!(
            error.contains("plan.yaml: a FIFO (a named pipe), not a regular file"),
            "{error}"
        );
    }
}
