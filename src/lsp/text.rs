//! Positions: bcplan's 1-based line and code-point column against LSP's 0-based line and UTF-16
//! offset, and the extent of the YAML token a finding or a reference starts at.
//!
//! Spans in the model know where a node starts, not where it ends; the end is read from the text.

use lsp_types::{Position, Range};

use crate::workspace::SourceFile;
use crate::yaml::node::Pos;

/// Line `line0` (0-based) of `text`, without its line ending; empty past the end.
pub(crate) fn line(text: &str, line0: u32) -> &str {
    text.split('\n')
        .nth(line0 as usize)
        .map_or("", |l| l.strip_suffix('\r').unwrap_or(l))
}

/// A text read by line: an editor's text, scanned from its start, or a loaded file, read through
/// its line index (a finding or an id in a register of thousands of entries must not rescan it).
pub(crate) trait Lines {
    /// Line `line0` (0-based), without its line ending; empty past the end.
    fn line0(&self, line0: u32) -> &str;
}

impl Lines for str {
    fn line0(&self, line0: u32) -> &str {
        line(self, line0)
    }
}

impl Lines for SourceFile {
    fn line0(&self, line0: u32) -> &str {
        self.line(line0.saturating_add(1)).unwrap_or("")
    }
}

/// The UTF-16 offset of code-point column `col0` (0-based) in `line`.
pub(crate) fn utf16(line: &str, col0: usize) -> u32 {
    let units: usize = line.chars().take(col0).map(char::len_utf16).sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}

/// The code-point column (0-based) of UTF-16 offset `offset` in `line`, clamped to the line.
pub(crate) fn col(line: &str, offset: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in line.chars().enumerate() {
        if units >= offset {
            return i;
        }
        units += u32::try_from(c.len_utf16()).unwrap_or(2);
    }
    line.chars().count()
}

/// The length in code points of the scalar that starts at `col0` in `line`: a quoted string up to
/// its closing quote, or plain text up to a flow indicator, a `key:` colon or a comment.
pub(crate) fn token_len(line: &str, col0: usize) -> usize {
    let chars: Vec<char> = line.chars().skip(col0).collect();
    match chars.first() {
        None => 0,
        Some(&q @ ('"' | '\'')) => chars[1..]
            .iter()
            .position(|&c| c == q)
            .map_or(chars.len(), |p| p + 2),
        Some(_) => {
            let mut end = chars.len();
            for (i, &c) in chars.iter().enumerate() {
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if matches!(c, ',' | ']' | '}')
                    || (c == ':' && next.is_whitespace())
                    || (c == '#' && i > 0 && chars[i - 1].is_whitespace())
                {
                    end = i;
                    break;
                }
            }
            chars[..end]
                .iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(0, |p| p + 1)
        }
    }
}

/// The LSP range of `len` code points from 1-based `pos` in `text`.
pub(crate) fn range_of<T: Lines + ?Sized>(text: &T, pos: Pos, len: usize) -> Range {
    let line0 = pos.line.saturating_sub(1);
    let col0 = pos.col.saturating_sub(1) as usize;
    let l = text.line0(line0);
    Range::new(
        Position::new(line0, utf16(l, col0)),
        Position::new(line0, utf16(l, col0 + len)),
    )
}

/// The range of the token at `pos` (the start of the file for whole-file places, line 0).
pub(crate) fn token_range<T: Lines + ?Sized>(text: &T, pos: Pos) -> Range {
    if pos.line == 0 {
        return Range::default();
    }
    let col0 = pos.col.saturating_sub(1) as usize;
    let len = token_len(text.line0(pos.line - 1), col0);
    range_of(text, pos, len)
}

/// The 1-based position of an LSP position in `text`.
pub(crate) fn pos_of(text: &str, position: Position) -> Pos {
    let l = line(text, position.line);
    Pos {
        line: position.line.saturating_add(1),
        col: u32::try_from(col(l, position.character)).unwrap_or(u32::MAX) + 1,
    }
}

/// Whether `inner` (a position) lies within `range`, ends included.
pub(crate) fn contains(range: Range, position: Position) -> bool {
    range.start <= position && position <= range.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_end_at_flow_indicators_colons_and_comments() {
        assert_eq!(token_len("{ system: mes }", 10), 3);
        assert_eq!(token_len("owner: li.wei # x", 7), 6);
        assert_eq!(token_len("  rto: 4h", 2), 3);
        assert_eq!(token_len(r#"x: "a, b" y"#, 3), 6);
        assert_eq!(token_len("[a, b]", 4), 1);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let l = "name: 😀 x";
        assert_eq!(utf16(l, 8), 9);
        assert_eq!(col(l, 9), 8);
    }
}
