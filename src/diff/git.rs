//! Reading a workspace as it was at a git revision, through the `git` command only.
//!
//! The `.yaml`/`.yml` files of the revision under the requested paths (and any `bcplan.yaml` above
//! them, which decides the policy) are listed with `git ls-tree`, read with `git cat-file --batch`,
//! and written into a temporary folder that mirrors the repository; the workspace is then loaded
//! from there like any folder. A path that could lead outside that folder (`..`, `.git`) is refused. Git runs in the current folder; its own error message is passed
//! on when it fails (no repository, unknown revision).

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use crate::workspace::discover::WORKSPACE_FILE;

/// The two sides of `--git SPEC`: `old` is a revision; `new` is a revision, or `None` for the
/// working tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Range {
    /// The old revision, as git understands it.
    pub old: String,
    /// How the old revision is shown.
    pub old_label: String,
    /// The new revision, or `None` for the working tree.
    pub new: Option<String>,
}

/// Parses `REV`, `A..B` or `A...B` (an empty side means `HEAD`, as in git). `A...B` compares
/// B with the merge base of A and B, which is what a pull request changes.
pub fn parse_range(spec: &str) -> Result<Range> {
    let side = |s: &str| {
        if s.is_empty() {
            "HEAD".to_owned()
        } else {
            s.to_owned()
        }
    };
    if let Some((a, b)) = spec.split_once("...") {
        let (a, b) = (side(a), side(b));
        let base = git(&["merge-base", "--end-of-options", &a, &b])?;
        let base = String::from_utf8_lossy(&base).trim().to_owned();
        return Ok(Range {
            old_label: format!("merge-base({a}, {b})"),
            old: base,
            new: Some(b),
        });
    }
    if let Some((a, b)) = spec.split_once("..") {
        return Ok(Range {
            old: side(a),
            old_label: side(a),
            new: Some(side(b)),
        });
    }
    if spec.trim().is_empty() {
        bail!("--git needs a revision: `--git REV`, `--git A..B` or `--git A...B`");
    }
    Ok(Range {
        old: spec.to_owned(),
        old_label: spec.to_owned(),
        new: None,
    })
}

/// A revision's YAML files, written into a temporary folder that is removed when this is dropped.
#[derive(Debug)]
pub struct Export {
    /// Kept for its lifetime: dropping it removes the folder.
    _dir: tempfile::TempDir,
    /// The folders or files to load, inside the export, one per requested path.
    pub paths: Vec<PathBuf>,
    /// The export's counterpart of the current folder (file names are shown relative to it).
    pub base: PathBuf,
    /// For each requested path, whether the revision has nothing of it.
    pub missing: Vec<bool>,
}

/// Exports the `.yaml`/`.yml` files of `rev` under `paths` (relative to the current folder).
pub fn export(rev: &str, paths: &[PathBuf]) -> Result<Export> {
    let prefix = PathBuf::from(text(&git(&["rev-parse", "--show-prefix"])?));
    let top = PathBuf::from(text(&git(&["rev-parse", "--show-toplevel"])?));
    let mut inside = Vec::new();
    for path in paths {
        inside.push(in_repository(path, &prefix, &top)?);
    }
    let mut specs: Vec<String> = Vec::new();
    for r in &inside {
        specs.push(spec(r));
        // The workspace file above a path sets the policy, as it does for a folder.
        for ancestor in r.ancestors() {
            specs.push(spec(&ancestor.join(WORKSPACE_FILE)));
        }
    }
    let mut args = vec![
        "ls-tree",
        "-r",
        "-z",
        "--full-tree",
        "--end-of-options",
        rev,
        "--",
    ];
    args.extend(specs.iter().map(String::as_str));
    let listing = git(&args)?;
    let mut blobs = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        // `MODE TYPE OBJECT\tPATH`
        let entry = String::from_utf8_lossy(entry).into_owned();
        let Some((meta, name)) = entry.split_once('\t') else {
            bail!("`git ls-tree` printed an unexpected line: {entry}");
        };
        let extension = Path::new(name).extension().unwrap_or_default();
        if !(extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml")) {
            continue;
        }
        let mut meta = meta.split(' ');
        let (Some(_mode), Some(kind), Some(object)) = (meta.next(), meta.next(), meta.next())
        else {
            bail!("`git ls-tree` printed an unexpected line: {entry}");
        };
        if kind != "blob" {
            // A submodule: not part of this repository's files.
            continue;
        }
        check_tree_path(name, rev)?;
        blobs.push((object.to_owned(), name.to_owned()));
    }
    let dir = tempfile::Builder::new()
        .prefix("bcplan-diff-")
        .tempdir()
        .context("cannot create a temporary folder for the git export")?;
    write_blobs(&blobs, dir.path())?;
    let mut load = Vec::new();
    let mut missing = Vec::new();
    for r in &inside {
        let path = dir.path().join(r);
        missing.push(!path.exists());
        if !path.exists() {
            // Nothing of it at this revision: an empty workspace, so everything shows as added.
            std::fs::create_dir_all(&path)
                .with_context(|| format!("{}: cannot create folder", path.display()))?;
        }
        load.push(path);
    }
    Ok(Export {
        base: dir.path().join(&prefix),
        paths: load,
        missing,
        _dir: dir,
    })
}

/// Refuses a path of a revision's tree that would not stay inside the export folder: `..`, `.`,
/// empty and `.git` components, and on Windows backslashes and colons (folder separators and
/// drive letters there). Git itself never
/// writes such trees, but a crafted commit (`git mktree`) can hold them.
fn check_tree_path(name: &str, rev: &str) -> Result<()> {
    let unsafe_part = name.split('/').find(|part| {
        part.is_empty()
            || *part == "."
            || *part == ".."
            || part.eq_ignore_ascii_case(".git")
            || (cfg!(windows) && part.contains(['\\', ':']))
    });
    if let Some(part) = unsafe_part {
        bail!(
            "revision `{rev}` holds the unsafe path `{name}` (the part `{part}` could lead outside the \
             folder the revision is read into); bcplan refuses to read this revision. \
             Remove the path from the history or compare other revisions"
        );
    }
    Ok(())
}

/// Streams each blob `(object, path)` out of `git cat-file --batch` into `dir/path`. Paths have
/// been checked by `check_tree_path`; files are created new, never through an existing file.
fn write_blobs(blobs: &[(String, String)], dir: &Path) -> Result<()> {
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    if blobs.is_empty() {
        return Ok(());
    }
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| {
            anyhow::anyhow!("cannot run `git` ({e}); `bcplan diff --git` needs git on the PATH")
        })?;
    let mut stdin = child.stdin.take().context("git cat-file has no input")?;
    let mut objects = String::new();
    for (object, _) in blobs {
        objects.push_str(object);
        objects.push('\n');
    }
    let feeder = std::thread::spawn(move || stdin.write_all(objects.as_bytes()));
    let mut stdout = BufReader::new(child.stdout.take().context("git cat-file has no output")?);
    let result = (|| -> Result<()> {
        for (object, name) in blobs {
            let mut header = String::new();
            stdout.read_line(&mut header)?;
            // `OBJECT TYPE SIZE`
            let size: u64 = match header.trim_end().split(' ').collect::<Vec<_>>().as_slice() {
                [_, "blob", size] => size.parse()?,
                _ => bail!(
                    "`git cat-file` cannot read {name} ({object}): {}",
                    header.trim()
                ),
            };
            let target = dir.join(name);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("{}: cannot create folder", parent.display()))?;
            }
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
                .with_context(|| format!("{name}: cannot write file (listed twice?)"))?;
            let copied = std::io::copy(&mut (&mut stdout).take(size), &mut file)?;
            if copied != size {
                bail!("`git cat-file` ended early while reading {name}");
            }
            let mut newline = [0u8; 1];
            stdout.read_exact(&mut newline)?;
        }
        Ok(())
    })();
    drop(stdout);
    let fed = feeder.join();
    let output = child.wait_with_output()?;
    result.context("cannot read the revision's files with `git cat-file --batch`")?;
    if !matches!(fed, Ok(Ok(()))) || !output.status.success() {
        bail!(
            "`git cat-file --batch` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// `path` (relative to the current folder, or absolute) relative to the repository's top folder.
fn in_repository(path: &Path, prefix: &Path, top: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        let top = std::fs::canonicalize(top).unwrap_or_else(|_| top.to_path_buf());
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(&top) {
            Ok(inside) => inside.to_path_buf(),
            Err(_) => bail!("{}: outside the git repository", path.display()),
        }
    } else {
        prefix.join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    bail!("{}: outside the git repository", path.display());
                }
            }
            Component::Normal(p) => out.push(p),
            _ => bail!("{}: outside the git repository", path.display()),
        }
    }
    Ok(out)
}

/// A pathspec for a path relative to the repository's top folder (`--full-tree`).
fn spec(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_owned()
    } else {
        text
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .trim_end_matches(['\n', '\r'])
        .to_owned()
}

/// Runs `git args...` in the current folder and returns its standard output.
fn git(args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git").args(args).output().map_err(|e| {
        anyhow::anyhow!("cannot run `git` ({e}); `bcplan diff --git` needs git on the PATH")
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr.trim();
        bail!(
            "`git {}` failed: {}",
            args.iter().take(6).copied().collect::<Vec<_>>().join(" "),
            if message.is_empty() {
                "no message"
            } else {
                message
            }
        );
    }
    Ok(output.stdout)
}
