//! Phone numbers in E.164, the one form every gateway understands and every thread is keyed on.
//!
//! Gateways and people write numbers many ways (`8-210-123-45-67`, `+7 (903) 456-78-90`,
//! `0049...`). We normalise once at the edge so that the same customer is one contact whichever
//! gateway or person wrote the number.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(type = "string")]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("the phone number is empty")]
    Empty,
    #[error(
        "'{0}' is not a phone number: only digits, spaces, brackets, dots and dashes are allowed, with an optional leading +"
    )]
    BadCharacters(String),
    #[error(
        "'{0}' is not a phone number in international format: it needs 8 to 15 digits starting with the country code"
    )]
    BadLength(String),
}

impl PhoneError {
    pub fn phrase(&self) -> crate::phrase::Phrase {
        use crate::phrase::core as said;
        match self {
            Self::Empty => said::PHONE_EMPTY.phrase(),
            Self::BadCharacters(p) => said::PHONE_BAD_CHARACTERS.with("phone", p),
            Self::BadLength(p) => said::PHONE_BAD_LENGTH.with("phone", p),
        }
    }
}

impl Phone {
    /// Parses the forms people and gateways use into E.164 (`+` and 8-15 digits).
    ///
    /// A Russian national number written with the trunk prefix 8 (`8 903 ...`, 11 digits) becomes
    /// `+7 903 ...`: Rapporto documents that form and Russian managers type it out of habit.
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut digits = String::with_capacity(trimmed.len());
        let mut plus = false;
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => plus = true,
                ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
                _ => return Err(PhoneError::BadCharacters(raw.to_owned())),
            }
        }
        if !plus && let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_owned();
        } else if !plus && digits.len() == 11 && digits.starts_with('8') {
            digits.replace_range(0..1, "7");
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(PhoneError::BadLength(raw.to_owned()));
        }
        Ok(Self(format!("+{digits}")))
    }

    /// `+79034567890`
    pub fn e164(&self) -> &str {
        &self.0
    }

    /// `79034567890`: what most gateways want on the wire.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_documented_russian_forms_to_one_number() {
        for raw in [
            "72101234567",
            "+72101234567",
            "8-210-123-45-67",
            "82101234567",
            "+7 (210) 123-45-67",
        ] {
            assert_eq!(
                Phone::parse(raw).map(|p| p.0),
                Ok("+72101234567".to_owned()),
                "{raw}"
            );
        }
    }

    #[test]
    fn accepts_the_international_00_prefix() {
        assert_eq!(
            Phone::parse("0049 30 1234567").map(|p| p.0),
            Ok("+49301234567".into())
        );
    }

    #[test]
    fn rejects_what_cannot_be_a_number() {
        assert!(matches!(Phone::parse(""), Err(PhoneError::Empty)));
        assert!(matches!(
            Phone::parse("12ab"),
            Err(PhoneError::BadCharacters(_))
        ));
        assert!(matches!(
            Phone::parse("1234"),
            Err(PhoneError::BadLength(_))
        ));
        assert!(matches!(
            Phone::parse("+1234567890123456"),
            Err(PhoneError::BadLength(_))
        ));
        assert!(matches!(
            Phone::parse("7+903"),
            Err(PhoneError::BadCharacters(_))
        ));
    }
}
