//! People in the view: a person with the numbers to call, a phone, a team. Personal numbers
//! and e-mail addresses are masked here when redacting; supplier desks are business lines and
//! are not.

use serde::Serialize;

use super::{Ctx, NameRef, enum_name};
use crate::model::{Id, Person, PhoneEntry, Team};
use crate::render::redact::Redactor;
use crate::render::rich::Rich;
use crate::yaml::spanned::Sp;

/// A phone number as shown.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PhoneView {
    /// The number, grouped for reading (masked when redacting).
    pub(crate) number: String,
    /// `tel:` link target (none when redacting).
    pub(crate) href: Option<String>,
    /// Kind (`mobile`, `office`...).
    pub(crate) kind: Option<String>,
    /// When it is answered.
    pub(crate) hours: Option<String>,
    /// Whether it is answered around the clock.
    pub(crate) always: bool,
}

/// A person as shown: name, role and how to reach them.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PersonView {
    /// People id.
    pub(crate) id: String,
    /// Name (the id when the person is not in the register).
    pub(crate) name: String,
    /// Whether the People register has this person.
    pub(crate) known: bool,
    /// Role.
    pub(crate) role: Option<String>,
    /// The number to call in an incident: the first 24/7 phone, else the first phone.
    pub(crate) phone: Option<PhoneView>,
    /// Every phone, best first.
    pub(crate) phones: Vec<PhoneView>,
    /// E-mail (masked when redacting).
    pub(crate) email: Option<String>,
    /// `mailto:` link target (none when redacting).
    pub(crate) email_href: Option<String>,
    /// Usual site name.
    pub(crate) site: Option<String>,
    /// When the contact details were last confirmed.
    pub(crate) verified: Option<String>,
}

/// A team with its people.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TeamView {
    /// Id and name.
    #[serde(flatten)]
    pub(crate) team: NameRef,
    /// Lead.
    pub(crate) lead: Option<PersonView>,
    /// Alternates, in order.
    pub(crate) alternates: Vec<PersonView>,
    /// Members.
    pub(crate) members: Vec<PersonView>,
    /// Responsibilities (Markdown).
    pub(crate) responsibilities: Option<Rich>,
}

impl Ctx<'_> {
    /// A phone as shown (masked when personal and redacting).
    pub(crate) fn phone(&self, entry: &PhoneEntry, personal: bool) -> PhoneView {
        let raw = entry.number.value.0.as_str();
        let masked = personal && self.redacting();
        PhoneView {
            number: if masked {
                Redactor::phone(raw)
            } else {
                group_phone(raw)
            },
            href: (!masked).then(|| format!("tel:{raw}")),
            kind: entry.kind.as_ref().map(enum_name),
            hours: self.opt_text(entry.hours.as_ref().map(|h| h.as_str())),
            always: entry.is_24_7(),
        }
    }

    /// The person with people id `id`.
    pub(crate) fn person(&self, id: &Id) -> PersonView {
        match self.index.people.get(id.as_str()) {
            Some(p) => self.person_view(p),
            None => PersonView {
                id: id.to_string(),
                name: id.to_string(),
                known: false,
                role: None,
                phone: None,
                phones: Vec::new(),
                email: None,
                email_href: None,
                site: None,
                verified: None,
            },
        }
    }

    fn person_view(&self, p: &Person) -> PersonView {
        let phones: Vec<PhoneView> = p.phones.iter().map(|e| self.phone(e, true)).collect();
        let best = p
            .phone_24_7()
            .or(p.phones.first())
            .map(|e| self.phone(e, true));
        let email = p.email.as_ref().map(|e| e.value.clone());
        PersonView {
            id: p.id.to_string(),
            name: self.text(&p.name),
            known: true,
            role: self.opt_text(p.role.as_deref()),
            phone: best,
            phones,
            email_href: email
                .as_ref()
                .filter(|_| !self.redacting())
                .map(|e| format!("mailto:{e}")),
            email: email.map(|e| {
                if self.redacting() {
                    Redactor::email(&e)
                } else {
                    e
                }
            }),
            site: p.site.as_ref().map(|s| {
                let name = self.index.sites.get(s.as_str()).map(|s| s.name.as_str());
                self.text(name.unwrap_or(s.as_str()))
            }),
            verified: p.verified.as_ref().map(|v| v.value.to_string()),
        }
    }

    /// The person named by an optional reference.
    pub(crate) fn opt_person(&self, id: Option<&Sp<Id>>) -> Option<PersonView> {
        id.map(|id| self.person(id))
    }

    /// A team of `plan` as shown.
    pub(crate) fn team(&self, t: &Team) -> TeamView {
        TeamView {
            team: NameRef::new(t.id.as_str(), Some(self.text(&t.name))),
            lead: self.opt_person(t.lead.as_ref()),
            alternates: t.alternates.iter().map(|p| self.person(p)).collect(),
            members: t.members.iter().map(|p| self.person(p)).collect(),
            responsibilities: self.rich(t.responsibilities.as_deref()),
        }
    }
}

/// `+8676912345678` as `+86 769 1234 5678`: the country code, then groups of three, ending
/// with one or two groups of four when the digits do not divide by three.
fn group_phone(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let cc = crate::render::redact::country_code_len(&digits).min(digits.len());
    let rest = &digits[cc..];
    let fours = [0, 1, 2][rest.len() % 3];
    let threes_end = rest.len().saturating_sub(4 * fours);
    let mut groups: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < threes_end {
        groups.push(&rest[at..(at + 3).min(threes_end)]);
        at += 3;
    }
    while at < rest.len() {
        groups.push(&rest[at..(at + 4).min(rest.len())]);
        at += 4;
    }
    format!("+{} {}", &digits[..cc], groups.join(" "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn phones_are_grouped_for_reading() {
        for (raw, shown) in [
            ("+8676912345678", "+86 769 1234 5678"),
            ("+919880143762", "+91 988 014 3762"),
            ("+351912345678", "+351 912 345 678"),
            ("+4732550177", "+47 3255 0177"),
            ("+14085550190", "+1 408 555 0190"),
        ] {
            assert_eq!(super::group_phone(raw), shown);
        }
    }
}
