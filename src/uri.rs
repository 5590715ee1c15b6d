//! File paths as URIs: the `file:` URIs and relative references of SARIF locations, and the
//! links of calendar events. Only the encoding lives here; which path to link is the caller's.

/// Percent-encodes `path` (with `/` separators) for a URI: every byte other than an unreserved
/// character (`A-Z a-z 0-9 - . _ ~`) and `/`, and `:` too in an `absolute` path (for a drive
/// letter), becomes `%XX`. So each segment is taken as data, whatever its name holds.
pub(crate) fn encode_path(path: &str, absolute: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (absolute && byte == b':')
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `file:` URI of absolute `path` (with `/` separators): `file:///srv/plans/a%20b.yaml`, and
/// `file:///C:/plans/x.yaml` for a Windows path.
pub(crate) fn file_uri(path: &str) -> String {
    let encoded = encode_path(path, true);
    let slash = if encoded.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(encode_path("plans/a b%.yaml", false), "plans/a%20b%25.yaml");
        assert_eq!(encode_path("c:x.yaml", false), "c%3Ax.yaml");
        assert_eq!(encode_path("C:/x é.yaml", true), "C:/x%20%C3%A9.yaml");
        assert_eq!(encode_path("a#b?c.yaml", false), "a%23b%3Fc.yaml");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(file_uri("/srv/x y/p.yaml"), "file:///srv/x%20y/p.yaml");
        assert_eq!(file_uri("C:/plans/p.yaml"), "file:///C:/plans/p.yaml");
    }
}
