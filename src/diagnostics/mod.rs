//! Findings and the printers that show them in each output format.

mod finding;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

pub use finding::{Finding, Severity, Waived};
pub use human::Summary;
