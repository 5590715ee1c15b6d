//! Validation of a YAML node tree against the JSON Schema generated from the model types.
//!
//! It understands the subset of JSON Schema that schemars emits for bcplan's types (`type`,
//! `properties`, `required`, `additionalProperties`, `patternProperties` with the id pattern,
//! `items`, `oneOf`/`anyOf`, `const`, `enum`, `$ref`, `minimum`/`maximum`, `maxLength`, and bcplan's own
//! `format`s) and reports every error of a document with the position of the node it is about,
//! a message and a help line, instead of stopping at the first.

use serde_json::Value as Json;

use super::suggest::did_you_mean;
use crate::model::value::check_format;
use crate::yaml::node::{Node, Pos, Value};

/// One schema error.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaError {
    /// The node it is about.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The text, when it is a value that is not a valid id (names may be matched to ids later).
    pub invalid_id: Option<String>,
    /// Whether the error is an unknown field (at `pos`, the key): the rest of the entry can still
    /// be read without it.
    pub unknown_field: bool,
}

/// Validates `node` against `schema`, a sub-schema of `root` (whose `$defs` resolve `$ref`s);
/// `text` is the source the node was read from (for quoting values as written).
pub fn validate(node: &Node, schema: &Json, root: &Json, text: &str) -> Vec<SchemaError> {
    let mut v = Validator {
        root,
        text,
        errors: Vec::new(),
    };
    let title = root
        .get("title")
        .and_then(Json::as_str)
        .unwrap_or("Document");
    v.check(node, schema, &words(title.trim_end_matches("Doc")), "");
    v.errors
}

/// Resolves a local `$ref` (`#/$defs/Name`) against `root`.
pub fn resolve<'a>(schema: &'a Json, root: &'a Json) -> &'a Json {
    match schema.get("$ref").and_then(Json::as_str) {
        Some(reference) => reference
            .strip_prefix("#/$defs/")
            .and_then(|name| root.get("$defs")?.get(name))
            .map_or(schema, |s| resolve(s, root)),
        None => schema,
    }
}

struct Validator<'a> {
    root: &'a Json,
    text: &'a str,
    errors: Vec<SchemaError>,
}

impl Validator<'_> {
    fn error(&mut self, pos: Pos, message: String, help: impl Into<String>) {
        self.errors.push(SchemaError {
            pos,
            message,
            help: help.into(),
            invalid_id: None,
            unknown_field: false,
        });
    }

    /// `what` names the thing for messages (a type name), `field` the key the node sits under.
    fn check(&mut self, node: &Node, schema: &Json, what: &str, field: &str) {
        // A definition's name (`HistoryEntry`) is put in words only for a message.
        let what = schema_name(schema).unwrap_or(what);
        let schema = resolve(schema, self.root);
        if let Some(alternatives) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            self.check_alternatives(node, alternatives, what, field);
            return;
        }
        if let Some(names) = schema.get("enum").and_then(Json::as_array) {
            let names: Vec<&str> = names.iter().filter_map(Json::as_str).collect();
            self.check_name(node, &names, what, field);
            return;
        }
        if let Some(types) = schema.get("type") {
            if !type_matches(types, &node.value) {
                self.type_error(node, schema, types, what, field);
                return;
            }
        }
        if let Some(constant) = schema.get("const") {
            if !json_eq(constant, &node.value) {
                self.error(
                    node.pos,
                    format!("{} must be {constant}", label(field, what)),
                    "",
                );
            }
        }
        let max_length = schema.get("maxLength").and_then(Json::as_u64);
        if let (Some(max), Value::Str(text)) = (max_length, &node.value) {
            let length = text.chars().count();
            if u64::try_from(length).is_ok_and(|l| l > max) {
                self.error(
                    node.pos,
                    format!(
                        "{} is {length} characters long; at most {max} are allowed",
                        label(field, what)
                    ),
                    "shorten it; longer text belongs in a description or detail field",
                );
                return;
            }
        }
        if let Some(format) = schema.get("format").and_then(Json::as_str) {
            if let Value::Str(text) = &node.value {
                if let Err(message) = check_format(format, text) {
                    self.error(
                        node.pos,
                        format!("{}: {message}", label(field, what)),
                        format_help(format),
                    );
                    if format == "bcplan-id" {
                        if let Some(error) = self.errors.last_mut() {
                            error.invalid_id = Some(text.clone());
                        }
                    }
                }
            }
        }
        if let Value::Int(i) = node.value {
            self.check_range(node, schema, i, field, what);
        }
        match &node.value {
            Value::Map(entries) => self.check_map(node, entries, schema, what),
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.check(item, item_schema, what, field);
                    }
                }
            }
            _ => {}
        }
    }

    /// `node` is not of the `types` `schema` wants: say what was found, as written, and what to write.
    fn type_error(&mut self, node: &Node, schema: &Json, types: &Json, what: &str, field: &str) {
        let expected = describe_types(types);
        let raw = scalar_at(self.text, node.pos);
        let mut found = node.value.describe();
        let help = match (&node.value, expected.as_str()) {
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), e) if e.starts_with("a string") => {
                let written = raw.clone().unwrap_or_default();
                if !written.is_empty() && found != format!("the number {written}") {
                    // `+447700900101` is read as 447700900101: show what was written.
                    found = format!("`{written}`, which YAML reads as {found}");
                }
                match schema.get("format").and_then(Json::as_str).map(format_help) {
                    _ if !written.is_empty() => {
                        format!(
                            "quote the value so YAML reads it as text: `{field}: \"{written}\"`"
                        )
                    }
                    Some(help) if !help.is_empty() => help.to_owned(),
                    _ => "quote the value so YAML reads it as text, e.g. \"4.1\"".to_owned(),
                }
            }
            (Value::Null, _) => format!("give `{field}` a value or remove the line"),
            (_, "a whole number") => {
                let min = schema.get("minimum").and_then(Json::as_i64);
                let max = schema.get("maximum").and_then(Json::as_i64);
                match (min, max) {
                    (Some(a), Some(b)) => format!("write a whole number from {a} to {b}"),
                    (Some(a), None) => format!("write a whole number, {a} or more"),
                    (None, Some(b)) => format!("write a whole number, {b} or less"),
                    (None, None) => "write a whole number".to_owned(),
                }
            }
            (_, "a number") => "write a number".to_owned(),
            (_, "true or false") => {
                "write `true` or `false` (YAML 1.2 reads `yes`, `no`, `on` and `off` as text)"
                    .to_owned()
            }
            _ => format!("see `bcplan schema` for the shape of {}", article(what)),
        };
        if let (Value::Str(_), Some(written)) = (&node.value, raw) {
            if !written.is_empty() && !matches!(expected.as_str(), "a list" | "a mapping") {
                found = format!("`{written}`");
            }
        }
        self.error(
            node.pos,
            format!("{} must be {expected}, found {found}", label(field, what)),
            help,
        );
    }

    fn check_range(&mut self, node: &Node, schema: &Json, value: i64, field: &str, what: &str) {
        let min = schema.get("minimum").and_then(Json::as_i64);
        let max = schema.get("maximum").and_then(Json::as_i64);
        if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            let range = match (min, max) {
                (Some(a), Some(b)) => format!("from {a} to {b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("at most {b}"),
                (None, None) => unreachable!(),
            };
            self.error(
                node.pos,
                format!(
                    "{} must be a whole number {range}, found {value}",
                    label(field, what)
                ),
                "",
            );
        }
    }

    fn check_map(&mut self, node: &Node, entries: &[(Node, Node)], schema: &Json, what: &str) {
        let properties = schema.get("properties").and_then(Json::as_object);
        let pattern_properties = schema.get("patternProperties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties");
        let mut seen = Vec::new();
        for (key, value) in entries {
            let Some(name) = key.as_str() else {
                self.error(
                    key.pos,
                    format!("keys must be text, found {}", key.value.describe()),
                    "quote the key",
                );
                continue;
            };
            seen.push(name);
            if let Some(sub) = properties.and_then(|p| p.get(name)) {
                self.check(value, sub, what, name);
            } else if let Some(sub) = pattern_properties.and_then(|p| p.values().next()) {
                if let Err(message) = check_format("bcplan-id", name) {
                    self.error(key.pos, message, format_help("bcplan-id"));
                }
                self.check(value, sub, what, name);
            } else if let Some(sub) = additional.filter(|a| a.is_object()) {
                self.check(value, sub, what, name);
            } else if additional == Some(&Json::Bool(false)) {
                let known: Vec<&str> = properties
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let help = match did_you_mean(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known fields: {}", known.join(", ")),
                };
                self.error(
                    key.pos,
                    format!("unknown field `{name}` in {}", article(what)),
                    help,
                );
                if let Some(last) = self.errors.last_mut() {
                    last.unknown_field = true;
                }
            }
        }
        if let Some(required) = schema.get("required").and_then(Json::as_array) {
            for name in required.iter().filter_map(Json::as_str) {
                if !seen.contains(&name) {
                    self.error(
                        node.pos,
                        format!("{} is missing the required field `{name}`", article(what)),
                        format!("add `{name}:`"),
                    );
                }
            }
        }
    }

    /// Checks that `node` is one of `names` (an enumeration), suggesting the closest.
    fn check_name(&mut self, node: &Node, names: &[&str], what: &str, field: &str) {
        if node.as_str().is_some_and(|s| names.contains(&s)) {
            return;
        }
        let help = match node
            .as_str()
            .and_then(|s| did_you_mean(s, names.iter().copied()))
        {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        let found = node
            .as_str()
            .map_or_else(|| node.value.describe(), |s| format!("`{s}`"));
        self.error(
            node.pos,
            format!(
                "{found} is not a valid {}: expected one of {}",
                label(field, what),
                names.join(", ")
            ),
            help,
        );
    }

    fn check_alternatives(&mut self, node: &Node, alternatives: &[Json], what: &str, field: &str) {
        // The common case, an optional field (`anyOf: [X, null]`), without collecting anything;
        // the same as the general path below for one non-null alternative that is not a name.
        if let [a, b] = alternatives {
            let (a, b) = (resolve(a, self.root), resolve(b, self.root));
            let null = Json::from("null");
            let other = match (a.get("type") == Some(&null), b.get("type") == Some(&null)) {
                (true, false) => Some(b),
                (false, true) => Some(a),
                _ => None,
            };
            if let Some(other) = other.filter(|o| o.get("const").is_none()) {
                if !matches!(node.value, Value::Null) {
                    self.check(node, other, what, field);
                }
                return;
            }
        }
        let resolved: Vec<&Json> = alternatives.iter().map(|a| resolve(a, self.root)).collect();
        let non_null: Vec<&Json> = resolved
            .iter()
            .copied()
            .filter(|a| a.get("type") != Some(&Json::from("null")))
            .collect();
        if matches!(node.value, Value::Null) && non_null.len() < resolved.len() {
            return;
        }
        // An enumeration of names.
        let names: Vec<&str> = non_null
            .iter()
            .filter_map(|a| a.get("const").and_then(Json::as_str))
            .collect();
        if !names.is_empty() && names.len() == non_null.len() {
            self.check_name(node, &names, what, field);
            return;
        }
        // One-key mappings naming a kind (e.g. `{ system: mes }`).
        let keyed: Vec<&str> = non_null
            .iter()
            .filter_map(|a| {
                match a
                    .get("required")
                    .and_then(Json::as_array)
                    .map(Vec::as_slice)
                {
                    Some([Json::String(key)])
                        if a.get("additionalProperties") == Some(&Json::Bool(false)) =>
                    {
                        Some(key.as_str())
                    }
                    _ => None,
                }
            })
            .collect();
        if non_null.len() > 1 && keyed.len() == non_null.len() {
            let kinds = keyed.join(", ");
            match node.entries() {
                [(key, _)] => {
                    let name = key.as_str().unwrap_or_default();
                    if let Some(i) = keyed.iter().position(|k| *k == name) {
                        self.check(node, non_null[i], what, field);
                    } else {
                        let help = match did_you_mean(name, keyed.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("use one of: {kinds}"),
                        };
                        self.error(
                            key.pos,
                            format!(
                                "unknown {} kind `{name}`: expected one of {kinds}",
                                label(field, what)
                            ),
                            help,
                        );
                    }
                }
                _ => self.error(
                    node.pos,
                    format!(
                        "each {} entry is a mapping with exactly one key ({kinds}), found {}",
                        label(field, what),
                        node.value.describe()
                    ),
                    "write it as `{ system: mes }`",
                ),
            }
            return;
        }
        if non_null.len() == 1 {
            self.check(node, non_null[0], what, field);
            return;
        }
        // General case: accept the first alternative that fits, else report the closest.
        let mut best: Option<Vec<SchemaError>> = None;
        for alternative in &non_null {
            let mut sub = Validator {
                root: self.root,
                text: self.text,
                errors: Vec::new(),
            };
            sub.check(node, alternative, what, field);
            if sub.errors.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|b| sub.errors.len() < b.len()) {
                best = Some(sub.errors);
            }
        }
        self.errors.extend(best.unwrap_or_default());
    }
}

/// The plain scalar written at `pos`, as written (up to a comment, or the end of a flow entry), if
/// it is short enough to quote in a message.
fn scalar_at(text: &str, pos: Pos) -> Option<String> {
    let line = text
        .lines()
        .nth(usize::try_from(pos.line).ok()?.checked_sub(1)?)?;
    let rest: String = line
        .chars()
        .skip(usize::try_from(pos.col).ok()?.checked_sub(1)?)
        .collect();
    if rest.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    let end = rest
        .find(" #")
        .into_iter()
        .chain(rest.find([',', ']', '}']))
        .min()
        .unwrap_or(rest.len());
    let written = rest[..end].trim();
    (written.chars().count() <= 60).then(|| written.to_owned())
}

/// The name of a `$ref`erenced definition (`HistoryEntry`).
fn schema_name(schema: &Json) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
}

/// `HistoryEntry` -> `history entry`.
fn words(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

fn label(field: &str, what: &str) -> String {
    if field.is_empty() {
        words(what)
    } else {
        format!("`{field}`")
    }
}

fn article(what: &str) -> String {
    let lower = words(what);
    if lower.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        format!("an {lower}")
    } else {
        format!("a {lower}")
    }
}

fn type_matches(types: &Json, value: &Value) -> bool {
    let one = |t: &str| {
        matches!(
            (t, value),
            ("null", Value::Null)
                | ("boolean", Value::Bool(_))
                | ("integer", Value::Int(_))
                | ("number", Value::Int(_) | Value::Float(_))
                | ("string", Value::Str(_))
                | ("array", Value::Seq(_))
                | ("object", Value::Map(_))
        )
    };
    match types {
        Json::String(t) => one(t),
        Json::Array(ts) => ts.iter().filter_map(Json::as_str).any(one),
        _ => true,
    }
}

fn describe_types(types: &Json) -> String {
    let name = |t: &str| match t {
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping",
        _ => "empty",
    };
    match types {
        Json::String(t) => name(t).to_owned(),
        Json::Array(ts) => ts
            .iter()
            .filter_map(Json::as_str)
            .filter(|t| *t != "null")
            .map(name)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "valid".to_owned(),
    }
}

fn json_eq(constant: &Json, value: &Value) -> bool {
    match (constant, value) {
        (Json::String(a), Value::Str(b)) => a == b,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(a), Value::Int(b)) => a.as_i64() == Some(*b),
        _ => false,
    }
}

fn format_help(format: &str) -> &'static str {
    match format {
        "bcplan-duration" => {
            "write a number and a unit (min, h, d, w, mo, y): `30min`, `4h`, `1d12h`, `6w`"
        }
        "date" => "write dates as YYYY-MM-DD",
        "phone" => "write the number in E.164 form, quoted: \"+8676912345678\"",
        "bcplan-id" => {
            "ids use a-z, 0-9, `.`, `_` and `-`, starting with a letter or digit, e.g. `li.wei`"
        }
        "activity-ref" => {
            "name an activity of this plan (`smt-assembly`) or of another plan (`plan-id/activity-id`)"
        }
        "email" => "write an address like name@example.com",
        "bcplan-size" => "write bytes or a number with KB, MB, GB, KiB, MiB or GiB, e.g. `32MiB`",
        "country" => "use the two-letter ISO 3166 code in capitals, e.g. `CN`, `DE`, `MX`",
        "uri" => {
            "write a web address starting with `https://`, e.g. `https://github.com/acme/continuity/blob/main/`"
        }
        _ => "",
    }
}
