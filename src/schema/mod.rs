//! The JSON Schema of the plan format, generated from the model types, and validation against it.

pub mod kinds;
pub mod suggest;
pub mod validate;

pub use kinds::{API_VERSION, Kind, document_schema};
