//! The loader reads a valid file straight into the model and takes the long way (node tree, schema
//! walker, model) only when that fails. Both must give the same: the same documents with the same
//! positions for a valid file, and for any other the findings of the long way. These tests feed
//! every YAML file the repository ships (plans, examples, templates and every fixture, the
//! schema-error ones among them) and a few thousand edited copies of them through both.

use std::path::{Path, PathBuf};

use bcplan::workspace::parse::{parse_file, parse_file_checked, read_straight};
use bcplan::yaml::spanned::FileId;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        })
        .collect();
    files.sort();
    files
}

/// Both ways of reading `bytes`, as text that shows every field, document, span and finding.
fn both(bytes: &[u8]) -> (String, String) {
    (
        format!("{:#?}", parse_file(FileId(3), bytes)),
        format!("{:#?}", parse_file_checked(FileId(3), bytes)),
    )
}

fn assert_same(what: &str, bytes: &[u8]) {
    let (fast, long) = both(bytes);
    if fast != long {
        let at = fast
            .lines()
            .zip(long.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context = |text: &str| {
            text.lines()
                .skip(at.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: the straight read differs from the checked read at line {at}:\n--- straight\n{}\n--- checked\n{}\n--- input\n{}",
            context(&fast),
            context(&long),
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn every_shipped_file_reads_the_same_both_ways() {
    let mut files = 0;
    for dir in ["plans", "examples", "templates", "tests/fixtures"] {
        for path in yaml_files(&root().join(dir)) {
            let bytes = std::fs::read(&path).unwrap();
            assert_same(&path.display().to_string(), &bytes);
            files += 1;
        }
    }
    assert!(files > 150, "only {files} files found");
}

#[test]
fn the_shipped_plans_are_read_straight() {
    // The straight read is what makes a valid workspace fast: every file of `plans/` must take it.
    for path in yaml_files(&root().join("plans")) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            read_straight(FileId(0), &text).is_some(),
            "{} is valid but not read straight",
            path.display()
        );
    }
}

#[test]
fn schema_error_fixtures_take_the_long_way() {
    // A file with a schema error must never be read straight: its findings come from the walker.
    let mut seen = 0;
    for path in yaml_files(&root().join("tests/fixtures")) {
        let bytes = std::fs::read(&path).unwrap();
        let checked = parse_file_checked(FileId(0), &bytes);
        if checked.findings.is_empty() {
            continue;
        }
        seen += 1;
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            read_straight(FileId(0), &text).is_none(),
            "{} has findings but was read straight",
            path.display()
        );
    }
    assert!(seen >= 3, "only {seen} fixture files with findings");
}

/// Spellings that YAML, the schema and the model may read differently: quoted and plain numbers
/// and booleans, nulls, number spellings of YAML 1.1 and 1.2, tags, anchors, flow collections,
/// overlong text, and values of the wrong format.
const SPELLINGS: &[&str] = &[
    "\"5\"",
    "5",
    "\"true\"",
    "true",
    "~",
    "0",
    "-1",
    "1.5",
    "5.0",
    "0x10",
    "0o17",
    "0755",
    "1_000",
    "+5",
    "1e3",
    ".inf",
    ".NaN",
    "yes",
    "Off",
    "null",
    "''",
    "\"\"",
    "!!str 5",
    "!!int \"5\"",
    "!!null x",
    "!approved x",
    "&a x",
    "[a]",
    "[]",
    "{}",
    "{a: 1}",
    "{site: x}",
    "2026-13-01",
    "2026-02-29",
    "1:20",
    "a@b.example",
    "CN",
    "cn",
    "\"+8676912345678\"",
    "+8676912345678",
    "4w",
    "48h",
    "Nadia Rahman",
];

/// How many of the first [`SPELLINGS`] every key is given.
const ALWAYS: usize = 5;

/// For each key of `text` not in `seen` (its first occurrence), `text` with that key's value replaced
/// by each spelling and, for a long text, by 201 and 200 characters.
fn edits(text: &str, seen: &mut std::collections::BTreeSet<String>) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let Some((key, value)) = trimmed.split_once(": ") else {
            continue;
        };
        if key.contains(' ') || value.is_empty() || value.starts_with('|') || value.starts_with('>')
        {
            continue;
        }
        if !seen.insert(key.to_owned()) {
            continue;
        }
        let prefix = &line[..line.len() - value.len()];
        let long = [
            format!("\"{}\"", "x".repeat(201)),
            format!("\"{}\"", "x".repeat(200)),
        ];
        // Numbers, booleans and nulls as text and as themselves for every key, with a third of the
        // other spellings (a different third for the next key).
        let offset = seen.len() % 3;
        let some = SPELLINGS[ALWAYS..].iter().copied().skip(offset).step_by(3);
        let spellings = SPELLINGS[..ALWAYS].iter().copied().chain(some);
        for spelling in spellings.chain(long.iter().map(String::as_str)) {
            let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            edited[i] = format!("{prefix}{spelling}");
            out.push(edited.join("\n") + "\n");
        }
    }
    out
}

#[test]
fn edited_files_read_the_same_both_ways() {
    let mut seen = std::collections::BTreeSet::new();
    let mut all = Vec::new();
    for path in yaml_files(&root().join("plans")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        all.extend(
            edits(&text, &mut seen)
                .into_iter()
                .map(|e| (name.clone(), e)),
        );
    }
    let cases = all.len();
    let half = cases / 2;
    let straight: usize = std::thread::scope(|scope| {
        let run = |part: &[(String, String)]| -> usize {
            let mut straight = 0;
            for (name, edited) in part {
                assert_same(name, edited.as_bytes());
                straight += usize::from(read_straight(FileId(0), edited).is_some());
            }
            straight
        };
        let (head, tail) = all.split_at(half);
        let first = scope.spawn(move || run(head));
        let second = run(tail);
        first.join().unwrap() + second
    });
    // Both outcomes must be exercised: edits that stay valid and edits the schema refuses.
    assert!(cases > 1000, "only {cases} edited files");
    assert!(
        straight > 100 && straight < cases,
        "{straight} of {cases} edits read straight"
    );
}

#[test]
fn a_cached_reload_equals_a_fresh_load() {
    // The language server keeps what it parsed and parses again only the files that changed.
    use bcplan::workspace::{Overlay, ParseCache, load_cached, load_with};
    let plans = vec![root().join("plans")];
    // As text, with the set of broken ids (a hash set, in no order) sorted.
    let show = |mut ws: bcplan::workspace::Workspace| {
        let mut broken: Vec<_> = ws.broken.drain().collect();
        broken.sort();
        format!("{ws:?} {broken:?}")
    };
    let fresh = |overlay: &Overlay| show(load_with(&plans, &[], overlay).unwrap());
    let same = |a: String, b: String| {
        let at = a
            .bytes()
            .zip(b.bytes())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        assert!(
            a == b,
            "differs at {at}: {:?} / {:?}",
            &a[at.saturating_sub(200)..(at + 200).min(a.len())],
            &b[at.saturating_sub(200)..(at + 200).min(b.len())]
        );
    };
    let mut cache = ParseCache::default();
    let mut overlay = Overlay::default();
    let first = load_cached(&plans, &[], &overlay, Some(&mut cache)).unwrap();
    same(show(first), fresh(&overlay));
    let again = load_cached(&plans, &[], &overlay, Some(&mut cache)).unwrap();
    same(show(again), fresh(&overlay));
    // An edit (a title, and a schema error) is seen; the other files come from the cache.
    let path = root().join("plans/manufacturing/dongguan-mfg.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    for edited in [
        text.replacen("title: ", "title: Edited ", 1),
        text.replacen("status: ", "statuss: ", 1),
    ] {
        overlay.insert(&path, edited);
        let edited = load_cached(&plans, &[], &overlay, Some(&mut cache)).unwrap();
        same(show(edited), fresh(&overlay));
    }
}
