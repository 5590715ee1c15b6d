//! Loading a workspace: finding its files, parsing them, and resolving references between them.

pub mod discover;
pub mod index;
pub mod load;
pub mod parse;
pub mod refs;
pub mod source;

pub use load::{Workspace, load, load_files};
pub use source::{SourceFile, SourceMap};
