//! The readable report: what is lost, one line per activity that stops (most severe first, with
//! the chain that stopped it), the details behind each time, and the people hit.

use super::{ActivityImpact, Duty, Report, Sender, at_text};
use crate::model::spell;
use crate::workspace::obligations::clock_words;

/// Lays out rows as columns separated by two spaces.
pub(crate) fn columns(rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell.chars().count();
            if widths.len() <= i {
                widths.push(w);
            } else {
                widths[i] = widths[i].max(w);
            }
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// An outage length, or `never`.
pub(crate) fn outage_text(a: &ActivityImpact) -> String {
    a.outage().map_or_else(|| "never".to_owned(), spell)
}

/// The chain as `a → b → c`.
pub(crate) fn chain_text(chain: &[String]) -> String {
    chain.join(" → ")
}

/// Details of one activity: what sets the time, the strategy against the MBCO, procedures.
pub(crate) fn details(a: &ActivityImpact) -> Vec<String> {
    let mut out = vec![format!("binding constraint: {}", a.binding)];
    if let Some(s) = &a.strategy {
        out.push(format!(
            "strategy {} ({}) gives {} against the MBCO {}",
            s.id,
            s.kind,
            s.capacity.as_deref().unwrap_or("an unstated capacity"),
            s.mbco.as_deref().unwrap_or("(none set)")
        ));
    }
    let limits: Vec<String> = [
        ("rto", a.rto),
        ("mtpd", a.mtpd),
        ("commitment", a.commitment),
    ]
    .into_iter()
    .filter_map(|(n, v)| Some(format!("{n} {}", spell(v?))))
    .collect();
    if !limits.is_empty() {
        out.push(format!("objectives: {}", limits.join(", ")));
    }
    for p in &a.procedures {
        let path = p.critical_path.map_or_else(
            || "steps loop: no critical path".to_owned(),
            |c| format!("critical path {}", spell(c)),
        );
        let lead = p
            .strategy_lead
            .as_ref()
            .map(|(n, l)| format!(" + strategy {n} lead time {}", spell(*l)))
            .unwrap_or_default();
        let flag = if p.exceeds_rto {
            "  ! finishes after the rto"
        } else {
            ""
        };
        out.push(format!("procedure {}: {path}{lead}{flag}", p.id));
    }
    for u in &a.unknown {
        out.push(format!("unknown: {u}"));
    }
    out
}

/// `, 2 could not be judged` when some activities could not be judged; empty otherwise.
pub(crate) fn unjudged_text(r: &Report) -> String {
    if r.unjudged == 0 {
        String::new()
    } else {
        format!(", {} could not be judged", r.unjudged)
    }
}

/// The full report of one event.
pub(crate) fn report(r: &Report) -> String {
    let mut out = format!("Impact of {}\n\n", r.event.label());
    if let Some(nothing) = &r.nothing {
        out.push_str(nothing);
        out.push('\n');
    }
    if !r.lost.is_empty() {
        out.push_str("Lost:\n");
        let rows: Vec<Vec<String>> = r
            .lost
            .iter()
            .map(|l| {
                vec![
                    format!("  {} {}", l.kind, l.id),
                    format!("lost {}", at_text(Some(l.lost_at))),
                    format!("back {}", at_text(l.back_at)),
                    l.note.clone(),
                ]
            })
            .collect();
        out.push_str(&columns(&rows));
        out.push('\n');
    }
    if !r.absorbed.is_empty() {
        out.push_str("Absorbed without a stop:\n");
        for a in &r.absorbed {
            out.push_str(&format!("  {a}\n"));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{} {}, {} unaffected{}.\n",
        r.activities.len(),
        if r.activities.len() == 1 {
            "activity stops"
        } else {
            "activities stop"
        },
        r.unaffected,
        unjudged_text(r)
    ));
    if !r.activities.is_empty() {
        let mut rows = vec![
            [
                "verdict", "activity", "stops", "recovers", "outage", "how", "chain",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for a in &r.activities {
            rows.push(vec![
                a.verdict.text(),
                format!("{}/{}", a.plan, a.activity),
                at_text(Some(a.stops_at)),
                at_text(a.recovers_at),
                outage_text(a),
                a.how.as_str().to_owned(),
                chain_text(&a.chain),
            ]);
        }
        out.push('\n');
        out.push_str(&columns(&rows));
        out.push_str("\nWhy:\n");
        for a in &r.activities {
            out.push_str(&format!("  {}/{}\n", a.plan, a.activity));
            for d in details(a) {
                out.push_str(&format!("    {d}\n"));
            }
        }
    }
    duties(r, &mut out);
    people(r, &mut out);
    if !r.unknown.is_empty() {
        out.push_str("\nCould not be read or judged (not guessed):\n");
        for u in &r.unknown {
            out.push_str(&format!("  {u}\n"));
        }
    }
    out
}

/// Who sends a duty's notification: `the regulators communication of li.wei (Li Wei), within 1d`.
pub(crate) fn sender_text(s: &Sender) -> String {
    let owner = match (&s.owner, &s.owner_name) {
        (Some(id), Some(name)) => format!("{id} ({name})"),
        (Some(id), None) => id.clone(),
        (None, _) => "no owner".to_owned(),
    };
    let within = s.within.map_or_else(
        || "no `within` stated".to_owned(),
        |w| format!("within {}", spell(w)),
    );
    format!("the {} communication of {owner}, {within}", s.audience)
}

/// What a duty asks: `notify regulators within 3d of awareness`.
pub(crate) fn duty_text(d: &Duty) -> String {
    format!(
        "notify {} within {} of {}",
        d.notify,
        spell(d.deadline),
        clock_words(d.clock)
    )
}

fn duties(r: &Report, out: &mut String) {
    if r.duties.is_empty() {
        return;
    }
    out.push_str("\nNotification duties whose clocks start:\n");
    for d in &r.duties {
        out.push_str(&format!(
            "  {}/{} ({}{})\n    {}: due {}\n",
            d.plan,
            d.id,
            d.name,
            d.basis
                .as_deref()
                .map_or_else(String::new, |b| format!("; {b}")),
            duty_text(d),
            d.due_text()
        ));
        if d.senders.is_empty() {
            out.push_str("    ! no communication fulfils it\n");
        }
        for s in &d.senders {
            out.push_str(&format!("    sent by {}\n", sender_text(s)));
        }
    }
}

fn people(r: &Report, out: &mut String) {
    if !r.people.is_empty() {
        out.push_str("\nPeople hit:\n");
        for p in &r.people {
            out.push_str(&format!("  {} ({}): {}\n", p.id, p.name, p.why));
        }
    }
    if !r.teams.is_empty() {
        out.push_str("\nTeams hit:\n");
        for t in &r.teams {
            out.push_str(&format!(
                "  {}/{}: {}\n",
                t.plan,
                t.team,
                t.people.join(", ")
            ));
        }
    }
    if !r.roles.is_empty() {
        let uncovered = r.uncovered().count();
        out.push_str(&format!(
            "\nRoles of unavailable people ({uncovered} left with nobody):\n"
        ));
        for role in &r.roles {
            out.push_str(&format!(
                "  {}: {} ({}) → {}\n",
                role.plan,
                role.role,
                role.holder,
                role.falls_to.as_deref().unwrap_or("NOBODY")
            ));
        }
    }
}

/// One line per run, for `--all-sites`.
pub(crate) fn summary(runs: &[Report]) -> String {
    let mut rows = vec![
        ["event", "stop", "breaches", "unaffected", "worst"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for r in runs {
        let breaches = r
            .activities
            .iter()
            .filter(|a| a.verdict.is_breach())
            .count();
        rows.push(vec![
            r.event.label(),
            r.activities.len().to_string(),
            breaches.to_string(),
            r.unaffected.to_string(),
            r.worst().map_or_else(
                || "-".to_owned(),
                |a| format!("{}/{}: {}", a.plan, a.activity, a.verdict.text()),
            ),
        ]);
    }
    let failing = runs.iter().filter(|r| r.breach()).count();
    let mut out = columns(&rows);
    out.push_str(&format!(
        "\n{} {}, {failing} with a breach of an mtpd or customer commitment.\n",
        runs.len(),
        if runs.len() == 1 { "run" } else { "runs" }
    ));
    out
}
