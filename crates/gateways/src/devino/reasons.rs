//! Devino's codes in words a manager can act on.
//!
//! Two tables from the documentation: the reason keys of a REJECTED send (each with the field it
//! refers to) and the `errorCode`s of status callbacks. Anything not in the tables is shown as
//! it came, inside a sentence of ours, so nothing Devino says is hidden.

use switchboard_core::phrase::{Phrase, PhraseDef};

use super::phrases as said;
use super::{MAX_CONTENT_NAME_CHARS, MAX_TEXT_CHARS};

/// Turns one REJECTED reason (`key`, and `ref` such as `messages[0].to`) into a sentence.
pub fn rejection(key: &str, reference: Option<&str>) -> Phrase {
    let field = reference.map(field_of);
    let def = match (key, field) {
        ("billing.error", _) => said::REJECTED_BILLING,
        ("forbidden", _) => said::REJECTED_FORBIDDEN,
        ("unknown", _) => said::REJECTED_UNKNOWN,
        ("invalid", Some("to")) => said::REJECTED_INVALID_TO,
        ("invalid", Some("validity")) => said::REJECTED_INVALID_VALIDITY,
        ("invalid", Some("callbackUrl")) => said::REJECTED_INVALID_CALLBACK_URL,
        ("invalid", Some("contentUrl")) => said::REJECTED_INVALID_CONTENT_URL,
        ("invalid", Some("contentType")) => said::REJECTED_INVALID_CONTENT_TYPE,
        ("invalid", Some("from")) => said::REJECTED_INVALID_FROM,
        ("invalid", Some("languageCode")) => said::REJECTED_INVALID_LANGUAGE_CODE,
        ("invalid", Some("templateParams")) => said::REJECTED_INVALID_TEMPLATE_PARAMS,
        ("length.too.long", Some("to")) => said::REJECTED_TOO_LONG_TO,
        ("length.too.long", Some("text")) => {
            return said::REJECTED_TOO_LONG_TEXT.with("max", MAX_TEXT_CHARS);
        }
        ("length.too.long", Some("languageCode")) => said::REJECTED_TOO_LONG_LANGUAGE_CODE,
        ("length.too.long", Some("contentName")) => {
            return said::REJECTED_TOO_LONG_CONTENT_NAME.with("max", MAX_CONTENT_NAME_CHARS);
        }
        ("length.too.short", Some("contentName")) => said::REJECTED_TOO_SHORT_CONTENT_NAME,
        ("length.too.short", Some("languageCode")) => said::REJECTED_TOO_SHORT_LANGUAGE_CODE,
        ("must.be.not.null", Some("to")) => said::REJECTED_MISSING_TO,
        ("must.be.not.null", Some("messages")) => said::REJECTED_MISSING_MESSAGES,
        ("must.be.not.null", Some("from")) => said::REJECTED_MISSING_FROM,
        ("must.be.not.null", Some("")) => said::REJECTED_MISSING_CONTENT,
        ("not.available", Some("from")) => said::REJECTED_SENDER_NOT_AVAILABLE,
        ("too.many.messages", _) => said::REJECTED_TOO_MANY_MESSAGES,
        // Devino's own words, inside ours, so nothing it says is hidden.
        _ => {
            return match reference {
                Some(r) => said::REJECTED_OTHER_AT.with("key", key).arg("field", r),
                None => said::REJECTED_OTHER.with("key", key),
            };
        }
    };
    def.phrase()
}

/// `messages[3].to` -> `to`; `messages[3]` -> `` (the message itself); `messages` -> `messages`.
fn field_of(reference: &str) -> &str {
    match reference.strip_prefix("messages[") {
        Some(rest) => match rest.split_once(']') {
            Some((_, tail)) => tail.trim_start_matches('.'),
            None => reference,
        },
        None => reference,
    }
}

/// The meaning of a status callback's `errorCode`, when Devino documents it.
pub fn status_error(code: &str) -> Option<PhraseDef> {
    let n: u32 = code.trim().parse().ok()?;
    Some(match n {
        2000 => said::STATUS_2000,
        2001 | 2017 | 2302 => said::STATUS_SPAM,
        2002..=2004 | 2006..=2008 | 2012 => said::STATUS_BILLING,
        2005 => said::STATUS_2005,
        2009 => said::STATUS_2009,
        2010 | 2011 => said::STATUS_EXPIRED,
        2300 | 2304 => said::STATUS_TEXT_TOO_LONG,
        2301 => said::STATUS_2301,
        2303 => said::STATUS_2303,
        2305 => said::STATUS_2305,
        2307 => said::STATUS_2307,
        2308 => said::STATUS_2308,
        2309 | 2310 => said::STATUS_NO_TEMPLATE,
        2311 => said::STATUS_2311,
        2312 => said::STATUS_2312,
        2313 => said::STATUS_2313,
        _ => return None,
    })
}

/// Devino 2301: a passing rate limit, so the outbox should send again after a pause.
pub const RETRY_CODE: &str = "2301";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_rejections_read_as_sentences() {
        let wrong_number = rejection("invalid", Some("messages[0].to"));
        assert_eq!(wrong_number.key, "devino.rejected.invalid_to");
        assert_eq!(wrong_number.text, "Devino says the phone number is wrong");
        assert_eq!(
            rejection("must.be.not.null", Some("messages[2]")).text,
            "Devino says the message has no text, file or template"
        );
        assert_eq!(
            rejection("too.many.messages", Some("messages")).text,
            "Devino says the request held too many messages"
        );
        assert_eq!(
            rejection("length.too.long", Some("messages[0].text")).text,
            "Devino says the text is too long: it accepts at most 1000 characters"
        );
    }

    #[test]
    fn unknown_keys_are_shown_as_they_came() {
        let unknown = rejection("weird.key", Some("messages[0].x"));
        assert_eq!(
            unknown.text,
            "Devino rejected the message: weird.key (messages[0].x)"
        );
        assert_eq!(
            unknown.key, "devino.rejected.other_at",
            "Devino's words go inside a sentence of ours"
        );
        assert_eq!(unknown.arg_text("key").as_deref(), Some("weird.key"));
        assert_eq!(
            rejection("weird.key", None).text,
            "Devino rejected the message: weird.key"
        );
    }

    #[test]
    fn every_documented_status_code_has_words() {
        for code in (2000..=2012)
            .chain([2017])
            .chain(2300..=2305)
            .chain(2307..=2313)
        {
            assert!(
                status_error(&code.to_string()).is_some(),
                "{code} is documented"
            );
        }
        assert_eq!(status_error("2306"), None, "2306 is not in the table");
        assert_eq!(status_error("0"), None);
    }
}
