//! The `Suppliers` register: who the organisation buys from, and how resilient they are.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Duration, Id, Phone, Rating};
use crate::yaml::spanned::Sp;

/// A `kind: Suppliers` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuppliersDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Suppliers`.
    pub kind: String,
    /// The suppliers of this register.
    pub suppliers: Vec<Supplier>,
}

/// A supplier of materials, components, logistics or services.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    /// Unique id of the supplier, e.g. `acme-pcb`.
    pub id: Sp<Id>,
    /// Legal or trading name.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// Supply-chain tier: 1 supplies the organisation directly, 2 supplies a tier-1 supplier.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::exact")]
    pub tier: Option<u8>,
    /// How critical the supplier is to the organisation.
    #[serde(default)]
    pub criticality: Option<Sp<Rating>>,
    /// Where the supplier produces (inline locations, not site references).
    #[serde(default)]
    pub sites: Vec<SupplierLocation>,
    /// The supplier's incident contact.
    #[serde(default)]
    pub contact: Option<SupplierContact>,
    /// Recovery time the contract commits the supplier to.
    #[serde(default)]
    pub contracted_recovery: Option<Sp<Duration>>,
    /// Last evaluation of the supplier's own continuity capability.
    #[serde(default)]
    pub bc_assessed: Option<Sp<Date>>,
    /// Result of that evaluation.
    #[serde(default)]
    pub bc_rating: Option<Rating>,
    /// Last cyber-security risk assessment of the supplier.
    #[serde(default)]
    pub security_assessed: Option<Sp<Date>>,
    /// Whether the supplier processes personal data on the organisation's behalf.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::exact")]
    pub processes_personal_data: Option<Sp<bool>>,
    /// Whether a data-processing agreement is signed (required when it processes personal data).
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::exact")]
    pub dpa_signed: Option<bool>,
    /// Tier-2 suppliers this supplier depends on (supplier ids), where known.
    #[serde(default)]
    pub sub_suppliers: Vec<Sp<Id>>,
}

/// A place where a supplier produces.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierLocation {
    /// ISO 3166-1 alpha-2 country code.
    #[serde(deserialize_with = "super::checked::country")]
    #[schemars(extend("format" = "country", "pattern" = "^[A-Z]{2}$"))]
    pub country: Sp<String>,
    /// Region used for geographic-diversity checks, e.g. `apac-sea`.
    #[serde(default)]
    pub region: Option<Sp<String>>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
}

/// How to reach a supplier in an incident.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierContact {
    /// Person or desk to ask for.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: Option<String>,
    /// Phone, E.164.
    #[serde(default)]
    pub phone: Option<Sp<Phone>>,
    /// When the phone is answered; `24/7` means around the clock.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub hours: Option<String>,
    /// E-mail address.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::email")]
    #[schemars(extend("format" = "email"))]
    pub email: Option<Sp<String>>,
}

impl Supplier {
    /// Regions the supplier produces in (locations without a region count by country).
    pub fn regions(&self) -> Vec<String> {
        let mut regions: Vec<String> = self
            .sites
            .iter()
            .map(|s| {
                s.region
                    .as_ref()
                    .map_or_else(|| s.country.value.clone(), |r| r.value.clone())
            })
            .collect();
        regions.sort();
        regions.dedup();
        regions
    }
}
