//! `bcplan check`: load, run the rules, print the findings in the chosen format.

use anyhow::Result;

use super::{Outcome, color_stdout, emit, holds_bcplan_document, today};
use crate::cli::{CheckArgs, CheckFormat, Deny};
use crate::diagnostics::{github, gitlab, human, json, junit, sarif};
use crate::rules::{self, Options, RULES};
use crate::workspace;
use crate::yaml::spanned::FileId;

/// Runs `check`.
pub(super) fn run(args: &CheckArgs) -> Result<Outcome> {
    let today = today(&args.load)?;
    rules::validate_names(&args.rules)?;
    let ws = workspace::load(&args.load.paths, &[])?;
    if args.load.verbose {
        ws.print_skipped();
    }
    let mut findings = rules::check(
        &ws,
        &Options {
            today,
            only: args.rules.clone(),
        },
    )?;
    // Paths inside a workspace narrow what is reported.
    findings.retain(|f| ws.in_focus(f.span.file));
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let note = ws.special_note();
    let text = match args.format {
        // Printed as it is written: a report of many findings is not held in memory whole.
        CheckFormat::Human if args.output.is_none() => {
            use std::io::Write as _;
            let style = human::Style {
                color: color_stdout(),
            };
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = human::write_report(
                &mut stdout,
                &findings,
                &ws.sources,
                style,
                args.quiet,
                deny_warnings,
            )
            .and_then(|()| match &note {
                Some(note) if !args.quiet => writeln!(stdout, "{note}"),
                Some(note) if !args.load.verbose => {
                    eprintln!("note: {note}");
                    Ok(())
                }
                _ => Ok(()),
            })
            .and_then(|()| stdout.flush());
            return Ok(finish(ws, &findings, deny_warnings));
        }
        CheckFormat::Human => {
            let style = human::Style { color: false };
            human::report(&findings, &ws.sources, style, args.quiet, deny_warnings)
        }
        CheckFormat::Json => json::report(&findings, &ws.sources, deny_warnings),
        CheckFormat::Sarif => {
            let levels: Vec<_> = RULES.iter().map(|r| rules::severity_in(&ws, r)).collect();
            sarif::report(&findings, &ws.sources, &levels)
        }
        CheckFormat::Junit => {
            let ran: Vec<&str> = RULES
                .iter()
                .filter(|r| args.rules.is_empty() || args.rules.iter().any(|n| n == r.name))
                .filter(|r| rules::severity_in(&ws, r).is_some())
                .map(|r| r.name)
                .collect();
            // The files checked: those reported on that hold a bcplan document.
            let files: Vec<FileId> = (0..ws.sources.files.len())
                .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
                .filter(|id| ws.in_focus(*id) && holds_bcplan_document(&ws.sources.get(*id).text))
                .collect();
            junit::report(&findings, &ws.sources, &files, &ran, deny_warnings)
        }
        CheckFormat::Github => github::report(&findings, &ws.sources, args.quiet, deny_warnings),
        CheckFormat::Gitlab => gitlab::report(&findings, &ws.sources, deny_warnings),
    };
    // Special files are not findings (they are not bcplan's to judge), but must not pass unseen.
    let text = match (args.format, note) {
        (CheckFormat::Human, Some(note)) if !args.quiet => format!("{text}{note}\n"),
        (_, Some(note)) if !args.load.verbose => {
            eprintln!("note: {note}");
            text
        }
        _ => text,
    };
    emit(&text, args.output.as_deref())?;
    Ok(finish(ws, &findings, deny_warnings))
}

/// The outcome of a check that found `findings`, once they are reported.
fn finish(
    ws: workspace::Workspace,
    findings: &[crate::diagnostics::Finding],
    deny_warnings: bool,
) -> Outcome {
    // The process ends here: the operating system takes the workspace's memory back at once,
    // where freeing each of its millions of values takes a noticeable part of a large check.
    std::mem::forget(ws);
    if findings.iter().any(|f| f.fails(deny_warnings)) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}
