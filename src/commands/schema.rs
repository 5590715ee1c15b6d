//! `bcplan schema [--kind KIND]`: the JSON Schema of the format, as generated from the model
//! types (see `schema::kinds`), printed for editors and other tools.

use anyhow::{Result, bail};

use super::{Outcome, emit};
use crate::schema::suggest::did_you_mean;
use crate::schema::{Kind, document_schema};

/// Prints the schema of any document, or of documents of `kind`.
pub(super) fn run(kind: Option<&str>) -> Result<Outcome> {
    let schema = match kind {
        None => document_schema(),
        Some(name) => parse_kind(name)?.schema().clone(),
    };
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    emit(&text, None)?;
    Ok(Outcome::Clean)
}

/// The kind named `name`, in any case; a usage error with a suggestion otherwise.
fn parse_kind(name: &str) -> Result<Kind> {
    if let Some(kind) = Kind::ALL
        .into_iter()
        .find(|k| k.name().eq_ignore_ascii_case(name))
    {
        return Ok(kind);
    }
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    match did_you_mean(name, names.iter().copied()) {
        Some(s) => bail!("unknown kind `{name}`: did you mean `{s}`?"),
        None => bail!("unknown kind `{name}`: use one of {}", names.join(", ")),
    }
}
