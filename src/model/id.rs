//! Identifiers (`li.wei`, `dongguan-p2`) and activity references (`plan-id/activity-id`).

use std::fmt;
use std::str::FromStr;

use compact_str::CompactString;

use super::value::{MAX_ID, string_value};

/// An id: `[a-z0-9][a-z0-9._-]*`.
///
/// Held inline, without an allocation of its own, when it has at most 24 bytes (as nearly every
/// id has): a large workspace holds millions of ids.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub CompactString);

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Id {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut chars = text.chars();
        let Some(first) = chars.next() else {
            return Err("an id cannot be empty".to_owned());
        };
        let length = text.chars().count();
        if length > MAX_ID {
            let start: String = text.chars().take(20).collect();
            return Err(format!(
                "the id `{start}...` is {length} characters long; ids may have at most {MAX_ID}"
            ));
        }
        let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
        if !lower(first) {
            if first.is_ascii_uppercase() {
                if let Ok(id) = text.to_ascii_lowercase().parse::<Id>() {
                    return Err(format!(
                        "`{text}` is not a valid id: ids are lower-case; try `{id}`"
                    ));
                }
            }
            return Err(format!(
                "`{text}` is not a valid id: it must start with a lower-case letter or digit (ids look like `li.wei` or `dongguan-p2`)"
            ));
        }
        if let Some(bad) = text
            .chars()
            .find(|&c| !(lower(c) || matches!(c, '.' | '_' | '-')))
        {
            let hint = if bad.is_ascii_uppercase() {
                format!("; try `{}`", text.to_ascii_lowercase())
            } else {
                String::new()
            };
            return Err(format!(
                "`{text}` is not a valid id: `{bad}` is not allowed (use a-z, 0-9, `.`, `_`, `-`){hint}"
            ));
        }
        Ok(Id(CompactString::from(text)))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_value!(
    Id,
    "bcplan-id",
    "^[a-z0-9][a-z0-9._-]*$",
    "An id: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 100 characters.",
    Some(MAX_ID)
);

/// A reference to an activity: `activity-id` in the same plan, or `plan-id/activity-id`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActivityRef {
    /// The plan, when the reference crosses plans.
    pub plan: Option<Id>,
    /// The activity.
    pub activity: Id,
}

impl FromStr for ActivityRef {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.split_once('/') {
            Some((plan, activity)) => Ok(ActivityRef {
                plan: Some(
                    plan.parse()
                        .map_err(|e| format!("{e} (in the plan part of `{text}`)"))?,
                ),
                activity: activity
                    .parse()
                    .map_err(|e| format!("{e} (in the activity part of `{text}`)"))?,
            }),
            None => Ok(ActivityRef {
                plan: None,
                activity: text.parse()?,
            }),
        }
    }
}

impl fmt::Display for ActivityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.plan {
            Some(plan) => write!(f, "{plan}/{}", self.activity),
            None => write!(f, "{}", self.activity),
        }
    }
}

string_value!(
    ActivityRef,
    "activity-ref",
    "^([a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$",
    "An activity of the same plan (`activity-id`) or of another plan (`plan-id/activity-id`).",
    Some(2 * MAX_ID + 1)
);
