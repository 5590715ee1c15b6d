//! Finding the workspace root and the YAML files to read.
//!
//! The root is the folder holding `bcplan.yaml`, found by walking up from the first path given
//! (or the current folder); without one, the first path itself. Walking skips hidden folders,
//! `target/`, the render output folder and the workspace's `exclude:` globs. Files are returned
//! sorted, so every run sees them in the same order.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

/// The name of the workspace file.
pub const WORKSPACE_FILE: &str = "bcplan.yaml";

/// Where the workspace is and what to walk.
#[derive(Clone, Debug)]
pub struct Roots {
    /// The folder holding `bcplan.yaml`, if one was found.
    pub workspace_file: Option<PathBuf>,
    /// The paths to walk.
    pub paths: Vec<PathBuf>,
}

/// Finds the workspace file for `paths` (default: the current folder).
pub fn find_roots(paths: &[PathBuf]) -> Result<Roots> {
    for path in paths {
        let Ok(metadata) = std::fs::metadata(path) else {
            bail!("{}: no such file or folder", path.display());
        };
        if !metadata.is_file() && !metadata.is_dir() {
            bail!(
                "{}: {}, not a regular file or folder; bcplan reads only regular files (name the YAML files or their folder)",
                path.display(),
                special_kind(&metadata.file_type())
            );
        }
    }
    let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let start_dir = if start.is_dir() {
        start.clone()
    } else {
        start
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let mut workspace_file = None;
    let absolute = std::path::absolute(&start_dir)
        .with_context(|| format!("{}: cannot resolve path", start_dir.display()))?;
    let mut relative = start_dir.clone();
    for dir in absolute.ancestors() {
        let candidate = dir.join(WORKSPACE_FILE);
        if candidate.is_file() {
            workspace_file = Some(clean(&relative.join(WORKSPACE_FILE)));
            break;
        }
        relative = relative.join("..");
    }
    let paths = if paths.is_empty() {
        vec![
            workspace_file
                .as_ref()
                .and_then(|f| f.parent())
                .map_or_else(
                    || PathBuf::from("."),
                    |p| {
                        if p.as_os_str().is_empty() {
                            PathBuf::from(".")
                        } else {
                            p.to_path_buf()
                        }
                    },
                ),
        ]
    } else {
        paths.to_vec()
    };
    Ok(Roots {
        workspace_file,
        paths,
    })
}

/// Removes `./` prefixes and `dir/..` pairs without touching the file system.
pub(crate) fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some_and(|n| n != "..") => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What walking skips besides hidden folders and `target/`.
#[derive(Debug, Default)]
pub struct Skip {
    /// Folder the workspace paths are relative to (for `exclude:`).
    pub root: PathBuf,
    /// `exclude:` globs.
    pub globs: Vec<String>,
    /// Output folders of `render`.
    pub folders: Vec<PathBuf>,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Listing {
    /// The YAML files to read, sorted.
    pub files: Vec<PathBuf>,
    /// YAML-named paths that are not regular files (a FIFO, a socket, a device), with what they
    /// are: never opened (opening a FIFO waits for a writer), but reported.
    pub special: Vec<(PathBuf, &'static str)>,
}

/// Whether `path` ends in `.yaml` or `.yml`, in any case.
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// What a path that is neither a regular file nor a folder is, in words.
pub fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO (a named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// Lists the `.yaml`/`.yml` files under `paths`; files named directly are always included.
pub fn yaml_files(paths: &[PathBuf], skip: &Skip) -> Result<Listing> {
    let globs = build_globs(&skip.globs)?;
    let skipped_folders: Vec<PathBuf> = skip
        .folders
        .iter()
        .filter_map(|f| std::path::absolute(f).ok())
        .collect();
    let mut files = Vec::new();
    let mut special = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(clean(path));
            continue;
        }
        let walker = WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() == 0 {
                    return true;
                }
                let name = entry.file_name().to_string_lossy();
                if entry.file_type().is_dir() {
                    if name.starts_with('.') || name == "target" {
                        return false;
                    }
                    if std::path::absolute(entry.path()).is_ok_and(|p| skipped_folders.contains(&p))
                    {
                        return false;
                    }
                }
                !is_excluded(entry.path(), &skip.root, &globs)
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let place = error.path().unwrap_or(path).to_path_buf();
                    let yaml = is_yaml(&place);
                    // A broken link or a link loop that is not a YAML file is not ours to read.
                    if !yaml
                        && (error.loop_ancestor().is_some()
                            || place
                                .symlink_metadata()
                                .is_ok_and(|m| m.file_type().is_symlink()))
                    {
                        continue;
                    }
                    let cause = error
                        .io_error()
                        .map_or_else(|| error.to_string(), ToString::to_string);
                    bail!("{}: cannot read: {cause}", place.display());
                }
            };
            let file_type = entry.file_type();
            if !is_yaml(entry.path()) || file_type.is_dir() {
                continue;
            }
            if file_type.is_file() {
                files.push(clean(entry.path()));
            } else if !file_type.is_symlink() {
                special.push((clean(entry.path()), special_kind(&file_type)));
            }
        }
    }
    files.sort();
    files.dedup();
    special.sort();
    special.dedup();
    Ok(Listing { files, special })
}

fn build_globs(globs: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(
            Glob::new(glob)
                .with_context(|| format!("invalid exclude glob `{glob}` in {WORKSPACE_FILE}"))?,
        );
        // `drafts/**` should also skip the folder `drafts` itself.
        if let Some(folder) = glob.strip_suffix("/**") {
            builder
                .add(Glob::new(folder).with_context(|| format!("invalid exclude glob `{glob}`"))?);
        }
    }
    builder.build().context("invalid exclude globs")
}

fn is_excluded(path: &Path, root: &Path, globs: &GlobSet) -> bool {
    if globs.is_empty() {
        return false;
    }
    let (Ok(path), Ok(root)) = (std::path::absolute(path), std::path::absolute(root)) else {
        return false;
    };
    let path = clean(&path);
    let root = clean(&root);
    path.strip_prefix(&root)
        .is_ok_and(|relative| globs.is_match(relative))
}
