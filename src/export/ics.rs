//! Dated items as an iCalendar feed (RFC 5545): one all-day `VEVENT` per item, with its owners
//! as `ATTENDEE`s (`mailto:` from the People register; the first also as `ORGANIZER`), the file
//! and line it comes from (in the description, and as a link in `URL`), a stable `UID`, and a
//! reminder a week before.
//!
//! `DTSTAMP` is "today" at midnight UTC rather than the clock, so identical input and `--today`
//! give byte-identical feeds. Text is escaped and lines folded at 75 octets with CRLF; the `URL`
//! is a URI value, percent-encoded already, so it is folded but not escaped.

use super::calendar::Item;
use super::lines::{mailto, param, push, text};
use crate::model::Date;

/// The feed of `items`, stamped `today`; `name` (the organisation) names the calendar.
pub(crate) fn write(items: &[Item], today: Date, name: Option<&str>) -> String {
    let mut out = String::new();
    push(&mut out, "BEGIN:VCALENDAR");
    push(&mut out, "VERSION:2.0");
    push(&mut out, "PRODID:-//bcplan//bcplan export calendar//EN");
    push(&mut out, "CALSCALE:GREGORIAN");
    let title = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(org) => format!("{org}: business continuity due dates"),
        None => "Business continuity due dates".to_owned(),
    };
    push(&mut out, &format!("X-WR-CALNAME:{}", text(&title)));
    let stamp = format!("{}T000000Z", compact(today));
    for item in items {
        push(&mut out, "BEGIN:VEVENT");
        push(&mut out, &format!("UID:{}", text(&item.uid)));
        push(&mut out, &format!("DTSTAMP:{stamp}"));
        push(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", compact(item.date)),
        );
        push(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", compact(next_day(item.date))),
        );
        push(&mut out, &format!("SUMMARY:{}", text(&item.summary)));
        let mut description = item.description.clone();
        description.push(format!("Source: {}", item.place.shown));
        push(
            &mut out,
            &format!("DESCRIPTION:{}", text(&description.join("\n"))),
        );
        push(&mut out, &format!("URL:{}", item.place.url));
        push(&mut out, &format!("CATEGORIES:{}", text(item.category)));
        push(&mut out, "TRANSP:TRANSPARENT");
        // RFC 5545 wants an organizer on an event with attendees: the first owner.
        if let Some((name, Some(email))) = item.attendees.iter().find(|(_, e)| e.is_some()) {
            push(
                &mut out,
                &format!("ORGANIZER;CN={}:{}", param(name), mailto(email)),
            );
        }
        for (name, email) in &item.attendees {
            if let Some(email) = email {
                push(
                    &mut out,
                    &format!(
                        "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT:{}",
                        param(name),
                        mailto(email)
                    ),
                );
            }
        }
        push(&mut out, "BEGIN:VALARM");
        push(&mut out, "ACTION:DISPLAY");
        push(&mut out, &format!("DESCRIPTION:{}", text(&item.summary)));
        push(&mut out, "TRIGGER:-P7D");
        push(&mut out, "END:VALARM");
        push(&mut out, "END:VEVENT");
    }
    push(&mut out, "END:VCALENDAR");
    out
}

/// `YYYYMMDD`.
fn compact(date: Date) -> String {
    let (y, m, d) = date.ymd();
    format!("{y:04}{m:02}{d:02}")
}

fn next_day(date: Date) -> Date {
    date.plus(&"1d".parse().expect("a valid duration"))
}
