//! The `Obligations` register: duties to notify someone within a deadline when a disruption
//! happens (a supervisory authority under GDPR art. 33, the CSIRT under NIS2 art. 23, customers
//! under a contract).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, Domain, Duration, Id};
use crate::yaml::spanned::Sp;

/// A `kind: Obligations` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationsDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Obligations`.
    pub kind: String,
    /// The obligations of this register.
    pub obligations: Vec<Obligation>,
}

/// A duty to notify an audience within a deadline.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Unique id, e.g. `gdpr-breach-72h`.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// The law or contract clause it comes from, e.g. `GDPR art. 33(1)`.
    #[serde(default)]
    pub basis: Option<String>,
    /// Who must be told (a communications audience).
    pub notify: Sp<Audience>,
    /// How long after the clock starts the notification is due.
    pub deadline: Sp<Duration>,
    /// When the deadline starts counting.
    #[serde(default)]
    pub clock: Option<Clock>,
    /// Which plans it applies to (empty or absent lists: no restriction).
    #[serde(default)]
    pub applies_to: Option<AppliesTo>,
    /// Whether it applies only to plans that depend on a supplier processing personal data.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::exact")]
    pub when_personal_data: Option<bool>,
}

/// When an obligation's deadline starts counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    /// From becoming aware of the incident.
    Awareness,
    /// From the activation of the plan.
    Activation,
    /// From the start of the disruption.
    Disruption,
}

/// The plans an obligation applies to.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliesTo {
    /// Plans with one of these scenarios in scope (scenario ids).
    #[serde(default)]
    pub scenarios: Vec<Sp<Id>>,
    /// Plans of one of these domains.
    #[serde(default)]
    pub domains: Vec<Domain>,
}
