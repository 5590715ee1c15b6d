//! Phone numbers in E.164 form (`+8676912345678`).

use std::fmt;
use std::str::FromStr;

use super::value::string_value;

/// An E.164 phone number: `+`, a country code and up to 15 digits in all.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(pub String);

impl FromStr for Phone {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let Some(digits) = text.strip_prefix('+') else {
            return Err(format!(
                "`{text}` is not an E.164 phone number: it must start with `+` and the country code"
            ));
        };
        if digits.contains([' ', '-', '(', ')', '.']) {
            return Err(format!(
                "`{text}` is not an E.164 phone number: remove spaces and punctuation"
            ));
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) || digits.starts_with('0') {
            return Err(format!("`{text}` is not an E.164 phone number"));
        }
        if !(7..=15).contains(&digits.len()) {
            return Err(format!(
                "`{text}` is not an E.164 phone number: it has {} digits, E.164 numbers have 7 to 15",
                digits.len()
            ));
        }
        Ok(Phone(text.to_owned()))
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_value!(
    Phone,
    "phone",
    "^\\+[1-9][0-9]{6,14}$",
    "A phone number in E.164 form: `+`, country code and number, no spaces."
);
