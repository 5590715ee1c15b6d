//! Field readers for the constraints of the published schema that a field's type alone does not
//! carry: the length of single-line text, e-mail and country formats, and numbers and booleans
//! written as such (YAML `"5"` is text, which the schema refuses for a number).
//!
//! The loader reads a document straight into the model and runs the schema walker only when that
//! fails (see `workspace/parse.rs`), so whatever the walker would refuse the model must refuse too.
//! These readers hold exactly the schema's rules, never more: a value the schema accepts is always
//! read.
//!
//! One reader, [`compact`], checks nothing: it gives back the room a list read from YAML has left
//! over from growing, for the lists a large workspace holds by the hundred thousand.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::value::{MAX_LINE, check_format};
use crate::yaml::spanned::Sp;

/// A field whose text, when present, is checked.
pub(crate) trait Text {
    /// The text, if the field has a value.
    fn text(&self) -> Option<&str>;
}

impl Text for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: Text> Text for Sp<T> {
    fn text(&self) -> Option<&str> {
        self.value.text()
    }
}

impl<T: Text> Text for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(Text::text)
    }
}

/// A list, holding no spare room: a list read from YAML grows by doubling, as its length is not
/// known beforehand, and the lists of a large workspace would otherwise keep up to half their
/// memory unused until exit.
pub(crate) fn compact<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    let mut list = Vec::<T>::deserialize(deserializer)?;
    list.shrink_to_fit();
    Ok(list)
}

/// Single-line text (a name, a title, a role): at most `MAX_LINE` characters (schema `maxLength`).
pub(crate) fn line<'de, D: Deserializer<'de>, T: Deserialize<'de> + Text>(
    deserializer: D,
) -> Result<T, D::Error> {
    within_line(T::deserialize(deserializer)?)
}

/// `value`, if its text holds at most `MAX_LINE` characters.
fn within_line<T: Text, E: de::Error>(value: T) -> Result<T, E> {
    match value.text() {
        Some(text) if text.chars().count() > MAX_LINE => {
            Err(E::custom(format!("text longer than {MAX_LINE} characters")))
        }
        _ => Ok(value),
    }
}

/// An e-mail address (schema `format: email`).
pub(crate) fn email<'de, D: Deserializer<'de>, T: Deserialize<'de> + Text>(
    deserializer: D,
) -> Result<T, D::Error> {
    formatted(deserializer, "email")
}

/// A two-letter country code (schema `format: country`).
pub(crate) fn country<'de, D: Deserializer<'de>, T: Deserialize<'de> + Text>(
    deserializer: D,
) -> Result<T, D::Error> {
    formatted(deserializer, "country")
}

/// A web address (schema `format: uri`, at most `MAX_LINE` characters).
pub(crate) fn web_address<'de, D: Deserializer<'de>, T: Deserialize<'de> + Text>(
    deserializer: D,
) -> Result<T, D::Error> {
    within_line(formatted(deserializer, "uri")?)
}

fn formatted<'de, D: Deserializer<'de>, T: Deserialize<'de> + Text>(
    deserializer: D,
    format: &str,
) -> Result<T, D::Error> {
    let value = T::deserialize(deserializer)?;
    if let Some(text) = value.text() {
        check_format(format, text).map_err(de::Error::custom)?;
    }
    Ok(value)
}

/// A number or boolean as YAML reads it, never text that spells one (`"5"`, `"true"`).
#[derive(Clone, Copy)]
pub(crate) struct Exact<T>(T);

/// A field read through [`Exact`]: its type with every number or boolean in it read exactly.
pub(crate) trait FromExact: Sized {
    /// What is read.
    type Raw;
    /// The field's value.
    fn from_raw(raw: Self::Raw) -> Self;
    /// The number it holds, for range checks.
    fn number(&self) -> Option<u64>;
}

macro_rules! exact_number {
    ($($ty:ty),*) => {$(
        impl<'de> Deserialize<'de> for Exact<$ty> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let n = deserializer.deserialize_any(Whole)?;
                <$ty>::try_from(n)
                    .map(Exact)
                    .map_err(|_| de::Error::custom(format!("{n} is out of range")))
            }
        }

        impl FromExact for Option<$ty> {
            type Raw = Option<Exact<$ty>>;
            fn from_raw(raw: Self::Raw) -> Self {
                raw.map(|e| e.0)
            }
            fn number(&self) -> Option<u64> {
                self.map(u64::from)
            }
        }

        impl FromExact for Option<Sp<$ty>> {
            type Raw = Option<Sp<Exact<$ty>>>;
            fn from_raw(raw: Self::Raw) -> Self {
                raw.map(|s| Sp::new(s.value.0, s.span))
            }
            fn number(&self) -> Option<u64> {
                self.as_ref().map(|s| u64::from(s.value))
            }
        }
    )*};
}

exact_number!(u8, u32);

impl<'de> Deserialize<'de> for Exact<bool> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Boolean).map(Exact)
    }
}

impl FromExact for Option<bool> {
    type Raw = Option<Exact<bool>>;
    fn from_raw(raw: Self::Raw) -> Self {
        raw.map(|e| e.0)
    }
    fn number(&self) -> Option<u64> {
        None
    }
}

impl FromExact for Option<Sp<bool>> {
    type Raw = Option<Sp<Exact<bool>>>;
    fn from_raw(raw: Self::Raw) -> Self {
        raw.map(|s| Sp::new(s.value.0, s.span))
    }
    fn number(&self) -> Option<u64> {
        None
    }
}

/// A number or boolean written as one.
pub(crate) fn exact<'de, D: Deserializer<'de>, T: FromExact>(deserializer: D) -> Result<T, D::Error>
where
    T::Raw: Deserialize<'de>,
{
    T::Raw::deserialize(deserializer).map(T::from_raw)
}

/// A whole number of 1 or more, written as one (schema `minimum: 1`).
pub(crate) fn positive<'de, D: Deserializer<'de>, T: FromExact>(
    deserializer: D,
) -> Result<T, D::Error>
where
    T::Raw: Deserialize<'de>,
{
    let value = exact::<D, T>(deserializer)?;
    match value.number() {
        Some(0) => Err(de::Error::custom("a number of 1 or more is expected")),
        _ => Ok(value),
    }
}

struct Whole;

impl Visitor<'_> for Whole {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }
}

struct Boolean;

impl Visitor<'_> for Boolean {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true or false")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
}
