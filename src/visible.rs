//! Control characters from plan text made visible, for every output a person reads: terminal
//! reports, CI annotations and test reports, diff comments and runbooks.
//!
//! Plan values are data. Written raw, an ESC or a C1 CSI (`U+009B`) lets a YAML value clear the
//! screen or set a terminal's title, a BEL rings, a carriage return hides what came before it, and
//! a bidirectional override (`U+202E`) reorders what a reviewer sees ("Trojan Source"). Each such
//! character is shown as its Rust escape, `\u{1b}`, so the reader sees that it is there. Left
//! alone: line feed and tab where the caller keeps them, and the direction marks (LRM, RLM, ALM),
//! which cannot reorder text beyond a neutral character and which right-to-left names need.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must be shown escaped: C0 and C1 controls, DEL, and the bidirectional
/// embedding, override and isolate controls (`U+202A`-`U+202E`, `U+2066`-`U+2069`).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hidden character but those in `keep` shown as `\u{..}`.
pub fn visible_keeping<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    if !text.chars().any(|c| is_hidden(c) && !keep.contains(&c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) && !keep.contains(&c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` on one line: every hidden character, line breaks and tabs too, shown as `\u{..}`.
pub fn visible(text: &str) -> Cow<'_, str> {
    visible_keeping(text, &[])
}

/// `text` with its line breaks and tabs kept and every other hidden character shown.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    visible_keeping(text, &['\n', '\t'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_are_shown() {
        assert_eq!(
            visible("a\u{1b}[2Jb\u{7}\u{9b}c\u{202e}d\u{2067}\r"),
            "a\\u{1b}[2Jb\\u{7}\\u{9b}c\\u{202e}d\\u{2067}\\u{d}"
        );
        assert_eq!(visible_lines("a\tb\nc\u{7f}"), "a\tb\nc\\u{7f}");
        assert!(matches!(visible("plain \u{200f}ok"), Cow::Borrowed(_)));
    }
}
