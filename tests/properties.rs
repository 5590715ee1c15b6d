//! Properties over generated input (proptest): durations print and parse back, date arithmetic
//! agrees with jiff, redaction leaves no known contact, and plan Markdown never renders a live
//! HTML element. The HTML and Markdown checks are the fuzz target's (`fuzz/src/lib.rs`).

#[allow(unreachable_pub, dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use bcplan::model::{Date, Duration, spell};
use proptest::prelude::*;

const UNITS: &[(&str, u64)] = &[
    ("min", 1),
    ("h", 60),
    ("d", 1440),
    ("w", 7 * 1440),
    ("mo", 30 * 1440),
    ("y", 365 * 1440),
];
const MAX_MINUTES: u64 = 100 * 365 * 1440;

/// A duration as written, with the minutes it stands for: one to four parts.
fn written_duration() -> impl Strategy<Value = (String, u64)> {
    prop::collection::vec((0u64..2000, 0..UNITS.len()), 1..=4).prop_map(|parts| {
        let mut text = String::new();
        for (n, u) in &parts {
            text.push_str(&n.to_string());
            text.push_str(UNITS[*u].0);
        }
        let minutes = parts.iter().map(|(n, u)| n * UNITS[*u].1).sum();
        (text, minutes)
    })
}

/// A date jiff and bcplan can both hold: years 1 to 9999 (some days that do not exist).
fn ymd() -> impl Strategy<Value = (i64, u32, u32)> {
    (1i64..=9999, 1u32..=12, 1u32..=31)
}

fn jiff_date(y: i64, m: u32, d: u32) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_duration_prints_as_written_and_parses_back((text, minutes) in written_duration()) {
        match text.parse::<Duration>() {
            Ok(d) => {
                prop_assert!(minutes <= MAX_MINUTES);
                prop_assert_eq!(d.minutes(), minutes);
                prop_assert_eq!(d.to_string(), text.clone());
                prop_assert_eq!(d.to_string().parse::<Duration>().unwrap().minutes(), minutes);
            }
            Err(e) => {
                prop_assert!(minutes > MAX_MINUTES, "{text}: {e}");
                prop_assert!(e.contains("100 years"), "{text}: {e}");
            }
        }
    }

    #[test]
    fn minutes_spell_canonically_and_parse_back(minutes in 0..=MAX_MINUTES) {
        let spelled = spell(minutes);
        prop_assert_eq!(spelled.parse::<Duration>().unwrap().minutes(), minutes);
        prop_assert_eq!(Duration::from_minutes(minutes).to_string(), spelled.clone());
        // Largest whole units, each unit at most once, weeks only when they divide evenly.
        let again: String = spelled.chars().filter(char::is_ascii_alphabetic).collect();
        prop_assert!(["w", "d", "h", "min", "dh", "dmin", "hmin", "dhmin"].contains(&again.as_str()), "{spelled}");
    }

    #[test]
    fn dates_exist_and_print_as_jiff_says((y, m, d) in ymd()) {
        let ours = Date::from_ymd(y, m, d);
        let theirs = jiff_date(y, m, d);
        prop_assert_eq!(ours.is_some(), theirs.is_some(), "{}-{}-{}", y, m, d);
        if let (Some(ours), Some(theirs)) = (ours, theirs) {
            prop_assert_eq!(ours.to_string(), theirs.to_string());
            prop_assert_eq!(theirs.to_string().parse::<Date>(), Ok(ours));
            prop_assert_eq!(ours.ymd(), (y, m, d));
        }
    }

    #[test]
    fn days_between_dates_agree_with_jiff(a in ymd(), b in ymd()) {
        let (Some(ours_a), Some(ours_b)) = (Date::from_ymd(a.0, a.1, a.2), Date::from_ymd(b.0, b.1, b.2)) else {
            return Ok(());
        };
        let (theirs_a, theirs_b) = (jiff_date(a.0, a.1, a.2).unwrap(), jiff_date(b.0, b.1, b.2).unwrap());
        let days = theirs_a.until(theirs_b).unwrap().get_days();
        prop_assert_eq!(ours_a.days_until(ours_b), i64::from(days));
    }

    /// `Date::plus` adds calendar months and years as jiff does (`12mo` is twelve calendar
    /// months, `1y` one calendar year: a day past the month's end falls back to its last day),
    /// then the whole days of the other parts.
    #[test]
    fn adding_a_duration_adds_calendar_months_then_whole_days_as_jiff_does(start in ymd(), (text, _) in written_duration()) {
        let Some(ours) = Date::from_ymd(start.0, start.1, start.2) else {
            return Ok(());
        };
        let Ok(duration) = text.parse::<Duration>() else {
            return Ok(());
        };
        // Months and days counted from the text itself, independently of the parser.
        let (mut months, mut minutes) = (0i64, 0u64);
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap();
            let n: u64 = rest[..digits].parse().unwrap();
            let unit_len = rest[digits..].find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len() - digits);
            let unit = &rest[digits..digits + unit_len];
            match unit {
                "mo" => months += i64::try_from(n).unwrap(),
                "y" => months += 12 * i64::try_from(n).unwrap(),
                _ => minutes += n * UNITS.iter().find(|(u, _)| *u == unit).unwrap().1,
            }
            rest = &rest[digits + unit_len..];
        }
        let days = i64::try_from(minutes / 1440).unwrap();
        let theirs = jiff_date(start.0, start.1, start.2)
            .unwrap()
            .checked_add(jiff::Span::new().months(months))
            .and_then(|d| d.checked_add(jiff::Span::new().days(days)));
        // Past jiff's last day (9999-12-31) bcplan's dates stop there too.
        match theirs {
            Ok(theirs) => prop_assert_eq!(ours.plus(&duration).to_string(), theirs.to_string(), "{} + {}", ours, text),
            Err(_) => prop_assert_eq!(ours.plus(&duration).to_string(), "9999-12-31", "{} + {}", ours, text),
        }
    }
}

/// A personal phone number: an E.164 country code and a national number (no leading 0).
fn phone() -> impl Strategy<Value = (String, String)> {
    let cc = prop::sample::select(vec!["1", "7", "44", "49", "86", "351", "852", "971"]);
    (cc, "[1-9][0-9]{6,9}").prop_map(|(cc, national)| (cc.to_owned(), national))
}

fn email() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,6}([._][a-z0-9]{1,6})?@[a-z]{2,8}\\.(com|example|org)"
}

/// What people and word processors put between the groups of a number: ASCII spaces, dashes and
/// dots, Unicode spaces (no-break, thin, narrow no-break), dashes (non-breaking hyphen, en dash),
/// and zero-width characters.
const SEPARATORS: &[&str] = &[
    " ",
    "-",
    ".",
    " ",
    "\u{a0}",
    "\u{2009}",
    "\u{202f}",
    "\u{2011}",
    "\u{2013}",
    " \u{200b}",
    "\u{2060}",
];

/// A spelling of a phone number as people write it in text: E.164, with the country code and
/// separators between groups, or nationally with a leading 0; in ASCII digits, full-width digits
/// (`１２３`), Arabic-Indic digits, or with a zero-width space after every third character (`odd`).
fn spell_phone(cc: &str, national: &str, style: u8, cuts: &[usize], odd: u8) -> String {
    let separator = SEPARATORS[usize::from(style) % SEPARATORS.len()];
    let mut grouped = String::new();
    for (i, c) in national.chars().enumerate() {
        if i > 0 && cuts.contains(&i) {
            grouped.push_str(separator);
        }
        grouped.push(c);
    }
    let written = match style / 16 % 4 {
        0 => format!("+{cc}{national}"),
        1 => format!("+{cc} {grouped}"),
        2 => format!("0{grouped}"),
        _ => grouped,
    };
    let digit = |c: char, base: u32| match c.to_digit(10) {
        Some(d) => char::from_u32(base + d).unwrap(),
        None => c,
    };
    match odd % 4 {
        1 => written.chars().map(|c| digit(c, 0xff10)).collect(),
        2 => written.chars().map(|c| digit(c, 0x660)).collect(),
        3 => written
            .chars()
            .enumerate()
            .flat_map(|(i, c)| [Some(c), (i % 3 == 2).then_some('\u{200b}')])
            .flatten()
            .collect(),
        _ => written,
    }
}

/// A spelling of an e-mail address (`how`): as it is, in capitals, with its `@` as a character
/// reference (`&#64;`, `&#x40;`, `&commat;`, escaped twice as `&amp;#64;`), a percent escape, `(at)`,
/// a Markdown escape or the full-width `＠`, or with a zero-width space inside the local part.
fn spell_email(address: &str, how: u8) -> String {
    let (local, domain) = address.split_once('@').unwrap();
    match how % 12 {
        0 => address.to_owned(),
        1 => address.to_uppercase(),
        2 => format!("{local}&#64;{domain}"),
        3 => format!("{local}&#x40;{domain}"),
        4 => format!("{local}&commat;{domain}"),
        5 => format!("{local}&amp;#64;{domain}"),
        6 => format!("{local}%40{domain}"),
        7 => format!("{local}(at){domain}"),
        8 => format!("{local} (at) {domain}"),
        9 => format!("{local}\\@{domain}"),
        10 => format!("{local}\u{ff20}{domain}"),
        _ => {
            let (first, rest) = local.split_at(1);
            format!("{first}\u{200b}{rest}@{domain}")
        }
    }
}

/// `text` as a reader takes it, for the spellings the generators above write (written apart from
/// the library's folding, so that the check does not trust the code it checks): references and
/// escapes decoded, zero-width characters dropped, Unicode spaces and dashes made ASCII, digits of
/// other forms made ASCII digits.
fn as_read(text: &str) -> String {
    let mut read = text.to_owned();
    for _ in 0..3 {
        read = read.replace("&amp;", "&");
    }
    for (spelled, at) in [
        ("&#64;", "@"),
        ("&#x40;", "@"),
        ("&commat;", "@"),
        ("%40", "@"),
        (" (at) ", "@"),
        ("(at)", "@"),
    ] {
        read = read.replace(spelled, at);
    }
    let mut out = String::with_capacity(read.len());
    let mut chars = read.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        let code = u32::from(c);
        match c {
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ');
            }
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{ff01}'..='\u{ff5e}' => out.push(char::from_u32(code - 0xfee0).unwrap()),
            '\u{660}'..='\u{669}' => out.push(char::from_u32(code - 0x660 + 0x30).unwrap()),
            c => out.push(c),
        }
    }
    out
}

/// Words around the contacts, ending in a word: a number that runs on into more digits
/// (`+86 138 2557 6610 24/7`, or two numbers with only spaces between them) is a known bypass,
/// so the generator puts a word after each number.
fn filler() -> impl Strategy<Value = String> {
    let word = || {
        prop::sample::select(vec![
            "Call",
            "or",
            "mail",
            "the",
            "duty manager",
            "on",
            "at",
            "x",
        ])
    };
    let any = prop::sample::select(vec![
        "Call", "or", "(mobile)", ",", ";", ".", "- ", "**", "_", "`", "\n", "\n\n", "[desk]",
        "mailto:", "tel:", ":", "<", ">",
    ]);
    (prop::collection::vec(any, 0..5), word()).prop_map(|(mut words, last)| {
        words.push(last);
        words.join(" ")
    })
}

/// The digits of every run of digits and number punctuation in `text`, as a reader would read
/// them as one number.
fn digit_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || " -.()/\u{a0}".contains(c)))
        .map(|run| run.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|digits| !digits.is_empty())
        .collect()
}

/// The first contact still readable in `shown` (as read, see [`as_read`]): an address (its local
/// part and `@`, any case) or a national number among the digits of a run (see [`digit_runs`]).
fn contact_left(shown: &str, addresses: &[String], nationals: &[&str]) -> Option<String> {
    let shown = &as_read(shown);
    let lower = shown.to_lowercase();
    let address = addresses
        .iter()
        .find(|a| lower.contains(&format!("{}@", a.split('@').next().unwrap())));
    let runs = digit_runs(shown);
    let national = nationals
        .iter()
        .find(|n| runs.iter().any(|run| run.contains(**n)));
    address
        .cloned()
        .or_else(|| national.map(|n| (*n).to_owned()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn redaction_leaves_no_known_contact(
        phones in prop::collection::vec((phone(), any::<u8>(), prop::collection::vec(1usize..10, 0..3), any::<u8>()), 1..4),
        emails in prop::collection::vec((email(), any::<u8>()), 1..3),
        fillers in prop::collection::vec(filler(), 8),
    ) {
        let e164: Vec<String> = phones.iter().map(|((cc, n), _, _, _)| format!("+{cc}{n}")).collect();
        let addresses: Vec<String> = emails.iter().map(|(e, _)| e.clone()).collect();
        let mut text = String::new();
        let mut fill = fillers.iter().cycle();
        for ((cc, national), style, cuts, odd) in &phones {
            text.push_str(&format!("{} {} ", fill.next().unwrap(), spell_phone(cc, national, *style, cuts, *odd)));
        }
        for (address, how) in &emails {
            text.push_str(&format!("{} {} ", fill.next().unwrap(), spell_email(address, *how)));
        }
        text.push_str(fill.next().unwrap());
        let phone_refs: Vec<&str> = e164.iter().map(String::as_str).collect();
        let email_refs: Vec<&str> = addresses.iter().map(String::as_str).collect();
        let shown = bcplan::fuzzing::redact(&phone_refs, &email_refs, &[], &text);
        let nationals: Vec<&str> = phones.iter().map(|((_, n), _, _, _)| n.as_str()).collect();
        if let Some(left) = contact_left(&shown, &addresses, &nationals) {
            prop_assert!(false, "{left} left in {shown:?} (from {text:?})");
        }
    }

    #[test]
    fn plan_markdown_never_renders_a_live_element(
        tokens in prop::collection::vec(prop::sample::select(vec![
            "<", ">", "</", "/>", "`", "```", "~~~", "*", "**", "_", "[", "]", "(", ")", "![", "](", "]:",
            "javascript:", "JaVaScRiPt:", "java\tscript:", "vbscript:", "data:text/html,", "&#106;", "&#x6A;",
            "&lt;", "&amp;", "&", "#", ";", "<!--", "-->", "<![CDATA[", "<?", "script", "img", "svg", "a",
            "iframe", "style", "href", "src", "=", "\"", "'", "onerror", "onclick", "alert(1)", " ", "  ",
            "\n", "\n\n", "\t", "    ", "# ", "> ", "1. ", "- ", "- [ ] ", "|", "---", "\\", "x", "https://e.com",
            "mailto:a@b.c", "{", "}", ":", "%3C",
        ]), 0..60),
    ) {
        let source: String = tokens.concat();
        let (html, md) = bcplan::fuzzing::markdown(&source);
        if let Err(why) = harness::live_html(&html) {
            prop_assert!(false, "{why}\nsource: {source:?}\nhtml: {html}");
        }
        if let Err(why) = harness::live_markdown(&md) {
            prop_assert!(false, "{why}\nsource: {source:?}\nmarkdown: {md}");
        }
    }
}

/// The checks find what they are meant to find (a property that never fails proves nothing).
#[test]
fn the_live_element_checks_catch_live_markup() {
    assert!(harness::live_html("<p>a</p><script>x</script>").is_err());
    assert!(harness::live_html("<p onclick=\"x\">a</p>").is_err());
    assert!(harness::live_html("<a href=\" JAVA&#x53;cript:x\">a</a>").is_err());
    assert!(harness::live_html("<p>a &lt;script&gt; <a href=\"https://e.com\">b</a></p>").is_ok());
    assert!(harness::live_markdown("a <b>x</b>").is_err());
    assert!(harness::live_markdown("[a](javascript:x) ![i](https://e.com/i.png)").is_err());
    assert!(harness::live_markdown("a &lt;b&gt; [a](https://e.com)").is_ok());
    assert_eq!(
        digit_runs("Call +86 769-1234 or 0.5x"),
        ["867691234", "0.5"].map(|r| r.replace('.', ""))
    );
    // The contact check reads every spelling the generators write.
    let address = ["ana.silva@example.com".to_owned()];
    for how in 0..12 {
        let spelled = spell_email(&address[0], how);
        assert!(
            contact_left(&format!("mail {spelled} now"), &address, &[]).is_some(),
            "{spelled}"
        );
    }
    for style in 0..=u8::MAX {
        for odd in 0..4 {
            let spelled = spell_phone("86", "13825576610", style, &[3, 7], odd);
            assert!(
                contact_left(&format!("call {spelled} now"), &[], &["13825576610"]).is_some(),
                "{spelled:?}"
            );
        }
    }
}

/// The minimal example with the two people's contacts replaced and `text` as the plan's purpose
/// and a step's action.
fn minimal_workspace(
    phones: &[String; 2],
    emails: &[String; 2],
    text: &str,
) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let quoted = serde_json::to_string(text).unwrap();
    let registers = read("registers.yaml")
        .replace("+351912345678", &phones[0])
        .replace("+351913456789", &phones[1])
        .replace("ana.silva@example.com", &emails[0])
        .replace("joao.costa@example.com", &emails[1]);
    let plan = read("plan.yaml")
        .replace(
            "Keep taking customer orders when the Lisbon office is lost.",
            &quoted,
        )
        .replace("Redirect the order line to mobiles", &quoted);
    assert!(plan.contains(&quoted) && registers.contains(&emails[1]));
    vec![
        ("bcplan.yaml".into(), read("bcplan.yaml").into_bytes()),
        ("plan.yaml".into(), plan.into_bytes()),
        ("registers.yaml".into(), registers.into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Through loading and rendering: the register's contact fields and the plan's free text.
    #[test]
    fn redacted_runbooks_leave_no_known_contact(
        phones in prop::array::uniform2((phone(), any::<u8>(), prop::collection::vec(1usize..10, 0..3), any::<u8>())),
        emails in prop::array::uniform2(email()),
        how in any::<u8>(),
        fillers in prop::collection::vec(filler(), 4),
    ) {
        prop_assume!(emails[0] != emails[1]);
        let e164 = [0, 1].map(|i| format!("+{}{}", phones[i].0.0, phones[i].0.1));
        let text = format!(
            "{} {} {} {} {} {} {}",
            fillers[0], spell_phone(&phones[0].0.0, &phones[0].0.1, phones[0].1, &phones[0].2, phones[0].3),
            fillers[1], spell_email(&emails[0], how),
            fillers[2], spell_phone(&phones[1].0.0, &phones[1].0.1, phones[1].1, &phones[1].2, phones[1].3),
            fillers[3],
        );
        let ws = bcplan::workspace::load_files(minimal_workspace(&e164, &emails, &text)).unwrap();
        let today = Date::from_ymd(2026, 6, 1).unwrap();
        let findings = bcplan::rules::check(&ws, &bcplan::rules::Options { today, only: Vec::new() }).unwrap();
        prop_assert!(!findings.iter().any(|f| f.rule == "schema"), "{:?}", findings);
        let nationals = [0, 1].map(|i| phones[i].0.1.as_str());
        for (name, contents) in bcplan::fuzzing::runbooks(&ws, &findings, today, true).unwrap() {
            if let Some(left) = contact_left(&contents, &emails, &nationals) {
                prop_assert!(false, "{left} left in {name} (text {text:?})");
            }
        }
    }
}
