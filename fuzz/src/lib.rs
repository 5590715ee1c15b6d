//! What the fuzz targets run and check, shared with the regression tests on stable
//! (`tests/fuzz_regressions.rs` and `tests/properties.rs` include this file as a module), so a
//! crash input replays through exactly the code that found it.
//!
//! A target panics when an invariant breaks; libFuzzer keeps the input as a crash.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bcplan::diagnostics::{github, gitlab, human, json, junit, sarif};
use bcplan::lsp::Session;
use bcplan::model::{ActivityRef, Date, Duration, Id, Phone, spell};
use bcplan::rules::{self, RULES};
use bcplan::workspace::load_files;
use bcplan::yaml::spanned::FileId;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// A fuzz target's body: it panics when an invariant breaks.
pub type Target = fn(&[u8]);

/// The targets, by name: the folder names under `fuzz/regressions/` and `fuzz/corpus/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("workspace", workspace),
    ("values", values),
    ("markdown", markdown),
    ("lsp", lsp),
];

/// Target `workspace`: the bytes are split into files (see [`split_files`]), loaded as a
/// workspace, checked, printed in every `check` format and rendered (redacted when the input's
/// length is odd).
pub fn workspace(data: &[u8]) {
    let files = split_files(data);
    for (path, bytes) in &files {
        same_both_ways(path, bytes);
    }
    let ws = match load_files(files) {
        Ok(ws) => ws,
        Err(e) => {
            // Refused whole, as `bcplan check` refuses it: only for being over the limits.
            let why = e.to_string();
            assert!(why.contains("`limits.max_"), "load refused: {why}");
            return;
        }
    };
    let today = Date::from_ymd(2026, 6, 1).expect("a real date");
    let options = rules::Options {
        today,
        only: Vec::new(),
    };
    let findings = rules::check(&ws, &options).expect("no rule selection, so no error");
    let style = human::Style { color: false };
    human::report(&findings, &ws.sources, style, false, false);
    github::report(&findings, &ws.sources, false, true);
    let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    let files: Vec<FileId> = (0..ws.sources.files.len())
        .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    junit::report(&findings, &ws.sources, &files, &names, false);
    serde_json::from_str::<serde_json::Value>(&gitlab::report(&findings, &ws.sources, false))
        .expect("GitLab output is JSON");
    let json = json::report(&findings, &ws.sources, false);
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON output is JSON");
    let levels: Vec<_> = RULES.iter().map(|r| rules::severity_in(&ws, r)).collect();
    let sarif = sarif::report(&findings, &ws.sources, &levels);
    serde_json::from_str::<serde_json::Value>(&sarif).expect("SARIF output is JSON");
    bcplan::fuzzing::runbooks(&ws, &findings, today, data.len() % 2 == 1)
        .expect("the built-in templates render any workspace");
}

/// A file read straight into the model and read the long way (node tree, schema walker, model)
/// gives the same documents, positions and findings.
pub fn same_both_ways(path: &Path, bytes: &[u8]) {
    use bcplan::workspace::parse::{parse_file, parse_file_checked};
    let straight = format!("{:?}", parse_file(FileId(1), bytes));
    let checked = format!("{:?}", parse_file_checked(FileId(1), bytes));
    assert_eq!(
        straight,
        checked,
        "{} reads differently straight and checked",
        path.display()
    );
}

/// The input format of target `workspace`: files separated by NUL bytes, each its relative path
/// on the first line and its contents after it. Paths are made safe to create on disk (no `..`,
/// no hidden or clashing names; folder names without dots, file names in lower case ending in `.yaml` or `.yml`), so a
/// regression test can write the same files into a folder and run the binary on them.
pub fn split_files(data: &[u8]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (index, chunk) in data.split(|&b| b == 0).enumerate() {
        let (name, contents) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (&chunk[..at], &chunk[at + 1..]),
            None => (chunk, &[][..]),
        };
        let mut path = safe_path(&String::from_utf8_lossy(name));
        if path.as_os_str().is_empty() || files.iter().any(|(p, _)| *p == path) {
            path = PathBuf::from(format!("file{index}.yaml"));
        }
        files.push((path, contents.to_vec()));
    }
    files
}

fn safe_path(name: &str) -> PathBuf {
    let keep = |part: &str, dot: bool| -> String {
        part.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-') || (dot && *c == '.'))
            .collect::<String>()
            .trim_start_matches('.')
            .to_owned()
    };
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
    let Some((file, folders)) = parts.split_last() else {
        return PathBuf::new();
    };
    let mut path = PathBuf::new();
    for folder in folders.iter().take(3) {
        let folder = keep(folder, false);
        // `target` is skipped when walking a workspace, unlike in memory.
        if !folder.is_empty() && folder != "target" {
            path.push(folder);
        }
    }
    // Lower case: the walk on disk matches `.yaml` and `.yml` in lower case only.
    let mut file = keep(file, true).to_ascii_lowercase();
    if file.is_empty() {
        return PathBuf::new();
    }
    let extension = Path::new(&file).extension();
    if !extension.is_some_and(|e| e == "yaml" || e == "yml") {
        file.push_str(".yaml");
    }
    path.push(file);
    path
}

/// Target `lsp`: the bytes are message bodies separated by NUL bytes (which JSON text never
/// holds), handed one by one to a language-server session as the stdio loop hands them
/// (`bcplan::lsp::Session::handle_bytes`), each followed by the check of pending changes. A body
/// that is not JSON-RPC must be refused with a reason; nothing may panic, and no request may be
/// answered with an internal error (what the session answers when its handler panicked).
///
/// Every `file:` URI in a JSON body is moved into a folder of its own holding a copy of
/// `examples/minimal` (see [`sandbox_uri`]), so that the session loads that workspace and never
/// the machine's files.
pub fn lsp(data: &[u8]) {
    let today = Date::from_ymd(2026, 6, 1).expect("a real date");
    let mut session = Session::new(today);
    for body in data.split(|&b| b == 0) {
        let replies = match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(mut json) => {
                sandbox_uris(&mut json);
                let body = serde_json::to_vec(&json).expect("a JSON value prints");
                session.handle_bytes(&body)
            }
            Err(_) => {
                let refused = session.handle_bytes(body);
                assert!(
                    refused.is_err(),
                    "a body that is not JSON was taken as a message"
                );
                refused
            }
        };
        let mut replies = match replies {
            Ok(replies) => replies,
            Err(why) => {
                assert!(!why.is_empty(), "a body refused without a reason");
                Vec::new()
            }
        };
        replies.extend(session.flush());
        for reply in replies {
            let json = serde_json::to_value(&reply).expect("a reply prints as JSON");
            let code = json
                .pointer("/error/code")
                .and_then(serde_json::Value::as_i64);
            assert_ne!(code, Some(-32603), "internal error: {json}");
        }
        if session.exit_code().is_some() {
            return;
        }
    }
}

/// Rewrites every string of `json` that is a `file:` URI (as the session's URL parser reads it)
/// to a URI inside the sandbox folder.
fn sandbox_uris(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::String(text) => {
            if let Some(uri) = sandbox_uri(text) {
                *text = uri;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(sandbox_uris),
        serde_json::Value::Object(map) => map.values_mut().for_each(sandbox_uris),
        _ => {}
    }
}

/// `text` moved into the sandbox when it is a `file:` URI: its path segments kept to letters,
/// digits, `-`, `_` and `.` (no `.` or `..` segment), under the folder. The folder (made once per
/// process) holds `examples/minimal`; URIs of other schemes are left as they are.
pub fn sandbox_uri(text: &str) -> Option<String> {
    static SANDBOX: OnceLock<PathBuf> = OnceLock::new();
    let url = lsp_types::Url::parse(text).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    let root = SANDBOX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("bcplan-fuzz-lsp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        for (name, text) in [
            (
                "bcplan.yaml",
                include_str!("../../examples/minimal/bcplan.yaml"),
            ),
            (
                "plan.yaml",
                include_str!("../../examples/minimal/plan.yaml"),
            ),
            (
                "registers.yaml",
                include_str!("../../examples/minimal/registers.yaml"),
            ),
        ] {
            std::fs::write(dir.join(name), text).expect("a file in the temporary folder");
        }
        dir
    });
    let mut path = root.clone();
    for segment in url.path_segments().into_iter().flatten() {
        let kept: String = segment
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        if !kept.is_empty() && kept.chars().any(|c| c != '.') {
            path.push(kept);
        }
    }
    Some(lsp_types::Url::from_file_path(&path).ok()?.to_string())
}

/// Target `values`: the first byte picks a value parser (duration, date, phone, id, activity
/// reference), the rest is its text. What parses must print back as it was written and parse
/// again to the same value.
pub fn values(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    // Values come from YAML strings, which are always UTF-8.
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 5 {
        0 => duration(text),
        1 => date(text),
        2 => round_trip::<Phone>(text),
        3 => round_trip::<Id>(text),
        _ => round_trip::<ActivityRef>(text),
    }
}

fn duration(text: &str) {
    let Ok(d) = text.parse::<Duration>() else {
        return;
    };
    assert!(d.minutes() <= 100 * 365 * 1440, "{text}: over 100 years");
    assert_eq!(d.to_string(), text.trim(), "a duration prints as written");
    let spelled = spell(d.minutes());
    assert_eq!(
        spelled.parse::<Duration>().map(|s| s.minutes()),
        Ok(d.minutes()),
        "{text}: spelled `{spelled}`"
    );
    // From the first of a month, calendar months (`mo`, `y`) add whole months exactly; the other
    // parts add their whole days.
    let start = Date::from_ymd(2026, 1, 1).expect("a real date");
    let month_days: i64 = (0..i64::from(d.calendar_months()))
        .map(|k| days_in_month(2026 + k / 12, k % 12 + 1))
        .sum();
    assert_eq!(
        start.days_until(start.plus(&d)),
        month_days + i64::try_from(d.day_minutes() / 1440).expect("at most 100 years"),
        "{text}: calendar months, then whole days"
    );
}

/// The days of month `month` (1 to 12) of `year`, by the Gregorian rule.
fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn date(text: &str) {
    let Ok(d) = text.parse::<Date>() else {
        return;
    };
    assert_eq!(d.to_string(), text, "a date prints as written");
    let (y, m, day) = d.ymd();
    assert_eq!(Date::from_ymd(y, m, day), Some(d), "{text}");
}

fn round_trip<T>(text: &str)
where
    T: std::str::FromStr + std::fmt::Display + PartialEq + std::fmt::Debug,
    T::Err: std::fmt::Debug,
{
    let Ok(value) = text.parse::<T>() else {
        return;
    };
    assert_eq!(value.to_string(), text, "prints as written");
    assert_eq!(text.parse::<T>().ok(), Some(value));
}

/// Target `markdown`: plan text converted as for a runbook; the HTML must hold no live element
/// beyond what Markdown itself produces (see [`live_html`]), the Markdown no raw HTML, image or
/// unsafe link (see [`live_markdown`]).
pub fn markdown(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let (html, md) = bcplan::fuzzing::markdown(source);
    if let Err(why) = live_html(&html) {
        panic!("{why}\nsource: {source:?}\nhtml: {html}");
    }
    if let Err(why) = live_markdown(&md) {
        panic!("{why}\nsource: {source:?}\nmarkdown: {md}");
    }
}

/// The elements Markdown produces, with the attributes each may carry.
const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("blockquote", &[]),
    ("br", &[]),
    ("code", &["class"]),
    ("del", &[]),
    ("em", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("input", &["type", "disabled", "checked"]),
    ("li", &[]),
    ("ol", &["start"]),
    ("p", &[]),
    ("pre", &[]),
    ("strong", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &["style"]),
    ("th", &["style"]),
    ("thead", &[]),
    ("tr", &[]),
    ("ul", &[]),
];

/// Tokenizes `html` as a browser does (WHATWG) and fails on an element or attribute outside
/// [`ALLOWED`], an `on*` attribute, a link to a script-capable URL, a comment or a doctype.
pub fn live_html(html: &str) -> Result<(), String> {
    use html5gum::{Token, Tokenizer};
    for Ok(token) in Tokenizer::new(html) {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_lowercase();
                let Some((_, attributes)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
                    return Err(format!("live element <{name}>"));
                };
                for (key, value) in &tag.attributes {
                    let key = String::from_utf8_lossy(key).to_lowercase();
                    let value = String::from_utf8_lossy(value);
                    if key.starts_with("on") || !attributes.contains(&key.as_str()) {
                        return Err(format!("attribute {key}={value:?} on <{name}>"));
                    }
                    if key == "href" && !safe_url(&value) {
                        return Err(format!("link to {value:?}"));
                    }
                    if key == "style" && !value.starts_with("text-align:") {
                        return Err(format!("style {value:?}"));
                    }
                }
            }
            Token::Comment(_) => return Err("an HTML comment".to_owned()),
            Token::Doctype(_) => return Err("a doctype".to_owned()),
            Token::EndTag(_) | Token::String(_) | Token::Error(_) => {}
        }
    }
    Ok(())
}

/// Parses `md` with the options the runbook Markdown is written for, and fails on raw HTML, an
/// image or a link to a script-capable URL.
pub fn live_markdown(md: &str) -> Result<(), String> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => return Err(format!("raw HTML {raw:?}")),
            Event::Start(Tag::Image { dest_url, .. }) => return Err(format!("image {dest_url:?}")),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_url(&dest_url) => {
                return Err(format!("link to {dest_url:?}"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether a link target is relative or http(s), mailto or tel, read as a browser would:
/// ASCII whitespace and control characters ignored, any case. Written apart from the library's
/// own test of link targets, so that the check does not trust the code it checks.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].split_once(':') {
        None => true,
        // Not a scheme (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`): a browser
        // reads the whole as a relative address, e.g. `htt%7Fps:x` (an escaped DEL inside).
        Some((scheme, _))
            if !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                || !scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            true
        }
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
    }
}
