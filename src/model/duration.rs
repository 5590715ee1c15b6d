//! Durations: a number and a unit, parts combined (`30min`, `4h`, `1d12h`, `6w`, `12mo`, `1y`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::value::string_value;

const UNITS: &[(&str, u64)] = &[
    ("min", 1),
    ("mo", 30 * 24 * 60),
    ("h", 60),
    ("d", 24 * 60),
    ("w", 7 * 24 * 60),
    ("y", 365 * 24 * 60),
];

/// The longest duration accepted: 100 years.
const MAX_MINUTES: u64 = 100 * 365 * 24 * 60;

/// A length of time, kept in minutes with the spelling the author chose.
///
/// Compared with each other, durations are minutes (`mo` = 30 days, `y` = 365 days); added to a
/// date, their `mo` and `y` parts are calendar months and years (see [`super::Date::plus`]).
#[derive(Clone, Debug)]
pub struct Duration {
    minutes: u64,
    /// Calendar months in the `mo` and `y` parts (a year is 12).
    months: u32,
    /// The minutes those parts count for when durations are compared.
    calendar_minutes: u64,
    text: String,
}

impl Duration {
    /// A duration of `minutes`, spelled canonically.
    pub fn from_minutes(minutes: u64) -> Self {
        Duration {
            minutes,
            months: 0,
            calendar_minutes: 0,
            text: spell(minutes),
        }
    }

    /// The calendar months of the `mo` and `y` parts (`1y2mo` is 14).
    pub fn calendar_months(&self) -> u32 {
        self.months
    }

    /// The minutes of the parts other than `mo` and `y`.
    pub fn day_minutes(&self) -> u64 {
        self.minutes - self.calendar_minutes
    }

    /// The length in minutes.
    pub fn minutes(&self) -> u64 {
        self.minutes
    }

    /// The length in (possibly fractional) days.
    #[allow(clippy::cast_precision_loss)]
    pub fn days(&self) -> f64 {
        self.minutes as f64 / 1440.0
    }
}

/// Spells a number of minutes with the largest whole units: `2d6h`, `45min`, `0min`.
pub fn spell(minutes: u64) -> String {
    if minutes == 0 {
        return "0min".to_owned();
    }
    let mut rest = minutes;
    let mut out = String::new();
    for (unit, size) in [("w", 10080), ("d", 1440), ("h", 60), ("min", 1)] {
        if rest >= size && (unit != "w" || rest.is_multiple_of(size)) {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    out
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.minutes == other.minutes
    }
}
impl Eq for Duration {}
impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Duration {
    fn cmp(&self, other: &Self) -> Ordering {
        self.minutes.cmp(&other.minutes)
    }
}

impl FromStr for Duration {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let help =
            "durations are a number and a unit (min, h, d, w, mo, y): `30min`, `4h`, `1d12h`, `6w`";
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(format!("empty duration: {help}"));
        }
        let mut rest = trimmed;
        let mut minutes: u64 = 0;
        let mut months: u64 = 0;
        let mut calendar_minutes: u64 = 0;
        while !rest.is_empty() {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if digits == 0 {
                return Err(format!(
                    "`{text}` is not a duration: expected a number at `{rest}`; {help}"
                ));
            }
            let number: u64 = rest[..digits]
                .parse()
                .map_err(|_| format!("`{text}` is not a duration: number too large"))?;
            rest = &rest[digits..];
            let Some((unit, size)) = UNITS.iter().find(|(unit, _)| rest.starts_with(unit)) else {
                let word: String = rest
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                let what = match (word.is_empty(), unit_for(&word)) {
                    (true, _) => "a number without a unit".to_owned(),
                    (false, Some(unit)) => {
                        format!("write `{number}{unit}` (a number and a unit, without a space)")
                    }
                    (false, None) => format!("unknown unit `{word}`"),
                };
                return Err(format!("`{text}` is not a duration: {what}"));
            };
            rest = &rest[unit.len()..];
            let too_long = || format!("`{text}` is too long a duration");
            let part = number.checked_mul(*size).ok_or_else(too_long)?;
            minutes = minutes.checked_add(part).ok_or_else(too_long)?;
            let part_months = match *unit {
                "mo" => number,
                "y" => number.checked_mul(12).ok_or_else(too_long)?,
                _ => 0,
            };
            if part_months > 0 {
                months = months.checked_add(part_months).ok_or_else(too_long)?;
                calendar_minutes += part;
            }
        }
        // No continuity objective is measured in centuries; the cap also keeps sums of
        // durations (critical paths, timelines) far from overflowing.
        if minutes > MAX_MINUTES {
            return Err(format!(
                "`{text}` is longer than 100 years: check the number and unit"
            ));
        }
        Ok(Duration {
            minutes,
            // At most 100 years, so at most 1,200 months.
            months: u32::try_from(months).unwrap_or(u32::MAX),
            calendar_minutes,
            text: trimmed.to_owned(),
        })
    }
}

/// The bcplan unit for a unit word people commonly write (`hours` -> `h`).
fn unit_for(word: &str) -> Option<&'static str> {
    match word.to_ascii_lowercase().as_str() {
        "min" | "m" | "mins" | "minute" | "minutes" => Some("min"),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some("h"),
        "d" | "day" | "days" => Some("d"),
        "w" | "wk" | "wks" | "week" | "weeks" => Some("w"),
        "mo" | "month" | "months" | "mon" => Some("mo"),
        "y" | "yr" | "yrs" | "year" | "years" => Some("y"),
        _ => None,
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_value!(
    Duration,
    // Not JSON Schema's own `duration` format, which is ISO 8601 (`P3D`) and would reject `3d`.
    "bcplan-duration",
    "^([0-9]+(min|h|d|w|mo|y))+$",
    "A duration: a number and a unit (min, h, d, w, mo, y); parts may be combined, e.g. `30min`, `4h`, `1d12h`, `6w`, `12mo`. Added to a date, `mo` and `y` are calendar months and years; compared with other durations, a month is 30 days and a year 365."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_combinations() {
        let m = |s: &str| s.parse::<Duration>().unwrap().minutes();
        assert_eq!(m("30min"), 30);
        assert_eq!(m("4h"), 240);
        assert_eq!(m("1d12h"), 2160);
        assert_eq!(m("6w"), 6 * 7 * 1440);
        assert_eq!(m("12mo"), 360 * 1440);
        assert_eq!(m("1y"), 365 * 1440);
        assert_eq!(m("1mo1min"), 30 * 1440 + 1);
        let d: Duration = "1y13mo2d".parse().unwrap();
        assert_eq!(d.calendar_months(), 25);
        assert_eq!(d.day_minutes(), 2 * 1440);
    }

    #[test]
    fn rejects_bad_text_with_reason() {
        assert!(
            "4".parse::<Duration>()
                .unwrap_err()
                .contains("without a unit")
        );
        assert!(
            "4 hours"
                .parse::<Duration>()
                .unwrap_err()
                .contains("write `4h`")
        );
        assert!(
            "4 fortnights"
                .parse::<Duration>()
                .unwrap_err()
                .contains("unknown unit `fortnights`")
        );
        assert!(
            "h4".parse::<Duration>()
                .unwrap_err()
                .contains("expected a number")
        );
        assert!("".parse::<Duration>().is_err());
        assert!("99999999999999999999y".parse::<Duration>().is_err());
        assert!(
            "30000000000000y"
                .parse::<Duration>()
                .unwrap_err()
                .contains("100 years")
        );
        assert!("100y".parse::<Duration>().is_ok());
    }

    #[test]
    fn spells_minutes() {
        assert_eq!(spell(2160), "1d12h");
        assert_eq!(spell(45), "45min");
        assert_eq!(spell(14 * 1440), "2w");
        assert_eq!(spell(10 * 1440), "10d");
    }
}
