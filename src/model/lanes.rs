//! The `Lanes` register: logistics routes between sites.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Duration, Id};
use crate::yaml::spanned::Sp;

/// A `kind: Lanes` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanesDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Lanes`.
    pub kind: String,
    /// The lanes of this register.
    pub lanes: Vec<Lane>,
}

/// A logistics route.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    /// Unique id of the lane, e.g. `szx-rtm-sea`.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: Option<String>,
    /// Origin site (site id).
    pub from: Sp<Id>,
    /// Destination site (site id).
    pub to: Sp<Id>,
    /// Transport mode.
    pub mode: LaneMode,
    /// Carriers operating the lane (supplier ids).
    #[serde(default)]
    pub carriers: Vec<Sp<Id>>,
    /// Usual transit time.
    #[serde(default)]
    pub transit: Option<Sp<Duration>>,
    /// Lanes that can take the volume if this one fails (lane ids).
    #[serde(default)]
    pub alternates: Vec<Sp<Id>>,
}

/// Transport mode of a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LaneMode {
    /// Ocean freight.
    Sea,
    /// Air freight.
    Air,
    /// Rail freight.
    Rail,
    /// Road freight.
    Road,
}
