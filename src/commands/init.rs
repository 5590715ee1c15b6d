//! `bcplan init [DIR]`: write the starter workspace, refusing to overwrite anything, and say what
//! to do next.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::{Outcome, emit, parse_today};
use crate::cli::InitArgs;
use crate::scaffold;

/// Runs `init`.
pub(super) fn run(args: &InitArgs) -> Result<Outcome> {
    let today = parse_today(args.today.as_deref())?;
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if dir.exists() && !dir.is_dir() {
        bail!("{}: is a file; `bcplan init` takes a folder", dir.display());
    }
    let files = scaffold::files(today)?;
    let conflicts = scaffold::conflicts(&dir, &files);
    if !conflicts.is_empty() {
        let list: String = conflicts.iter().fold(String::new(), |mut list, p| {
            let _ = write!(list, "\n  {}", shown(p));
            list
        });
        let (count, verb, pronoun) = match conflicts.len() {
            1 => ("1 file".to_owned(), "exists", "it"),
            n => (format!("{n} files"), "exist", "them"),
        };
        bail!(
            "cannot create a workspace in {}: {count} that `init` would write already {verb}; nothing was written (move or remove {pronoun}, or choose another folder):{list}",
            place(&dir),
        );
    }
    scaffold::write(&dir, &files)?;
    emit(&summary(&dir, &files, today), None)?;
    Ok(Outcome::Clean)
}

/// What was created and what to run next.
fn summary(dir: &Path, files: &[scaffold::ScaffoldFile], today: crate::model::Date) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Created a bcplan workspace in {} ({} files):",
        place(dir),
        files.len()
    );
    for file in files {
        let _ = writeln!(out, "  {}", shown(&dir.join(file.path)));
    }
    let _ = writeln!(
        out,
        "\nThe example company, Example Pumps Ltd, was reviewed, verified and exercised on {today}:\n\
         it passes `bcplan check` until the next review is due in 12 months.\n\nNext steps:"
    );
    if !is_current(dir) {
        let _ = writeln!(out, "  cd {}", shown(dir));
    }
    out.push_str(
        "  bcplan check                        # 0 errors, 0 warnings\n\
         \x20 bcplan render --out runbooks        # printable runbooks (Markdown and HTML)\n\
         \x20 bcplan explain scenario-uncovered   # what a rule checks and why\n\
         Then replace the example with your own organisation, starting with registers/people.yaml,\n\
         and commit it to git: .github/workflows/bcplan.yml checks every change once it sits at\n\
         the root of the repository.\n",
    );
    out
}

/// The folder as named in messages.
fn place(dir: &Path) -> String {
    if is_current(dir) {
        "the current folder".to_owned()
    } else {
        shown(dir)
    }
}

fn is_current(dir: &Path) -> bool {
    dir.as_os_str().is_empty() || dir == Path::new(".")
}

/// A path as shown in messages: `/` separators, no leading `./`.
fn shown(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map_or(text.clone(), str::to_owned)
}
