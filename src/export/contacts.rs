//! The people of the call trees and teams of the plans in force, as contacts: who they are, how
//! to reach them, and the groups (teams, call trees) they belong to.
//!
//! The CSV layout (see [`table`]) takes its column heads from the Everbridge Suite contact-upload
//! template (`First Name`, `Last Name`, `External ID`, `Groups`, `Email Address 1`, `Phone 1`...),
//! which other mass-notification tools map on import as well; `Phone N Type` and `Phone N Hours`
//! are bcplan's own, for the tool's column mapping or to drop.

use std::collections::BTreeSet;

use super::Source;
use super::table::{Cell, Table};
use crate::model::{PhoneKind, Plan};

/// A person to export.
#[derive(Clone, Debug)]
pub(crate) struct Contact {
    /// People id, the external id.
    pub(crate) id: String,
    /// Full name.
    pub(crate) name: String,
    /// Given names: all but the last word of the name.
    pub(crate) first: String,
    /// Family name: the last word of the name (the whole name when it is one word).
    pub(crate) last: String,
    /// Job title or role.
    pub(crate) role: Option<String>,
    /// E-mail address.
    pub(crate) email: Option<String>,
    /// Phones, best first: number, kind, hours.
    pub(crate) phones: Vec<(String, Option<PhoneKind>, Option<String>)>,
    /// Groups: team names, then `Call tree: <plan id>`.
    pub(crate) groups: Vec<String>,
}

/// What was exported, and the ids named in call trees or teams that the People register lacks.
#[derive(Clone, Debug, Default)]
pub(crate) struct Summary {
    /// Contacts exported.
    pub(crate) people: usize,
    /// `id (plan)` of each person left out because the register has no entry for them.
    pub(crate) unknown: Vec<String>,
}

/// The people of every call tree and team of the plans in force, each once: plan by plan (by
/// id), the call tree from its root, then the teams' leads, alternates and members. Ids not in
/// the People register are left out and listed in the summary (`check` reports them too).
pub(crate) fn people(source: &Source<'_>) -> (Vec<Contact>, Summary) {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut groups: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    let mut add = |id: &str, group: &str, plan: &str| {
        if !order.iter().any(|(o, _)| o == id) {
            order.push((id.to_owned(), plan.to_owned()));
        }
        let list = groups.entry(id.to_owned()).or_default();
        if !list.iter().any(|g| g == group) {
            list.push(group.to_owned());
        }
    };
    for plan in source.plans_in_force() {
        let tree = format!("Call tree: {}", plan.id);
        for id in call_order(plan) {
            add(&id, &tree, plan.id.as_str());
        }
        for team in &plan.teams {
            let name = team.name.trim();
            let ids = team.lead.iter().chain(&team.alternates);
            for id in ids.chain(&team.members) {
                add(id.as_str(), name, plan.id.as_str());
            }
        }
    }
    let mut unknown = Vec::new();
    let contacts: Vec<Contact> = order
        .into_iter()
        .filter_map(|(id, plan)| {
            let Some(person) = source.person(&id) else {
                unknown.push(format!("`{id}` (plan `{plan}`)"));
                return None;
            };
            let name = person.name.trim().to_owned();
            let (first, last) = split_name(&name, person.family_name.as_deref());
            let mut groups = groups.remove(&id).unwrap_or_default();
            // Teams first, call trees after, each in the order met.
            groups.sort_by_key(|g| g.starts_with("Call tree: "));
            Some(Contact {
                id,
                name,
                first,
                last,
                role: person.role.clone().filter(|r| !r.trim().is_empty()),
                email: person.email.as_ref().map(|e| e.value.trim().to_owned()),
                phones: person
                    .phones
                    .iter()
                    .map(|p| {
                        (
                            p.number.value.0.clone(),
                            p.kind,
                            p.hours.as_ref().map(|h| h.value.trim().to_owned()),
                        )
                    })
                    .collect(),
                groups,
            })
        })
        .collect();
    let summary = Summary {
        people: contacts.len(),
        unknown,
    };
    (contacts, summary)
}

/// The people of a plan's call tree, breadth first from the root, then callers the root does
/// not reach (in id order).
fn call_order(plan: &Plan) -> Vec<String> {
    let Some(tree) = &plan.call_tree else {
        return Vec::new();
    };
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out: Vec<String> = Vec::new();
    let starts = std::iter::once(&tree.root).chain(tree.calls.keys());
    for start in starts {
        let mut queue = std::collections::VecDeque::from([start.to_string()]);
        while let Some(id) = queue.pop_front() {
            if !seen.insert(id.clone()) {
                continue;
            }
            if let Some((_, callees)) = tree.calls.iter().find(|(k, _)| k.as_str() == id) {
                queue.extend(callees.iter().map(ToString::to_string));
            }
            out.push(id);
        }
    }
    out
}

/// The contacts as the CSV table: `First Name`, `Last Name`, `External ID`, `Groups` (joined by
/// `|`), `Email Address 1`, then `Phone N`, `Phone N Type`, `Phone N Hours` for as many phones as
/// the person with the most has (at least one).
pub(crate) fn table(people: &[Contact]) -> Table {
    let phones = people
        .iter()
        .map(|p| p.phones.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut headers: Vec<String> = [
        "First Name",
        "Last Name",
        "External ID",
        "Groups",
        "Email Address 1",
    ]
    .map(str::to_owned)
    .to_vec();
    for n in 1..=phones {
        headers.push(format!("Phone {n}"));
        headers.push(format!("Phone {n} Type"));
        headers.push(format!("Phone {n} Hours"));
    }
    let rows = people
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::text(&p.first),
                Cell::text(&p.last),
                Cell::text(&p.id),
                Cell::text(p.groups.join("|")),
                Cell::opt(p.email.clone()),
            ];
            for n in 0..phones {
                match p.phones.get(n) {
                    Some((number, kind, hours)) => {
                        row.push(Cell::Phone(number.clone()));
                        row.push(Cell::opt(kind.map(kind_name)));
                        row.push(Cell::opt(hours.clone()));
                    }
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                }
            }
            row
        })
        .collect();
    Table {
        name: "Call tree",
        headers,
        rows,
    }
}

/// A phone kind as written in the People register.
pub(crate) fn kind_name(kind: PhoneKind) -> &'static str {
    match kind {
        PhoneKind::Mobile => "mobile",
        PhoneKind::Office => "office",
        PhoneKind::Home => "home",
        PhoneKind::Satellite => "satellite",
        PhoneKind::Pager => "pager",
    }
}

/// `name` as (given names, family name): the family name is `family` when given (and the given
/// names what remains of `name` without that word at its start or end, else all of `name`),
/// otherwise the last word.
fn split_name(name: &str, family: Option<&str>) -> (String, String) {
    if let Some(family) = family.map(str::trim).filter(|f| !f.is_empty()) {
        let given = name
            .strip_prefix(family)
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .or_else(|| {
                name.strip_suffix(family)
                    .filter(|rest| rest.ends_with(char::is_whitespace))
            })
            .unwrap_or(name);
        return (given.trim().to_owned(), family.to_owned());
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_owned(), last.to_owned()),
        None => (String::new(), name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::split_name;

    #[test]
    fn names_split_at_the_family_name_given_or_at_the_last_word() {
        let split = |name, family| split_name(name, family);
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(split("Li Wei", Some("Li")), pair("Wei", "Li"));
        assert_eq!(
            split("Nguyễn Thị Lan", Some("Nguyễn")),
            pair("Thị Lan", "Nguyễn")
        );
        assert_eq!(split("Ana Silva", Some("Silva")), pair("Ana", "Silva"));
        assert_eq!(split("Ana Silva", None), pair("Ana", "Silva"));
        assert_eq!(split("Madonna", None), pair("", "Madonna"));
        // A family name that is not a word of `name` leaves `name` as the given names.
        assert_eq!(
            split("Ana Silva", Some("Costa")),
            pair("Ana Silva", "Costa")
        );
        assert_eq!(split("Lisa Wong", Some("Li")), pair("Lisa Wong", "Li"));
    }
}
