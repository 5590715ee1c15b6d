//! The `Scenarios` register: the disruptions plans prepare for.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Id, Rating};
use crate::yaml::spanned::Sp;

/// A `kind: Scenarios` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenariosDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Scenarios`.
    pub kind: String,
    /// The scenarios of this register.
    pub scenarios: Vec<Scenario>,
}

/// A disruption scenario.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Unique id of the scenario, e.g. `earthquake`.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// Broad category.
    #[serde(default)]
    pub category: Option<ScenarioCategory>,
    /// How likely the scenario is.
    #[serde(default)]
    pub likelihood: Option<Rating>,
    /// How severe its impact would be.
    #[serde(default)]
    pub impact: Option<Rating>,
    /// How far one occurrence reaches: one `site` (the default) or a whole `region`. `bcplan
    /// impact --all-sites` runs a natural, health or geopolitical scenario with `reach: region`
    /// at every region as well as at every exposed site.
    #[serde(default)]
    pub reach: Option<Reach>,
    /// Description (markdown).
    #[serde(default)]
    pub description: Option<String>,
}

/// How far one occurrence of a scenario reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    /// One site at a time.
    Site,
    /// Every site and supplier location in a region.
    Region,
}

/// Category of scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScenarioCategory {
    /// Natural hazard (earthquake, flood, typhoon).
    Natural,
    /// Health (epidemic, pandemic).
    Health,
    /// Geopolitical (conflict, sanctions, border closure).
    Geopolitical,
    /// Technical failure (power, equipment, IT outage).
    Technical,
    /// Cyber attack.
    Cyber,
    /// Supply disruption.
    Supply,
    /// Loss of people or skills.
    People,
}
