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
    let shown = |c: char| is_hidden(c) && !keep.contains(&c);
    // Every hidden character starts with a byte below 0x20, DEL, or the lead byte 0xC2 (C1
    // controls) or 0xE2 (the bidirectional controls): only those are decoded, so a runbook of
    // megabytes is passed through at the speed of a byte scan. Blocks of 32 bytes holding none
    // of them (a kept line feed or tab aside) are skipped whole, which the compiler vectorises.
    let (keep_lf, keep_tab) = (keep.contains(&'\n'), keep.contains(&'\t'));
    // Bitwise, not lazy: no branch per byte, so the block test vectorises.
    #[allow(clippy::needless_bitwise_bool)]
    let lead = |b: u8| {
        (b < 0x20 && !(keep_lf && b == b'\n') && !(keep_tab && b == b'\t'))
            | (b == 0x7F)
            | (b == 0xC2)
            | (b == 0xE2)
    };
    let bytes = text.as_bytes();
    let mut first = None;
    for (block, chunk) in bytes.chunks(32).enumerate() {
        if !chunk.iter().fold(false, |any, &b| any | lead(b)) {
            continue;
        }
        let start = block * 32;
        let found = chunk
            .iter()
            .enumerate()
            .position(|(i, &b)| lead(b) && text[start + i..].chars().next().is_some_and(shown));
        if let Some(i) = found {
            first = Some(start + i);
            break;
        }
    }
    let Some(first) = first else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if shown(c) {
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
        // Characters that share a first byte with hidden ones (U+00A9, U+2014, U+2060) pass
        // through untouched; hidden ones after them are still found.
        assert!(matches!(visible("© — \u{2060}"), Cow::Borrowed(_)));
        assert_eq!(visible("©\u{85}—\u{2066}é"), "©\\u{85}—\\u{2066}é");
    }

    proptest::proptest! {
        /// Skipping blocks finds the same first hidden character as decoding every character.
        #[test]
        fn the_block_scan_agrees_with_a_character_scan(
            text in "([a-z\n\t ©—]{0,40}[\u{0}-\u{a0}\u{2060}-\u{2070}\u{202a}-\u{202e}]?){0,6}"
        ) {
            for keep in [&[][..], &['\n', '\t'][..], &['\t'][..]] {
                let slow: String = text
                    .chars()
                    .map(|c| if is_hidden(c) && !keep.contains(&c) {
                        format!("\\u{{{:x}}}", u32::from(c))
                    } else {
                        c.to_string()
                    })
                    .collect();
                proptest::prop_assert_eq!(visible_keeping(&text, keep), slow);
            }
        }
    }
}
