//! Writing output files safely and atomically.
//!
//! Every file is first written to a temporary file beside its target, created under an
//! unpredictable name with `O_CREAT | O_EXCL` (so a link planted in the folder is never followed),
//! then renamed over the target (which replaces a link at the final name rather than writing
//! through it). A reader never sees a half-written file and a failed run leaves the old file.
//!
//! Live temporary files are registered here: on SIGINT or SIGTERM they are removed before the
//! process exits (with 130 or 143). While a [`Commit`] is open (the renames that switch a folder
//! from its old to its new set of files), a signal waits until the commit is done, so the folder
//! is never left half switched by an interrupt.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

use anyhow::{Context as _, Result};
use tempfile::TempPath;

/// Temporary files that exist now and must be removed if the process is interrupted.
static LIVE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// The signal that interrupted the process (0: none yet).
static SIGNAL: AtomicI32 = AtomicI32::new(0);

thread_local! {
    /// Whether this thread holds an open [`Commit`].
    static IN_COMMIT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Prefix of every temporary file name.
pub(crate) const TEMP_PREFIX: &str = ".bcplan-";

/// Suffix of every temporary file name.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

fn live() -> MutexGuard<'static, Option<HashSet<PathBuf>>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs (once) the SIGINT/SIGTERM handler that removes live temporary files and exits.
fn install_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            // Without a handler the default action applies; nothing more can be done.
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                SIGNAL.store(signal, Ordering::SeqCst);
                // Waits for an open commit to finish.
                let mut live = live();
                for path in live.take().unwrap_or_default() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Exits as the signal that arrived during a commit asks (no-op without one).
fn exit_if_interrupted() {
    let signal = SIGNAL.load(Ordering::SeqCst);
    if signal != 0 {
        std::process::exit(128 + signal);
    }
}

/// A file written under a temporary name in its target's folder, waiting to be renamed into
/// place. Dropping it removes the temporary file.
#[derive(Debug)]
pub(crate) struct Staged {
    temp: Option<TempPath>,
    target: PathBuf,
}

impl Staged {
    /// Writes `contents` to a fresh temporary file beside `target`.
    pub(crate) fn new(target: &Path, contents: &[u8]) -> Result<Staged> {
        Staged::write(target, contents, false)
    }

    /// As [`Staged::new`]; with `durable`, the data is flushed to disk before this returns.
    fn write(target: &Path, contents: &[u8], durable: bool) -> Result<Staged> {
        install_handler();
        let (file, temp) = {
            // Created and registered under the lock, so an interrupt never misses one.
            let mut live = live();
            let file = temp_in(target)?;
            live.get_or_insert_with(HashSet::new)
                .insert(file.path().to_path_buf());
            file.into_parts()
        };
        let staged = Staged {
            temp: Some(temp),
            target: target.to_path_buf(),
        };
        let mut file = file;
        file.write_all(contents)
            .and_then(|()| file.flush())
            .and_then(|()| if durable { file.sync_all() } else { Ok(()) })
            .with_context(|| format!("{}: cannot write file", target.display()))?;
        Ok(staged)
    }

    /// The final path.
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let path = temp.to_path_buf();
            drop(temp);
            // Inside a commit on this thread the lock is held already (a stale entry is harmless).
            if !IN_COMMIT.get() {
                if let Some(set) = live().as_mut() {
                    set.remove(&path);
                }
            }
        }
    }
}

/// A new temporary file beside `target`: an unpredictable name, created exclusively (`O_EXCL`, so no
/// link is followed), readable as a file created by `File::create` would be (`0666` less the
/// umask), not only by its owner.
fn temp_in(target: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = folder_of(target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir).with_context(|| {
        format!(
            "{}: cannot write file (no temporary file can be created in {})",
            target.display(),
            dir.display()
        )
    })
}

/// The folder a file is written into.
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// An open commit: renames staged files into place while interrupts wait. Close it with
/// [`Commit::finish`].
pub(crate) struct Commit {
    live: MutexGuard<'static, Option<HashSet<PathBuf>>>,
}

impl Commit {
    /// Opens a commit; an interrupt arriving from now on waits until [`Commit::finish`].
    pub(crate) fn begin() -> Commit {
        install_handler();
        let live = live();
        IN_COMMIT.set(true);
        Commit { live }
    }

    /// Renames `staged` over its target (replacing a file or a link there, never writing
    /// through a link).
    pub(crate) fn persist(&mut self, mut staged: Staged) -> Result<()> {
        let Some(temp) = staged.temp.take() else {
            return Ok(());
        };
        let path = temp.to_path_buf();
        let result = temp.persist(&staged.target);
        if let Some(set) = self.live.as_mut() {
            set.remove(&path);
        }
        result
            .map_err(|e| e.error)
            .with_context(|| format!("{}: cannot write file", staged.target.display()))
    }

    /// Writes `contents` to `target` atomically inside the commit.
    pub(crate) fn write(&mut self, target: &Path, contents: &[u8]) -> Result<()> {
        let mut file = temp_in(target)?;
        self.live
            .get_or_insert_with(HashSet::new)
            .insert(file.path().to_path_buf());
        let path = file.path().to_path_buf();
        let result = file
            .write_all(contents)
            .map_err(anyhow::Error::new)
            .and_then(|()| file.persist(target).map(drop).map_err(|e| e.error.into()));
        if let Some(set) = self.live.as_mut() {
            set.remove(&path);
        }
        result.with_context(|| format!("{}: cannot write file", target.display()))
    }

    /// Closes the commit; if an interrupt arrived meanwhile, the process exits now.
    pub(crate) fn finish(self) {
        drop(self);
        exit_if_interrupted();
    }
}

impl Drop for Commit {
    fn drop(&mut self) {
        IN_COMMIT.set(false);
    }
}

/// Makes what was written into `dir` durable: one `syncfs` of its file system on Linux, else an
/// `fsync` of each file and of the folder.
pub(crate) fn sync_folder(dir: &Path, files: &[PathBuf]) -> Result<()> {
    let folder = std::fs::File::open(dir)
        .with_context(|| format!("{}: cannot open folder", dir.display()))?;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let _ = files;
        rustix::fs::syncfs(&folder)
            .map_err(std::io::Error::from)
            .with_context(|| format!("{}: cannot flush to disk", dir.display()))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        use rayon::prelude::*;
        files.par_iter().try_for_each(|file| {
            std::fs::File::open(file)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("{}: cannot flush to disk", file.display()))
        })?;
        // Not every platform can fsync a folder; the files themselves are durable.
        let _ = folder.sync_all();
        Ok(())
    }
}

/// Writes `contents` to `path` atomically and durably (one file: `check --output`, `init`).
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let staged = Staged::write(path, contents, true)?;
    let mut commit = Commit::begin();
    let result = commit.persist(staged);
    commit.finish();
    result
}
