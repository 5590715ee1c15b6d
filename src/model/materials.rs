//! The `Materials` register: parts and materials, their qualified sources and stock cover.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Duration, Id};
use crate::yaml::spanned::Sp;

/// A `kind: Materials` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaterialsDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Materials`.
    pub kind: String,
    /// The materials of this register.
    pub materials: Vec<Material>,
}

/// A purchased part or material.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Unique id of the material, e.g. `pcb-8l-main`.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// Qualified suppliers (supplier ids), in order of preference.
    #[serde(default)]
    pub sources: Vec<Sp<Id>>,
    /// Days of consumption covered by stock held.
    #[serde(default)]
    pub safety_stock: Option<Sp<Duration>>,
    /// Time to move volume to another qualified source.
    #[serde(default)]
    pub switch_time: Option<Sp<Duration>>,
}
