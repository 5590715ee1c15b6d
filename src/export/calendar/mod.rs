//! What falls due, as dated items for the calendar feed: plan reviews, exercises (planned ones
//! and the next one due), open exercise actions, waiver expiries, contact verifications and
//! supplier assessments, each with the people who own it.
//!
//! Due dates follow the rules: a review is due `review.every` (else `policy.review_every`) after
//! `review.last`; an exercise `policy.exercise_every` after the last one held; contact details and
//! supplier assessments `policy.review_every` after the date recorded. Something with no date at
//! all has no item (`check` reports it). Retired plans have none. The items of a plan are
//! gathered in `plans.rs`, those of the registers here; each links to its file (`links.rs`).

mod links;
mod plans;

use std::collections::BTreeSet;

pub(crate) use links::Links;

use super::Source;
use crate::model::{Date, Id, Supplier};
use crate::yaml::spanned::{Sp, Span};

/// One dated item.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    /// Stable unique id: the kind and the ids of what it is about.
    pub(crate) uid: String,
    /// The day it falls due.
    pub(crate) date: Date,
    /// One line.
    pub(crate) summary: String,
    /// Detail lines.
    pub(crate) description: Vec<String>,
    /// `Plan review`, `Exercise`, `Action`, `Waiver`, `Contact verification`, `Supplier assessment`.
    pub(crate) category: &'static str,
    /// The owners: name and e-mail (when the register has one).
    pub(crate) attendees: Vec<(String, Option<String>)>,
    /// The place in a file it comes from, to update when it is done.
    pub(crate) place: Place,
}

/// A place in a file.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    /// `file:line`, the file as shown in messages.
    pub(crate) shown: String,
    /// A link to it (see [`Links`]).
    pub(crate) url: String,
}

/// Every item, linked to its place by `links`, by date then uid; uids are unique (a repeated one
/// gets `-2`, `-3`...).
pub(crate) fn items(source: &Source<'_>, links: &Links) -> Vec<Item> {
    let mut items = Vec::new();
    for plan in source.plans_in_force() {
        plans::items(source, links, plan, &mut items);
    }
    contact_items(source, links, &mut items);
    supplier_items(source, links, &mut items);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for item in &mut items {
        let base = item.uid.clone();
        let mut n = 1;
        while !seen.insert(item.uid.clone()) {
            n += 1;
            item.uid = base.replacen('@', &format!("-{n}@"), 1);
        }
    }
    items.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));
    items
}

/// `id` as an attendee.
fn attendee(source: &Source<'_>, id: &str) -> (String, Option<String>) {
    let email = source
        .person(id)
        .and_then(|p| p.email.as_ref())
        .map(|e| e.value.trim().to_owned())
        .filter(|e| !e.is_empty());
    (source.person_name(id), email)
}

/// The people `ids` name, each once, as attendees.
fn attendees<'a>(
    source: &Source<'_>,
    ids: impl IntoIterator<Item = &'a Sp<Id>>,
) -> Vec<(String, Option<String>)> {
    let mut seen = BTreeSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.as_str()))
        .map(|id| attendee(source, id.as_str()))
        .collect()
}

/// The place `span` is at.
fn at(source: &Source<'_>, links: &Links, span: Span) -> Place {
    Place {
        shown: format!("{}:{}", source.file_of(span), span.pos.line),
        url: links.to(source.ws.sources.get(span.file), span.pos.line),
    }
}

fn overdue(source: &Source<'_>, date: Date) -> &'static str {
    if date < source.today {
        " (overdue)"
    } else {
        ""
    }
}

fn contact_items(source: &Source<'_>, links: &Links, items: &mut Vec<Item>) {
    let every = &source.policy.review_every;
    for person in &source.ws.people {
        let Some(verified) = &person.verified else {
            continue;
        };
        let due = verified.value.plus(every);
        items.push(Item {
            uid: format!("contact.{}@bcplan", person.id),
            date: due,
            summary: format!(
                "Verify contact details{}: {}",
                overdue(source, due),
                person.name.trim()
            ),
            description: vec![format!(
                "Confirm the phone numbers and e-mail of {} (last verified {verified}, every {every}), then update verified.",
                person.name.trim()
            )],
            category: "Contact verification",
            attendees: vec![attendee(source, person.id.as_str())],
            place: at(source, links, verified.span),
        });
    }
}

fn supplier_items(source: &Source<'_>, links: &Links, items: &mut Vec<Item>) {
    let every = &source.policy.review_every;
    let users = source.supplier_plans();
    for supplier in &source.ws.suppliers {
        let plans = users.get(supplier.id.as_str());
        let owners: Vec<&Sp<Id>> = plans
            .into_iter()
            .flatten()
            .filter_map(|id| source.index.plans.get(id.as_str()))
            .filter_map(|p| p.owner.as_ref())
            .collect();
        let used_by = plans.map_or_else(
            || "No plan depends on it.".to_owned(),
            |p| format!("Plans depending on it: {}", join(p)),
        );
        let kinds: [(&str, &str, Option<&Sp<Date>>); 2] = [
            ("bc", "continuity", supplier.bc_assessed.as_ref()),
            ("security", "security", supplier.security_assessed.as_ref()),
        ];
        for (key, what, date) in kinds {
            let Some(date) = date else { continue };
            let due = date.value.plus(every);
            items.push(Item {
                uid: format!("supplier-{key}.{}@bcplan", supplier.id),
                date: due,
                summary: format!(
                    "Supplier {what} assessment due{}: {}",
                    overdue(source, due),
                    supplier.name.trim()
                ),
                description: vec![
                    assessment_line(supplier, what, date, every),
                    used_by.clone(),
                ],
                category: "Supplier assessment",
                attendees: attendees(source, owners.iter().copied()),
                place: at(source, links, date.span),
            });
        }
    }
}

fn assessment_line(
    supplier: &Supplier,
    what: &str,
    date: &Sp<Date>,
    every: &crate::model::Duration,
) -> String {
    format!(
        "Assess the {what} of supplier {} (last assessed {date}, every {every}).",
        supplier.id
    )
}

fn join(ids: &BTreeSet<String>) -> String {
    ids.iter().cloned().collect::<Vec<_>>().join(", ")
}
