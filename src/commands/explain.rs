//! `bcplan explain RULE` and `bcplan rules`: the rule documentation, from the registry.

use anyhow::Result;

use super::{Outcome, emit};
use crate::rules::{Group, RULES, find, validate_names};

/// Prints one rule's documentation, or the topic `impact`.
pub(super) fn explain(name: &str) -> Result<Outcome> {
    if name == "impact" {
        emit(crate::impact::DOC, None)?;
        return Ok(Outcome::Clean);
    }
    if find(name).is_none()
        && crate::schema::suggest::did_you_mean(name, ["impact"]).is_some()
        && crate::schema::suggest::did_you_mean(name, RULES.iter().map(|r| r.name)).is_none()
    {
        anyhow::bail!("unknown rule or topic `{name}`: did you mean `impact`?");
    }
    validate_names(&[name.to_owned()])?;
    let rule = find(name).expect("validated above");
    emit(&rule.explain(), None)?;
    Ok(Outcome::Clean)
}

/// Prints the table of every rule, by group (as Markdown with `markdown`).
pub(super) fn list(markdown: bool) -> Result<Outcome> {
    emit(&if markdown { markdown_table() } else { table() }, None)?;
    Ok(Outcome::Clean)
}

/// The rule table: one line per rule, grouped.
pub(crate) fn table() -> String {
    let mut out = String::new();
    let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut groups: Vec<Group> = RULES.iter().map(|r| r.group).collect();
    groups.sort();
    groups.dedup();
    for group in groups {
        out.push_str(&format!("{}\n", group.title()));
        for rule in RULES.iter().filter(|r| r.group == group) {
            out.push_str(&format!(
                "  {:width$}  {:7}  {}\n",
                rule.name,
                rule.default.as_str(),
                rule.summary()
            ));
        }
        out.push('\n');
    }
    out
}

/// The rule table in Markdown, as the README shows it.
pub fn markdown_table() -> String {
    let mut out =
        String::from("| rule | default | group | finds | source |\n|---|---|---|---|---|\n");
    let mut rules: Vec<&crate::rules::Rule> = RULES.iter().collect();
    rules.sort_by_key(|r| (r.group, r.name));
    for rule in rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            rule.name,
            rule.default.as_str(),
            rule.group.title(),
            rule.summary(),
            rule.source
        ));
    }
    out
}
