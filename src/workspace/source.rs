//! The table of source files read for a run: paths as shown to the user, and their text.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::yaml::spanned::FileId;

/// A file read for this run.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as given or found, relative to the current folder where possible.
    pub path: PathBuf,
    /// The file's text (empty if it could not be decoded).
    pub text: String,
    /// Byte offsets where each line starts, computed when first asked for.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file read from `path`, holding `text`.
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            path,
            text,
            line_starts: OnceLock::new(),
        }
    }

    /// The path as shown in messages, with `/` separators.
    pub fn display(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(at, _)| at + 1))
                .filter(|&at| at < self.text.len())
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let text = &self.text[start..end];
        Some(
            text.strip_suffix('\n')
                .unwrap_or(text)
                .trim_end_matches('\r'),
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `line` reads lines as `str::lines` does (a final line ending ends the last line; `\r\n`
    /// and a lone trailing `\r` are not part of the line), from an index built once.
    #[test]
    fn lines_are_read_as_str_lines_reads_them() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb\r\n",
            "a\n\nb",
            "a\r\r\nb\n\n",
            "\u{feff}é\nü\r",
        ] {
            let file = SourceFile::new(PathBuf::from("x.yaml"), text.to_owned());
            let expected: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
            let got: Vec<&str> = (1..=u32::try_from(expected.len()).unwrap() + 1)
                .map_while(|n| file.line(n))
                .collect();
            assert_eq!(got, expected, "{text:?}");
            assert_eq!(file.line(0), None);
        }
    }
}
