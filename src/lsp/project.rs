//! One loaded workspace as the server sees it: the model read with the editor's unsaved texts,
//! its findings after every rule, and the places of every id.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{Range, Url};

use super::symbols::{Occurrence, Symbol, occurrences};
use super::text::range_of;
use crate::diagnostics::Finding;
use crate::model::{Date, Plan};
use crate::rules::{self, Options};
use crate::workspace::discover::clean;
use crate::workspace::{Overlay, ParseCache, Workspace, load_cached};
use crate::yaml::node::Pos;
use crate::yaml::spanned::FileId;

/// A workspace (the folder holding `bcplan.yaml`) or, outside any workspace, a single file.
pub(crate) struct Project {
    /// The workspace folder or the single file, absolute.
    pub(crate) key: PathBuf,
    /// The last load.
    pub(crate) ws: Workspace,
    /// Every finding of the last load, after overrides and waivers.
    pub(crate) findings: Vec<Finding>,
    /// Every definition and reference.
    pub(crate) occurrences: Vec<Occurrence>,
    /// Why the last load failed, if it did (the previous model is kept for navigation).
    pub(crate) error: Option<String>,
    /// The plans of files that cannot be loaded right now (half-typed), as last loaded, so that
    /// completion still knows their activities, procedures and steps.
    pub(crate) kept: HashMap<PathBuf, Vec<Plan>>,
    /// The files the last load parsed, so a re-check parses only those that changed.
    cache: ParseCache,
}

/// The project key of the file at `path`: the folder holding the nearest `bcplan.yaml` above it,
/// or the file itself.
pub(crate) fn key_of(path: &Path) -> PathBuf {
    let start = path.parent().unwrap_or(path);
    for dir in start.ancestors() {
        if dir
            .join(crate::workspace::discover::WORKSPACE_FILE)
            .is_file()
        {
            return dir.to_path_buf();
        }
    }
    path.to_path_buf()
}

impl Project {
    /// An empty project for `key`, before its first load.
    pub(crate) fn new(key: PathBuf) -> Project {
        Project {
            key,
            ws: Workspace::default(),
            findings: Vec::new(),
            occurrences: Vec::new(),
            error: None,
            kept: HashMap::new(),
            cache: ParseCache::default(),
        }
    }

    /// Loads and checks the project again, reading `overlay` instead of the disk where it has text.
    pub(crate) fn reload(&mut self, overlay: &Overlay, today: Date) {
        if !self.key.exists() {
            // A file outside any workspace that was never saved: checked once it is.
            *self = Project::new(self.key.clone());
            return;
        }
        let key = std::slice::from_ref(&self.key);
        let loaded = load_cached(key, &[], overlay, Some(&mut self.cache)).and_then(|ws| {
            // The rules and the symbol index read the same workspace: both at once.
            let options = Options {
                today,
                only: Vec::new(),
            };
            let (findings, occurrences) =
                rayon::join(|| rules::check(&ws, &options), || occurrences(&ws));
            Ok((ws, findings?, occurrences))
        });
        match loaded {
            Ok((ws, findings, occurrences)) => {
                for file in &ws.broken_plan_files {
                    let path = &ws.sources.get(*file).path;
                    let before: Vec<Plan> = self
                        .ws
                        .plans
                        .iter()
                        .filter(|p| self.ws.sources.get(p.id.span.file).path == *path)
                        .cloned()
                        .collect();
                    if !before.is_empty() {
                        self.kept.insert(path.clone(), before);
                    }
                }
                self.kept.retain(|path, _| {
                    ws.broken_plan_files
                        .iter()
                        .any(|f| ws.sources.get(*f).path == *path)
                });
                self.occurrences = occurrences;
                let old = std::mem::replace(&mut self.ws, ws);
                // Freeing a large workspace takes a while; the next request need not wait for it.
                std::thread::spawn(move || drop(old));
                self.findings = findings;
                self.error = None;
            }
            Err(error) => {
                eprintln!("bcplan lsp: {}: {error:#}", self.key.display());
                self.error = Some(format!("{error:#}"));
            }
        }
    }

    /// The file id of `path` in the last load.
    pub(crate) fn file_id(&self, path: &Path) -> Option<FileId> {
        let wanted = clean(&std::path::absolute(path).ok()?);
        self.ws
            .sources
            .files
            .iter()
            .position(|f| std::path::absolute(&f.path).is_ok_and(|p| clean(&p) == wanted))
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    /// The URI of the file with id `file`.
    pub(crate) fn uri(&self, file: FileId) -> Option<Url> {
        uri_of(&self.ws.sources.get(file).path)
    }

    /// The range of an occurrence.
    pub(crate) fn range(&self, o: &Occurrence) -> Range {
        range_of(
            self.ws.sources.get(o.file),
            Pos {
                line: o.line,
                col: o.col,
            },
            o.len as usize,
        )
    }

    /// The occurrence at `pos` in `file` (the cursor may sit just after the id).
    pub(crate) fn occurrence_at(&self, file: FileId, pos: Pos) -> Option<&Occurrence> {
        self.occurrences.iter().find(|o| {
            o.file == file && o.line == pos.line && o.col <= pos.col && pos.col <= o.col + o.len
        })
    }

    /// Every occurrence of `symbol`.
    pub(crate) fn occurrences_of<'a>(
        &'a self,
        symbol: &'a Symbol,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences.iter().filter(move |o| o.symbol == *symbol)
    }
}

/// The `file:` URI of `path` (made absolute).
pub(crate) fn uri_of(path: &Path) -> Option<Url> {
    Url::from_file_path(clean(&std::path::absolute(path).ok()?)).ok()
}
