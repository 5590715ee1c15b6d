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

    /// The text of line `line` as shown under a message: at most `EXCERPT` characters around
    /// 1-based column `col`, with `…` where it was cut, and the column of `col` in what is shown.
    pub fn excerpt(&self, line: u32, col: u32) -> Option<(String, u32)> {
        let text = self.line(line)?;
        let length = text.chars().count();
        if length <= EXCERPT {
            return Some((text.to_owned(), col));
        }
        let at = usize::try_from(col.saturating_sub(1))
            .unwrap_or(usize::MAX)
            .min(length);
        let start = at
            .saturating_sub(EXCERPT / 2)
            .min(length.saturating_sub(EXCERPT));
        let end = (start + EXCERPT).min(length);
        let mut shown = String::new();
        let mut shift = start;
        if start > 0 {
            shown.push('…');
            shift = shift.saturating_sub(1);
        }
        shown.extend(text.chars().skip(start).take(end - start));
        if end < length {
            shown.push('…');
        }
        let col = u32::try_from(at - shift + 1).unwrap_or(col);
        Some((shown, col))
    }
}

/// The most characters of a source line shown under a message.
pub const EXCERPT: usize = 300;

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
