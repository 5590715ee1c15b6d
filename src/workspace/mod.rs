//! Loading a workspace: finding its files, parsing them, and resolving references between them.

pub mod discover;
pub mod index;
pub mod load;
pub(crate) mod obligations;
pub mod parse;
pub(crate) mod reach;
pub mod refs;
pub mod source;

pub use load::{Overlay, ParseCache, Workspace, load, load_cached, load_files, load_with};
pub use source::{SourceFile, SourceMap};
