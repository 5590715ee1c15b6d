//! The JSON form of a diff report: the [`Report`] serialized as documented in the README
//! ("bcplan diff", JSON output). Stable: fields may be added, none removed or renamed.

use super::Report;

/// The report as pretty-printed JSON, with a trailing newline.
pub fn report(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_level_shape_is_stable() {
        let value: serde_json::Value = serde_json::from_str(&report(&Report::default())).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "version",
                "old",
                "new",
                "summary",
                "workspace",
                "plans",
                "registers",
                "findings"
            ]
        );
        assert_eq!(value["findings"]["introduced"], serde_json::json!([]));
    }
}
