//! The link of each event to the place it comes from (the `URL` of the feed's events).
//!
//! With a `source_url` (from `bcplan.yaml`, or `--source-url`), the link is the file's path
//! relative to the workspace root (the folder holding `bcplan.yaml`, else the current folder),
//! each segment percent-encoded, under that address, with `#L<line>`: the line on GitHub, GitLab
//! and most other forges. Without one, or for a file outside the root, it is the `file:` URI of
//! the file's absolute path, which opens the plan on the machine the feed was exported on.

use std::path::{Path, PathBuf};

use crate::uri::{encode_path, file_uri};
use crate::workspace::discover::clean;
use crate::workspace::{SourceFile, Workspace};

/// How events link to their files.
pub(crate) struct Links {
    /// The web address files are browsed under, ending with `/`.
    base: Option<String>,
    /// The absolute folder that paths under `base` are relative to.
    root: PathBuf,
}

impl Links {
    /// Links under `source_url` if given, else under the workspace's `source_url`, if any.
    pub(crate) fn new(ws: &Workspace, source_url: Option<&str>) -> Links {
        let base = source_url
            .or_else(|| ws.config.source_url.as_ref().map(|u| u.value.as_str()))
            .map(|url| {
                if url.ends_with('/') {
                    url.to_owned()
                } else {
                    format!("{url}/")
                }
            });
        Links {
            base,
            root: absolute(ws.root.as_deref().unwrap_or(Path::new("."))),
        }
    }

    /// The link to line `line` of `file`.
    pub(crate) fn to(&self, file: &SourceFile, line: u32) -> String {
        let path = absolute(&file.path);
        if let (Some(base), Ok(relative)) = (&self.base, path.strip_prefix(&self.root)) {
            return format!("{base}{}#L{line}", encode_path(&slashed(relative), false));
        }
        file_uri(&slashed(&path))
    }
}

/// `path` made absolute (against the current folder) and without `.` and `..` parts.
fn absolute(path: &Path) -> PathBuf {
    clean(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `path` with `/` separators.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
