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
    #[serde(deserialize_with = "super::checked::line")]
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
    /// Its backups and replicas.
    #[serde(default)]
    pub backups: Vec<Backup>,
}

/// One backup or replica of a system's data.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// What kind of copy it is.
    #[serde(rename = "type")]
    pub backup_type: Sp<BackupType>,
    /// How often it runs (for replication: the largest lag).
    #[serde(default)]
    pub every: Option<Sp<Duration>>,
    /// How long copies are kept.
    #[serde(default)]
    pub retention: Option<Sp<Duration>>,
    /// Where the copy is kept (site id).
    #[serde(default)]
    pub site: Option<Sp<Id>>,
    /// Whether copies cannot be changed or deleted before their retention ends (object lock, WORM).
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::exact")]
    pub immutable: Option<bool>,
    /// Whether copies are kept off the network (tape in a vault, an air-gapped copy).
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::exact")]
    pub offline: Option<bool>,
}

impl Backup {
    /// Whether ransomware on the network cannot reach or alter the copy.
    pub fn protected(&self) -> bool {
        self.immutable == Some(true) || self.offline == Some(true)
    }
}

/// Kind of backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BackupType {
    /// A full copy.
    Full,
    /// Changes since the previous backup.
    Incremental,
    /// A storage or volume snapshot.
    Snapshot,
    /// Continuous replication to another copy.
    Replication,
}
