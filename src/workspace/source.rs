//! The table of source files read for a run: paths as shown to the user, and their text.

use std::path::PathBuf;

use crate::yaml::spanned::FileId;

/// A file read for this run.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as given or found, relative to the current folder where possible.
    pub path: PathBuf,
    /// The file's text (empty if it could not be decoded).
    pub text: String,
}

impl SourceFile {
    /// The path as shown in messages, with `/` separators.
    pub fn display(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.text
            .lines()
            .nth(index)
            .map(|l| l.trim_end_matches('\r'))
    }
}

/// All files of a run, indexed by `FileId`.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// The files, `FileId(n)` being `files[n]`.
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
}
