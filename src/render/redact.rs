//! Redaction for wider distribution (`--redact`): personal phone numbers and e-mail addresses from
//! the People register are masked wherever they would appear, in contact fields and in free text.
//!
//! It is applied while the view model is built, so templates never see the real values. Supplier
//! desk contacts are business lines and stay; any other e-mail address written in free text is
//! masked too (it may belong to a person whose register entry could not be loaded).

use crate::model::{Person, Supplier};

/// Masks the phone numbers and e-mail addresses of a set of people.
#[derive(Clone, Debug, Default)]
pub(crate) struct Redactor {
    /// Digits of each personal number (with country code), and the national part.
    phones: Vec<(String, String)>,
    /// Lower-case e-mail addresses.
    emails: Vec<String>,
    /// Lower-case e-mail addresses of supplier desks, which stay.
    desks: Vec<String>,
}

impl Redactor {
    /// A redactor for everyone in `people`, keeping the desk e-mails of `suppliers`.
    pub(crate) fn new(people: &[Person], suppliers: &[Supplier]) -> Redactor {
        Redactor::of_contacts(
            people
                .iter()
                .flat_map(|p| p.phones.iter().map(|phone| phone.number.value.0.as_str())),
            people
                .iter()
                .filter_map(|p| Some(p.email.as_ref()?.value.as_str())),
            suppliers
                .iter()
                .filter_map(|s| Some(s.contact.as_ref()?.email.as_ref()?.value.as_str())),
        )
    }

    /// A redactor for personal `phones` (E.164) and `emails`, keeping the desk e-mails `desks`.
    pub(crate) fn of_contacts<'a>(
        phones: impl IntoIterator<Item = &'a str>,
        emails: impl IntoIterator<Item = &'a str>,
        desks: impl IntoIterator<Item = &'a str>,
    ) -> Redactor {
        let mut r = Redactor {
            desks: desks.into_iter().map(str::to_lowercase).collect(),
            emails: emails.into_iter().map(str::to_lowercase).collect(),
            ..Redactor::default()
        };
        for phone in phones {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            let national = digits[country_code_len(&digits).min(digits.len())..].to_owned();
            r.phones.push((digits, national));
        }
        r.phones.sort();
        r.phones.dedup();
        r.emails.sort_by_key(|e| std::cmp::Reverse(e.len()));
        r.emails.dedup();
        r
    }

    /// `text` with every personal phone number and e-mail address masked.
    pub(crate) fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for email in &self.emails {
            out = replace_ignore_case(&out, email, &mask_email(email));
        }
        self.mask_phones_in(&self.mask_other_emails(&out))
    }

    /// Masks e-mail addresses in `text` that are not supplier desks'.
    fn mask_other_emails(&self, text: &str) -> String {
        let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
        let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('@') {
            let start = rest[..at]
                .char_indices()
                .rev()
                .take_while(|(_, c)| local(*c))
                .last()
                .map_or(at, |(i, _)| i);
            let after = &rest[at + 1..];
            let host_len = after.find(|c: char| !domain(c)).unwrap_or(after.len());
            let host = after[..host_len].trim_end_matches(['.', '-']);
            let end = at + 1 + host.len();
            let address = &rest[start..end];
            if start < at && host.contains('.') && !self.desks.contains(&address.to_lowercase()) {
                out.push_str(&rest[..start]);
                out.push_str(&mask_email(address));
            } else {
                out.push_str(&rest[..end]);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    fn mask_phones_in(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let starts = (chars[i] == '+' || chars[i].is_ascii_digit())
                && (i == 0 || !chars[i - 1].is_alphanumeric());
            if starts {
                let mut end = i + 1;
                while end < chars.len()
                    && (chars[end].is_ascii_digit() || " -.()\u{a0}/".contains(chars[end]))
                {
                    end += 1;
                }
                while end > i + 1 && !chars[end - 1].is_ascii_digit() {
                    end -= 1;
                }
                let run: String = chars[i..end].iter().collect();
                let digits: String = run.chars().filter(char::is_ascii_digit).collect();
                if let Some(full) = self.personal(&digits) {
                    out.push_str(&mask_phone(full));
                    i = end;
                    continue;
                }
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }

    /// The registered number `digits` spells, if it is a personal one.
    fn personal(&self, digits: &str) -> Option<&str> {
        if digits.len() < 7 {
            return None;
        }
        self.phones
            .iter()
            .find(|(full, national)| {
                digits == full || digits == national || digits.strip_prefix('0') == Some(national)
            })
            .map(|(full, _)| full.as_str())
    }

    /// A personal phone number as shown: masked.
    pub(crate) fn phone(number: &str) -> String {
        mask_phone(
            &number
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>(),
        )
    }

    /// A personal e-mail address as shown: masked.
    pub(crate) fn email(address: &str) -> String {
        mask_email(address)
    }
}

/// `+86 ••• ••• 78`: the country code and the last two digits.
fn mask_phone(digits: &str) -> String {
    let cc = &digits[..country_code_len(digits).min(digits.len())];
    let last = &digits[digits.len().saturating_sub(2)..];
    format!("+{cc} ••• ••• {last}")
}

/// `•••@example.com`: the domain only.
fn mask_email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((_, domain)) => format!("•••@{domain}"),
        None => "[redacted]".to_owned(),
    }
}

/// Length of the country calling code at the start of E.164 `digits` (ITU-T E.164 zones).
pub(crate) fn country_code_len(digits: &str) -> usize {
    let two: u32 = digits.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
    match two / 10 {
        1 | 7 => 1,
        _ if matches!(
            two,
            20 | 27 | 30..=34 | 36 | 39 | 40 | 41 | 43..=49 | 51..=58 | 60..=66 | 81 | 82 | 84 | 86 | 90..=95 | 98
        ) =>
        {
            2
        }
        _ => 3,
    }
}

fn replace_ignore_case(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_owned();
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return text.replace(needle, with);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find(needle) {
        out.push_str(&text[at..at + found]);
        out.push_str(with);
        at += found + needle.len();
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        Redactor {
            phones: vec![("8676912345678".into(), "76912345678".into())],
            emails: vec!["li.wei@example.com".into()],
            desks: vec!["ops@acme.example".into()],
        }
    }

    #[test]
    fn masks_numbers_in_any_spelling_and_emails_in_any_case() {
        let r = redactor();
        assert_eq!(
            r.text(
                "Call +86 769 1234 5678, 0769-1234-5678 or LI.WEI@example.com; desk +8675500000000."
            ),
            "Call +86 ••• ••• 78, +86 ••• ••• 78 or •••@example.com; desk +8675500000000."
        );
        assert_eq!(r.text("ref 2026-05-04, 12345"), "ref 2026-05-04, 12345");
        assert_eq!(
            r.text("Ask x.y@corp.example. Desk: OPS@acme.example, or @team on chat"),
            "Ask •••@corp.example. Desk: OPS@acme.example, or @team on chat"
        );
    }

    #[test]
    fn country_codes() {
        assert_eq!(country_code_len("15551234567"), 1);
        assert_eq!(country_code_len("8676912345678"), 2);
        assert_eq!(country_code_len("351912345678"), 3);
        assert_eq!(Redactor::phone("+351912345678"), "+351 ••• ••• 78");
    }
}
