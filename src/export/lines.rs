//! Content lines as vCard (RFC 6350) and iCalendar (RFC 5545) share them: escaped text values,
//! quoted parameter values, and lines folded at 75 octets with CRLF endings.

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks; other control characters
/// (which neither format allows) are dropped.
pub(crate) fn text(value: &str) -> String {
    let value = value.trim().replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value, always in double quotes; a double quote (which cannot be escaped there)
/// becomes a single one, and control characters are dropped.
pub(crate) fn param(value: &str) -> String {
    let inner: String = value
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    format!("\"{inner}\"")
}

/// A `mailto:` URI for `address`, with characters outside the safe set percent-encoded.
pub(crate) fn mailto(address: &str) -> String {
    let mut out = String::from("mailto:");
    for byte in address.trim().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@+!$&'*=".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Appends `line` to `out`, folded so that no line is longer than 75 octets (continuation lines
/// start with a space, which counts), never inside a UTF-8 character, each ended with CRLF.
pub(crate) fn push(out: &mut String, line: &str) {
    let mut limit = 75;
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > limit {
            out.push_str("\r\n ");
            used = 1;
            limit = 75;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        push(&mut out, &format!("SUMMARY:{}", "é".repeat(80)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(80)));
    }

    #[test]
    fn escapes_text_and_parameters() {
        assert_eq!(text("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(param("Li \"Wei\"; x"), "\"Li 'Wei'; x\"");
        assert_eq!(mailto("a b@x.example"), "mailto:a%20b@x.example");
    }
}
