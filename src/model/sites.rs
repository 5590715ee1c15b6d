//! The `Sites` register: plants, warehouses, offices, data centres and other locations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Duration, Id};
use crate::yaml::spanned::Sp;

/// A `kind: Sites` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SitesDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Sites`.
    pub kind: String,
    /// The sites of this register.
    pub sites: Vec<Site>,
}

/// A location the organisation operates or depends on.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Unique id of the site, e.g. `dongguan-p2`.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// What the site is.
    #[serde(rename = "type")]
    pub site_type: SiteType,
    /// ISO 3166-1 alpha-2 country code, e.g. `CN`.
    #[serde(deserialize_with = "super::checked::country")]
    #[schemars(extend("format" = "country", "pattern" = "^[A-Z]{2}$"))]
    pub country: Sp<String>,
    /// Region used for geographic-diversity checks, e.g. `cn-south`.
    #[serde(default)]
    pub region: Option<Sp<String>>,
    /// Scenarios the site is exposed to (scenario ids).
    #[serde(default)]
    pub hazards: Vec<Sp<Id>>,
    /// How long the site itself takes to be usable again after its loss.
    #[serde(default)]
    pub recovery_time: Option<Sp<Duration>>,
    /// Street address, for people travelling to the site in an incident.
    #[serde(default)]
    pub address: Option<String>,
}

/// Kind of site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SiteType {
    /// Manufacturing plant.
    Plant,
    /// Warehouse.
    Warehouse,
    /// Office.
    Office,
    /// Data centre.
    DataCentre,
    /// Support or service centre.
    SupportCentre,
    /// Depot (spare parts, field service).
    Depot,
    /// Port or logistics hub.
    Port,
}
