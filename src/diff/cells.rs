//! How values are shown in the cells of the Markdown diff tables: on one line, escaped so plan
//! text cannot break a table or inject HTML, and long values cut down to the part that changed.

use serde_json::Value;

/// Longest field value shown in a table cell, in characters (long text is summarised).
const MAX_CELL: usize = 80;

/// The old and new values of a field, ready for two table cells.
pub(crate) fn change(old: Option<&Value>, new: Option<&Value>) -> (String, String) {
    match (old, new) {
        (Some(Value::String(o)), Some(Value::String(n))) => around_difference(o, n),
        (Some(o @ Value::Array(a)), Some(n @ Value::Array(b)))
            if inline(o).chars().count() > MAX_CELL || inline(n).chars().count() > MAX_CELL =>
        {
            (only_in(a, b), only_in(b, a))
        }
        _ => (value(old), value(new)),
    }
}

/// The entries of a long list that the other list lacks, marked as a partial list.
fn only_in(list: &[Value], other: &[Value]) -> String {
    let missing: Vec<String> = list
        .iter()
        .filter(|v| !other.contains(v))
        .map(inline)
        .collect();
    if missing.is_empty() {
        "…".to_owned()
    } else {
        cell(&shorten(&format!("… {}", missing.join("; "))))
    }
}

/// Two long texts shown from a little before where they start to differ, so the edit is visible.
fn around_difference(old: &str, new: &str) -> (String, String) {
    let (old, new) = (
        old.split_whitespace().collect::<Vec<_>>().join(" "),
        new.split_whitespace().collect::<Vec<_>>().join(" "),
    );
    let same = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let skip = same.saturating_sub(20);
    let from = |text: &str| {
        let rest: String = text.chars().skip(skip).collect();
        let shown = if skip > 0 { format!("…{rest}") } else { rest };
        cell(&shorten(&shown))
    };
    (from(&old), from(&new))
}

/// A value in one line: lists joined, maps as `first (rest)`; "—" when absent.
fn value(v: Option<&Value>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| cell(&shorten(&inline(v))))
}

fn inline(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let sep = if items.iter().any(Value::is_object) {
                "; "
            } else {
                ", "
            };
            items.iter().map(inline).collect::<Vec<_>>().join(sep)
        }
        Value::Object(map) if map.len() == 1 => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", inline(v)))
            .next()
            .unwrap_or_default(),
        Value::Object(map) => {
            let mut values = map.values().filter(|v| !v.is_null()).map(inline);
            let first = values.next().unwrap_or_default();
            let rest: Vec<String> = values.collect();
            if rest.is_empty() {
                first
            } else {
                format!("{first} ({})", rest.join(", "))
            }
        }
        other => other.to_string(),
    }
}

/// Text safe in a table cell: one line, pipes and angle brackets escaped.
pub(crate) fn cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `text` cut to `MAX_CELL` characters, marked with an ellipsis when cut.
fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX_CELL {
        one_line.chars().take(MAX_CELL - 1).collect::<String>() + "…"
    } else {
        one_line
    }
}

/// Text safe inside a code span.
pub(crate) fn code(text: &str) -> String {
    text.replace('`', "'").replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn plan_text_cannot_break_a_table_or_inject_html() {
        assert_eq!(cell("a | b\n<script>"), "a \\| b &lt;script&gt;");
        assert_eq!(code("x`y|z"), "x'y\\|z");
    }

    #[test]
    fn values_are_shown_on_one_line() {
        let phones = json!([{"number": "+447700900101", "kind": "mobile", "hours": "24/7"}]);
        assert_eq!(value(Some(&phones)), "+447700900101 (mobile, 24/7)");
        assert_eq!(
            value(Some(&json!([{"site": "leeds"}, {"system": "erp"}]))),
            "site: leeds; system: erp"
        );
        assert_eq!(value(None), "—");
    }

    #[test]
    fn long_values_show_where_they_differ() {
        let old = format!("{} old ending", "same words ".repeat(10));
        let new = format!("{} new ending", "same words ".repeat(10));
        let (o, n) = change(Some(&json!(old)), Some(&json!(new)));
        assert!(o.starts_with('…') && o.ends_with("old ending"), "{o}");
        assert!(n.ends_with("new ending"), "{n}");
        let long: Vec<String> = (0..20).map(|i| format!("item number {i}")).collect();
        let mut changed = long.clone();
        changed[3] = "a new item".to_owned();
        let (o, n) = change(Some(&json!(long)), Some(&json!(changed)));
        assert_eq!(
            (o.as_str(), n.as_str()),
            ("… item number 3", "… a new item")
        );
        assert_eq!(shorten(&"x".repeat(200)).chars().count(), MAX_CELL);
    }
}
