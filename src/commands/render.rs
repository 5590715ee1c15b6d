//! `bcplan render`: load and check once, render the runbooks, and write them atomically into the
//! output folder, which must not be (or contain, or be inside) a folder holding plan files.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::folder::Removal;
use super::{Outcome, today};
use crate::cli::{RenderArgs, RenderFormat};
use crate::diagnostics::Summary;
use crate::output::Staged;
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
    let rules::Checked {
        findings,
        index,
        refs,
    } = rules::check_keeping(
        &ws,
        &rules::Options {
            today,
            only: Vec::new(),
        },
    )?;
    let broken: BTreeSet<String> = findings
        .iter()
        .filter(|f| f.leaves_out())
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
    let selected = render::selected(&ws, &plans);
    let files = super::folder::Files {
        formats: &options.formats,
        cards: options.cards,
        pdf: pdf.is_some(),
    };
    super::folder::check_names(&ws, &selected, &files, &out)?;
    let created = !out.exists();
    std::fs::create_dir_all(&out)
        .with_context(|| format!("{}: cannot create folder", out.display()))?;
    super::folder::remove_stale_temporaries(&out);
    // Each file goes to a temporary file as soon as it is rendered; the folder switches to the
    // new set only once every file is rendered.
    // With --pdf, each HTML file's PDF is printed and staged beside it.
    let printer = match pdf {
        Some((browser, paper)) => Some(render::pdf::Printer::new(browser, paper)?),
        None => None,
    };
    let staged = render::render(&ws, &findings, Some((index, refs)), &options, &|file| {
        let mut staged = vec![Staged::new(
            &out.join(&file.name),
            file.contents.as_bytes(),
        )?];
        if let Some(printer) = &printer
            && let Some((name, bytes)) = printer.print(file)?
        {
            staged.push(Staged::new(&out.join(name), &bytes)?);
        }
        Ok(staged)
    });
    let staged = match staged {
        Ok(staged) => staged.flatten(),
        Err(error) => {
            // Nothing was written: not even the folder stays.
            if created {
                let _ = std::fs::remove_dir(&out);
            }
            // The leak guard: a personal contact survived --redact.
            if error.is::<render::Leaks>() {
                let message = format!("{error:#}");
                eprintln!("error: {}", crate::visible::visible_lines(&message));
                return Ok(Outcome::Findings);
            }
            return Err(error);
        }
    };
    test_pause("write");
    let switched = super::folder::switch(&ws, &out, staged, &test_pause)?;
    if let Some(printer) = &printer {
        printer.report();
    }
    let plans = selected.len();
    let formats = match args.format {
        RenderFormat::Md => "Markdown",
        RenderFormat::Html => "HTML",
        RenderFormat::Both => "Markdown and HTML",
    };
    eprintln!(
        "rendered {plans} plan{} to {} ({} files, {formats}{}); {}",
        if plans == 1 { "" } else { "s" },
        crate::visible::visible(&out.display().to_string()),
        switched.written,
        if args.redact { ", redacted" } else { "" },
        Summary::of(&findings, ws.sources.files.len())
    );
    report_removed(&switched.removed);
    let not_rendered: Vec<String> = ws
        .broken_plans
        .iter()
        .filter(|(file, _)| ws.in_focus(*file))
        .map(|(file, id)| format!("{id} ({})", ws.sources.get(*file).display()))
        .collect();
    if !not_rendered.is_empty() {
        eprintln!(
            "error: {} plan{} could not be loaded and {} not rendered: {}; `bcplan check` lists the errors",
            not_rendered.len(),
            if not_rendered.len() == 1 { "" } else { "s" },
            if not_rendered.len() == 1 {
                "was"
            } else {
                "were"
            },
            crate::visible::visible(&not_rendered.join(", "))
        );
        return Ok(Outcome::Findings);
    }
    Ok(
        if args.fail_on_findings && findings.iter().any(|f| f.fails(false)) {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}

/// Says on standard error which old files were removed, and why.
fn report_removed(removed: &[(String, Removal)]) {
    for (why, said) in [
        (
            Removal::Gone,
            "removed the runbooks of plans no longer in the workspace",
        ),
        (
            Removal::NotLoaded,
            "removed the old runbooks of plans that could not be loaded",
        ),
        (
            Removal::Stale,
            "removed stale files of an earlier render that this render did not write again",
        ),
    ] {
        let names: Vec<&str> = removed
            .iter()
            .filter(|(_, w)| *w == why)
            .map(|(name, _)| name.as_str())
            .collect();
        if !names.is_empty() {
            eprintln!("{said}: {}", crate::visible::visible(&names.join(", ")));
        }
    }
}

/// Test hook: with `BCPLAN_TEST_PAUSE=<phase>` (`write`: every file staged, nothing renamed yet;
/// `commit`: the runbooks renamed, manifest and index not yet), says so on standard error and
/// sleeps a few seconds, so that tests can interrupt `render` at a known point.
fn test_pause(phase: &str) {
    if std::env::var_os("BCPLAN_TEST_PAUSE").is_some_and(|v| v == phase) {
        eprintln!("test hook: paused in the {phase} phase");
        std::thread::sleep(std::time::Duration::from_secs(10));
    }
}

/// `--out`, else the workspace's `output:` folder (relative to `bcplan.yaml`), which must stay
/// inside the workspace: a workspace must not direct runbooks elsewhere.
fn output_folder(out: Option<&Path>, ws: &Workspace) -> Result<PathBuf> {
    if let Some(out) = out {
        return Ok(out.to_path_buf());
    }
    let (Some(output), Some(root)) = (&ws.config.output, &ws.root) else {
        bail!("no output folder: pass --out DIR (or set `output:` in {WORKSPACE_FILE})");
    };
    let at = format!(
        "{}:{}:{}",
        ws.sources.get(output.span.file).display(),
        output.span.pos.line,
        output.span.pos.col
    );
    let path = Path::new(output.as_str());
    let mut depth: usize = 0;
    let mut escapes = path.is_absolute() || path.has_root();
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => escapes = true,
            },
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => escapes = true,
        }
    }
    if escapes || depth == 0 {
        bail!(
            "{at}: `output: {}` is not a folder inside the workspace; give a path relative to {WORKSPACE_FILE} that stays inside its folder (e.g. `output: runbooks`), or pass --out DIR",
            output.as_str()
        );
    }
    let folder = root.join(path);
    // A link inside the workspace must not lead out of it either.
    if !resolve(&folder)?.starts_with(resolve(root)?) {
        bail!(
            "{at}: `output: {}` leads outside the workspace through a symbolic link; pass --out DIR to write there",
            output.as_str()
        );
    }
    Ok(folder)
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
