//! The optional `Workspace` document (`bcplan.yaml`): organisation, policy and rule overrides.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Duration, Id};
use crate::yaml::spanned::Sp;

/// A `kind: Workspace` document.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceDoc {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Workspace`.
    pub kind: String,
    /// Organisation name, shown on runbooks.
    #[serde(default)]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub organization: Option<String>,
    /// Glob patterns (relative to the workspace root) of files and folders to skip.
    #[serde(default)]
    pub exclude: Vec<Sp<String>>,
    /// Default output folder of `bcplan render`.
    #[serde(default)]
    pub output: Option<String>,
    /// Thresholds the gap checks apply.
    #[serde(default)]
    pub policy: Policy,
    /// Severity overrides by rule name: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<Sp<String>, Sp<Level>>,
}

/// Organisation-wide thresholds.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Plans, impact analyses and contacts must be reviewed within this (default 12mo).
    #[serde(default)]
    pub review_every: Option<Sp<Duration>>,
    /// Each plan must be exercised within this (default 12mo).
    #[serde(default)]
    pub exercise_every: Option<Sp<Duration>>,
    /// Scenarios every plan must address (scenario ids).
    #[serde(default)]
    pub required_scenarios: Vec<Sp<Id>>,
    /// Most critical primary roles one person may hold before it is a key-person risk (default 3).
    #[serde(default)]
    pub max_primary_roles: Option<u32>,
}

/// A severity a rule can be set to.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Turn the rule off.
    Off,
    /// Informational: shown, never fails a check.
    Info,
    /// Warning: fails a check under `--deny warnings`.
    Warning,
    /// Error: fails a check.
    Error,
}
