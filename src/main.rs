//! The `bcplan` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = bcplan::cli::Cli::parse();
    match bcplan::commands::run(cli) {
        Ok(bcplan::commands::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(bcplan::commands::Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!("error: {}", bcplan::visible::visible_lines(&message));
            ExitCode::from(2)
        }
    }
}
