//! Findings and the printers that show them in each output format.

mod finding;
pub mod human;
pub mod json;

pub use finding::{Finding, Severity, Waived};
pub use human::Summary;
