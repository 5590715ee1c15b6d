//! Contacts as vCard 4.0 (RFC 6350): one card per person, for phones and address books.
//!
//! Each card has `FN`, `N` (family name; given names), a `UID` made from the people id, the role
//! as `TITLE`, the organisation as `ORG`, the groups as `CATEGORIES`, the e-mail, and each phone
//! as a `tel:` URI with its type (`cell`, `work`, `home`, `pager`; `voice` for calls) and `PREF`
//! for the first. Values are escaped and lines folded as RFC 6350 section 3.2 and 3.4 say.

use super::contacts::{Contact, kind_name};
use super::lines::{push, text};
use crate::model::PhoneKind;

/// The cards of `people`; `org` is the organisation from `bcplan.yaml`.
pub(crate) fn write(people: &[Contact], org: Option<&str>) -> String {
    let mut out = String::new();
    for person in people {
        push(&mut out, "BEGIN:VCARD");
        push(&mut out, "VERSION:4.0");
        push(&mut out, &format!("FN:{}", text(&person.name)));
        push(
            &mut out,
            &format!("N:{};{};;;", text(&person.last), text(&person.first)),
        );
        push(&mut out, &format!("UID:urn:bcplan:person:{}", person.id));
        if let Some(role) = &person.role {
            push(&mut out, &format!("TITLE:{}", text(role)));
        }
        if let Some(org) = org.filter(|o| !o.trim().is_empty()) {
            push(&mut out, &format!("ORG:{}", text(org)));
        }
        if !person.groups.is_empty() {
            let groups: Vec<String> = person.groups.iter().map(|g| text(g)).collect();
            push(&mut out, &format!("CATEGORIES:{}", groups.join(",")));
        }
        if let Some(email) = &person.email {
            push(&mut out, &format!("EMAIL;TYPE=work:{}", text(email)));
        }
        let mut hours_of = Vec::new();
        for (i, (number, kind, hours)) in person.phones.iter().enumerate() {
            let mut params = format!(";VALUE=uri;TYPE=\"{}\"", tel_types(*kind));
            if i == 0 {
                params.push_str(";PREF=1");
            }
            push(&mut out, &format!("TEL{params}:tel:{number}"));
            if let Some(hours) = hours {
                let kind = kind.map_or("phone", kind_name);
                hours_of.push(format!("{kind} {number}: {hours}"));
            }
        }
        if !hours_of.is_empty() {
            let note = format!("Phone hours:\n{}", hours_of.join("\n"));
            push(&mut out, &format!("NOTE:{}", text(&note)));
        }
        push(&mut out, "END:VCARD");
    }
    out
}

/// The `TYPE` values of a phone kind.
fn tel_types(kind: Option<PhoneKind>) -> &'static str {
    match kind {
        Some(PhoneKind::Mobile) => "cell,voice",
        Some(PhoneKind::Office) => "work,voice",
        Some(PhoneKind::Home) => "home,voice",
        Some(PhoneKind::Pager) => "pager",
        Some(PhoneKind::Satellite) | None => "voice",
    }
}
