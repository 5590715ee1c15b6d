//! `Sp<T>`: a typed value together with the file, line and column of the YAML node it came from.
//!
//! Rules point their findings at these spans. `Sp<T>` is deserialized by the node deserializer in
//! `de.rs` (which knows the file and the node's position); it serializes and describes itself in
//! JSON Schema exactly as `T` does, so spans never show in output or in the published schema.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

use super::node::Pos;

/// Index of a source file in the workspace's file table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in the workspace: a file and a position in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Line and column in the file.
    pub pos: Pos,
}

/// A value with the span of the node it was read from.
#[derive(Clone, Debug)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Sp<T> {
    /// Wraps a value with a span.
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: PartialEq> Eq for Sp<T> {}
impl<T: Ord> PartialOrd for Sp<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Ord> Ord for Sp<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: fmt::Display> fmt::Display for Sp<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// The newtype name both deserializers recognise to hand out spans: serde-saphyr's own (its
/// `Spanned<T>` protocol) and the node deserializer's (`de.rs`).
pub(crate) const SPANNED: &str = "__yaml_spanned";
/// serde-saphyr's marker key, first in the map it yields for [`SPANNED`].
const SAPHYR_MARKER: &str = "__serde_saphyr_private_spanned";
/// The fields of the node deserializer's span protocol, in the order it yields them.
pub(crate) const SP_FIELDS: &[&str] = &["$file", "$line", "$col", "$value"];

thread_local! {
    /// The file being read straight from YAML text, which serde-saphyr does not know.
    static READING: std::cell::Cell<FileId> = const { std::cell::Cell::new(FileId(0)) };
}

/// Sets the file whose text is being deserialized on this thread, until the guard is dropped.
pub(crate) fn reading(file: FileId) -> impl Drop {
    struct Reset(FileId);
    impl Drop for Reset {
        fn drop(&mut self) {
            READING.with(|f| f.set(self.0));
        }
    }
    Reset(READING.with(|f| f.replace(file)))
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(SPANNED, SpVisitor(std::marker::PhantomData))
    }
}

struct SpVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpVisitor<T> {
    type Value = Sp<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value read from bcplan YAML")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Sp<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sp<T>, A::Error> {
        let mut span = Span::default();
        let mut value = None;
        while let Some(key) = map.next_key::<SpField>()? {
            match key {
                SpField::File => span.file = FileId(map.next_value()?),
                SpField::Line => span.pos.line = map.next_value()?,
                SpField::Col => span.pos.col = map.next_value()?,
                SpField::Value => value = Some(map.next_value()?),
                SpField::Marker => {
                    map.next_value::<de::IgnoredAny>()?;
                    span.file = READING.with(std::cell::Cell::get);
                }
                SpField::Referenced => {
                    let at: serde_saphyr::Location = map.next_value()?;
                    span.pos.line = u32::try_from(at.line()).unwrap_or(u32::MAX);
                    span.pos.col = u32::try_from(at.column()).unwrap_or(u32::MAX);
                }
                SpField::Defined => {
                    // serde-saphyr's own location type reads only as itself.
                    map.next_value::<serde_saphyr::Location>()?;
                }
                SpField::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        Ok(Sp { value, span })
    }
}

/// A key of either span protocol.
enum SpField {
    File,
    Line,
    Col,
    Value,
    Marker,
    Referenced,
    Defined,
    Other,
}

impl<'de> Deserialize<'de> for SpField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = SpField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field of a spanned value")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<SpField, E> {
                Ok(match key {
                    "$file" => SpField::File,
                    "$line" => SpField::Line,
                    "$col" => SpField::Col,
                    "$value" | "value" => SpField::Value,
                    SAPHYR_MARKER => SpField::Marker,
                    "referenced" => SpField::Referenced,
                    "defined" => SpField::Defined,
                    _ => SpField::Other,
                })
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}
