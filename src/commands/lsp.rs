//! `bcplan lsp`: serve the language server protocol on standard input and output.

use anyhow::Result;

use super::{Outcome, parse_today};

/// Runs the language server until the client says `exit`.
pub(super) fn run(today: Option<&str>) -> Result<Outcome> {
    let today = parse_today(today)?;
    match crate::lsp::run(today) {
        0 => Ok(Outcome::Clean),
        _ => Ok(Outcome::Findings),
    }
}
