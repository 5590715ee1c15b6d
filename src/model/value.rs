//! Shared plumbing for the scalar value types written as strings (ids, durations, dates, phones).
//!
//! Each such type implements `FromStr` with a precise, user-facing error message and `Display`
//! with its canonical spelling; `string_value!` derives serde and JSON Schema from those, so the
//! loader, the schema validator and the published schema all use the same parser.

/// The most characters a single-line text field (a name, a title, a role) may hold.
pub(crate) const MAX_LINE: usize = 200;

/// The most characters an id may hold.
pub(crate) const MAX_ID: usize = 100;

/// Implements `Deserialize`, `Serialize` and `JsonSchema` for a type with `FromStr` and `Display`.
///
/// The schema is `{"type": "string", "format": FORMAT, "pattern": PATTERN}`; schema validation
/// recognises `FORMAT` and calls the type's `FromStr` for the exact message.
macro_rules! string_value {
    ($ty:ty, $format:literal, $pattern:literal, $description:literal) => {
        $crate::model::value::string_value!($ty, $format, $pattern, $description, None);
    };
    ($ty:ty, $format:literal, $pattern:literal, $description:literal, $max:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = schemars::json_schema!({
                    "type": "string",
                    "format": $format,
                    "pattern": $pattern,
                    "description": $description,
                });
                let max: Option<usize> = $max;
                if let Some(max) = max {
                    schema.insert("maxLength".to_owned(), max.into());
                }
                schema
            }
        }
    };
}

pub(crate) use string_value;

/// Parses `text` as the value type registered under schema `format`, returning its error message.
///
/// Used by schema validation, so that a bad value gets the same message the loader would give.
pub(crate) fn check_format(format: &str, text: &str) -> Result<(), String> {
    use super::{ActivityRef, Date, Duration, Id, Phone, Size};
    let length = text.chars().count();
    if length > 2 * MAX_LINE && format != "bcplan-id" {
        // Do not echo a huge value in the message.
        let start: String = text.chars().take(20).collect();
        return Err(format!(
            "`{start}...` ({length} characters) is not a valid {}",
            format.trim_start_matches("bcplan-")
        ));
    }
    match format {
        "bcplan-size" => text.parse::<Size>().map(drop),
        "bcplan-id" => text.parse::<Id>().map(drop),
        "activity-ref" => text.parse::<ActivityRef>().map(drop),
        "bcplan-duration" => text.parse::<Duration>().map(drop),
        "date" => text.parse::<Date>().map(drop),
        "phone" => text.parse::<Phone>().map(drop),
        "email" => check_email(text),
        "country" => check_country(text),
        _ => Ok(()),
    }
}

fn check_email(text: &str) -> Result<(), String> {
    let ok = text
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !text.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not an e-mail address (expected name@example.com)"
        ))
    }
}

fn check_country(text: &str) -> Result<(), String> {
    if text.len() == 2 && text.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not an ISO 3166-1 alpha-2 country code"
        ))
    }
}
