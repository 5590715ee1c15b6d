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

/// What bash completes after `words` (the last one being typed), with the generated script.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("bcplan.bash");
    std::fs::write(&script, bcplan(&["completions", "bash"]).stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n_bcplan bcplan '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(program)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    found.sort();
    found
}

fn sorted(names: impl Iterator<Item = &'static str>) -> Vec<String> {
    let mut names: Vec<String> = names.map(str::to_owned).collect();
    names.sort();
    names
}

#[test]
fn bash_completes_kinds_and_rule_names() {
    let kinds = sorted(bcplan::schema::Kind::ALL.iter().map(|k| k.name()));
    let rules = sorted(bcplan::rules::RULES.iter().map(|r| r.name));
    assert_eq!(bash_completes(&["bcplan", "schema", "--kind", ""]), kinds);
    assert_eq!(bash_completes(&["bcplan", "check", "--rule", ""]), rules);
    // A positional value: bash offers the options too.
    let explain: Vec<String> = bash_completes(&["bcplan", "explain", ""])
        .into_iter()
        .filter(|w| !w.starts_with('-'))
        .collect();
    // `explain` also takes the topic `impact`.
    let topics = sorted(
        bcplan::rules::RULES
            .iter()
            .map(|r| r.name)
            .chain(["impact"]),
    );
    assert_eq!(explain, topics);
    assert_eq!(
        bash_completes(&["bcplan", "explain", "rto-"]),
        ["rto-exceeds-commitment", "rto-exceeds-mtpd"]
    );
}

#[test]
fn zsh_and_fish_complete_kinds_and_rule_names_with_their_summaries() {
    let rto = bcplan::rules::find("rto-exceeds-mtpd").unwrap();
    for shell in ["zsh", "fish"] {
        let script = bcplan(&["completions", shell]).stdout;
        for kind in bcplan::schema::Kind::ALL {
            assert!(
                script.contains(kind.name()),
                "{shell}: no kind {}",
                kind.name()
            );
        }
        for rule in bcplan::rules::RULES {
            assert!(script.contains(rule.name), "{shell}: no rule {}", rule.name);
        }
        // The summary shows beside the name (quoting differs by shell).
        let words: Vec<&str> = rto.summary().split(' ').skip(2).take(4).collect();
        assert!(script.contains(&words.join(" ")), "{shell}: no summary");
    }
}

#[test]
fn completed_values_are_still_checked_by_the_commands() {
    // Any case for kinds, and a suggestion for a typo, as before completion knew the values.
    assert_eq!(bcplan(&["schema", "--kind", "systems"]).code, 0);
    let run = bcplan(&["explain", "rto-exceds-mtpd"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `rto-exceeds-mtpd`?"),
        "{}",
        run.stderr
    );
    let run = bcplan(&["check", "--rule", "stale-contac"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `stale-contact`?"),
        "{}",
        run.stderr
    );
}
