//! Redaction for wider distribution (`--redact`): personal phone numbers and e-mail addresses from
//! the People register are masked wherever they would appear.
//!
//! Two layers. Structurally, the view model replaces every person's phone and e-mail fields with
//! their masks ([`Redactor::phone`], [`Redactor::email`]). In free text, [`Redactor::text`] searches
//! the folded form of the text (see `fold.rs`) for each registered number, in any grouping and with
//! or without its country code or trunk `0`, and for each registered address, and masks what it
//! finds as a whole; any other e-mail address is masked too (it may belong to a person whose entry
//! could not be loaded). Supplier desk contacts are business lines and stay. The leak guard
//! (`leak.rs`) runs [`Redactor::known_in`] over the finished outputs.

use std::ops::Range;

use super::fold::{Folded, fold};
use crate::model::{Person, Supplier};

/// A personal phone number: its E.164 digits and the digit strings that spell it.
#[derive(Clone, Debug)]
struct KnownPhone {
    /// Who it belongs to (a person id).
    owner: String,
    /// E.164 digits, with the country code.
    full: String,
    /// The spellings searched for, longest first: the country code with a trunk `0`
    /// (`+44 (0)7700…`), the full number, the national number with and without its `0`.
    spellings: Vec<String>,
}

/// A personal e-mail address, folded.
#[derive(Clone, Debug)]
struct KnownEmail {
    owner: String,
    folded: String,
    domain: String,
}

/// A personal contact found in text: where (bytes of the original), its mask, and whose it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte range in the text searched.
    pub(crate) span: Range<usize>,
    /// What replaces it.
    pub(crate) mask: String,
    /// The person it belongs to (empty for an address not in the register).
    pub(crate) owner: String,
    /// What it is, without revealing it: `phone number ending 78`, `e-mail address at example.com`.
    pub(crate) what: String,
}

/// Masks the phone numbers and e-mail addresses of a set of people.
#[derive(Clone, Debug, Default)]
pub(crate) struct Redactor {
    phones: Vec<KnownPhone>,
    emails: Vec<KnownEmail>,
    /// Folded e-mail addresses of supplier desks, which stay.
    desks: Vec<String>,
}

impl Redactor {
    /// A redactor for everyone in `people`, keeping the desk contacts of `suppliers`.
    ///
    /// A number or address that is also a supplier desk's is published as that desk's and stays
    /// wherever it appears: masking it in a person's text while the desk shows it would hide
    /// nothing, and the leak guard would fail every redacted render of such a workspace. The
    /// person's own contact fields are still masked (structurally, in the view model).
    pub(crate) fn new(people: &[Person], suppliers: &[Supplier]) -> Redactor {
        let desks = || suppliers.iter().filter_map(|s| s.contact.as_ref());
        let desk_phones: Vec<String> = desks()
            .filter_map(|c| Some(digits(c.phone.as_ref()?.value.0.as_str())))
            .collect();
        let desk_emails: Vec<String> = desks()
            .filter_map(|c| Some(folded_string(c.email.as_ref()?.value.as_str())))
            .collect();
        Redactor::of_contacts(
            people.iter().flat_map(|p| {
                p.phones
                    .iter()
                    .map(|phone| (p.id.as_str(), phone.number.value.0.as_str()))
                    .filter(|(_, number)| !desk_phones.contains(&digits(number)))
            }),
            people
                .iter()
                .filter_map(|p| Some((p.id.as_str(), p.email.as_ref()?.value.as_str())))
                .filter(|(_, address)| !desk_emails.contains(&folded_string(address))),
            desks().filter_map(|c| Some(c.email.as_ref()?.value.as_str())),
        )
    }

    /// A redactor for personal `phones` (E.164) and `emails`, each as (owner, contact), keeping
    /// the desk e-mails `desks`.
    pub(crate) fn of_contacts<'a>(
        phones: impl IntoIterator<Item = (&'a str, &'a str)>,
        emails: impl IntoIterator<Item = (&'a str, &'a str)>,
        desks: impl IntoIterator<Item = &'a str>,
    ) -> Redactor {
        let mut r = Redactor {
            desks: desks.into_iter().map(folded_string).collect(),
            ..Redactor::default()
        };
        for (owner, number) in phones {
            r.add_phone(owner, number);
        }
        for (owner, address) in emails {
            r.add_email(owner, address);
        }
        r.emails.sort_by_key(|e| std::cmp::Reverse(e.folded.len()));
        r
    }

    fn add_phone(&mut self, owner: &str, number: &str) {
        let full = digits(number);
        let cc = &full[..country_code_len(&full).min(full.len())];
        let national = &full[cc.len()..];
        let mut spellings = vec![
            format!("{cc}0{national}"),
            full.clone(),
            format!("0{national}"),
            national.to_owned(),
        ];
        spellings.retain(|s| s.len() >= 6);
        spellings.dedup();
        self.phones.push(KnownPhone {
            owner: owner.to_owned(),
            full,
            spellings,
        });
    }

    fn add_email(&mut self, owner: &str, address: &str) {
        let folded = folded_string(address);
        if folded.is_empty() {
            return;
        }
        self.emails.push(KnownEmail {
            owner: owner.to_owned(),
            domain: folded
                .rsplit_once('@')
                .map_or_else(String::new, |(_, d)| d.to_owned()),
            folded,
        });
    }

    /// `text` with every personal phone number and e-mail address masked, and any other e-mail
    /// address that is not a supplier desk's.
    pub(crate) fn text(&self, text: &str) -> String {
        let f = fold(text);
        let mut found = self.known(&f);
        found.extend(self.other_emails(&f));
        apply(text, found)
    }

    /// The personal contacts known to the registers that `text` still shows, in any spelling.
    pub(crate) fn known_in(&self, text: &str) -> Vec<Found> {
        self.known(&fold(text))
    }

    /// Known contacts in folded text: addresses, then numbers outside them.
    fn known(&self, f: &Folded) -> Vec<Found> {
        let flat: String = f.chars.iter().collect();
        let mut found = Vec::new();
        for email in &self.emails {
            for (at, _) in flat.match_indices(email.folded.as_str()) {
                let from = flat[..at].chars().count();
                let to = from + email.folded.chars().count();
                found.push(Found {
                    span: f.span(from, to),
                    mask: format!("•••@{}", email.domain),
                    owner: email.owner.clone(),
                    what: format!("e-mail address at {}", email.domain),
                });
            }
        }
        for run in digit_runs(f) {
            found.extend(self.phones_in(f, &run));
        }
        found
    }

    /// Known numbers in one run of digits and separators (`positions` of its digits).
    fn phones_in(&self, f: &Folded, positions: &[usize]) -> Vec<Found> {
        let digits: String = positions.iter().map(|&p| f.chars[p]).collect();
        let mut hits: Vec<(usize, usize, &KnownPhone)> = Vec::new();
        for phone in &self.phones {
            for spelling in &phone.spellings {
                for (at, _) in digits.match_indices(spelling.as_str()) {
                    hits.push((at, at + spelling.len(), phone));
                }
            }
        }
        hits.sort_by_key(|&(from, to, _)| (from, std::cmp::Reverse(to)));
        let mut out = Vec::new();
        let mut done = 0;
        for (from, to, phone) in hits {
            if from < done {
                continue;
            }
            done = to;
            let mut start = positions[from];
            if start > 0 && f.chars[start - 1] == '+' {
                start -= 1;
            }
            out.push(Found {
                span: f.span(start, positions[to - 1] + 1),
                mask: mask_phone(&phone.full),
                owner: phone.owner.clone(),
                what: format!(
                    "phone number ending {}",
                    &phone.full[phone.full.len().saturating_sub(2)..]
                ),
            });
        }
        out
    }

    /// E-mail addresses in folded text that are not supplier desks'.
    fn other_emails(&self, f: &Folded) -> Vec<Found> {
        let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
        let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
        let chars = &f.chars;
        let mut out = Vec::new();
        for at in (0..chars.len()).filter(|&i| chars[i] == '@') {
            let start = (0..at).rev().take_while(|&i| local(chars[i])).last();
            let mut end = (at + 1..chars.len())
                .take_while(|&i| domain(chars[i]))
                .last()
                .map_or(at + 1, |i| i + 1);
            while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
                end -= 1;
            }
            let Some(start) = start else { continue };
            let host = f.string(at + 1, end);
            let address = f.string(start, end);
            if host.contains('.') && !self.desks.contains(&address) {
                out.push(Found {
                    span: f.span(start, end),
                    mask: format!("•••@{host}"),
                    owner: String::new(),
                    what: format!("e-mail address at {host}"),
                });
            }
        }
        out
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

/// `text` folded, as a string.
/// The digits of a phone number as written (`+44 7700 900101` → `447700900101`).
fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

fn folded_string(text: &str) -> String {
    fold(text).chars.into_iter().collect()
}

/// Runs of digits joined by separators (spaces, `-`, `.`, `/`, parentheses, `+`; at most three
/// in a row), as the positions of their digits in `f`.
fn digit_runs(f: &Folded) -> Vec<Vec<usize>> {
    let chars = &f.chars;
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        loop {
            if j < chars.len() && chars[j].is_ascii_digit() {
                run.push(j);
                j += 1;
                continue;
            }
            let gap = chars[j..]
                .iter()
                .take(4)
                .take_while(|c| " -./()+".contains(**c))
                .count();
            if gap > 0 && gap <= 3 && chars.get(j + gap).is_some_and(char::is_ascii_digit) {
                j += gap;
                continue;
            }
            break;
        }
        runs.push(run);
        i = j;
    }
    runs
}

/// `text` with the `found` spans replaced by their masks (the first and longest of overlapping
/// ones wins).
fn apply(text: &str, mut found: Vec<Found>) -> String {
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        if f.span.start < at {
            continue;
        }
        out.push_str(&text[at..f.span.start]);
        out.push_str(&f.mask);
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        let mut r = Redactor {
            desks: vec!["ops@acme.example".into()],
            ..Redactor::default()
        };
        r.add_phone("li.wei", "+8676912345678");
        r.add_phone("amy.jones", "+447700900106");
        r.add_email("li.wei", "li.wei@example.com");
        r
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
    fn a_trunk_zero_in_parentheses_is_masked_whole() {
        // Regression: this was shown as `+44 (+44 ••• ••• 06`.
        let r = redactor();
        assert_eq!(r.text("Call +44 (0)7700 900106."), "Call +44 ••• ••• 06.");
        assert_eq!(r.text("+86 769 1234 5678 24/7"), "+86 ••• ••• 78 24/7");
    }

    #[test]
    fn any_text_is_handled_and_a_known_number_never_survives() {
        // Deterministic pseudo-random texts over the characters folding cares about.
        let alphabet: Vec<char> = "+0123456789 -.()/@&#;%xX4a0ana.silva\\*_`~é\u{200b}\u{2009}\u{2013}\u{ff11}\u{663}\u{202e}\u{1b}[at]"
            .chars()
            .collect();
        let r = redactor();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[usize::try_from(seed % alphabet.len() as u64).unwrap()]);
            }
            let with_number = format!("{text}+86 769 1234 5678{text}");
            let masked = r.text(&with_number);
            assert!(
                r.known_in(&masked).is_empty(),
                "{with_number:?} -> {masked:?}"
            );
        }
    }

    #[test]
    fn country_codes() {
        assert_eq!(country_code_len("15551234567"), 1);
        assert_eq!(country_code_len("8676912345678"), 2);
        assert_eq!(country_code_len("351912345678"), 3);
        assert_eq!(Redactor::phone("+351912345678"), "+351 ••• ••• 78");
    }
}
