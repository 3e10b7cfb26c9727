//! Devino's per-message checks, following the documentation's error table: each problem is a
//! reason `{key, ref}`, and one message may have several.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::ReceivedMessage;

/// "Up to 1000 UTF-8 characters".
const MAX_TEXT_CHARS: usize = 1000;
/// "Content name: up to 100 characters".
const MAX_CONTENT_NAME_CHARS: usize = 100;
/// E.164 allows at most 15 digits.
const MAX_PHONE_DIGITS: usize = 15;
/// Shorter numbers exist nowhere WhatsApp runs; the documentation gives no minimum.
const MIN_PHONE_DIGITS: usize = 8;
/// WhatsApp locales: `en`, `fil`, `pt_BR`.
const LANGUAGE_CODE_CHARS: std::ops::RangeInclusive<usize> = 2..=5;
/// "Possible meaning - a day": the only lifetime the documentation allows.
const VALIDITY_SECS: i64 = 86_400;

/// The media table's MIME types ("audio/acc" as the table writes it, and the real audio/aac);
/// "office documents" spelled out.
pub const MEDIA_TYPES: &[&str] = &[
    "audio/aac",
    "audio/acc",
    "audio/mp4",
    "audio/amr",
    "audio/mpeg",
    "audio/ogg",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "image/jpeg",
    "image/png",
    "video/mp4",
    "video/3gpp",
];

/// One entry of a REJECTED answer's `reasons`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub key: &'static str,
    /// `messages[i].field`, `messages[i]` or `messages`.
    pub reference: String,
    /// The documentation's description, sent as the answer's `description`.
    pub description: &'static str,
}

impl Reason {
    fn at(i: usize, key: &'static str, field: &str, description: &'static str) -> Self {
        let reference = if field.is_empty() {
            format!("messages[{i}]")
        } else {
            format!("messages[{i}].{field}")
        };
        Self {
            key,
            reference,
            description,
        }
    }

    pub fn batch(key: &'static str, description: &'static str) -> Self {
        Self {
            key,
            reference: "messages".to_owned(),
            description,
        }
    }
}

/// Checks message `i` of a batch; on success returns it as recorded (its id still empty).
pub fn check(
    i: usize,
    message: &Value,
    senders: &[String],
) -> Result<ReceivedMessage, Vec<Reason>> {
    let Value::Object(m) = message else {
        return Err(vec![Reason::at(
            i,
            "must.be.not.null",
            "",
            "Text and content field not specified",
        )]);
    };
    let mut reasons = Vec::new();
    let mut bad =
        |key, field: &str, description| reasons.push(Reason::at(i, key, field, description));

    let from = text_field(m, "from");
    match &from {
        Field::Absent => bad("must.be.not.null", "from", "No sender specified"),
        Field::Wrong => bad("invalid", "from", "Wrong sender is provided"),
        Field::Present(f) if !senders.iter().any(|s| s == f) => {
            bad("not.available", "from", "Invalid sender address");
        }
        Field::Present(_) => {}
    }
    let to = text_field(m, "to");
    match &to {
        Field::Absent => bad("must.be.not.null", "to", "No recipient specified"),
        Field::Present(t) if t.len() > MAX_PHONE_DIGITS && is_digits(t) => bad(
            "length.too.long",
            "to",
            "The maximum phone number length has been exceeded",
        ),
        Field::Present(t) if is_phone(t) => {}
        _ => bad("invalid", "to", "Wrong phone number is provided"),
    }
    let text = text_field(m, "text");
    if matches!(&text, Field::Present(t) if t.chars().count() > MAX_TEXT_CHARS) {
        bad(
            "length.too.long",
            "text",
            "The maximum message text length has been exceeded",
        );
    }
    let content_url = text_field(m, "contentUrl");
    if matches!(&content_url, Field::Wrong)
        || matches!(&content_url, Field::Present(u) if !is_http_url(u))
    {
        bad("invalid", "contentUrl", "Wrong content URL is provided");
    }
    let content_type = text_field(m, "contentType");
    if matches!(&content_type, Field::Wrong)
        || matches!(&content_type, Field::Present(t) if !MEDIA_TYPES.iter().any(|m| m.eq_ignore_ascii_case(t.split(';').next().unwrap_or_default().trim())))
    {
        bad("invalid", "contentType", "Wrong content type is provided");
    }
    let content_name = raw_text_field(m, "contentName");
    match &content_name {
        Field::Present(n) if n.trim().is_empty() => {
            bad("length.too.short", "contentName", "Content name too short");
        }
        Field::Present(n) if n.chars().count() > MAX_CONTENT_NAME_CHARS => {
            bad("length.too.long", "contentName", "Content name too long");
        }
        Field::Wrong => bad("invalid", "contentName", "Wrong content name is provided"),
        _ => {}
    }
    let callback_url = text_field(m, "callbackUrl");
    if matches!(&callback_url, Field::Wrong)
        || matches!(&callback_url, Field::Present(u) if !is_http_url(u))
    {
        bad("invalid", "callbackUrl", "Wrong URL is provided");
    }
    let callback_data = text_field(m, "callbackData");
    let validity = match m.get("validity") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(VALIDITY_SECS) => Some(VALIDITY_SECS),
            _ => {
                bad("invalid", "validity", "Wrong lifetime is provided");
                None
            }
        },
    };
    let language_code = text_field(m, "languageCode");
    match &language_code {
        Field::Present(l) if l.chars().count() < *LANGUAGE_CODE_CHARS.start() => {
            bad(
                "length.too.short",
                "languageCode",
                "Language code too short",
            );
        }
        Field::Present(l) if l.chars().count() > *LANGUAGE_CODE_CHARS.end() => {
            bad(
                "length.too.long",
                "languageCode",
                "The language code is too long",
            );
        }
        Field::Present(l)
            if !l
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-') =>
        {
            bad("invalid", "languageCode", "Wrong language code is provided");
        }
        Field::Wrong => bad("invalid", "languageCode", "Wrong language code is provided"),
        _ => {}
    }
    let template_id = text_field(m, "templateId");
    if matches!(template_id, Field::Wrong) {
        bad("invalid", "templateId", "Wrong template is provided");
    }
    let template_params = match m.get("templateParams") {
        None | Some(Value::Null) => None,
        Some(Value::Object(params)) => {
            let mut checked = BTreeMap::new();
            for (k, v) in params {
                match v.as_str() {
                    // "Values may not hold line breaks, tabs or 4 spaces in a row."
                    Some(s) if !s.contains(['\n', '\r', '\t']) && !s.contains("    ") => {
                        checked.insert(k.clone(), s.to_owned());
                    }
                    _ => {
                        bad(
                            "invalid",
                            "templateParams",
                            "Wrong template parameters are provided",
                        );
                        break;
                    }
                }
            }
            Some(checked)
        }
        Some(_) => {
            bad(
                "invalid",
                "templateParams",
                "Wrong template parameters are provided",
            );
            None
        }
    };
    let has_body = [&text, &content_url, &template_id]
        .iter()
        .any(|f| matches!(f, Field::Present(_)));
    if !has_body {
        bad(
            "must.be.not.null",
            "",
            "Text and content field not specified",
        );
    }
    if !reasons.is_empty() {
        return Err(reasons);
    }
    Ok(ReceivedMessage {
        message_id: String::new(),
        from: from.into_option().unwrap_or_default(),
        to: to.into_option().unwrap_or_default(),
        text: text.into_option(),
        content_url: content_url.into_option(),
        content_type: content_type.into_option(),
        content_name: content_name.into_option(),
        template_id: template_id.into_option(),
        template_params,
        language_code: language_code.into_option(),
        validity,
        callback_url: callback_url.into_option(),
        callback_data: callback_data.into_option(),
        received_at_ms: 0,
    })
}

/// A string field: absent (missing, null or empty), not a string, or present.
enum Field {
    Absent,
    Wrong,
    Present(String),
}

impl Field {
    fn into_option(self) -> Option<String> {
        match self {
            Self::Present(s) => Some(s),
            _ => None,
        }
    }
}

fn text_field(m: &Map<String, Value>, name: &str) -> Field {
    match raw_text_field(m, name) {
        Field::Present(s) if s.is_empty() => Field::Absent,
        other => other,
    }
}

/// Like [`text_field`] but keeps an empty string, for fields whose emptiness is its own error.
fn raw_text_field(m: &Map<String, Value>, name: &str) -> Field {
    match m.get(name) {
        None | Some(Value::Null) => Field::Absent,
        Some(Value::String(s)) => Field::Present(s.clone()),
        Some(_) => Field::Wrong,
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// E.164 digits without `+` (the Russian copy says so explicitly).
fn is_phone(s: &str) -> bool {
    is_digits(s) && (MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&s.len()) && !s.starts_with('0')
}

/// "Any valid URL with an http or https scheme".
pub fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !url.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn refs(message: Value) -> Vec<(String, String)> {
        match check(0, &message, &["MyCompany".to_owned()]) {
            Ok(_) => Vec::new(),
            Err(reasons) => reasons
                .into_iter()
                .map(|r| (r.key.to_owned(), r.reference))
                .collect(),
        }
    }

    fn pair(key: &str, reference: &str) -> Vec<(String, String)> {
        vec![(key.to_owned(), reference.to_owned())]
    }

    #[test]
    fn the_documented_examples_are_accepted() {
        let text = json!({"from": "MyCompany", "to": "79034567890", "text": "Code: 1234"});
        let template = json!({"from": "MyCompany", "to": "79034567888",
            "templateId": "account_activated",
            "templateParams": {"1": "+7(495) 646 00 54", "2": "https://devino.online"},
            "languageCode": "ru", "validity": 86400,
            "callbackUrl": "https://test_callback_url.site"});
        assert_eq!(refs(text), Vec::new());
        assert_eq!(refs(template), Vec::new());
    }

    #[test]
    fn each_documented_error_is_produced() {
        let base = |extra: Value| {
            let mut m = json!({"from": "MyCompany", "to": "79034567890", "text": "hi"});
            if let (Value::Object(m), Value::Object(extra)) = (&mut m, extra) {
                m.extend(extra);
            }
            m
        };
        let cases = [
            (json!({"to": null}), "must.be.not.null", "messages[0].to"),
            (json!({"to": "+79034567890"}), "invalid", "messages[0].to"),
            (
                json!({"to": "7903456789012345"}),
                "length.too.long",
                "messages[0].to",
            ),
            (
                json!({"from": null}),
                "must.be.not.null",
                "messages[0].from",
            ),
            (
                json!({"from": "Other"}),
                "not.available",
                "messages[0].from",
            ),
            (
                json!({"text": "x".repeat(1001)}),
                "length.too.long",
                "messages[0].text",
            ),
            (
                json!({"contentUrl": "ftp://a"}),
                "invalid",
                "messages[0].contentUrl",
            ),
            (
                json!({"contentUrl": "https://a/b", "contentType": "text/plain"}),
                "invalid",
                "messages[0].contentType",
            ),
            (
                json!({"contentUrl": "https://a/b", "contentName": ""}),
                "length.too.short",
                "messages[0].contentName",
            ),
            (
                json!({"callbackUrl": "nope"}),
                "invalid",
                "messages[0].callbackUrl",
            ),
            (json!({"validity": 5}), "invalid", "messages[0].validity"),
            (
                json!({"languageCode": "e"}),
                "length.too.short",
                "messages[0].languageCode",
            ),
            (
                json!({"languageCode": "english"}),
                "length.too.long",
                "messages[0].languageCode",
            ),
            (
                json!({"languageCode": "e1"}),
                "invalid",
                "messages[0].languageCode",
            ),
            (
                json!({"templateId": "t", "templateParams": {"1": "a\nb"}}),
                "invalid",
                "messages[0].templateParams",
            ),
            (json!({"text": null}), "must.be.not.null", "messages[0]"),
        ];
        for (extra, key, reference) in cases {
            let message = base(extra.clone());
            assert_eq!(refs(message), pair(key, reference), "for {extra}");
        }
    }
}
