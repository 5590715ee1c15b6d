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
            changed_fields(a, b)
                .unwrap_or_else(|| (only_in(a, b, "none removed"), only_in(b, a, "none added")))
        }
        _ => (value(old), value(new)),
    }
}

/// Two lists of entries without ids, the same length, differing only inside entries (a step whose
/// owner changed): for each changed entry, its number, what names it (its first field, when that
/// did not change) and only the fields that changed. `None` when entries were added or removed.
fn changed_fields(old: &[Value], new: &[Value]) -> Option<(String, String)> {
    if old.len() != new.len() {
        return None;
    }
    let mut cells = (Vec::new(), Vec::new());
    for (i, (o, n)) in old.iter().zip(new).enumerate() {
        if o == n {
            continue;
        }
        let (Value::Object(o), Value::Object(n)) = (o, n) else {
            return None;
        };
        let mut keys: Vec<&String> = o.keys().collect();
        keys.extend(n.keys().filter(|k| !o.contains_key(*k)));
        // Named by its first field that is set, when that did not change.
        let name = keys
            .iter()
            .find(|k| o.get(**k).is_some_and(|v| !v.is_null()))
            .filter(|k| o.get(**k) == n.get(**k))
            .and_then(|k| o.get(*k))
            .map(|v| format!(" ({})", short(&inline(v), 30)))
            .unwrap_or_default();
        let fields = |entry: &serde_json::Map<String, Value>| {
            keys.iter()
                .filter(|k| o.get(**k) != n.get(**k))
                .map(|k| {
                    let shown = entry.get(*k).map_or_else(|| "—".to_owned(), inline);
                    format!("{k}: {}", short(&shown, 40))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        cells.0.push(format!("#{}{name} {}", i + 1, fields(o)));
        cells.1.push(format!("#{}{name} {}", i + 1, fields(n)));
    }
    if cells.0.is_empty() {
        return None;
    }
    Some((
        cell(&format!("… {}", cells.0.join("; "))),
        cell(&format!("… {}", cells.1.join("; "))),
    ))
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        text.chars().take(max - 1).collect::<String>() + "…"
    } else {
        text.to_owned()
    }
}

/// The entries of a long list that the other list lacks, marked as a partial list; `none` when
/// it has none that the other lacks.
fn only_in(list: &[Value], other: &[Value], none: &str) -> String {
    let missing: Vec<String> = list
        .iter()
        .filter(|v| !other.contains(v))
        .map(inline)
        .collect();
    if missing.is_empty() {
        format!("… ({none})")
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

    #[test]
    fn a_change_inside_an_entry_without_id_shows_the_changed_field() {
        let step = |owner: &str| json!({"id": null, "action": "Declare the outage and invoke this plan for the whole site", "owner": owner, "duration": "30min"});
        let old = json!([step("li.wei"), step("zhang.min")]);
        let new = json!([step("li.wei"), step("chen.hao")]);
        let (o, n) = change(Some(&old), Some(&new));
        assert_eq!(o, "… #2 (Declare the outage and invoke…) owner: zhang.min");
        assert_eq!(n, "… #2 (Declare the outage and invoke…) owner: chen.hao");
    }
}
