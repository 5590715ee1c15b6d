//! Calendar dates (`2026-03-15`) and "today".

use std::fmt;
use std::str::FromStr;

use super::duration::Duration;
use super::value::string_value;

/// A proleptic Gregorian calendar date (calendar arithmetic by `jiff`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    inner: jiff::civil::Date,
}

impl Date {
    /// The date of year, month (1-12) and day (1-31), if it exists.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        let inner = jiff::civil::Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()?;
        Some(Date { inner })
    }

    /// Today's date by the system clock (UTC).
    pub fn today() -> Date {
        Date {
            inner: jiff::tz::Offset::UTC
                .to_datetime(jiff::Timestamp::now())
                .date(),
        }
    }

    /// The date `duration` later, on the calendar: its months and years (`12mo`, `1y`) are
    /// calendar months and years (2026-10-30 + 12mo = 2027-10-30; a day past the end of the
    /// month is clamped to its last day), the rest whole days (a part day is dropped).
    pub fn plus(self, duration: &Duration) -> Date {
        let span = jiff::Span::new()
            .try_months(i64::from(duration.calendar_months()))
            .and_then(|s| s.try_days(i64::try_from(duration.day_minutes() / 1440).unwrap_or(0)));
        let later = span.and_then(|span| self.inner.checked_add(span));
        Date {
            inner: later.unwrap_or(jiff::civil::Date::MAX),
        }
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later
            .inner
            .since((jiff::Unit::Day, self.inner))
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// Year, month and day.
    #[allow(clippy::cast_sign_loss)]
    pub fn ymd(self) -> (i64, u32, u32) {
        (
            i64::from(self.inner.year()),
            self.inner.month() as u32,
            self.inner.day() as u32,
        )
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a date: write it as YYYY-MM-DD, e.g. `2026-03-15`");
        let parts: Vec<&str> = text.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        // Digits only: Rust's integer parsing would also take a sign (`2026-+1-+5`).
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(bad());
        }
        let year: i64 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        let day: u32 = d.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` is not a date: there is no month {month}"));
        }
        Date::from_ymd(year, month, day).ok_or_else(|| {
            format!("`{text}` is not a date: there is no day {day} in month {month} of {year}")
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

string_value!(
    Date,
    "date",
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    "A calendar date, ISO 8601: `2026-03-15`."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_validates() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert!(
            "2023-02-29"
                .parse::<Date>()
                .unwrap_err()
                .contains("no day 29")
        );
        assert!("15/03/2026".parse::<Date>().is_err());
        assert!("2026-3-5".parse::<Date>().is_err());
        // Signs were once taken as part of the number.
        for signed in ["2026-+1-+5", "+026-01-01", "2026-01-+1"] {
            assert!(signed.parse::<Date>().is_err(), "{signed}");
        }
        let a: Date = "2025-12-31".parse().unwrap();
        let b: Date = "2026-01-01".parse().unwrap();
        assert_eq!(a.days_until(b), 1);
        let plus = |d: &str, by: &str| {
            d.parse::<Date>()
                .unwrap()
                .plus(&by.parse().unwrap())
                .to_string()
        };
        assert_eq!(plus("2025-12-31", "12mo"), "2026-12-31");
        assert_eq!(plus("2026-10-30", "12mo"), "2027-10-30");
        assert_eq!(plus("2024-02-29", "1y"), "2025-02-28");
        assert_eq!(plus("2026-01-31", "1mo"), "2026-02-28");
        assert_eq!(plus("2026-01-31", "1mo2d"), "2026-03-02");
        assert_eq!(plus("2026-03-01", "30d"), "2026-03-31");
    }
}
