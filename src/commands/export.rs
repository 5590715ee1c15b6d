//! `bcplan export`: load and check once, then write one export (call-tree contacts, the
//! calendar feed, or the impact analysis) to standard output or atomically to `--output`.
//!
//! A workspace with findings is still exported; entries that could not be loaded are named on
//! standard error and the exit code is 1. `--redact` is refused: exports are for the people
//! running the incident, and a masked phone list is of no use to them.

use std::collections::BTreeSet;

use anyhow::{Result, bail};

use super::{Outcome, emit_bytes, today};
use crate::cli::{BiaFormat, CallTreeFormat, ExportArgs, ExportCommand};
use crate::export::{self, Source};
use crate::model::value::check_web_address;
use crate::rules;
use crate::workspace::{self, Workspace};

/// Runs `export`.
pub(super) fn run(args: &ExportArgs) -> Result<Outcome> {
    let common = args.what.common();
    if common.redact {
        bail!(
            "export does not take --redact: exports are for the people running the incident and need their real numbers; for wider distribution use `bcplan render --redact`"
        );
    }
    let binary = matches!(
        args.what,
        ExportCommand::Bia {
            format: BiaFormat::Xlsx,
            ..
        }
    );
    if binary && common.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        bail!(
            "refusing to write an xlsx workbook (binary) to the terminal: pass --output FILE, pipe it, or use --format csv"
        );
    }
    if let ExportCommand::Calendar {
        source_url: Some(url),
        ..
    } = &args.what
    {
        if let Err(message) = check_web_address(url) {
            bail!("--source-url: {message}");
        }
    }
    let today = today(&common.load)?;
    let ws = workspace::load(&common.load.paths, &[])?;
    if common.load.verbose {
        ws.print_skipped();
    }
    let findings = rules::check(
        &ws,
        &rules::Options {
            today,
            only: Vec::new(),
        },
    )?;
    let source = Source::new(&ws, &findings, today);
    let (bytes, what) = match &args.what {
        ExportCommand::CallTree { format, .. } => {
            let (bytes, summary) = match format {
                CallTreeFormat::Csv => export::call_tree_csv(&source),
                CallTreeFormat::Vcard => export::call_tree_vcard(&source),
            };
            if !summary.unknown.is_empty() {
                eprintln!(
                    "warning: not in the People register, so left out: {}",
                    crate::visible::visible(&summary.unknown.join(", "))
                );
            }
            (bytes, count(summary.people, "person", "people"))
        }
        ExportCommand::Calendar { source_url, .. } => {
            let (bytes, events) = export::calendar(&source, source_url.as_deref());
            (bytes, count(events, "event", "events"))
        }
        ExportCommand::Bia { format, .. } => {
            let (bytes, rows) = match format {
                BiaFormat::Csv => export::bia_csv(&source),
                BiaFormat::Xlsx => export::bia_xlsx(&source)?,
            };
            (bytes, count(rows, "activity", "activities"))
        }
    };
    let broken = not_loaded(&ws);
    emit_bytes(&bytes, common.output.as_deref())?;
    if let Some(path) = &common.output {
        eprintln!(
            "exported {what} to {}",
            crate::visible::visible(&path.display().to_string())
        );
    }
    if broken.is_empty() {
        return Ok(Outcome::Clean);
    }
    eprintln!(
        "error: not exported, because they could not be loaded: {} (`bcplan check` lists the errors)",
        broken.into_iter().collect::<Vec<_>>().join(", ")
    );
    Ok(Outcome::Findings)
}

/// What could not be loaded: entries by kind and id, and the files with structural errors.
fn not_loaded(ws: &Workspace) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = ws
        .broken
        .iter()
        .map(|(kind, id)| format!("{kind} `{}`", crate::visible::visible(id)))
        .collect();
    out.extend(ws.findings.iter().filter(|f| f.leaves_out()).map(|f| {
        let file = ws.sources.get(f.span.file).display();
        format!("{}:{}", crate::visible::visible(&file), f.span.pos.line)
    }));
    out
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
