//! `bcplan impact`: load and index the workspace as `check` does, turn the flags into events,
//! analyse each, and print the report in the chosen format.

use std::collections::BTreeSet;

use anyhow::{Result, bail};

use super::{Outcome, emit, today};
use crate::cli::{ImpactArgs, ImpactFormat};
use crate::impact::{self, Event, Report};
use crate::model::{Reach, ScenarioCategory};
use crate::schema::suggest::did_you_mean;
use crate::workspace::index::Index;
use crate::workspace::{self, Workspace};

/// Runs `impact`.
pub(super) fn run(args: &ImpactArgs) -> Result<Outcome> {
    today(&args.load)?;
    let ws = workspace::load(&args.load.paths, &[])?;
    if args.load.verbose {
        for (file, reason) in &ws.skipped {
            eprintln!("skipped {file}: {reason}");
        }
    }
    // Duplicate ids are `check`'s to report; the index keeps the first definition.
    let index = Index::build(&ws, &mut Vec::new());
    let event = Event {
        sites: args.sites.clone(),
        regions: args.regions.clone(),
        suppliers: args.suppliers.clone(),
        systems: args.systems.clone(),
        lanes: args.lanes.clone(),
        people: args.people.clone(),
        scenario: args.scenario.clone(),
    };
    validate(&ws, &index, &event)?;
    let events = if args.all_sites {
        every_site(&ws, &index, args.scenario.as_deref())
    } else {
        if event.losses().is_empty() {
            bail!(
                "name what is lost: --site, --region, --supplier, --system, --lane or --person (repeatable), or --all-sites"
            );
        }
        vec![event]
    };
    let structural = ws.findings.len();
    if structural > 0 {
        eprintln!(
            "note: the workspace has {structural} syntax or schema error{} (`bcplan check` lists them); entries that could not be read are reported as unknown",
            if structural == 1 { "" } else { "s" }
        );
    }
    let runs: Vec<Report> = events
        .iter()
        .map(|e| impact::analyse(&ws, &index, e))
        .collect();
    let title = title(args, &runs);
    let text = match args.format {
        ImpactFormat::Human if args.all_sites => {
            let mut text = format!("Impact: {title}\n\n");
            if runs.is_empty() {
                text.push_str("No site lists this scenario among its hazards: nothing to run.\n");
            } else {
                text.push_str(&impact::human::summary(&runs));
            }
            text
        }
        ImpactFormat::Human => runs.iter().map(impact::human::report).collect(),
        ImpactFormat::Json => impact::json::report(args.scenario.as_deref(), &runs),
        ImpactFormat::Markdown => impact::markdown::report(&title, &runs),
        ImpactFormat::Html => crate::render::impact_html(&title, args.scenario.as_deref(), &runs)?,
    };
    emit(&text, args.output.as_deref())?;
    Ok(if runs.iter().any(Report::breach) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn title(args: &ImpactArgs, runs: &[Report]) -> String {
    if args.all_sites {
        match &args.scenario {
            Some(s) => format!("{s} at every exposed site"),
            None => "every site and region".to_owned(),
        }
    } else {
        runs.first().map(|r| r.event.label()).unwrap_or_default()
    }
}

/// Every region named by a site or a supplier location.
fn regions(ws: &Workspace) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = ws
        .sites
        .iter()
        .filter_map(|s| s.region.as_ref().map(|r| r.value.clone()))
        .collect();
    for supplier in &ws.suppliers {
        out.extend(supplier.regions());
    }
    out
}

/// Checks that every id names an entry (one with schema errors counts), suggesting the closest.
fn validate(ws: &Workspace, index: &Index<'_>, event: &Event) -> Result<()> {
    let known = |kind: &'static str, keys: Vec<&str>| -> Vec<String> {
        let mut all: Vec<String> = keys.into_iter().map(str::to_owned).collect();
        all.extend(
            ws.broken
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| id.clone()),
        );
        all.sort();
        all
    };
    let regions: Vec<String> = regions(ws).into_iter().collect();
    let groups: [(&str, &str, &[String], Vec<String>); 6] = [
        (
            "site",
            "--site",
            &event.sites,
            known("site", index.sites.keys().copied().collect()),
        ),
        ("region", "--region", &event.regions, regions),
        (
            "supplier",
            "--supplier",
            &event.suppliers,
            known("supplier", index.suppliers.keys().copied().collect()),
        ),
        (
            "system",
            "--system",
            &event.systems,
            known("system", index.systems.keys().copied().collect()),
        ),
        (
            "lane",
            "--lane",
            &event.lanes,
            known("lane", index.lanes.keys().copied().collect()),
        ),
        (
            "person",
            "--person",
            &event.people,
            known("person", index.people.keys().copied().collect()),
        ),
    ];
    for (kind, flag, ids, known) in &groups {
        for id in *ids {
            check_one(kind, flag, id, known)?;
        }
    }
    if let Some(s) = &event.scenario {
        check_one(
            "scenario",
            "--scenario",
            s,
            &known("scenario", index.scenarios.keys().copied().collect()),
        )?;
    }
    Ok(())
}

fn check_one(kind: &str, flag: &str, id: &str, known: &[String]) -> Result<()> {
    if known.iter().any(|k| k == id) {
        return Ok(());
    }
    let close = did_you_mean(id, known.iter().map(String::as_str))
        .or_else(|| known.iter().map(String::as_str).find(|k| k.starts_with(id)));
    match close {
        Some(s) => bail!("{flag} {id}: unknown {kind} `{id}`: did you mean `{s}`?"),
        None if known.is_empty() => bail!("{flag} {id}: the workspace has no {kind} entries"),
        None => bail!(
            "{flag} {id}: unknown {kind} `{id}` (known: {})",
            known
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One event per site (per exposed site under a scenario) and per region where that applies.
fn every_site(ws: &Workspace, index: &Index<'_>, scenario: Option<&str>) -> Vec<Event> {
    let mut sites: Vec<&str> = index.sites.keys().copied().collect();
    sites.sort_unstable();
    let mut events: Vec<Event> = sites
        .into_iter()
        .filter(|id| {
            scenario.is_none_or(|s| index.sites[id].hazards.iter().any(|h| h.as_str() == s))
        })
        .map(|id| Event {
            sites: vec![id.to_owned()],
            scenario: scenario.map(str::to_owned),
            ..Event::default()
        })
        .collect();
    let regional = scenario.is_none_or(|s| {
        index.scenarios.get(s).is_some_and(|sc| {
            sc.reach == Some(Reach::Region)
                && matches!(
                    sc.category,
                    Some(
                        ScenarioCategory::Health
                            | ScenarioCategory::Geopolitical
                            | ScenarioCategory::Natural
                    )
                )
        })
    });
    if regional {
        events.extend(regions(ws).into_iter().map(|r| Event {
            regions: vec![r],
            scenario: scenario.map(str::to_owned),
            ..Event::default()
        }));
    }
    events
}
