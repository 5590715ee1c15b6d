//! The `People` register: one entry per person, with contact details.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Id, Phone};
use crate::yaml::spanned::Sp;

/// A `kind: People` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `People`.
    pub kind: String,
    /// The people of this register.
    pub people: Vec<Person>,
}

/// A person who may own, deputise, decide or be called in an incident.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Unique id of the person, e.g. `li.wei`.
    pub id: Sp<Id>,
    /// Full name as shown in runbooks.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// Family name, for exports that split a name into given and family names: needed when
    /// `name` does not end with it (`Li Wei`, `Nguyễn Thị Lan`: `family_name: Li`, `Nguyễn`).
    /// Without it, the last word of `name` is taken as the family name.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub family_name: Option<String>,
    /// Job title or role.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub role: Option<String>,
    /// Phone numbers, best first.
    #[serde(default)]
    pub phones: Vec<PhoneEntry>,
    /// E-mail address.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::email")]
    #[schemars(extend("format" = "email"))]
    pub email: Option<Sp<String>>,
    /// Site where the person normally works (site id).
    #[serde(default)]
    pub site: Option<Sp<Id>>,
    /// When these contact details were last confirmed.
    #[serde(default)]
    pub verified: Option<Sp<Date>>,
}

/// One phone number of a person.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneEntry {
    /// The number, E.164, quoted: `"+8676912345678"`.
    pub number: Sp<Phone>,
    /// What kind of phone it is.
    #[serde(default)]
    pub kind: Option<PhoneKind>,
    /// When it is answered; `24/7` means around the clock.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub hours: Option<Sp<String>>,
}

impl PhoneEntry {
    /// Whether the number is answered around the clock.
    pub fn is_24_7(&self) -> bool {
        self.hours.as_ref().is_some_and(|h| h.trim() == "24/7")
    }

    /// `hours` that look meant as around the clock but are not written `24/7` (`24x7`, `24h`).
    pub fn almost_24_7(&self) -> Option<&Sp<String>> {
        self.hours
            .as_ref()
            .filter(|h| !self.is_24_7() && h.trim().starts_with("24"))
    }
}

/// Kind of phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneKind {
    /// Mobile phone.
    Mobile,
    /// Office line.
    Office,
    /// Home line.
    Home,
    /// Satellite phone.
    Satellite,
    /// Pager.
    Pager,
}

impl Person {
    /// The first phone answered around the clock.
    pub fn phone_24_7(&self) -> Option<&PhoneEntry> {
        self.phones.iter().find(|p| p.is_24_7())
    }
}
