//! `bcplan completions SHELL`: the shell completion script, generated from the clap definitions
//! in `cli.rs` so it always lists the current commands and options.

use anyhow::Result;
use clap::CommandFactory as _;
use clap_complete::Shell;

use super::{Outcome, emit};
use crate::cli::Cli;

/// Prints the completion script for `shell`.
pub(super) fn run(shell: Shell) -> Result<Outcome> {
    emit(&script(shell), None)?;
    Ok(Outcome::Clean)
}

/// The completion script for `shell`, for a binary named `bcplan`.
pub(crate) fn script(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "bcplan", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        // clap checks names, defaults and conflicts only when asked; completions rely on them.
        Cli::command().debug_assert();
    }

    #[test]
    fn every_shell_script_names_every_command() {
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let text = script(shell);
            for command in &commands {
                assert!(text.contains(command.as_str()), "{shell}: {command}");
            }
        }
    }
}
