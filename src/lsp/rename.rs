//! `textDocument/prepareRename` and `textDocument/rename`: an id changes at its definition and at
//! every reference, in every file; a new id that is not valid or is already taken is refused.

use std::collections::HashMap;

use lsp_types::{Position, PrepareRenameResponse, TextEdit, WorkspaceEdit};

use super::project::Project;
use super::symbols::SymKind;
use super::text::pos_of;
use crate::model::Id;
use crate::yaml::spanned::FileId;

/// The range and text of the id at `position`, if it can be renamed.
pub(crate) fn prepare(
    project: &Project,
    file: FileId,
    position: Position,
) -> Option<PrepareRenameResponse> {
    let pos = pos_of(&project.ws.sources.get(file).text, position);
    let o = project.occurrence_at(file, pos)?;
    // Only ids defined in the workspace can be renamed everywhere they are used.
    project.occurrences_of(&o.symbol).find(|d| d.definition)?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: project.range(o),
        placeholder: o.symbol.id().to_owned(),
    })
}

/// The edits renaming the id at `position` to `new_id`.
pub(crate) fn rename(
    project: &Project,
    file: FileId,
    position: Position,
    new_id: &str,
) -> Result<WorkspaceEdit, String> {
    let pos = pos_of(&project.ws.sources.get(file).text, position);
    let o = project
        .occurrence_at(file, pos)
        .ok_or_else(|| "there is no id to rename here".to_owned())?;
    let symbol = &o.symbol;
    if project.occurrences_of(symbol).all(|d| !d.definition) {
        return Err(format!(
            "{} `{}` is not defined in the workspace, so it cannot be renamed",
            symbol.kind.word(),
            symbol.id()
        ));
    }
    let new_id = new_id.trim();
    new_id.parse::<Id>()?;
    let renamed = symbol.renamed(new_id);
    if renamed == *symbol {
        return Err(format!("`{new_id}` is the current id"));
    }
    let taken = project
        .occurrences
        .iter()
        .any(|d| d.definition && d.symbol == renamed)
        // A step's owner may name a person or a team of the plan: keep the two apart too.
        || (symbol.kind == SymKind::Team
            && project.ws.people.iter().any(|p| p.id.as_str() == new_id))
        || (symbol.kind == SymKind::Person
            && project
                .occurrences
                .iter()
                .any(|d| d.definition && d.symbol.kind == SymKind::Team && d.symbol.id() == new_id));
    if taken {
        return Err(format!(
            "`{new_id}` is already taken: another {} has this id",
            symbol.kind.word()
        ));
    }
    let mut changes: HashMap<lsp_types::Url, Vec<TextEdit>> = HashMap::new();
    for o in project.occurrences_of(symbol) {
        let Some(uri) = project.uri(o.file) else {
            continue;
        };
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit::new(project.range(o), new_id.to_owned()));
    }
    Ok(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}
