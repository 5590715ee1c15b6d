//! `textDocument/definition` and `textDocument/references`, for every kind of id, across files.

use lsp_types::{GotoDefinitionResponse, Location, Position};

use super::project::Project;
use super::text::pos_of;
use crate::yaml::spanned::FileId;

fn location(project: &Project, o: &super::symbols::Occurrence) -> Option<Location> {
    Some(Location::new(project.uri(o.file)?, project.range(o)))
}

/// Where the id at `position` is defined.
pub(crate) fn definition(
    project: &Project,
    file: FileId,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    let pos = pos_of(&project.ws.sources.get(file).text, position);
    let symbol = &project.occurrence_at(file, pos)?.symbol;
    let found: Vec<Location> = project
        .occurrences_of(symbol)
        .filter(|o| o.definition)
        .filter_map(|o| location(project, o))
        .collect();
    match found.len() {
        0 => None,
        1 => found.into_iter().next().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(found)),
    }
}

/// Every place the id at `position` is written (its definition too with `declaration`).
pub(crate) fn references(
    project: &Project,
    file: FileId,
    position: Position,
    declaration: bool,
) -> Option<Vec<Location>> {
    let pos = pos_of(&project.ws.sources.get(file).text, position);
    let symbol = &project.occurrence_at(file, pos)?.symbol;
    Some(
        project
            .occurrences_of(symbol)
            .filter(|o| declaration || !o.definition)
            .filter_map(|o| location(project, o))
            .collect(),
    )
}
