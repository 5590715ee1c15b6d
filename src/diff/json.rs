//! The JSON form of a diff report: the [`Report`] serialized as documented in the README
//! ("bcplan diff", JSON output). Stable: fields may be added, none removed or renamed.

use super::Report;

/// The report as pretty-printed JSON, with a trailing newline.
pub fn report(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}
