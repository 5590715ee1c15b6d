//! Loading a workspace: discover files, read and parse them in parallel, gather the documents.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use super::discover::{Skip, WORKSPACE_FILE, clean, find_roots, yaml_files};
use super::parse::{Document, ParsedFile, parse_file};
use super::source::{SourceFile, SourceMap};
use crate::diagnostics::Finding;
use crate::model::{Lane, Material, Person, Plan, Scenario, Site, Supplier, System, WorkspaceDoc};
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
    /// Plans.
    pub plans: Vec<Plan>,
    /// Findings of loading (yaml-syntax, schema).
    pub findings: Vec<Finding>,
    /// Files or documents skipped as not bcplan's, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Ids of entries that exist but could not be loaded, as (reference kind, id).
    pub broken: HashSet<(&'static str, String)>,
    /// Files holding a plan that could not be loaded (syntax or schema errors).
    pub broken_plan_files: Vec<FileId>,
    /// When paths inside a workspace were given: the (absolute) paths findings are reported for.
    pub focus: Vec<PathBuf>,
}

/// Loads the workspace at `paths` (default: found from the current folder), skipping `outputs`.
pub fn load(paths: &[PathBuf], outputs: &[PathBuf]) -> Result<Workspace> {
    let roots = find_roots(paths)?;
    let mut ws = Workspace::default();
    let mut pending: Vec<(PathBuf, Option<ParsedFile>)> = Vec::new();
    let mut skip = Skip {
        folders: outputs.to_vec(),
        ..Skip::default()
    };
    if let Some(file) = &roots.workspace_file {
        let bytes = read(file)?;
        let parsed = parse_file(FileId(0), &bytes);
        let root = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from);
        for doc in &parsed.documents {
            if let Document::Workspace(config) = doc {
                skip.globs = config.exclude.iter().map(|g| g.value.clone()).collect();
                if let Some(output) = &config.output {
                    skip.folders.push(root.join(output));
                }
            }
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
    for path in yaml_files(&walk, &skip)? {
        if pending.first().is_none_or(|(first, _)| *first != path) {
            pending.push((path, None));
        }
    }
    let explicit: HashSet<PathBuf> = paths
        .iter()
        .filter(|p| p.is_file())
        .map(|p| clean(p))
        .collect();
    let parsed: Vec<(PathBuf, ParsedFile)> = pending
        .into_par_iter()
        .enumerate()
        .map(|(index, (path, parsed))| {
            let parsed = match parsed {
                Some(parsed) => parsed,
                None => parse_file(
                    FileId(u32::try_from(index).unwrap_or(u32::MAX)),
                    &read(&path)?,
                ),
            };
            Ok((path, parsed))
        })
        .collect::<Result<_>>()?;
    ws.add_files(parsed, &explicit);
    Ok(ws)
}

/// Loads a workspace from files held in memory, as if they had been read from disk in this
/// order (a `bcplan.yaml` among them is the workspace file). Nothing is read from or written to
/// the file system: this is the entry point for tools that hold the files themselves (the fuzz
/// targets; an editor's unsaved buffers).
pub fn load_files(files: Vec<(PathBuf, Vec<u8>)>) -> Workspace {
    let mut ws = Workspace::default();
    let mut files = files;
    if let Some(at) = files
        .iter()
        .position(|(path, _)| path.as_path() == Path::new(WORKSPACE_FILE))
    {
        let file = files.remove(at);
        files.insert(0, file);
        ws.root = Some(PathBuf::from("."));
    }
    let parsed = files
        .into_par_iter()
        .enumerate()
        .map(|(index, (path, bytes))| {
            (
                path,
                parse_file(FileId(u32::try_from(index).unwrap_or(u32::MAX)), &bytes),
            )
        })
        .collect();
    ws.add_files(parsed, &HashSet::new());
    ws
}

fn read(path: &PathBuf) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("{}: cannot read file", path.display()))
}

impl Workspace {
    /// Whether findings in `file` are reported (always, unless paths narrowed the run).
    pub fn in_focus(&self, file: FileId) -> bool {
        if self.focus.is_empty() {
            return true;
        }
        std::path::absolute(&self.sources.get(file).path)
            .is_ok_and(|path| self.focus.iter().any(|f| clean(&path).starts_with(f)))
    }

    /// Adds parsed files, in order (`FileId(n)` being the n-th), reporting a file named in
    /// `explicit` that holds no bcplan document.
    fn add_files(&mut self, parsed: Vec<(PathBuf, ParsedFile)>, explicit: &HashSet<PathBuf>) {
        for (index, (path, file)) in parsed.into_iter().enumerate() {
            let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
            let source = SourceFile {
                path,
                text: file.text,
            };
            let shown = source.display();
            if !file.ours && file.findings.is_empty() && explicit.contains(&source.path) {
                let why = file.skipped.first().cloned().unwrap_or_default();
                let span = Span {
                    file: id,
                    pos: Pos::default(),
                };
                self.findings.push(
                    Finding::new("schema", span, format!("no bcplan document in this file ({why})"))
                        .help("start each document with `apiVersion: bcplan/v1` and `kind: ...`, or do not name this file"),
                );
            }
            for reason in file.skipped {
                self.skipped.push((shown.clone(), reason));
            }
            self.findings.extend(file.findings);
            if file.broken_ids.iter().any(|(kind, _)| *kind == "plan") {
                self.broken_plan_files.push(id);
            }
            self.broken.extend(file.broken_ids);
            for doc in file.documents {
                self.add(doc);
            }
            self.sources.files.push(source);
        }
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
        }
    }
}
