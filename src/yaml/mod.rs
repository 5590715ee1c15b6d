//! YAML parsing into positioned nodes, and deserialization of typed values from them.

pub mod de;
pub mod node;
pub mod spanned;
