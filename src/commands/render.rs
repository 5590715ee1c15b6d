//! `bcplan render`: load and check once, render the runbooks, and write them atomically into the
//! output folder, which must not be (or contain, or be inside) a folder holding plan files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::{Outcome, today};
use crate::cli::{RenderArgs, RenderFormat};
use crate::diagnostics::Summary;
use crate::render::{self, Options};
use crate::rules;
use crate::schema::suggest::did_you_mean;
use crate::workspace::discover::WORKSPACE_FILE;
use crate::workspace::{self, Workspace};

/// Runs `render`.
pub(super) fn run(args: &RenderArgs) -> Result<Outcome> {
    let today = today(&args.load)?;
    let ws = workspace::load(&args.load.paths, args.out.as_slice())?;
    if args.load.verbose {
        ws.print_skipped();
    }
    let out = output_folder(args.out.as_deref(), &ws)?;
    refuse_plan_folders(&out, &ws)?;
    check_plan_ids(&args.plans, &ws)?;
    // Paths inside a workspace select the plans in them (unless `--plan` names plans).
    let mut plans = args.plans.clone();
    if plans.is_empty() && !ws.focus.is_empty() {
        plans = ws
            .plans
            .iter()
            .filter(|p| ws.in_focus(p.id.span.file))
            .map(|p| p.id.to_string())
            .collect();
    }
    let findings = rules::check(
        &ws,
        &rules::Options {
            today,
            only: Vec::new(),
        },
    )?;
    let broken: BTreeSet<String> = findings
        .iter()
        .filter(|f| matches!(f.rule, "yaml-syntax" | "schema"))
        .map(|f| crate::visible::visible(&ws.sources.get(f.span.file).display()).into_owned())
        .collect();
    if !broken.is_empty() {
        eprintln!(
            "warning: structural errors in {}: what could not be loaded is missing from the runbooks (`bcplan check` lists the errors)",
            broken.into_iter().collect::<Vec<_>>().join(", ")
        );
        if args.redact {
            eprintln!(
                "warning: --redact: people whose register entries could not be loaded are not known, so their contact details are not masked"
            );
        }
    }
    let pdf = render::pdf::setup(args)?;
    let options = Options {
        today,
        redact: args.redact,
        formats: match args.format {
            RenderFormat::Md => vec!["md"],
            RenderFormat::Html => vec!["html"],
            RenderFormat::Both => vec!["html", "md"],
        },
        plans: plans.clone(),
        templates: args.templates.clone(),
        verbose: args.load.verbose,
        cards: args.cards,
    };
    let files = match render::render(&ws, &findings, &options) {
        // The leak guard: a personal contact survived --redact; nothing is written.
        Err(error) if error.is::<render::Leaks>() => {
            let message = format!("{error:#}");
            eprintln!("error: {}", crate::visible::visible_lines(&message));
            return Ok(Outcome::Findings);
        }
        other => other?,
    };
    std::fs::create_dir_all(&out)
        .with_context(|| format!("{}: cannot create folder", out.display()))?;
    for file in &files {
        crate::output::write_atomic(&out.join(&file.name), file.contents.as_bytes())?;
    }
    if let Some((browser, paper)) = &pdf {
        render::pdf::print_all(browser, &out, &files, *paper)?;
    }
    let plans = render::selected(&ws, &plans).len();
    let formats = match args.format {
        RenderFormat::Md => "Markdown",
        RenderFormat::Html => "HTML",
        RenderFormat::Both => "Markdown and HTML",
    };
    eprintln!(
        "rendered {plans} plan{} to {} ({} files, {formats}{}); {}",
        if plans == 1 { "" } else { "s" },
        crate::visible::visible(&out.display().to_string()),
        files.len(),
        if args.redact { ", redacted" } else { "" },
        Summary::of(&findings, ws.sources.files.len())
    );
    Ok(
        if args.fail_on_findings && findings.iter().any(|f| f.fails(false)) {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}

/// `--out`, else the workspace's `output:` folder (relative to `bcplan.yaml`).
fn output_folder(out: Option<&Path>, ws: &Workspace) -> Result<PathBuf> {
    if let Some(out) = out {
        return Ok(out.to_path_buf());
    }
    match (&ws.config.output, &ws.root) {
        (Some(output), Some(root)) => Ok(root.join(output)),
        _ => bail!("no output folder: pass --out DIR (or set `output:` in {WORKSPACE_FILE})"),
    }
}

/// Refuses an output folder that is a file, or is, contains or is inside a folder holding plan
/// files: writing there could mix runbooks with plans or overwrite them.
fn refuse_plan_folders(out: &Path, ws: &Workspace) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!(
            "{}: is not a folder; --out takes a folder (created if missing)",
            out.display()
        );
    }
    let target = resolve(out)?;
    let unreadable: BTreeSet<u32> = ws
        .findings
        .iter()
        .filter(|f| f.rule == "yaml-syntax")
        .map(|f| f.span.file.0)
        .collect();
    let mut folders: Vec<(PathBuf, String)> = Vec::new();
    for (i, file) in ws.sources.files.iter().enumerate() {
        let is_workspace_file = file.path.file_name().is_some_and(|n| n == WORKSPACE_FILE);
        let broken = u32::try_from(i).is_ok_and(|i| unreadable.contains(&i));
        if is_workspace_file || !(holds_plan_documents(&file.text) || broken) {
            continue;
        }
        let folder = file
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        folders.push((resolve(folder)?, file.display()));
    }
    // The walk skipped the output folder, so plan files inside it are looked for here.
    if let Some(file) = plan_file_under(&target) {
        folders.push((
            file.parent().unwrap_or(&target).to_path_buf(),
            file.display().to_string(),
        ));
    }
    folders.sort();
    for (folder, file) in folders {
        let relation = if target == folder {
            "is"
        } else if folder.starts_with(&target) {
            "contains"
        } else if target.starts_with(&folder) {
            "is inside"
        } else {
            continue;
        };
        bail!(
            "{}: refusing to write runbooks here: it {relation} a folder holding plan files ({file}); choose an --out folder outside the plans",
            out.display()
        );
    }
    Ok(())
}

/// Whether a YAML file's text holds bcplan documents.
fn holds_plan_documents(text: &str) -> bool {
    text.contains("bcplan/")
}

/// A YAML file holding bcplan documents under `dir` (other than a workspace file), if any.
fn plan_file_under(dir: &Path) -> Option<PathBuf> {
    if !dir.is_dir() {
        return None;
    }
    walkdir::WalkDir::new(dir)
        .max_depth(8)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != WORKSPACE_FILE)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
        })
        .find(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| holds_plan_documents(&t)))
        .map(walkdir::DirEntry::into_path)
}

/// The absolute, symlink-free form of `path`, which need not exist yet.
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("{}: cannot resolve path", path.display()))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    Ok(resolved)
}

/// Every `--plan` must name a plan of the workspace.
fn check_plan_ids(ids: &[String], ws: &Workspace) -> Result<()> {
    let known: BTreeSet<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
    for id in ids {
        if known.contains(id.as_str()) {
            continue;
        }
        if ws.broken.contains(&("plan", id.clone())) {
            bail!("plan `{id}` could not be loaded (structural errors); `bcplan check` lists them");
        }
        match did_you_mean(id, known.iter().copied()) {
            Some(s) => bail!("unknown plan `{id}`: did you mean `{s}`?"),
            None if known.is_empty() => bail!("unknown plan `{id}`: the workspace has no plans"),
            None => bail!(
                "unknown plan `{id}`; the plans are: {}",
                known.into_iter().collect::<Vec<_>>().join(", ")
            ),
        }
    }
    Ok(())
}
