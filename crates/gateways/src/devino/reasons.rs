//! Devino's codes in words a manager can act on.
//!
//! Two tables from the documentation: the reason keys of a REJECTED send (each with the field it
//! refers to) and the `errorCode`s of status callbacks. Anything not in the tables is shown as
//! it came, so nothing Devino says is hidden.

/// Turns one REJECTED reason (`key`, and `ref` such as `messages[0].to`) into a sentence.
pub fn rejection(key: &str, reference: Option<&str>) -> String {
    let field = reference.map(field_of);
    let sentence = match (key, field) {
        ("billing.error", _) => "Devino requires payment: top up the Devino balance",
        ("forbidden", _) => "Devino says sending is forbidden for this account",
        ("unknown", _) => "Devino reported an unknown error",
        ("invalid", Some("to")) => "Devino says the phone number is wrong",
        ("invalid", Some("validity")) => "Devino says the message lifetime (validity) is wrong",
        ("invalid", Some("callbackUrl")) => "Devino says the status callback URL is wrong",
        ("invalid", Some("contentUrl")) => "Devino says the file link is wrong",
        ("invalid", Some("contentType")) => "Devino does not accept this file type",
        ("invalid", Some("from")) => "Devino says the sender name is wrong",
        ("invalid", Some("languageCode")) => "Devino says the template language code is wrong",
        ("invalid", Some("templateParams")) => {
            "Devino refused a template parameter: parameters may not hold line breaks, tabs or \
             four spaces in a row"
        }
        ("length.too.long", Some("to")) => "Devino says the phone number is too long",
        ("length.too.long", Some("text")) => {
            "Devino says the text is too long: it accepts at most 1000 characters"
        }
        ("length.too.long", Some("languageCode")) => "Devino says the language code is too long",
        ("length.too.long", Some("contentName")) => {
            "Devino says the file name is too long: it accepts at most 100 characters"
        }
        ("length.too.short", Some("contentName")) => "Devino says the file name is too short",
        ("length.too.short", Some("languageCode")) => "Devino says the language code is too short",
        ("must.be.not.null", Some("to")) => "Devino says the recipient is missing",
        ("must.be.not.null", Some("messages")) => "Devino received no message to send",
        ("must.be.not.null", Some("from")) => {
            "Devino says the sender name is missing: set the sender in the account settings"
        }
        ("must.be.not.null", Some("")) => "Devino says the message has no text, file or template",
        ("not.available", Some("from")) => {
            "Devino says this sender name is not available to the account: check the sender in \
             the account settings"
        }
        ("too.many.messages", _) => "Devino says the request held too many messages",
        _ => {
            return match reference {
                Some(r) => format!("Devino rejected the message: {key} ({r})"),
                None => format!("Devino rejected the message: {key}"),
            };
        }
    };
    sentence.to_owned()
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
pub fn status_error(code: &str) -> Option<&'static str> {
    let n: u32 = code.trim().parse().ok()?;
    Some(match n {
        2000 => "The recipient's operator could not be determined",
        2001 | 2017 | 2302 => "Rejected as spam",
        2002..=2004 | 2006..=2008 | 2012 => "Devino reported a billing error",
        2005 => "Not enough money on the Devino balance",
        2009 => "Rejected as a duplicate of an earlier message",
        2010 | 2011 => "The message expired before it could be delivered",
        2300 | 2304 => "The text is longer than WhatsApp allows",
        2301 => "Too many messages were sent in a short time; it will be sent again",
        2303 => "The file type is not supported, or the image is too large (5 MB or more)",
        2305 => "This number does not use WhatsApp (or no longer does)",
        2307 => "The message was addressed to the business account's own number",
        2308 => "The number of template parameters does not match the template",
        2309 | 2310 => "The template does not exist for this language",
        2311 => "A template parameter is too long",
        2312 => "The customer has not written in the last 24 hours: only a template can be sent",
        2313 => "Devino reported an unknown error",
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
        assert_eq!(
            rejection("invalid", Some("messages[0].to")),
            "Devino says the phone number is wrong"
        );
        assert_eq!(
            rejection("must.be.not.null", Some("messages[2]")),
            "Devino says the message has no text, file or template"
        );
        assert_eq!(
            rejection("too.many.messages", Some("messages")),
            "Devino says the request held too many messages"
        );
    }

    #[test]
    fn unknown_keys_are_shown_as_they_came() {
        assert_eq!(
            rejection("weird.key", Some("messages[0].x")),
            "Devino rejected the message: weird.key (messages[0].x)"
        );
        assert_eq!(
            rejection("weird.key", None),
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
