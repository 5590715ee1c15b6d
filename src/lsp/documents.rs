//! Open documents: `didOpen`, `didChange` (whole text, or ranges for clients that send them
//! anyway) and `didClose`. Malformed notifications are logged and ignored.

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Url,
};
use serde_json::Value as Json;

use super::session::OpenDoc;
use super::text;

fn parse<P: serde::de::DeserializeOwned>(method: &str, params: &Json) -> Option<P> {
    serde_json::from_value(params.clone())
        .map_err(|e| eprintln!("bcplan lsp: ignoring {method} with invalid parameters: {e}"))
        .ok()
}

fn path_of(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() == "file" {
        uri.to_file_path().ok()
    } else {
        None
    }
}

/// Records an opened document; returns its path.
pub(crate) fn open(docs: &mut HashMap<Url, OpenDoc>, params: &Json) -> Option<PathBuf> {
    let p: DidOpenTextDocumentParams = parse("textDocument/didOpen", params)?;
    let path = path_of(&p.text_document.uri);
    docs.insert(
        p.text_document.uri,
        OpenDoc {
            text: p.text_document.text,
            version: p.text_document.version,
            path: path.clone(),
        },
    );
    path
}

/// Applies a change to an open document; returns its path.
pub(crate) fn change(docs: &mut HashMap<Url, OpenDoc>, params: &Json) -> Option<PathBuf> {
    let p: DidChangeTextDocumentParams = parse("textDocument/didChange", params)?;
    let Some(doc) = docs.get_mut(&p.text_document.uri) else {
        eprintln!(
            "bcplan lsp: ignoring a change to {}, which is not open",
            p.text_document.uri
        );
        return None;
    };
    for change in p.content_changes {
        match change.range {
            None => doc.text = change.text,
            Some(range) => {
                let start = offset(&doc.text, range.start);
                let end = offset(&doc.text, range.end).max(start);
                doc.text.replace_range(start..end, &change.text);
            }
        }
    }
    doc.version = p.text_document.version;
    doc.path.clone()
}

/// Forgets a closed document; returns its URI and path.
pub(crate) fn close(
    docs: &mut HashMap<Url, OpenDoc>,
    params: &Json,
) -> Option<(Url, Option<PathBuf>)> {
    let p: DidCloseTextDocumentParams = parse("textDocument/didClose", params)?;
    let doc = docs.remove(&p.text_document.uri)?;
    Some((p.text_document.uri, doc.path))
}

/// The byte offset of an LSP position, clamped to the text.
fn offset(text: &str, position: lsp_types::Position) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line = text::line(&text[start..], 0);
    let col = text::col(line, position.character);
    start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}
