//! Runbooks: one view model built from the loaded workspace and its findings, laid out by
//! minijinja templates into a Markdown and a self-contained HTML file per plan, plus an index.
//!
//! This module only produces file names and contents; writing them (atomically, into the output
//! folder) is the command's job. Output depends only on the workspace, the findings and the
//! options, so identical input gives byte-identical files.

mod buffers;
mod charts;
mod fold;
mod graph;
mod impact;
mod leak;
pub(crate) mod markdown;
mod markdown_source;
pub(crate) mod pdf;
pub(crate) mod redact;
mod rich;
pub(crate) mod templates;
mod view;

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use minijinja::Environment;
use minijinja::value::{Serde, Value};
use rayon::prelude::*;

use crate::diagnostics::Finding;
use crate::model::{Date, Plan};
use crate::workspace::Workspace;
use crate::workspace::index::Index;
use crate::workspace::refs::Ref;
pub(crate) use impact::impact_html;
pub(crate) use leak::Leaks;
use view::{Ctx, IndexView, Meta, PlanSummary, RunbookView, plan_view};

/// What to render.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// The generation date, also the date the review and action dates are judged against.
    pub(crate) today: Date,
    /// Mask personal phone numbers and e-mail addresses.
    pub(crate) redact: bool,
    /// File extensions to write per plan and for the index: `html`, `md`.
    pub(crate) formats: Vec<&'static str>,
    /// Only these plans (all when empty); the ids must exist.
    pub(crate) plans: Vec<String>,
    /// Folder of user templates overriding the built-in ones.
    pub(crate) templates: Option<PathBuf>,
    /// Report which templates are overridden.
    pub(crate) verbose: bool,
    /// Also write each plan's action cards (`<plan>-cards.<ext>`).
    pub(crate) cards: bool,
}

/// A file to write: its name inside the output folder and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct File {
    /// File name, e.g. `dongguan-mfg.html`.
    pub(crate) name: String,
    /// Contents.
    pub(crate) contents: String,
}

/// The plans to render: each id once (the first definition, as the checks see it), sorted by id.
pub(crate) fn selected<'w>(ws: &'w Workspace, only: &[String]) -> Vec<&'w Plan> {
    let wanted: HashSet<&str> = only.iter().map(String::as_str).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut plans: Vec<&Plan> = ws
        .plans
        .iter()
        .filter(|p| {
            (wanted.is_empty() || wanted.contains(p.id.as_str())) && seen.insert(p.id.as_str())
        })
        .collect();
    plans.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    plans
}

/// The documents `render` writes per plan: the template and the file name suffix. The
/// runbook, its first-hour sheet and (with `--cards`) its action cards.
const DOCUMENTS: &[(&str, &str)] = &[
    ("runbook", ""),
    ("first-hour", "-first-hour"),
    ("cards", "-cards"),
];

/// The files `render` writes for plan `id` in `formats` (with `cards`, the action cards too):
/// each file name with the template it is rendered from.
fn plan_documents(id: &str, formats: &[&str], cards: bool) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for ext in formats {
        for (template, suffix) in DOCUMENTS {
            if *template == "cards" && !cards {
                continue;
            }
            files.push((
                format!("{id}{suffix}.{ext}"),
                format!("{template}.{ext}.j2"),
            ));
        }
    }
    files
}

/// The file names `render` writes for plan `id` in `formats`: with `cards`, the action cards
/// too, and with `pdf`, a PDF printed from each HTML file.
pub(crate) fn plan_file_names(id: &str, formats: &[&str], cards: bool, pdf: bool) -> Vec<String> {
    let mut names = Vec::new();
    for (name, _) in plan_documents(id, formats, cards) {
        let printed = pdf.then(|| pdf::pdf_name(&name)).flatten();
        names.push(name);
        names.extend(printed);
    }
    names
}

/// What [`render`] handed to its sink: per rendered plan (by id) the results for its files, then
/// the results for the index files.
#[derive(Debug)]
pub(crate) struct Rendered<T> {
    /// Per plan, in id order: the plan id and one result per file.
    pub(crate) runbooks: Vec<(String, Vec<T>)>,
    /// One result per index file.
    pub(crate) index: Vec<T>,
}

impl<T> Rendered<Vec<T>> {
    /// One list of results per plan and for the index, from the sink's lists per file.
    pub(crate) fn flatten(self) -> Rendered<T> {
        Rendered {
            runbooks: self
                .runbooks
                .into_iter()
                .map(|(plan, files)| (plan, files.into_iter().flatten().collect()))
                .collect(),
            index: self.index.into_iter().flatten().collect(),
        }
    }
}

/// What rendering one plan gave: its index line, its id with the sink's results, the leaks found.
type PlanDone<T> = (PlanSummary, (String, Vec<T>), Vec<leak::Leak>);

/// Renders the runbooks of the selected plans (in parallel) and then the index, handing each
/// file to `sink` as soon as it is rendered, so that no more than a few files are held in memory.
///
/// With `redact`, each rendered text is checked for surviving personal contacts before it goes to
/// the sink; if any survive, the error is [`Leaks`] (naming every one), and whatever the sink made
/// is dropped: nothing must be written.
///
/// `built` is the index and reference list that `rules::check_keeping` built from `ws`; when
/// `None`, they are built here.
pub(crate) fn render<'w, T: Send>(
    ws: &'w Workspace,
    findings: &'w [Finding],
    built: Option<(Index<'w>, Vec<Ref<'w>>)>,
    options: &Options,
    sink: &(dyn Fn(&File) -> Result<T> + Sync),
) -> Result<Rendered<T>> {
    let env = templates::environment(options.templates.as_deref(), options.verbose)?;
    let ctx = match built {
        Some(built) => Ctx::with(ws, findings, built, options.today, options.redact),
        None => Ctx::new(ws, findings, options.today, options.redact),
    };
    render_ctx(&env, &ctx, options, sink)
}

/// Like [`render`], with templates compiled already (`options.templates` is not read): for
/// callers that render many times, such as the fuzz targets.
pub(crate) fn render_with<T: Send>(
    env: &Environment<'_>,
    ws: &Workspace,
    findings: &[Finding],
    options: &Options,
    sink: &(dyn Fn(&File) -> Result<T> + Sync),
) -> Result<Rendered<T>> {
    let ctx = Ctx::new(ws, findings, options.today, options.redact);
    render_ctx(env, &ctx, options, sink)
}

/// Renders with a context built already.
fn render_ctx<T: Send>(
    env: &Environment<'_>,
    ctx: &Ctx<'_>,
    options: &Options,
    sink: &(dyn Fn(&File) -> Result<T> + Sync),
) -> Result<Rendered<T>> {
    let ws = ctx.ws;
    let plans = selected(ws, &options.plans);
    let meta = Meta::of(ctx);
    // A file goes to the sink unless the leak guard finds a contact in it.
    let emit = |file: File, view: &dyn Fn() -> serde_json::Value, leaks: &mut Vec<leak::Leak>| {
        let done = match ctx.redactor() {
            Some(redactor) if !redactor.known_in(&file.contents).is_empty() => {
                if let Err(found) = leak::guard(redactor, &[(&file, &view())]) {
                    leaks.extend(found.0);
                }
                Ok(None)
            }
            _ => sink(&file).map(Some),
        };
        // Either way the text's buffer serves the next file.
        buffers::give(file.contents);
        done
    };
    let done: Vec<PlanDone<T>> = plans
        .par_iter()
        .map(|plan| {
            let view = plan_view(ctx, plan);
            let runbook = RunbookView {
                doc: &meta,
                plan: &view,
            };
            // Converted once for every format.
            let value = Value::from(Serde(runbook));
            let documents = plan_documents(plan.id.as_str(), &options.formats, options.cards);
            let mut out = Vec::with_capacity(documents.len());
            let mut leaks = Vec::new();
            for (name, template) in documents {
                let contents = render_one(env, &template, value.clone())?;
                let json = || serde_json::to_value(runbook).unwrap_or_default();
                out.extend(emit(File { name, contents }, &json, &mut leaks)?);
            }
            Ok((PlanSummary::of(&view), (plan.id.to_string(), out), leaks))
        })
        .collect::<Result<_>>()?;
    let mut runbooks = Vec::with_capacity(done.len());
    let mut summaries = Vec::with_capacity(done.len());
    let mut leaks = Vec::new();
    for (summary, files, found) in done {
        summaries.push(summary);
        runbooks.push(files);
        leaks.extend(found);
    }
    let index = IndexView::new(ctx, meta, &plans, summaries);
    let value = Value::from(Serde(&index));
    let mut files = Vec::new();
    for ext in &options.formats {
        let file = File {
            name: format!("index.{ext}"),
            contents: render_one(env, &format!("index.{ext}.j2"), value.clone())?,
        };
        let json = || serde_json::to_value(&index).unwrap_or_default();
        files.extend(emit(file, &json, &mut leaks)?);
    }
    if !leaks.is_empty() {
        return Err(Leaks(leaks).into());
    }
    Ok(Rendered {
        runbooks,
        index: files,
    })
}

/// Renders template `name` with `context`, ending the text with exactly one newline. The text
/// is written into a reused buffer (see [`buffers`]).
fn render_one(env: &Environment<'_>, name: &str, context: Value) -> Result<String> {
    let template = env
        .get_template(name)
        .map_err(anyhow::Error::new)
        .with_context(|| format!("template {name}"))?;
    let mut bytes = buffers::take().into_bytes();
    template
        .render_captured_to(context, &mut bytes)
        .map_err(anyhow::Error::new)
        .with_context(|| format!("cannot render template {name}"))?;
    let mut text = String::from_utf8(bytes)
        .with_context(|| format!("template {name} wrote text that is not UTF-8"))?;
    if templates::is_markdown(name) {
        let mut placed = buffers::take();
        templates::place_blocks_into(&text, &mut placed);
        templates::tidy_markdown_into(&placed, &mut text);
        buffers::give(placed);
    }
    // Control characters and bidirectional overrides from plan text are shown, never passed on.
    if let Cow::Owned(shown) = crate::visible::visible_lines(&text) {
        buffers::give(std::mem::replace(&mut text, shown));
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Every file as (name, contents), rendering with the index and references `check` built, or
    /// building them again.
    fn rendered(folder: &str, keep: bool) -> Vec<(String, String)> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let ws = crate::workspace::load(&[root.join(folder)], &[]).unwrap();
        let today = "2026-06-01".parse().unwrap();
        let checked = crate::rules::check_keeping(
            &ws,
            &crate::rules::Options {
                today,
                only: Vec::new(),
            },
        )
        .unwrap();
        let options = Options {
            today,
            redact: false,
            formats: vec!["html", "md"],
            plans: Vec::new(),
            templates: None,
            verbose: false,
            cards: true,
        };
        let built = keep.then_some((checked.index, checked.refs));
        let out = render(&ws, &checked.findings, built, &options, &|file| {
            Ok((file.name.clone(), file.contents.clone()))
        })
        .unwrap();
        let files: Vec<_> = out
            .runbooks
            .into_iter()
            .flat_map(|(_, files)| files)
            .chain(out.index)
            .collect();
        assert!(files.len() > 2, "{folder}: {} files", files.len());
        files
    }

    #[test]
    fn the_index_check_built_renders_the_same_files() {
        for folder in ["plans", "tests/fixtures/formats"] {
            assert!(
                rendered(folder, true) == rendered(folder, false),
                "{folder}"
            );
        }
    }
}
