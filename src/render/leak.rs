//! The leak guard of `render --redact`: after rendering and before anything is written, every
//! output is searched for each personal phone number and e-mail address the registers know, in
//! any spelling the redactor folds (see `fold.rs`). One found fails the run: no file is written.
//!
//! Redaction masks values as the view model is built; the guard checks the result as a reader
//! gets it, after templates (built-in or `--templates`) have joined, escaped and laid out values.
//! It names the file, the line and, when one value of the view model holds the contact, its field;
//! it never prints the contact itself.

use std::fmt;

use serde_json::Value as Json;

use super::File;
use super::redact::Redactor;

/// A personal contact that survived redaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Leak {
    /// Output file name.
    pub(crate) file: String,
    /// 1-based line in that file.
    pub(crate) line: usize,
    /// The field of the view model holding it (`plan.procedures[0].steps[1].detail`), if one does.
    pub(crate) field: Option<String>,
    /// Whose it is.
    pub(crate) owner: String,
    /// What it is, without revealing it.
    pub(crate) what: String,
}

/// Every contact that survived: the error `render --redact` fails with (exit 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Leaks(pub(crate) Vec<Leak>);

impl fmt::Display for Leaks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "--redact: {} personal contact detail{} would still be shown; no file was written:",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )?;
        for leak in &self.0 {
            let place = match &leak.field {
                Some(field) => format!("field `{field}`"),
                None => "text joined by the template".to_owned(),
            };
            writeln!(
                f,
                "  {}:{}: {place}: the {} of `{}`",
                leak.file, leak.line, leak.what, leak.owner
            )?;
        }
        write!(
            f,
            "rewrite the text so that it holds no personal number or address (refer to the person by id or name), or check the template that joins these values"
        )
    }
}

impl std::error::Error for Leaks {}

/// Searches `files` (with the view model each was rendered from, as JSON) for personal contacts.
pub(crate) fn guard(redactor: &Redactor, files: &[(&File, &Json)]) -> Result<(), Leaks> {
    let mut leaks = Vec::new();
    for (file, view) in files {
        let found = redactor.known_in(&file.contents);
        if found.is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        leaves(view, &mut String::new(), &mut fields);
        for hit in found {
            let line = file.contents[..hit.span.start].matches('\n').count() + 1;
            let field = fields
                .iter()
                .find(|(_, text)| {
                    redactor
                        .known_in(text)
                        .iter()
                        .any(|f| f.owner == hit.owner && f.what == hit.what)
                })
                .map(|(path, _)| path.clone());
            let leak = Leak {
                file: file.name.clone(),
                line,
                field,
                owner: hit.owner,
                what: hit.what,
            };
            if !leaks.contains(&leak) {
                leaks.push(leak);
            }
        }
    }
    if leaks.is_empty() {
        Ok(())
    } else {
        Err(Leaks(leaks))
    }
}

/// The string leaves of `value`, with their paths (`plan.steps[2].detail`).
fn leaves(value: &Json, path: &mut String, out: &mut Vec<(String, String)>) {
    let len = path.len();
    match value {
        Json::String(text) => out.push((path.clone(), text.clone())),
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                leaves(item, path, out);
                path.truncate(len);
            }
        }
        Json::Object(map) => {
            for (key, item) in map {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                leaves(item, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}
