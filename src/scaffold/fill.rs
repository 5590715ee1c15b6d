//! Filling the date placeholders of the scaffold templates.
//!
//! A template writes `{{today}}` for the day `init` runs and `{{today+DURATION}}` for a later day
//! (`{{today+1y}}`, `{{today+6mo}}`; durations as in plans). Anything else between double braces
//! is left alone, so GitHub Actions expressions such as `${{ github.base_ref }}` survive.

use crate::model::{Date, Duration};

/// `template` with every `{{today...}}` placeholder replaced by an ISO date.
pub(crate) fn fill(template: &str, today: Date) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let (before, from_open) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = from_open.find("}}") else {
            out.push_str(from_open);
            return Ok(out);
        };
        let inner = from_open[2..end].trim();
        match inner.strip_prefix("today") {
            Some(offset) => out.push_str(&date(inner, offset.trim(), today)?.to_string()),
            None => out.push_str(&from_open[..end + 2]),
        }
        rest = &from_open[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn date(placeholder: &str, offset: &str, today: Date) -> Result<Date, String> {
    if offset.is_empty() {
        return Ok(today);
    }
    let Some(duration) = offset.strip_prefix('+') else {
        return Err(format!(
            "placeholder `{{{{{placeholder}}}}}`: write `{{{{today}}}}` or `{{{{today+DURATION}}}}`"
        ));
    };
    let duration: Duration = duration
        .trim()
        .parse()
        .map_err(|e| format!("placeholder `{{{{{placeholder}}}}}`: {e}"))?;
    Ok(today.plus(&duration))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        "2026-06-01".parse().unwrap()
    }

    #[test]
    fn fills_today_and_later_days() {
        assert_eq!(
            fill("a: {{today}}\nb: {{ today+1y }}\n", day()).unwrap(),
            "a: 2026-06-01\nb: 2027-06-01\n"
        );
        assert_eq!(
            fill("{{today+6mo}}", day()).unwrap(),
            "2026-12-01" // 6mo is six calendar months
        );
    }

    #[test]
    fn leaves_other_expressions_alone() {
        let text = "ref: ${{ github.base_ref }} and {{ unclosed";
        assert_eq!(fill(text, day()).unwrap(), text);
    }

    #[test]
    fn rejects_malformed_placeholders() {
        assert!(
            fill("{{today-1d}}", day())
                .unwrap_err()
                .contains("today+DURATION")
        );
        assert!(fill("{{today+soon}}", day()).unwrap_err().contains("soon"));
        assert!(fill("{{todays}}", day()).is_err());
    }
}
