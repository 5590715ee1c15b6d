//! Exports for the tools used during an incident: the call tree as contacts (CSV for
//! mass-notification uploads, vCard for phones), an iCalendar feed of what falls due, and the
//! business impact analysis as a spreadsheet.
//!
//! Like `render`, exports read the loaded workspace and the findings the rules produced, and
//! return bytes; writing them (atomically) is the command's job. One file per format: the data
//! modules (`contacts`, `calendar`, `bia`) gather plain data, the printers (`csv`, `xlsx`,
//! `vcard`, `ics`) lay it out. Output depends only on the workspace, the findings and "today", so
//! identical input gives byte-identical files.

mod bia;
mod calendar;
mod contacts;
mod csv;
mod ics;
mod lines;
mod table;
mod vcard;
mod xlsx;

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;

use crate::diagnostics::{Finding, Severity};
use crate::model::{Date, Person, Plan, Status};
use crate::rules::Policy;
use crate::workspace::Workspace;
use crate::workspace::index::Index;
use crate::workspace::reach::plan_suppliers;

/// What every export reads: the workspace, its index, the findings and today.
pub(crate) struct Source<'w> {
    pub(crate) ws: &'w Workspace,
    pub(crate) index: Index<'w>,
    pub(crate) findings: &'w [Finding],
    pub(crate) today: Date,
    pub(crate) policy: Policy,
}

impl<'w> Source<'w> {
    /// The source over `ws` and the `findings` the rules reported for it.
    pub(crate) fn new(ws: &'w Workspace, findings: &'w [Finding], today: Date) -> Self {
        Source {
            ws,
            // Duplicate ids were reported by the checks already; the index keeps the first.
            index: Index::build(ws, &mut Vec::new()),
            findings,
            today,
            policy: Policy::of(ws),
        }
    }

    /// The plans exported: each id once, sorted by id; with paths inside a workspace, only the
    /// plans in them.
    pub(crate) fn plans(&self) -> Vec<&'w Plan> {
        crate::render::selected(self.ws, &[])
            .into_iter()
            .filter(|p| self.ws.in_focus(p.id.span.file))
            .collect()
    }

    /// The plans in force (not retired).
    pub(crate) fn plans_in_force(&self) -> Vec<&'w Plan> {
        self.plans()
            .into_iter()
            .filter(|p| p.status.value != Status::Retired)
            .collect()
    }

    /// The register entry of person `id`, if any.
    pub(crate) fn person(&self, id: &str) -> Option<&'w Person> {
        self.index.people.get(id).copied()
    }

    /// The name shown for person `id` (the id when unknown).
    pub(crate) fn person_name(&self, id: &str) -> String {
        self.person(id)
            .map_or_else(|| id.to_owned(), |p| p.name.trim().to_owned())
    }

    /// The file `plan` was read from, as shown in messages.
    pub(crate) fn file_of(&self, span: crate::yaml::spanned::Span) -> String {
        self.ws.sources.get(span.file).display()
    }

    /// Failing-or-warning findings, not waived, about `target` in `plan`.
    pub(crate) fn open_findings(&self, plan: &str, target: &str) -> Vec<&'w Finding> {
        self.findings
            .iter()
            .filter(|f| f.waived.is_none() && f.severity >= Severity::Warning)
            .filter(|f| f.plan.as_deref() == Some(plan) && f.target.as_deref() == Some(target))
            .collect()
    }

    /// For each supplier id, the plans that reach it, as [`crate::workspace::reach`] reads a
    /// plan's reach: directly, through materials, lanes, systems, strategy providers and,
    /// transitively, sub-suppliers.
    pub(crate) fn supplier_plans(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for plan in self.plans() {
            for supplier in plan_suppliers(&self.index, plan) {
                out.entry(supplier.to_owned())
                    .or_default()
                    .insert(plan.id.to_string());
            }
        }
        out
    }
}

/// The call tree's people as RFC 4180 CSV.
pub(crate) fn call_tree_csv(source: &Source<'_>) -> (Vec<u8>, contacts::Summary) {
    let (people, summary) = contacts::people(source);
    (csv::write(&contacts::table(&people)).into_bytes(), summary)
}

/// The call tree's people as vCard 4.0.
pub(crate) fn call_tree_vcard(source: &Source<'_>) -> (Vec<u8>, contacts::Summary) {
    let (people, summary) = contacts::people(source);
    let org = source.ws.config.organization.as_deref();
    (vcard::write(&people, org).into_bytes(), summary)
}

/// What falls due, as an iCalendar feed, each event linking to its file under `source_url` (else
/// the workspace's `source_url`, else on disk); and the number of events.
pub(crate) fn calendar(source: &Source<'_>, source_url: Option<&str>) -> (Vec<u8>, usize) {
    let items = calendar::items(source, &calendar::Links::new(source.ws, source_url));
    let name = source.ws.config.organization.as_deref();
    (
        ics::write(&items, source.today, name).into_bytes(),
        items.len(),
    )
}

/// The impact analysis as CSV; and the number of activities.
pub(crate) fn bia_csv(source: &Source<'_>) -> (Vec<u8>, usize) {
    let table = bia::activities(source);
    let rows = table.rows.len();
    (csv::write(&table).into_bytes(), rows)
}

/// The impact analysis, suppliers and open actions as an xlsx workbook; and the number of
/// activities.
pub(crate) fn bia_xlsx(source: &Source<'_>) -> Result<(Vec<u8>, usize)> {
    let sheets = [
        bia::activities(source),
        bia::suppliers(source),
        bia::open_actions(source),
    ];
    let rows = sheets[0].rows.len();
    Ok((xlsx::write(&sheets, source.today)?, rows))
}
