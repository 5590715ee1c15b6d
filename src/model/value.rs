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
        "uri" => check_web_address(text),
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

/// The pattern of a web address (`format: uri`) in the published schema, matching what
/// [`check_web_address`] accepts.
pub(crate) const WEB_ADDRESS: &str =
    r"^https?://[A-Za-z0-9._~%!$&'()*+,;=:@\[\]-]+(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$";

/// A web address bcplan links to: `https://` or `http://`, a host, and a path of URI characters;
/// no query or fragment, since a file's path and `#L<line>` are appended to it.
pub(crate) fn check_web_address(text: &str) -> Result<(), String> {
    let not = |why: &str| Err(format!("`{text}` is not a web address: {why}"));
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return not("it must start with `https://` or `http://`");
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty() {
        return not("it names no host after `//`");
    }
    let bad = host.chars().find(|&c| !is_uri_char(c)).or_else(|| {
        path.chars()
            .find(|&c| !is_uri_char(c) || matches!(c, '[' | ']'))
    });
    let Some(bad) = bad else {
        return Ok(());
    };
    match bad {
        '?' | '#' => not(&format!(
            "`{bad}` is not allowed: give the address of the folder the files are under, without a query or fragment"
        )),
        c if c.is_whitespace() => not("spaces are not allowed: write them as `%20`"),
        c if c.is_ascii() => not(&format!(
            "`{}` is not allowed: percent-encode it",
            c.escape_default()
        )),
        c => not(&format!(
            "`{c}` is not allowed: percent-encode it as UTF-8 (`é` is `%C3%A9`)"
        )),
    }
}

/// A character that may stand unencoded in the host or path of a web address (RFC 3986:
/// unreserved, sub-delims, `:`, `@`, `/`, `%` of an escape, and `[` `]` of an IPv6 host).
fn is_uri_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=:@/[]".contains(c)
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
