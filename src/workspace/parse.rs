//! One file: bytes -> text -> YAML nodes -> recognised, validated and typed documents.
//!
//! Each file is handled on its own (files are parsed in parallel). A file that is not valid YAML
//! gives a `yaml-syntax` finding; documents that are not bcplan's are skipped with a reason;
//! schema errors are all reported, and register entries that have errors are left out of the
//! model (their ids are still remembered, so references to them do not cascade into more errors).

use crate::diagnostics::Finding;
use crate::model::{
    LanesDoc, MaterialsDoc, ObligationsDoc, PeopleDoc, Plan, ScenariosDoc, SitesDoc, SuppliersDoc,
    SystemsDoc, WorkspaceDoc,
};
use crate::schema::suggest::did_you_mean;
use crate::schema::validate::{resolve, validate};
use crate::schema::{API_VERSION, Kind};
use crate::yaml::de::from_node;
use crate::yaml::node::{Node, Pos, Value};
use crate::yaml::spanned::{FileId, Span};

/// A typed document.
#[derive(Clone, Debug)]
pub enum Document {
    /// `kind: Workspace`.
    Workspace(Box<WorkspaceDoc>),
    /// `kind: Plan`.
    Plan(Box<Plan>),
    /// `kind: People`.
    People(PeopleDoc),
    /// `kind: Sites`.
    Sites(SitesDoc),
    /// `kind: Suppliers`.
    Suppliers(SuppliersDoc),
    /// `kind: Materials`.
    Materials(MaterialsDoc),
    /// `kind: Systems`.
    Systems(SystemsDoc),
    /// `kind: Lanes`.
    Lanes(LanesDoc),
    /// `kind: Scenarios`.
    Scenarios(ScenariosDoc),
    /// `kind: Obligations`.
    Obligations(ObligationsDoc),
}

/// What one file yielded.
#[derive(Clone, Debug, Default)]
pub struct ParsedFile {
    /// The file's text, as decoded.
    pub text: String,
    /// Its bcplan documents that could be loaded.
    pub documents: Vec<Document>,
    /// yaml-syntax and schema findings.
    pub findings: Vec<Finding>,
    /// Why documents (or the whole file) were skipped as not bcplan's.
    pub skipped: Vec<String>,
    /// Ids of entries left out because of schema errors, by kind of reference target.
    pub broken_ids: Vec<(&'static str, String)>,
    /// Whether the file holds at least one bcplan document.
    pub ours: bool,
    /// Whether a bcplan document of the file has a kind bcplan does not know.
    pub unknown_kind: bool,
    /// Values that are not valid ids, by index in `findings`: a name written for an id gets the
    /// id suggested once the registers are loaded.
    pub invalid_ids: Vec<(usize, String)>,
}

/// Parses `bytes` read from file `file`: straight into the model when the file is valid, else
/// the long way, with every finding.
pub fn parse_file(file: FileId, bytes: &[u8]) -> ParsedFile {
    let stripped = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(stripped) {
        if let Some(documents) = read_straight(file, text) {
            return ParsedFile {
                text: text.to_owned(),
                documents,
                ours: true,
                ..ParsedFile::default()
            };
        }
    }
    parse_file_checked(file, bytes)
}

/// Parses `bytes` read from file `file` the long way: a node tree, checked against the schema
/// (every error, with its position), then read into the model. [`parse_file`] gives the same
/// result, faster for a valid file.
pub fn parse_file_checked(file: FileId, bytes: &[u8]) -> ParsedFile {
    let mut out = ParsedFile::default();
    let at = |line: u32, col: u32| Span {
        file,
        pos: Pos { line, col },
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, col) = position_of(bytes, e.valid_up_to());
            out.text = String::from_utf8_lossy(bytes).into_owned();
            out.findings.push(
                Finding::new(
                    "yaml-syntax",
                    at(line, col),
                    "the file is not valid UTF-8 text",
                )
                .help(
                    "save the file as UTF-8 (most editors offer this under 'Save with encoding')",
                ),
            );
            return out;
        }
    };
    text.clone_into(&mut out.text);
    let nodes: Vec<Node> = match serde_saphyr::from_str_multiple_with_options(text, options()) {
        Ok(nodes) => nodes,
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| {
                (
                    u32::try_from(l.line()).unwrap_or(1),
                    u32::try_from(l.column()).unwrap_or(1),
                )
            });
            out.findings.push(syntax_finding(
                text,
                at(line.max(1), col.max(1)),
                &e.to_string(),
            ));
            out.ours = text.contains("apiVersion: bcplan/");
            out.broken_ids = harvest_ids(text);
            return out;
        }
    };
    if nodes.is_empty() {
        out.skipped.push("the file is empty".to_owned());
    }
    for (index, node) in nodes.iter().enumerate() {
        load_document(file, index + 1, node, text, &mut out);
    }
    out
}

/// How bcplan reads YAML: YAML 1.2 booleans only, and serde-saphyr's default budgets.
fn options() -> serde_saphyr::Options {
    #[allow(clippy::field_reassign_with_default)] // Options is non-exhaustive.
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// The documents of a file that is valid through and through, read straight from its text into
/// the model, or `None` when anything is amiss; the caller then reads the file the long way (a
/// node tree, the schema walker for every error with its position, then the model), which gives
/// the same documents for a valid file and every finding for any other.
///
/// The model refuses all the schema refuses (unknown fields, formats, lengths, ranges; see
/// `model/checked.rs`); text that YAML reads as a number or boolean is refused as a string here
/// (`no_schema`), as the schema refuses it. Tagged values (`!name`) take the long way, where a
/// tag never selects a variant. Every document must be a bcplan document starting with
/// `apiVersion` and `kind`.
pub fn read_straight(file: FileId, text: &str) -> Option<Vec<Document>> {
    if has_tag(text) {
        return None;
    }
    let mut options = options();
    options.no_schema = true;
    let _reading = crate::yaml::spanned::reading(file);
    let documents: Vec<Straight> =
        serde_saphyr::from_str_multiple_with_options(text, options).ok()?;
    if documents.is_empty() {
        return None;
    }
    Some(documents.into_iter().map(|d| d.0).collect())
}

/// Whether `text` may hold a YAML tag: a `!` at the start of a line or after a space, tab or
/// flow indicator. Text in plans trips this now and then ("Stop !"); such a file is only read
/// the long way.
fn has_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'!'
            && (i == 0
                || matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','
                ))
    })
}

/// One document read straight into the model.
struct Straight(Document);

impl<'de> serde::Deserialize<'de> for Straight {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(StraightVisitor)
    }
}

struct StraightVisitor;

impl<'de> serde::de::Visitor<'de> for StraightVisitor {
    type Value = Straight;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a bcplan document")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Straight, A::Error> {
        use serde::de::Error;
        // `apiVersion` and `kind` first, in either order.
        let mut header: Vec<(String, String)> = Vec::with_capacity(2);
        for _ in 0..2 {
            let key: String = map
                .next_key()?
                .ok_or_else(|| A::Error::custom("no header"))?;
            let value: String = map.next_value()?;
            header.push((key, value));
        }
        let find = |name: &str| {
            header
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let kind = match (find("apiVersion"), find("kind")) {
            (Some(API_VERSION), Some(kind)) => Kind::from_name(kind),
            _ => None,
        }
        .ok_or_else(|| A::Error::custom("not a bcplan document"))?;
        let rest = serde::de::value::MapAccessDeserializer::new(Prepend {
            header: header.into_iter(),
            value: None,
            tail: map,
        });
        Ok(Straight(match kind {
            Kind::Workspace => {
                Document::Workspace(Box::new(serde::Deserialize::deserialize(rest)?))
            }
            Kind::Plan => Document::Plan(Box::new(serde::Deserialize::deserialize(rest)?)),
            Kind::People => Document::People(serde::Deserialize::deserialize(rest)?),
            Kind::Sites => Document::Sites(serde::Deserialize::deserialize(rest)?),
            Kind::Suppliers => Document::Suppliers(serde::Deserialize::deserialize(rest)?),
            Kind::Materials => Document::Materials(serde::Deserialize::deserialize(rest)?),
            Kind::Systems => Document::Systems(serde::Deserialize::deserialize(rest)?),
            Kind::Lanes => Document::Lanes(serde::Deserialize::deserialize(rest)?),
            Kind::Scenarios => Document::Scenarios(serde::Deserialize::deserialize(rest)?),
            Kind::Obligations => Document::Obligations(serde::Deserialize::deserialize(rest)?),
        }))
    }
}

/// A mapping whose first entries were already read: they are handed out again, then the rest.
struct Prepend<A> {
    header: std::vec::IntoIter<(String, String)>,
    value: Option<String>,
    tail: A,
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Prepend<A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::IntoDeserializer;
        match self.header.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => self.tail.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        use serde::de::IntoDeserializer;
        match self.value.take() {
            Some(value) => seed.deserialize(value.into_deserializer()),
            None => self.tail.next_value_seed(seed),
        }
    }
}

fn syntax_finding(text: &str, span: Span, raw: &str) -> Finding {
    let message = raw
        .lines()
        .next()
        .unwrap_or(raw)
        .trim_start_matches("error: ")
        .to_owned();
    // Drop the "line N column M: " prefix and the " at line N, column M" suffix: we show positions ourselves.
    let message = match message.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") => rest.to_owned(),
        _ => message,
    };
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key);
        if let Some(line) = second_header(text, key, span.pos) {
            return Finding::new(
                "yaml-syntax",
                Span { file: span.file, pos: Pos { line, col: 1 } },
                "a second `apiVersion` and `kind`: this looks like the start of another document without the `---` line that separates documents",
            )
            .help(format!("add a line `---` above line {line} to start a new document"));
        }
        return Finding::new(
            "yaml-syntax",
            span,
            format!("duplicate key `{key}`: a key may appear only once in a mapping"),
        )
        .help("remove one of the two entries or merge them");
    }
    if let Some(limit) = message.strip_prefix("budget breached: ") {
        return Finding::new(
            "yaml-syntax",
            span,
            format!(
                "the file exceeds bcplan's safety limits for YAML: {}",
                budget_words(limit)
            ),
        )
        .help("split a very large register into several files; aliases that expand into huge trees are refused on purpose");
    }
    let help = if message.contains("mapping values are not allowed") {
        "a `key: value` appears where YAML expects plain text: check that this line is indented \
         like the keys around it, and quote values that contain `: `"
    } else if message.contains("tab") {
        if let Some(pos) = tab_near(text, span.pos) {
            return Finding::new(
                "yaml-syntax",
                Span {
                    file: span.file,
                    pos,
                },
                "invalid YAML: a tab character where YAML expects spaces",
            )
            .help("YAML indentation must use spaces: replace this tab with spaces");
        }
        "YAML indentation must use spaces: replace the tab characters on this line or the one above"
    } else if message.contains("did not find expected key") || message.contains("indentation") {
        "check the indentation of this line against the lines above it (use spaces, not tabs)"
    } else {
        "fix the YAML syntax here (check indentation, quotes, brackets and `key: value` pairs)"
    };
    let mut finding =
        Finding::new("yaml-syntax", span, format!("invalid YAML: {message}")).help(help);
    if let Some((open, line, col)) = unclosed_bracket(text, span.pos) {
        if line < span.pos.line {
            let close = if open == '[' { ']' } else { '}' };
            finding = finding.related(
                Span { file: span.file, pos: Pos { line, col } },
                format!("the `{open}` opened here is not closed before the error; add the missing `{close}`"),
            );
        }
    }
    finding
}

/// When a duplicate `apiVersion` or `kind` at the start of a line at `at` is one of a pair (the other
/// key within the next lines of the same document), the first line of that pair: a forgotten `---`.
fn second_header(text: &str, key: &str, at: Pos) -> Option<u32> {
    let other = match key {
        "apiVersion" => "kind:",
        "kind" => "apiVersion:",
        _ => return None,
    };
    if at.col != 1 {
        return None;
    }
    let first = usize::try_from(at.line).ok()?.checked_sub(1)?;
    let lines: Vec<&str> = text.lines().collect();
    if !lines.get(first)?.starts_with(&format!("{key}:")) {
        return None;
    }
    // The other key just before (`kind` first) or in the next few lines, before any `---`.
    let before = lines[..first]
        .iter()
        .rev()
        .take_while(|l| l.trim().is_empty() || l.starts_with('#') || l.starts_with(other))
        .position(|l| l.starts_with(other))
        .map(|back| first - back - 1);
    let after = lines[first + 1..]
        .iter()
        .take(5)
        .take_while(|l| !l.starts_with("---"))
        .any(|l| l.starts_with(other));
    let start = match (before, after) {
        (Some(line), _) => line,
        (None, true) => first,
        (None, false) => return None,
    };
    u32::try_from(start + 1).ok()
}

/// The first tab on the line of `at` or the two lines after it: the parser reports a tab at the
/// end of what it was reading, which may be the line before the tab.
fn tab_near(text: &str, at: Pos) -> Option<Pos> {
    let first = usize::try_from(at.line).ok()?.checked_sub(1)?;
    text.lines()
        .enumerate()
        .skip(first)
        .take(3)
        .find_map(|(index, line)| {
            let col = line.chars().position(|c| c == '\t')?;
            Some(Pos {
                line: u32::try_from(index + 1).ok()?,
                col: u32::try_from(col + 1).ok()?,
            })
        })
}

/// A budget breach of the YAML parser (`ScalarBytes { total_scalar_bytes: 67117202 }`) in words.
fn budget_words(raw: &str) -> String {
    let words: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let numbers: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let n = numbers.first().copied().unwrap_or("too many");
    match words.first().copied().unwrap_or_default() {
        "Events" => format!(
            "it holds {n} YAML events (keys, values, lists and mappings), more than bcplan reads"
        ),
        "Aliases" => format!("it uses {n} aliases (`*name`), more than bcplan expands"),
        "Anchors" => format!("it defines {n} anchors (`&name`), more than bcplan accepts"),
        "Depth" => format!("it nests lists and mappings {n} levels deep, more than bcplan accepts"),
        "Documents" => format!("it holds {n} documents, more than bcplan reads from one file"),
        "Nodes" => format!("it holds {n} values, more than bcplan reads from one file"),
        "ScalarBytes" => format!(
            "its values hold {n} bytes of text once aliases are expanded, more than bcplan reads from one file"
        ),
        "MergeKeys" => format!("it uses {n} merge keys (`<<`), more than bcplan accepts"),
        "AliasAnchorRatio" => format!(
            "it uses {n} aliases for {} anchors: aliases that repeat so much expand into huge trees",
            numbers.get(1).copied().unwrap_or("few")
        ),
        "InputBytes" => format!("it is {n} bytes long, more than bcplan reads from one file"),
        _ => "too many values, aliases or levels of nesting".to_owned(),
    }
}

/// The innermost flow bracket (`[` or `{`) still open at `until`, with its line and column.
/// Quotes and comments are skipped; this is a hint for error messages, not a parser.
fn unclosed_bracket(text: &str, until: Pos) -> Option<(char, u32, u32)> {
    let mut stack: Vec<(char, u32, u32)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if number > until.line {
            break;
        }
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (i, c) in line.chars().enumerate() {
            let col = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if number == until.line && col >= until.col {
                break;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => stack.push((c, number, col)),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
            previous = c;
        }
    }
    stack.pop()
}

/// Line and column (1-based, in characters) of byte `offset`.
fn position_of(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

fn load_document(file: FileId, number: usize, node: &Node, text: &str, out: &mut ParsedFile) {
    let span = Span {
        file,
        pos: node.pos,
    };
    let api = node.get("apiVersion");
    let kind_node = node.get("kind");
    let kind_name = kind_node.and_then(Node::as_str);
    let Some(api) = api else {
        if kind_name.and_then(Kind::from_name).is_some() {
            out.ours = true;
            out.findings.push(
                Finding::new(
                    "schema",
                    span,
                    format!(
                        "document {number} has `kind: {}` but no `apiVersion`",
                        kind_name.unwrap_or_default()
                    ),
                )
                .help(format!(
                    "add `apiVersion: {API_VERSION}` as the first line of the document"
                )),
            );
            remember_ids(node, kind_name.and_then(Kind::from_name), out);
        } else {
            out.skipped
                .push(format!("document {number} has no `apiVersion: bcplan/...`"));
        }
        return;
    };
    let api_span = Span { file, pos: api.pos };
    match api.as_str() {
        Some(API_VERSION) => {}
        Some(other) if other.trim().to_ascii_lowercase().starts_with("bcplan") => {
            out.ours = true;
            out.findings.push(
                Finding::new("schema", api_span, format!("unknown apiVersion `{other}`: this bcplan reads `{API_VERSION}`"))
                    .help(format!("write `apiVersion: {API_VERSION}`, or upgrade bcplan if the file was written for a newer version")),
            );
            remember_ids(node, kind_name.and_then(Kind::from_name), out);
            return;
        }
        _ => {
            out.skipped.push(format!(
                "document {number} has apiVersion other than bcplan/..."
            ));
            return;
        }
    }
    out.ours = true;
    let Some(kind_node) = kind_node else {
        out.findings.push(
            Finding::new("schema", span, format!("document {number} has no `kind`"))
                .help(format!("add `kind:` with one of {}", kind_names())),
        );
        return;
    };
    let kind_span = Span {
        file,
        pos: kind_node.pos,
    };
    let Some(kind) = kind_name.and_then(Kind::from_name) else {
        let found = kind_name.map_or_else(|| kind_node.value.describe(), |k| format!("`{k}`"));
        let suggestion =
            kind_name.and_then(|k| did_you_mean(k, Kind::ALL.iter().map(|k| k.name())));
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of {}", kind_names()),
        };
        // What the document defines and names must not be reported as missing or unused too.
        remember_ids(node, suggestion.and_then(Kind::from_name), out);
        out.unknown_kind = true;
        out.findings
            .push(Finding::new("schema", kind_span, format!("unknown kind {found}")).help(help));
        return;
    };
    let root = kind.schema();
    let mut errors = Vec::new();
    // The document as it is loaded: the tree itself when it is valid (nothing is copied), else
    // without the entries and fields the errors leave out.
    let mut filtered: Option<Node> = None;
    match kind.list_field() {
        Some(list) if matches!(node.get(list).map(|n| &n.value), Some(Value::Seq(_))) => {
            // Validate entries one by one and keep the good ones.
            let item_schema = &resolve(&root["properties"][list], root)["items"];
            let header = Node {
                pos: node.pos,
                value: Value::Map(
                    node.entries()
                        .iter()
                        .filter(|(k, _)| k.as_str() != Some(list))
                        .cloned()
                        .collect(),
                ),
            };
            errors.extend(validate(&header, kind.header_schema(), root, text));
            let items = node.get(list).map(Node::items).unwrap_or_default();
            let mut verdicts: Vec<Option<Vec<Pos>>> = Vec::with_capacity(items.len());
            for item in items {
                let item_errors = validate(item, item_schema, root, text);
                // An entry whose only faults are unknown fields is still loaded and checked
                // without them; any other fault leaves it out.
                let readable = item_errors.iter().all(|e| e.unknown_field);
                if !readable {
                    if let Some(id) = item.get("id").and_then(Node::as_str) {
                        out.broken_ids.push((reference_kind(kind), id.to_owned()));
                    }
                }
                verdicts.push(readable.then(|| unknown_keys(&item_errors)));
                errors.extend(item_errors);
            }
            if verdicts
                .iter()
                .any(|v| v.as_ref().is_none_or(|u| !u.is_empty()))
            {
                let mut doc = node.clone();
                keep_entries(&mut doc, list, &verdicts);
                filtered = Some(doc);
            }
        }
        _ => errors.extend(validate(node, root, root, text)),
    }
    // A document (a plan) whose only faults are unknown fields is loaded without them, so that
    // the rest of it is still checked (entries with other faults are already left out).
    let unknown = unknown_keys(&errors);
    if !unknown.is_empty() {
        filtered = Some(strip(filtered.as_ref().unwrap_or(node), &unknown));
    }
    let filtered = filtered.as_ref().unwrap_or(node);
    let has_errors = errors.iter().any(|e| !e.unknown_field);
    let errors_reported = errors.len();
    for e in errors {
        if let Some(text) = e.invalid_id {
            out.invalid_ids.push((out.findings.len(), text));
        }
        let finding = Finding::new("schema", Span { file, pos: e.pos }, e.message).help(e.help);
        out.findings.push(if e.unknown_field {
            finding.loaded_anyway()
        } else {
            finding
        });
    }
    if has_errors && kind.list_field().is_none() {
        if kind == Kind::Plan {
            remember_plan_ids(node, out);
        }
        return;
    }
    match typed(kind, filtered, file) {
        Ok(doc) => out.documents.push(doc),
        Err(e) => {
            if errors_reported == 0 {
                let pos = e.pos.unwrap_or(node.pos);
                out.findings.push(
                    Finding::new("schema", Span { file, pos }, e.message)
                        .help("see `bcplan schema` for the expected shape"),
                );
            }
        }
    }
}

/// `node` without the mapping entries whose keys sit at one of `unknown`.
fn strip(node: &Node, unknown: &[Pos]) -> Node {
    let value = match &node.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .filter(|(k, _)| !unknown.contains(&k.pos))
                .map(|(k, v)| (k.clone(), strip(v, unknown)))
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(|i| strip(i, unknown)).collect()),
        other => other.clone(),
    };
    Node {
        pos: node.pos,
        value,
    }
}

/// The positions of the keys `errors` report as unknown fields.
fn unknown_keys(errors: &[crate::schema::validate::SchemaError]) -> Vec<Pos> {
    errors
        .iter()
        .filter(|e| e.unknown_field)
        .map(|e| e.pos)
        .collect()
}

/// Keeps, in `doc`'s `list`, the entries whose verdict is `Some` (without the keys at the
/// positions it holds) and leaves out the others; a repeated `list` key gets the same entries.
fn keep_entries(doc: &mut Node, list: &str, verdicts: &[Option<Vec<Pos>>]) {
    let Value::Map(entries) = &mut doc.value else {
        return;
    };
    let Some(first) = entries
        .iter()
        .position(|(k, v)| k.as_str() == Some(list) && matches!(v.value, Value::Seq(_)))
    else {
        return;
    };
    let Value::Seq(items) = std::mem::replace(&mut entries[first].1.value, Value::Null) else {
        return;
    };
    let kept: Vec<Node> = items
        .into_iter()
        .zip(verdicts)
        .filter_map(|(item, verdict)| match verdict.as_deref() {
            None => None,
            Some([]) => Some(item),
            Some(unknown) => Some(strip(&item, unknown)),
        })
        .collect();
    for (k, v) in entries.iter_mut() {
        if k.as_str() == Some(list) {
            v.value = Value::Seq(kept.clone());
        }
    }
}

/// The ids a file that is not valid YAML appears to define, read line by line, so that references
/// to them are not reported as well: this is a hint, not a parser.
fn harvest_ids(text: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for document in text.split("\n---") {
        let kind = document
            .lines()
            .find_map(|l| l.strip_prefix("kind:"))
            .map(|k| k.split('#').next().unwrap_or_default().trim())
            .and_then(Kind::from_name);
        let Some(kind) = kind else { continue };
        let value = |rest: &str| -> Option<String> {
            let id: String = rest
                .trim_start()
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect();
            (!id.is_empty()).then_some(id)
        };
        let plan = document
            .lines()
            .find_map(|l| l.strip_prefix("id:"))
            .and_then(value);
        for line in document.lines() {
            for (i, _) in line.match_indices("id:") {
                let before = line[..i].chars().next_back();
                if before.is_some_and(|c| !matches!(c, ' ' | '{' | ',' | '-')) {
                    continue;
                }
                let Some(id) = value(&line[i + 3..]) else {
                    continue;
                };
                match (kind, &plan) {
                    (Kind::Plan, Some(plan)) if *plan == id && line.starts_with("id:") => {
                        out.push(("plan", id));
                    }
                    (Kind::Plan, Some(plan)) => out.push(("activity", format!("{plan}/{id}"))),
                    (Kind::Plan | Kind::Workspace, None) | (Kind::Workspace, _) => {}
                    (kind, _) => out.push((reference_kind(kind), id)),
                }
            }
        }
    }
    out
}

/// Keeps the ids of a document that could not be loaded, so references to them are not reported too.
fn remember_ids(node: &Node, kind: Option<Kind>, out: &mut ParsedFile) {
    match kind {
        Some(Kind::Plan) => remember_plan_ids(node, out),
        Some(kind) => {
            let Some(list) = kind.list_field() else {
                return;
            };
            for item in node.get(list).map(Node::items).unwrap_or_default() {
                if let Some(id) = item.get("id").and_then(Node::as_str) {
                    out.broken_ids.push((reference_kind(kind), id.to_owned()));
                }
            }
        }
        None => {}
    }
}

/// Keeps the ids of a plan that could not be loaded, so references to it are not reported too.
fn remember_plan_ids(node: &Node, out: &mut ParsedFile) {
    let Some(plan) = node.get("id").and_then(Node::as_str) else {
        return;
    };
    out.broken_ids.push(("plan", plan.to_owned()));
    for activity in node.get("activities").map(Node::items).unwrap_or_default() {
        if let Some(id) = activity.get("id").and_then(Node::as_str) {
            out.broken_ids.push(("activity", format!("{plan}/{id}")));
        }
    }
}

fn reference_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::People => "person",
        Kind::Sites => "site",
        Kind::Suppliers => "supplier",
        Kind::Materials => "material",
        Kind::Systems => "system",
        Kind::Lanes => "lane",
        Kind::Scenarios => "scenario",
        Kind::Obligations => "obligation",
        Kind::Plan => "plan",
        Kind::Workspace => "workspace",
    }
}

fn typed(kind: Kind, node: &Node, file: FileId) -> Result<Document, crate::yaml::de::DeError> {
    Ok(match kind {
        Kind::Workspace => Document::Workspace(Box::new(from_node(node, file)?)),
        Kind::Plan => Document::Plan(Box::new(from_node(node, file)?)),
        Kind::People => Document::People(from_node(node, file)?),
        Kind::Sites => Document::Sites(from_node(node, file)?),
        Kind::Suppliers => Document::Suppliers(from_node(node, file)?),
        Kind::Materials => Document::Materials(from_node(node, file)?),
        Kind::Systems => Document::Systems(from_node(node, file)?),
        Kind::Lanes => Document::Lanes(from_node(node, file)?),
        Kind::Scenarios => Document::Scenarios(from_node(node, file)?),
        Kind::Obligations => Document::Obligations(from_node(node, file)?),
    })
}

fn kind_names() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}
