//! The `Systems` register: IT and OT systems with their achievable recovery.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Dependency, Duration, Id};
use crate::yaml::spanned::Sp;

/// A `kind: Systems` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemsDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Systems`.
    pub kind: String,
    /// The systems of this register.
    pub systems: Vec<System>,
}

/// An application, platform or OT system.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Unique id of the system, e.g. `mes`.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// Person accountable for the system (people id).
    #[serde(default)]
    pub owner: Option<Sp<Id>>,
    /// Achievable recovery time, as disaster-recovery tests showed.
    #[serde(default)]
    pub rto: Option<Sp<Duration>>,
    /// Achievable data-loss window.
    #[serde(default)]
    pub rpo: Option<Sp<Duration>>,
    /// Site the system fails over to (site id).
    #[serde(default)]
    pub dr_site: Option<Sp<Id>>,
    /// What the system needs to run (typically `{ system: id }` or `{ site: id }`).
    #[serde(default)]
    pub depends_on: Vec<Dependency>,
    /// What the system does.
    #[serde(default)]
    pub description: Option<String>,
}
