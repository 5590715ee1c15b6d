//! Runbooks: one view model built from the loaded workspace and its findings, laid out by
//! minijinja templates into a Markdown and a self-contained HTML file per plan, plus an index.
//!
//! This module only produces file names and contents; writing them (atomically, into the output
//! folder) is the command's job. Output depends only on the workspace, the findings and the
//! options, so identical input gives byte-identical files.

mod charts;
mod fold;
mod graph;
mod leak;
mod markdown;
mod markdown_source;
pub(crate) mod pdf;
mod redact;
mod rich;
mod templates;
mod view;

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use crate::diagnostics::Finding;
use crate::model::{Date, Plan};
use crate::workspace::Workspace;
pub(crate) use leak::Leaks;
use view::{Ctx, IndexView, Meta, RunbookView, plan_view};

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
    let mut plans: Vec<&Plan> = Vec::new();
    for plan in &ws.plans {
        let wanted = only.is_empty() || only.iter().any(|o| o == plan.id.as_str());
        if wanted && !plans.iter().any(|p| p.id.value == plan.id.value) {
            plans.push(plan);
        }
    }
    plans.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    plans
}

/// Renders the runbooks of the selected plans and the index.
///
/// With `redact`, the rendered texts are checked for surviving personal contacts before they are
/// returned: the error is then [`Leaks`], and nothing must be written.
pub(crate) fn render(ws: &Workspace, findings: &[Finding], options: &Options) -> Result<Vec<File>> {
    let env = templates::environment(options.templates.as_deref(), options.verbose)?;
    let ctx = Ctx::new(ws, findings, options.today, options.redact);
    let plans = selected(ws, &options.plans);
    let views: Vec<(&Plan, view::PlanView)> =
        plans.iter().map(|p| (*p, plan_view(&ctx, p))).collect();
    let meta = Meta::of(&ctx);
    let mut files = Vec::new();
    // The view each file was rendered from, for the leak guard to name fields.
    let mut sources = Vec::new();
    for (plan, view) in &views {
        let runbook = RunbookView {
            doc: meta.clone(),
            plan: view.clone(),
        };
        let json = view_json(ctx.redactor().is_some(), &runbook);
        // The runbook, its first-hour sheet and (with `--cards`) its action cards.
        let mut documents = vec![
            ("runbook", String::new()),
            ("first-hour", "-first-hour".to_owned()),
        ];
        if options.cards {
            documents.push(("cards", "-cards".to_owned()));
        }
        for ext in &options.formats {
            for (template, suffix) in &documents {
                files.push(File {
                    name: format!("{}{suffix}.{ext}", plan.id),
                    contents: render_one(&env, &format!("{template}.{ext}.j2"), &runbook)?,
                });
                sources.push(json.clone());
            }
        }
    }
    let refs: Vec<(&Plan, &view::PlanView)> = views.iter().map(|(p, v)| (*p, v)).collect();
    let index = IndexView::new(&ctx, meta, &refs);
    let json = view_json(ctx.redactor().is_some(), &index);
    for ext in &options.formats {
        files.push(File {
            name: format!("index.{ext}"),
            contents: render_one(&env, &format!("index.{ext}.j2"), &index)?,
        });
        sources.push(json.clone());
    }
    if let Some(redactor) = ctx.redactor() {
        let pairs: Vec<_> = files.iter().zip(&sources).collect();
        leak::guard(redactor, &pairs)?;
    }
    Ok(files)
}

/// The view as JSON for the leak guard (only when redacting).
fn view_json(redacting: bool, view: &impl Serialize) -> serde_json::Value {
    if redacting {
        serde_json::to_value(view).unwrap_or_default()
    } else {
        serde_json::Value::Null
    }
}

/// Renders template `name` with `context`, ending the text with exactly one newline.
fn render_one(env: &Environment<'_>, name: &str, context: &impl Serialize) -> Result<String> {
    let template = env
        .get_template(name)
        .map_err(anyhow::Error::new)
        .with_context(|| format!("template {name}"))?;
    let mut text = template
        .render(Value::from(Serde(context)))
        .map_err(anyhow::Error::new)
        .with_context(|| format!("cannot render template {name}"))?;
    if templates::is_markdown(name) {
        text = templates::tidy_markdown(&templates::place_blocks(&text));
    }
    // Control characters and bidirectional overrides from plan text are shown, never passed on.
    if text.chars().any(crate::visible::is_hidden) {
        text = crate::visible::visible_lines(&text).into_owned();
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text.push('\n');
    Ok(text)
}
