//! Ratings (`none` .. `severe`), used for impact, likelihood and criticality.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A five-step rating, ordered from `none` to `severe`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    /// No impact or exposure.
    None,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Severe.
    Severe,
}

impl Rating {
    /// The rating as written in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::None => "none",
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
            Rating::Severe => "severe",
        }
    }
}
