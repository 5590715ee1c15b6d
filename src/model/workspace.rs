//! The optional `Workspace` document (`bcplan.yaml`): organisation, policy, rule overrides, and
//! where the files are browsed on the web.

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
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub organization: Option<String>,
    /// Glob patterns (relative to the workspace root) of files and folders to skip.
    #[serde(default)]
    pub exclude: Vec<Sp<String>>,
    /// Default output folder of `bcplan render` (inside the workspace).
    #[serde(default)]
    pub output: Option<Sp<String>>,
    /// Web address under which the workspace's files are browsed, e.g.
    /// `https://github.com/acme/continuity/blob/main/`: the calendar export links each event to
    /// the file and line it comes from under it (without it, to the file on disk).
    #[serde(default, deserialize_with = "super::checked::web_address")]
    #[schemars(extend(
        "format" = "uri",
        "pattern" = super::value::WEB_ADDRESS,
        "maxLength" = super::value::MAX_LINE
    ))]
    pub source_url: Option<Sp<String>>,
    /// Thresholds the gap checks apply.
    #[serde(default)]
    pub policy: Policy,
    /// Severity overrides by rule name: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<Sp<String>, Sp<Level>>,
    /// Limits on what bcplan reads, against runaway or hostile files.
    #[serde(default)]
    pub limits: Limits,
}

/// Limits on the size of what is read.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest YAML file read (default 16MiB): bytes, or a number with `KB`, `MB`, `GB`,
    /// `KiB`, `MiB` or `GiB`.
    #[serde(default)]
    pub max_file_size: Option<Sp<Size>>,
    /// Largest total of all YAML files of the workspace (default 256MiB), written like
    /// `max_file_size`.
    #[serde(default)]
    pub max_workspace_size: Option<Sp<Size>>,
}

impl Limits {
    /// Default of `max_file_size`: 16 MiB.
    pub const FILE: u64 = 16 << 20;
    /// Default of `max_workspace_size`: 256 MiB.
    pub const WORKSPACE: u64 = 256 << 20;

    /// The largest file read, in bytes.
    pub fn file(&self) -> u64 {
        self.max_file_size
            .as_ref()
            .map_or(Self::FILE, |s| s.value.0)
    }

    /// The largest workspace total read, in bytes.
    pub fn workspace(&self) -> u64 {
        self.max_workspace_size
            .as_ref()
            .map_or(Self::WORKSPACE, |s| s.value.0)
    }
}

/// A size in bytes, written as a whole number of bytes or with a unit: `16MiB`, `500KB`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size(pub u64);

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(split);
        let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "kb" => 1_000,
            "mb" => 1_000_000,
            "gb" => 1_000_000_000,
            "kib" => 1 << 10,
            "mib" => 1 << 20,
            "gib" => 1 << 30,
            _ => {
                return Err(format!(
                    "`{text}` is not a size: write bytes or a number with KB, MB, GB, KiB, MiB or GiB, e.g. `32MiB`"
                ));
            }
        };
        number
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(factor))
            .filter(|n| *n > 0)
            .map(Size)
            .ok_or_else(|| {
                format!(
                    "`{text}` is not a size: write a whole number above 0 and a unit, e.g. `32MiB`"
                )
            })
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
            if n >= 1 << shift && n.is_multiple_of(1 << shift) {
                return write!(f, "{}{unit}", n >> shift);
            }
        }
        write!(f, "{n} bytes")
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SizeVisitor;
        impl serde::de::Visitor<'_> for SizeVisitor {
            type Value = Size;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a size: bytes, or a number with KB, MB, GB, KiB, MiB or GiB")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Size, E> {
                (v > 0)
                    .then_some(Size(v))
                    .ok_or_else(|| E::custom("a size must be above 0"))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Size, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom("a size must be above 0"))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Size, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(SizeVisitor)
    }
}

impl Serialize for Size {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for Size {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Size".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["integer", "string"],
            "minimum": 1,
            "format": "bcplan-size",
            "pattern": "^[0-9]+ ?([KMGkmg][Ii]?[Bb]|[Bb])?$",
            "description": "A size: a whole number of bytes, or a number with KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. `32MiB`.",
        })
    }
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
    #[serde(deserialize_with = "super::checked::exact")]
    pub max_primary_roles: Option<u32>,
    /// How long before a review, exercise, contact verification, supplier assessment, training or
    /// waiver falls due it is reported as due soon, at `info` (default 30d).
    #[serde(default)]
    pub warn_before: Option<Sp<Duration>>,
    /// Team leads, alternates and activation authorities must be trained within this (default 12mo).
    #[serde(default)]
    pub train_every: Option<Sp<Duration>>,
    /// How many people deep the activation authority, each team and each delegation must be
    /// (default 2: a primary and one alternate).
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::positive")]
    #[schemars(range(min = 1))]
    pub min_succession: Option<u32>,
    /// The organisation's own criteria for each impact rating level (printed with the BIA).
    #[serde(default)]
    pub impact_scale: Option<ImpactScale>,
}

/// What each impact rating means in this organisation, in its own words.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactScale {
    /// Criteria for `none`.
    #[serde(default)]
    pub none: Option<String>,
    /// Criteria for `low`.
    #[serde(default)]
    pub low: Option<String>,
    /// Criteria for `medium`.
    #[serde(default)]
    pub medium: Option<String>,
    /// Criteria for `high`.
    #[serde(default)]
    pub high: Option<String>,
    /// Criteria for `severe`.
    #[serde(default)]
    pub severe: Option<String>,
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
