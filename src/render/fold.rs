//! The folded form of text that redaction and the leak guard search: what a reader would take the
//! text to say, with each folded character mapped back to the bytes of the original it came from.
//!
//! Folding undoes the spellings that hide a phone number or an address from a plain search:
//! character references (`&#64;`, `&commat;`, also escaped twice, as HTML output does), percent
//! escapes (`mailto:a%40b`), Markdown backslash escapes and emphasis (`\@`, `*ana*.silva`),
//! zero-width and bidirectional format characters, compatibility forms (full-width `＠`, `１`),
//! every Unicode space and dash, other scripts' decimal digits, `(at)`, and letter case.
//! It is a hand-made subset of NFKC plus the Markdown and HTML layers, enough for digits, Latin
//! addresses and their separators: the only things searched for.

use std::ops::Range;

/// Folded text: characters, and for each the byte range of the original it stands for.
#[derive(Clone, Debug, Default)]
pub(super) struct Folded {
    pub(super) chars: Vec<char>,
    pub(super) spans: Vec<Range<usize>>,
}

impl Folded {
    /// The original byte range covered by folded characters `from..to` (`to` exclusive, > `from`).
    pub(super) fn span(&self, from: usize, to: usize) -> Range<usize> {
        self.spans[from].start..self.spans[to - 1].end
    }

    /// The folded characters `from..to` as a string.
    pub(super) fn string(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }
}

/// Folds `text` (see the module documentation).
pub(super) fn fold(text: &str) -> Folded {
    let mut current = Folded::default();
    for (i, c) in text.char_indices() {
        current.chars.push(c);
        current.spans.push(i..i + c.len_utf8());
    }
    // References may be escaped more than once (`&amp;#64;` in HTML output of `&#64;`).
    for _ in 0..3 {
        let (next, changed) = decode(&current);
        current = next;
        if !changed {
            break;
        }
    }
    join_at(&current)
}

/// One pass of reference, escape and character folding.
fn decode(input: &Folded) -> (Folded, bool) {
    let mut out = Folded::default();
    let mut changed = false;
    let chars = &input.chars;
    let mut i = 0;
    while i < chars.len() {
        if let Some((c, len)) = reference(&chars[i..]) {
            changed = true;
            let span = input.span(i, i + len);
            if let Some(f) = fold_char(c) {
                out.chars.push(f);
                out.spans.push(span);
            }
            i += len;
            continue;
        }
        let folded = fold_char(chars[i]);
        changed |= folded != Some(chars[i]);
        if let Some(f) = folded {
            out.chars.push(f);
            out.spans.push(input.spans[i].clone());
        }
        i += 1;
    }
    (out, changed)
}

/// A character reference, percent escape or spelled-out `(at)` at the start of `chars`:
/// the character it stands for and how many characters it takes.
fn reference(chars: &[char]) -> Option<(char, usize)> {
    let take = |n: usize| chars.iter().take(n).collect::<String>();
    match chars.first()? {
        '&' => {
            let end = chars.iter().take(12).position(|&c| c == ';')?;
            let body = chars[1..end]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            let c = if let Some(hex) = body.strip_prefix("#x") {
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            } else if let Some(dec) = body.strip_prefix('#') {
                char::from_u32(dec.parse().ok()?)?
            } else {
                named(&body)?
            };
            Some((c, end + 1))
        }
        '%' if chars.len() >= 3 => {
            let byte = u8::from_str_radix(&take(3)[1..], 16).ok()?;
            (byte.is_ascii_graphic() || byte == b' ').then_some((char::from(byte), 3))
        }
        '(' | '[' | '{' => {
            let word = take(4).to_ascii_lowercase();
            matches!(word.get(1..), Some("at)" | "at]" | "at}")).then_some(('@', 4))
        }
        _ => None,
    }
}

/// The named character references that can spell part of a number or an address.
fn named(name: &str) -> Option<char> {
    Some(match name {
        "commat" => '@',
        "period" => '.',
        "plus" => '+',
        "amp" => '&',
        "lowbar" | "underbar" => '_',
        "hyphen" | "dash" | "ndash" | "mdash" | "minus" => '-',
        "lpar" => '(',
        "rpar" => ')',
        "sol" => '/',
        "percnt" => '%',
        "num" => '#',
        "colon" => ':',
        "bsol" => '\\',
        "ast" | "midast" => '*',
        "nbsp" | "thinsp" | "ensp" | "emsp" | "numsp" | "puncsp" | "hairsp" | "nnbsp" => ' ',
        "zwsp" | "zwj" | "zwnj" | "shy" | "lrm" | "rlm" | "nobreak" => '\u{200B}',
        _ => return None,
    })
}

/// Zero code points of the decimal digit blocks of other scripts.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
];

/// One character folded: none (ignorable), or its folded form.
fn fold_char(c: char) -> Option<char> {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        return Some(c);
    }
    let code = u32::from(c);
    if let Some(zero) = DIGIT_ZEROS.iter().find(|&&z| (z..z + 10).contains(&code)) {
        return Some(char::from(b'0' + u8::try_from(code - zero).unwrap_or(0)));
    }
    match c {
        // Markdown escapes and emphasis, zero-width and format characters: ignorable.
        '\\'
        | '*'
        | '_'
        | '`'
        | '~'
        | '\u{AD}'
        | '\u{34F}'
        | '\u{61C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' => None,
        // Full-width and small forms.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(code - 0xFEE0).and_then(fold_char),
        '\u{FE6B}' => Some('@'),
        '\u{FE52}' | '\u{2024}' | '\u{3002}' => Some('.'),
        '\u{FE62}' | '\u{207A}' | '\u{208A}' => Some('+'),
        '\u{FE59}' | '\u{207D}' | '\u{208D}' => Some('('),
        '\u{FE5A}' | '\u{207E}' | '\u{208E}' => Some(')'),
        '\u{2044}' | '\u{2215}' => Some('/'),
        // Superscript and subscript digits.
        '\u{B9}' => Some('1'),
        '\u{B2}' | '\u{B3}' => Some(char::from(b'0' + u8::try_from(code - 0xB0).unwrap_or(0))),
        '\u{2070}' | '\u{2074}'..='\u{2079}' | '\u{2080}'..='\u{2089}' => {
            Some(char::from(b'0' + u8::try_from(code % 16).unwrap_or(0)))
        }
        // Every dash and minus sign.
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{2E3A}'
        | '\u{2E3B}' => Some('-'),
        c if c.is_whitespace() => Some(' '),
        c if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => Some(l),
                _ => Some(c),
            }
        }
        c => Some(c),
    }
}

/// Drops spaces next to `@` between two parts of an address (`ana.silva @ example.com`).
fn join_at(input: &Folded) -> Folded {
    let mut out = Folded::default();
    let n = input.chars.len();
    for i in 0..n {
        if input.chars[i] == ' ' {
            let next = input.chars[i..].iter().find(|&&c| c != ' ');
            let prev = input.chars[..i].iter().rev().find(|&&c| c != ' ');
            if next == Some(&'@') || prev == Some(&'@') {
                continue;
            }
        }
        out.chars.push(input.chars[i]);
        out.spans.push(input.spans[i].clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        let f = fold(text);
        f.string(0, f.chars.len())
    }

    #[test]
    fn spellings_fold_to_what_a_reader_sees() {
        assert_eq!(folded("Ana.Silva&#64;Example.com"), "ana.silva@example.com");
        assert_eq!(folded("ana&amp;#x40;b.c %2540"), "ana@b.c@");
        assert_eq!(folded("*ana*.si\u{200B}lva\\@ex.com"), "ana.silva@ex.com");
        assert_eq!(folded("＋８６\u{2009}１３８–٢٥"), "+86 138-25");
        assert_eq!(folded("ana (at) b.c, x [AT] y"), "ana@b.c, x@y");
        for odd in [
            "&é;",
            "&#xé;",
            "%é4",
            "(é)",
            "&#99999999;",
            "&;",
            "&",
            "%",
            "(a",
            "ＡＢ&#x1F600;",
        ] {
            let f = fold(odd);
            for span in &f.spans {
                assert!(odd.is_char_boundary(span.start) && odd.is_char_boundary(span.end));
            }
        }
        let f = fold("x&#64;y");
        assert_eq!(
            f.span(1, 2),
            1..6,
            "a folded character maps back to its reference"
        );
    }
}
