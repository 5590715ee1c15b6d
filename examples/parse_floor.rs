//! The parse floor of `bcplan check`: reads every YAML file under a folder and parses it with
//! serde-saphyr into a generic value, in parallel with rayon as the loader does, and nothing more.
//! `cargo bench --bench scale` times it against `check`.
//!
//! Usage: `parse_floor FOLDER`; prints the number of files, documents and bytes read.

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: parse_floor FOLDER");
        return ExitCode::from(2);
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| bcplan::workspace::discover::is_yaml(p))
        .collect();
    let parsed: Result<Vec<(usize, usize)>, String> = files
        .par_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            #[allow(clippy::field_reassign_with_default)] // Options is non-exhaustive.
            let mut options = serde_saphyr::Options::default();
            options.strict_booleans = true;
            options.with_snippet = false;
            let documents: Vec<serde_json::Value> =
                serde_saphyr::from_str_multiple_with_options(&text, options)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((documents.len(), text.len()))
        })
        .collect();
    match parsed {
        Ok(counts) => {
            let (documents, bytes) = counts
                .iter()
                .fold((0, 0), |(d, b), (dd, bb)| (d + dd, b + bb));
            println!(
                "{} files, {documents} documents, {bytes} bytes",
                counts.len()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("parse_floor: {message}");
            ExitCode::FAILURE
        }
    }
}
