//! bcplan: business continuity plans as code.
//!
//! The library loads a workspace of YAML plans and registers (`workspace`), checks it against
//! continuity rules (`rules`), prints findings (`diagnostics`), renders runbooks (`render`) and
//! writes exports for incident tools (`export`). Data flows one way: discover files -> parse with
//! positions -> typed model -> index -> rules -> findings -> printers, and the same loaded
//! workspace -> one view model -> templates -> runbooks.
//! The binary in `main.rs` only maps [`commands::run`]'s outcome to an exit code.

pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod diff;
mod export;
pub mod fuzzing;
pub mod impact;
pub mod lsp;
pub mod model;
pub mod output;
mod render;
pub mod rules;
pub(crate) mod scaffold;
pub mod schema;
pub(crate) mod uri;
pub mod visible;
pub mod workspace;
pub mod yaml;
