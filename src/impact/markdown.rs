//! The Markdown report (GitHub-flavoured): a summary of the runs, then per run what is lost, the
//! activities that stop (most severe first) and the people hit. Plan text is escaped so that it
//! shows literally and cannot break a table.

use super::human::{chain_text, details, duty_text, outage_text, sender_text};
use super::{Report, at_text};

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}

fn run(out: &mut String, r: &Report) {
    out.push_str(&format!("## {}\n\n", cell(&r.event.label())));
    if let Some(nothing) = &r.nothing {
        out.push_str(&format!("{}\n\n", cell(nothing)));
    }
    out.push_str(&format!(
        "**{} stop, {} unaffected{}.**{}\n\n",
        r.activities.len(),
        r.unaffected,
        super::human::unjudged_text(r),
        if r.breach() {
            " An MTPD or customer commitment is breached."
        } else {
            ""
        }
    ));
    if !r.activities.is_empty() {
        let rows: Vec<Vec<String>> = r
            .activities
            .iter()
            .map(|a| {
                vec![
                    a.verdict.text(),
                    format!("{}/{}", a.plan, a.activity),
                    at_text(Some(a.stops_at)),
                    at_text(a.recovers_at),
                    outage_text(a),
                    a.how.as_str().to_owned(),
                    details(a).join("; "),
                    chain_text(&a.chain),
                ]
            })
            .collect();
        table(
            out,
            &[
                "Verdict", "Activity", "Stops", "Recovers", "Outage", "How", "Why", "Chain",
            ],
            &rows,
        );
        out.push('\n');
    }
    if !r.lost.is_empty() {
        out.push_str("### Lost\n\n");
        let rows: Vec<Vec<String>> = r
            .lost
            .iter()
            .map(|l| {
                vec![
                    format!("{} {}", l.kind, l.id),
                    at_text(Some(l.lost_at)),
                    at_text(l.back_at),
                    l.note.clone(),
                ]
            })
            .collect();
        table(out, &["Entry", "Lost", "Back", "How"], &rows);
        out.push('\n');
    }
    if !r.absorbed.is_empty() {
        out.push_str("### Absorbed without a stop\n\n");
        for a in &r.absorbed {
            out.push_str(&format!("- {}\n", cell(a)));
        }
        out.push('\n');
    }
    if !r.duties.is_empty() {
        out.push_str("### Notification duties whose clocks start\n\n");
        let rows: Vec<Vec<String>> = r
            .duties
            .iter()
            .map(|d| {
                vec![
                    format!("{}/{}", d.plan, d.id),
                    d.name.clone(),
                    d.basis.clone().unwrap_or_default(),
                    duty_text(d),
                    d.due_text(),
                    if d.senders.is_empty() {
                        "NONE: no communication fulfils it".to_owned()
                    } else {
                        d.senders
                            .iter()
                            .map(sender_text)
                            .collect::<Vec<_>>()
                            .join("; ")
                    },
                ]
            })
            .collect();
        table(
            out,
            &["Duty", "Name", "Basis", "Asks", "Due", "Sent by"],
            &rows,
        );
        out.push('\n');
    }
    if !r.people.is_empty() || !r.roles.is_empty() {
        out.push_str("### People\n\n");
        for p in &r.people {
            out.push_str(&format!(
                "- {} ({}): {}\n",
                cell(&p.id),
                cell(&p.name),
                cell(&p.why)
            ));
        }
        for t in &r.teams {
            out.push_str(&format!(
                "- team {}/{}: {}\n",
                cell(&t.plan),
                cell(&t.team),
                cell(&t.people.join(", "))
            ));
        }
        for role in &r.roles {
            out.push_str(&format!(
                "- {}: {} ({}) → {}\n",
                cell(&role.plan),
                cell(&role.role),
                cell(&role.holder),
                role.falls_to
                    .as_deref()
                    .map_or_else(|| "**nobody**".to_owned(), cell)
            ));
        }
        out.push('\n');
    }
    if !r.unknown.is_empty() {
        out.push_str("### Could not be read or judged (not guessed)\n\n");
        for u in &r.unknown {
            out.push_str(&format!("- {}\n", cell(u)));
        }
        out.push('\n');
    }
}

/// The report of every run.
pub(crate) fn report(title: &str, runs: &[Report]) -> String {
    let mut out = format!("# Impact: {}\n\n", cell(title));
    if runs.len() > 1 {
        let rows: Vec<Vec<String>> = runs
            .iter()
            .map(|r| {
                vec![
                    r.event.label(),
                    r.activities.len().to_string(),
                    r.activities
                        .iter()
                        .filter(|a| a.verdict.is_breach())
                        .count()
                        .to_string(),
                    r.worst().map_or_else(
                        || "-".to_owned(),
                        |a| format!("{}/{}: {}", a.plan, a.activity, a.verdict.text()),
                    ),
                ]
            })
            .collect();
        table(&mut out, &["Event", "Stop", "Breaches", "Worst"], &rows);
        out.push('\n');
    }
    for r in runs {
        run(&mut out, r);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}
