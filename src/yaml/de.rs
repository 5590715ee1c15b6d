//! A serde `Deserializer` over a positioned node tree.
//!
//! Typed model structs derive `Deserialize` as usual; this deserializer feeds them from a `Node`
//! and hands out spans to every `Sp<T>` field (see `spanned.rs`). Schema validation has already
//! reported every error of the document by the time this runs, so an error here is rare; it still
//! carries the position of the node that failed.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use super::node::{Node, Pos, Value};
use super::spanned::{FileId, SP_FIELDS, SPANNED};

/// An error while turning a node into a typed value.
#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    /// What went wrong.
    pub message: String,
    /// The node it is about, once known.
    pub pos: Option<Pos>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            pos: None,
        }
    }
}

/// Deserializes `T` from `node`, read from file `file`.
pub fn from_node<'a, T: de::Deserialize<'a>>(node: &'a Node, file: FileId) -> Result<T, DeError> {
    T::deserialize(NodeDe { node, file })
}

/// Deserializer over one node.
#[derive(Clone, Copy)]
struct NodeDe<'a> {
    node: &'a Node,
    file: FileId,
}

impl NodeDe<'_> {
    fn locate(self, mut err: DeError) -> DeError {
        err.pos.get_or_insert(self.node.pos);
        err
    }
}

impl<'de> Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(Items {
                iter: items.iter(),
                file: self.file,
            }),
            Value::Map(entries) => visitor.visit_map(Entries {
                iter: entries.iter(),
                value: None,
                file: self.file,
            }),
        };
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let _ = (name, fields);
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == SPANNED {
            return visitor
                .visit_map(SpanFields {
                    node: self,
                    next: 0,
                })
                .map_err(|e| self.locate(e));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = match &self.node.value {
            Value::Str(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Map(entries) if entries.len() == 1 => visitor.visit_enum(Variant {
                key: &entries[0].0,
                value: &entries[0].1,
                file: self.file,
            }),
            other => Err(de::Error::custom(format!(
                "expected a name or a one-key mapping, found {}",
                other.describe()
            ))),
        };
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

/// Yields `$file`, `$line`, `$col`, then the node itself as `$value`.
struct SpanFields<'a> {
    node: NodeDe<'a>,
    next: usize,
}

impl<'de> MapAccess<'de> for SpanFields<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match SP_FIELDS.get(self.next) {
            Some(field) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(field))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let index = self.next;
        self.next += 1;
        match index {
            0 => seed.deserialize(self.node.file.0.into_deserializer()),
            1 => seed.deserialize(self.node.node.pos.line.into_deserializer()),
            2 => seed.deserialize(self.node.node.pos.col.into_deserializer()),
            _ => seed.deserialize(self.node),
        }
    }
}

struct Items<'a> {
    iter: std::slice::Iter<'a, Node>,
    file: FileId,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.iter.next() {
            Some(node) => seed
                .deserialize(NodeDe {
                    node,
                    file: self.file,
                })
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Entries<'a> {
    iter: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    file: FileId,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(NodeDe {
                    node: key,
                    file: self.file,
                })
                .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <DeError as de::Error>::custom("value requested before key"))?;
        seed.deserialize(NodeDe {
            node,
            file: self.file,
        })
    }
}

struct Variant<'a> {
    key: &'a Node,
    value: &'a Node,
    file: FileId,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = DeError;
    type Variant = NodeDe<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, NodeDe<'de>), DeError> {
        let name = seed.deserialize(NodeDe {
            node: self.key,
            file: self.file,
        })?;
        Ok((
            name,
            NodeDe {
                node: self.value,
                file: self.file,
            },
        ))
    }
}

impl<'de> VariantAccess<'de> for NodeDe<'de> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }
}
