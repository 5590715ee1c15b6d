//! `bcplan completions SHELL` through the real binary: a script for each supported shell that
//! completes the subcommands.

mod common;

use common::bcplan;

#[test]
fn each_shell_gets_a_script_that_completes_the_commands() {
    for (shell, marker) in [
        ("bash", "complete -F _bcplan"),
        ("zsh", "#compdef bcplan"),
        ("fish", "complete -c bcplan"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[bcplan]"),
    ] {
        let run = bcplan(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: no `{marker}`");
        for command in ["check", "explain", "rules", "schema", "completions"] {
            assert!(run.stdout.contains(command), "{shell}: no `{command}`");
        }
        // PowerShell and Elvish scripts complete option names only, not their values.
        if matches!(shell, "bash" | "zsh" | "fish") {
            assert!(
                run.stdout.contains("sarif"),
                "{shell}: formats not completed"
            );
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = bcplan(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}
