//! Doors for the fuzz targets (`fuzz/`) and the property tests onto code that is otherwise private
//! to the crate: the conversion of plan Markdown, redaction of free text, and runbook rendering.
//!
//! Each function is a thin wrapper over the code the commands run, so that what is fuzzed is what
//! users run. This module is not a stable interface for other programs.

use std::sync::OnceLock;

use anyhow::Result;
use minijinja::Environment;

use crate::diagnostics::Finding;
use crate::model::Date;
use crate::render::{self, Options};
use crate::workspace::Workspace;

/// Plan text as a runbook shows it: `(html, markdown)`, the HTML fragment of an HTML runbook and
/// the Markdown of a Markdown runbook.
pub fn markdown(source: &str) -> (String, String) {
    let rendered = render::markdown::render(source);
    (rendered.html, rendered.md)
}

/// `text` as `--redact` shows it, for people with these phone numbers (E.164) and e-mail
/// addresses, keeping the supplier desk addresses `desks`.
pub fn redact(phones: &[&str], emails: &[&str], desks: &[&str], text: &str) -> String {
    redactor(phones, emails, desks).text(text)
}

fn redactor(phones: &[&str], emails: &[&str], desks: &[&str]) -> render::redact::Redactor {
    // One person per contact: the owner only names whose contact a leak is.
    render::redact::Redactor::of_contacts(
        phones.iter().map(|phone| ("person", *phone)),
        emails.iter().map(|email| ("person", *email)),
        desks.iter().copied(),
    )
}

/// The runbooks `bcplan render --format both` writes for `ws` and its `findings` (from
/// [`crate::rules::check`]), as `(file name, contents)`, with the built-in templates.
pub fn runbooks(
    ws: &Workspace,
    findings: &[Finding],
    today: Date,
    redact: bool,
) -> Result<Vec<(String, String)>> {
    // Compiled once: a fuzz target renders thousands of times.
    static BUILTIN: OnceLock<Environment<'static>> = OnceLock::new();
    let env = match BUILTIN.get() {
        Some(env) => env,
        None => {
            let env = render::templates::environment(None, false)?;
            BUILTIN.get_or_init(|| env)
        }
    };
    let options = Options {
        today,
        redact,
        formats: vec!["html", "md"],
        plans: Vec::new(),
        templates: None,
        verbose: false,
        cards: true,
    };
    let rendered = render::render_with(env, ws, findings, &options, &|file| {
        Ok((file.name.clone(), file.contents.clone()))
    })?;
    Ok(rendered
        .runbooks
        .into_iter()
        .flat_map(|(_, files)| files)
        .chain(rendered.index)
        .collect())
}
