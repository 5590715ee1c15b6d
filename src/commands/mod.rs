//! One module per command: each turns parsed arguments into library calls and an exit code.

mod check;
mod completions;
mod diff;
pub mod explain;
mod export;
mod folder;
mod impact;
mod init;
mod lsp;
mod render;
mod schema;

use anyhow::{Context as _, Result, bail};

use crate::cli::{Cli, Command, LoadArgs};
use crate::model::Date;

/// What a command tells the process to exit with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No failing findings (exit 0).
    Clean,
    /// Failing findings (exit 1).
    Findings,
}

/// Runs the command `cli` names.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Explain { rule } => explain::explain(&rule),
        Command::Rules { markdown } => explain::list(markdown),
        Command::Schema { kind } => schema::run(kind.as_deref()),
        Command::Completions { shell } => completions::run(shell),
        Command::Init(args) => init::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Lsp { today } => lsp::run(today.as_deref()),
        Command::Impact(args) => impact::run(&args),
    }
}

/// The date to check against: `--today`, else `BCPLAN_TODAY`, else the system date.
pub(crate) fn today(args: &LoadArgs) -> Result<Date> {
    parse_today(args.today.as_deref())
}

/// "Today" from a `--today` value, else `BCPLAN_TODAY`, else the system date.
pub(crate) fn parse_today(arg: Option<&str>) -> Result<Date> {
    if let Some(text) = arg {
        return text.parse().map_err(anyhow::Error::msg).context("--today");
    }
    match std::env::var("BCPLAN_TODAY") {
        Ok(text) if !text.is_empty() => text
            .parse()
            .map_err(anyhow::Error::msg)
            .context("BCPLAN_TODAY"),
        _ => Ok(Date::today()),
    }
}

/// Whether to colour output on standard output.
pub(crate) fn color_stdout() -> bool {
    use std::io::IsTerminal as _;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Prints `text` to standard output, or writes it atomically to `output`.
pub(crate) fn emit(text: &str, output: Option<&std::path::Path>) -> Result<()> {
    emit_bytes(text.as_bytes(), output)
}

/// Prints `bytes` to standard output, or writes them atomically to `output`.
pub(crate) fn emit_bytes(bytes: &[u8], output: Option<&std::path::Path>) -> Result<()> {
    use std::io::Write as _;
    match output {
        Some(path) => {
            if std::fs::read_to_string(path).is_ok_and(|text| holds_bcplan_document(&text)) {
                bail!(
                    "{}: refusing to overwrite a bcplan document with the report; choose another --output file",
                    path.display()
                );
            }
            if path.is_dir() {
                bail!(
                    "{}: is a folder; --output takes a file name",
                    path.display()
                );
            }
            crate::output::write_atomic(path, bytes)
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = stdout.write_all(bytes);
            Ok(())
        }
    }
}

/// Whether `text` holds a bcplan document: a line `apiVersion: bcplan/...`. A report that
/// quotes one inside a string (SARIF's rule help) does not, so it can be written again.
pub(crate) fn holds_bcplan_document(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("apiVersion:")
            .is_some_and(|v| v.trim().trim_matches(['"', '\'']).starts_with("bcplan/"))
    })
}
