//! The typed model of every bcplan document kind, and the value types they share.
//!
//! Types here are plain data deserialized from YAML nodes; every node a rule may point at is an
//! `Sp<T>`. The same types generate the published JSON Schema, which schema validation enforces,
//! so the loader and the schema cannot drift apart.

mod checked;
mod date;
mod duration;
mod id;
mod lanes;
mod materials;
mod obligations;
mod people;
mod phone;
mod plan;
mod rating;
mod scenarios;
mod sites;
mod suppliers;
mod systems;
pub(crate) mod value;
mod workspace;

pub use date::Date;
pub use duration::{Duration, spell};
pub use id::{ActivityRef, Id};
pub use lanes::{Lane, LaneMode, LanesDoc};
pub use materials::{Material, MaterialsDoc};
pub use obligations::{AppliesTo, Clock, Obligation, ObligationsDoc};
pub use people::{PeopleDoc, Person, PhoneEntry, PhoneKind};
pub use phone::Phone;
pub use plan::*;
pub use rating::Rating;
pub use scenarios::{Reach, Scenario, ScenarioCategory, ScenariosDoc};
pub use sites::{Site, SiteType, SitesDoc};
pub use suppliers::{Supplier, SupplierContact, SupplierLocation, SuppliersDoc};
pub use systems::{Backup, BackupType, System, SystemsDoc};
pub use workspace::{ImpactScale, Level, Limits, Policy, Size, WorkspaceDoc};
