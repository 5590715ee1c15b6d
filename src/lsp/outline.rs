//! Where the cursor is in a YAML document, read from the text alone: the document's kind, the
//! chain of keys above the cursor, and whether a key or the value of which key is being typed.
//!
//! This works on half-typed YAML (an unclosed `{`, a key without a value) because it never parses:
//! it reads indentation upwards and the flow brackets of the cursor's line.

use crate::schema::Kind;

/// What is being typed at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum At {
    /// A key of the mapping at `path`.
    Key,
    /// The value (or a list item) of `key` in the mapping at `path`.
    Value { key: String },
}

/// The cursor's place.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    /// The kind of the YAML document holding the cursor, if it says.
    pub(crate) kind: Option<Kind>,
    /// Keys from the document root to the mapping holding the cursor (list levels are implied).
    pub(crate) path: Vec<String>,
    /// Key or value.
    pub(crate) at: At,
    /// The code-point column (0-based) where the word typed so far starts.
    pub(crate) word_start: usize,
    /// Whether the line is a list item (`- `) with nothing but the word after the marker.
    pub(crate) item: bool,
}

/// A line's content: the column after indentation and `- ` markers, whether it had a marker, and
/// the key it starts with.
struct Content<'t> {
    col: usize,
    dash: bool,
    rest: &'t str,
}

fn content(line: &str) -> Content<'_> {
    let mut rest = line;
    let mut col = 0;
    let mut dash = false;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        col += rest.len() - trimmed.len();
        rest = trimmed;
        if rest == "-" || rest.starts_with("- ") {
            dash = true;
            rest = &rest[1..];
            col += 1;
        } else {
            return Content { col, dash, rest };
        }
    }
}

/// The key a line's content starts with (`name:` followed by a space or the end).
fn leading_key(rest: &str) -> Option<&str> {
    let end = rest.find(':')?;
    let key = rest[..end].trim_matches(['"', '\'']);
    let after = &rest[end + 1..];
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && (after.is_empty() || after.starts_with([' ', '\t']));
    ok.then_some(key)
}

/// The keys above line `row` whose mappings hold column `col`, outermost first.
fn ancestors(lines: &[&str], row: usize, mut col: usize) -> Vec<String> {
    let mut path = Vec::new();
    for l in lines[..row].iter().rev() {
        if l.starts_with("---") {
            break;
        }
        let c = content(l);
        if c.rest.is_empty() || c.rest.starts_with('#') || c.col >= col {
            continue;
        }
        if let Some(key) = leading_key(c.rest) {
            path.push(key.to_owned());
            col = c.col;
        }
        if col == 0 {
            break;
        }
    }
    path.reverse();
    path
}

/// The kind named by `kind:` in the YAML document holding line `row`.
fn kind_of(lines: &[&str], row: usize) -> Option<Kind> {
    let start = lines[..=row]
        .iter()
        .rposition(|l| l.starts_with("---"))
        .map_or(0, |p| p + 1);
    let end = lines[row + 1..]
        .iter()
        .position(|l| l.starts_with("---"))
        .map_or(lines.len(), |p| row + 1 + p);
    lines[start..end]
        .iter()
        .find_map(|l| l.strip_prefix("kind:"))
        .map(|k| {
            k.split('#')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\''])
        })
        .and_then(Kind::from_name)
}

struct Frame {
    open: char,
    opener: Option<String>,
    key: Option<String>,
    after_colon: bool,
}

/// The cursor's place at 0-based `row` and code-point column `col0` of `text`.
pub(crate) fn place(text: &str, row: usize, col0: usize) -> Place {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let line = lines.get(row).copied().unwrap_or("");
    let prefix: String = line.chars().take(col0).collect();
    let word_len = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
        .count();
    let word_start = prefix.chars().count() - word_len;
    let kind = if lines.is_empty() {
        None
    } else {
        kind_of(&lines, row.min(lines.len() - 1))
    };
    let c = content(&prefix);
    let mut path = ancestors(&lines, row.min(lines.len()), c.col);
    // Scan the line's content for keys and flow brackets.
    let mut block_key: Option<String> = None;
    let mut block_colon = false;
    let mut frames: Vec<Frame> = Vec::new();
    let rest: Vec<char> = c.rest.chars().collect();
    let mut i = 0;
    let mut token = String::new();
    while i < rest.len() {
        let ch = rest[i];
        match ch {
            '"' | '\'' => {
                let close = rest[i + 1..].iter().position(|&c| c == ch);
                i = close.map_or(rest.len(), |p| i + p + 2);
                token.clear();
                continue;
            }
            '#' if i == 0 || rest[i - 1] == ' ' => break,
            ':' if rest
                .get(i + 1)
                .is_none_or(|c| c.is_whitespace() || matches!(c, '{' | '[')) =>
            {
                let key = token.trim().to_owned();
                match frames.last_mut() {
                    Some(f) => {
                        f.key = Some(key);
                        f.after_colon = true;
                    }
                    None => {
                        block_key = Some(key);
                        block_colon = true;
                    }
                }
                token.clear();
            }
            '{' | '[' => {
                let opener = match frames.last() {
                    Some(f) => f.key.clone(),
                    None => block_key.clone(),
                };
                frames.push(Frame {
                    open: ch,
                    opener,
                    key: None,
                    after_colon: false,
                });
                token.clear();
            }
            '}' | ']' => {
                frames.pop();
                token.clear();
            }
            ',' => {
                if let Some(f) = frames.last_mut() {
                    if f.open == '{' {
                        f.key = None;
                        f.after_colon = false;
                    }
                }
                token.clear();
            }
            _ => token.push(ch),
        }
        i += 1;
    }
    let item = c.dash && frames.is_empty() && block_key.is_none();
    let at = if let Some(top) = frames.pop() {
        if let Some(key) = &block_key {
            path.push(key.clone());
        }
        path.extend(frames.iter().filter_map(|f| f.key.clone()));
        match (top.open, top.key, top.after_colon) {
            ('{', Some(key), true) => {
                if let Some(opener) = top.opener {
                    if frames
                        .last()
                        .is_none_or(|f| f.key.as_deref() != Some(&opener))
                        && path.last() != Some(&opener)
                    {
                        path.push(opener);
                    }
                }
                At::Value { key }
            }
            ('{', _, _) => {
                if let Some(opener) = top.opener {
                    if path.last() != Some(&opener) {
                        path.push(opener);
                    }
                }
                At::Key
            }
            _ => {
                let key = top.opener.unwrap_or_default();
                if path.last() == Some(&key) {
                    path.pop();
                }
                At::Value { key }
            }
        }
    } else if let (Some(key), true) = (block_key, block_colon) {
        At::Value { key }
    } else if c.dash {
        // `- word`: an item of the list above; the caller decides whether its items are
        // mappings (then a key is typed) or ids.
        match path.pop() {
            Some(key) => At::Value { key },
            None => At::Key,
        }
    } else {
        At::Key
    };
    Place {
        kind,
        path,
        at,
        word_start,
        item,
    }
}

/// The key under the cursor, if the cursor is on a key: its place (with `At::Key`) and the key.
pub(crate) fn key_at(text: &str, row: usize, col0: usize) -> Option<(Place, String)> {
    let line = text.split('\n').nth(row)?.trim_end_matches('\r');
    let chars: Vec<char> = line.chars().collect();
    let is_word = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut end = col0.min(chars.len());
    while end < chars.len() && is_word(&chars[end]) {
        end += 1;
    }
    if chars.get(end) != Some(&':') {
        return None;
    }
    let mut start = end;
    while start > 0 && is_word(&chars[start - 1]) {
        start -= 1;
    }
    if start == end || col0 < start {
        return None;
    }
    let key: String = chars[start..end].iter().collect();
    let mut place = place(text, row, end);
    if let At::Value { key: parent } = &place.at {
        // `- key:` on an item line of a list of mappings.
        place.path.push(parent.clone());
        place.at = At::Key;
    }
    Some((place, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "apiVersion: bcplan/v1\nkind: Plan\nid: p\nactivities:\n  - id: a\n    owner: li\n    depends_on:\n      - { system: me\n    ";

    #[test]
    fn block_value_under_list_item() {
        let p = place(PLAN, 5, 13);
        assert_eq!(p.kind, Some(Kind::Plan));
        assert_eq!(p.path, ["activities"]);
        assert_eq!(
            p.at,
            At::Value {
                key: "owner".into()
            }
        );
        assert_eq!(p.word_start, 11);
    }

    #[test]
    fn flow_mapping_value_in_a_list() {
        let p = place(PLAN, 7, 20);
        assert_eq!(p.path, ["activities", "depends_on"]);
        assert_eq!(
            p.at,
            At::Value {
                key: "system".into()
            }
        );
        assert_eq!(p.word_start, 18);
    }

    #[test]
    fn flow_list_value_and_new_key() {
        let text = "kind: Plan\nsites: [a, b";
        let p = place(text, 1, 12);
        assert!(p.path.is_empty());
        assert_eq!(
            p.at,
            At::Value {
                key: "sites".into()
            }
        );
        let p = place(PLAN, 8, 4);
        assert_eq!(p.path, ["activities"]);
        assert_eq!(p.at, At::Key);
    }
}
