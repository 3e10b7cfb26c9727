//! The send request's documented rules, each broken rule answered with the page's error code.
//!
//! The page does not say in which order Rapporto checks; the simulator checks the caller
//! (credentials) before the message, so an adapter can tell wrong credentials from a wrong
//! message.

use serde_json::{Map, Value};

use super::{InstantContent, RapportoConfig, ReceivedMessage};

/// "Maximum length is: 1000 characters."
const MAX_TEXT_CHARS: usize = 1000;
/// "The notifyUrl string must be no more than 2048 characters long."
const MAX_NOTIFY_URL_CHARS: usize = 2048;
/// "Possible values in minutes are: ..." (0 or absent: the account's default).
pub const TTL_MINUTES: &[i64] = &[1440, 2880, 4320, 5760, 7200, 8640, 10080];
/// The shortest `destAddr` taken: a country code and a national number.
const MIN_DEST_DIGITS: usize = 10;
const MAX_DEST_DIGITS: usize = 15;
/// "JPG or PNG extension is recommended": the simulator insists.
const IMAGE_ENDINGS: &[&str] = &[".jpg", ".jpeg", ".png"];

/// A documented error: its code and, when there is more to say, `extendedDescription`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: u16,
    pub extended: Option<String>,
}

impl ApiError {
    pub fn new(code: u16) -> Self {
        Self {
            code,
            extended: None,
        }
    }

    fn invalid(extended: impl Into<String>) -> Self {
        Self {
            code: 4,
            extended: Some(extended.into()),
        }
    }
}

/// The page's error table: code -> (HTTP status, description).
pub fn documented(code: u16) -> (u16, &'static str) {
    match code {
        1 => (503, "Service is unavailable"),
        2 => (403, "Invalid IP-address"),
        3 => (429, "Too many connections"),
        4 => (400, "Invalid request"),
        5 => (401, "Invalid login"),
        6 => (401, "Invalid password"),
        7 => (400, "serviceNumber is not defined"),
        8 => (406, "destAddr is not correct"),
        9 => (406, "Message type is not correct"),
        10 => (409, "Prohibited sending duplicates"),
        11 => (406, "Invalid TTL"),
        _ => (500, "100"),
    }
}

/// Checks the caller, then the message; on success the message as recorded (no number yet).
pub fn check(body: &[u8], config: &RapportoConfig) -> Result<ReceivedMessage, ApiError> {
    let Ok(Value::Object(request)) = serde_json::from_slice::<Value>(body) else {
        return Err(ApiError::invalid("The request body is not a JSON object."));
    };
    if string(&request, "login") != Some(config.login.as_str()) {
        return Err(ApiError::new(5));
    }
    if string(&request, "password") != Some(config.password.as_str()) {
        return Err(ApiError::new(6));
    }
    let message = request.get("message").and_then(Value::as_object);
    if message.and_then(|m| string(m, "type")) != Some("WHATSAPP") {
        return Err(ApiError::new(9));
    }
    let data = message
        .and_then(|m| m.get("data"))
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::invalid("message/data is missing."))?;
    let service_number = match string(data, "serviceNumber") {
        Some(s) if config.service_numbers.iter().any(|n| n == s) => s.to_owned(),
        _ => return Err(ApiError::new(7)),
    };
    let dest_addr = string(&request, "destAddr").unwrap_or_default().to_owned();
    let to = normalise(&dest_addr).ok_or_else(|| ApiError::new(8))?;
    let content = instant_content(data)?;
    let ttl_minutes = ttl(data)?;
    let notify_url = match request.get("notifyUrl") {
        None => None,
        Some(Value::String(url)) if url.trim().is_empty() => {
            return Err(ApiError::invalid("notifyUrl cannot be empty."));
        }
        Some(Value::String(url)) if url.chars().count() > MAX_NOTIFY_URL_CHARS => {
            return Err(ApiError::invalid(format!(
                "notifyUrl is too long ({} symbols). Max length is {MAX_NOTIFY_URL_CHARS} symbols.",
                url.chars().count()
            )));
        }
        Some(Value::String(url)) => Some(url.clone()),
        Some(_) => return Err(ApiError::invalid("notifyUrl must be a string.")),
    };
    let registered_delivery = match request.get("registeredDelivery") {
        None => 1,
        Some(v) => match v.as_u64() {
            Some(n @ 0..=2) => n as u8,
            _ => {
                return Err(ApiError::invalid("registeredDelivery must be 0, 1 or 2."));
            }
        },
    };
    let partner_id = match request.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(ApiError::invalid("id must be a non-empty string.")),
    };
    Ok(ReceivedMessage {
        mt_num: String::new(),
        partner_id,
        dest_addr,
        to,
        service_number,
        content,
        ttl_minutes,
        notify_url,
        registered_delivery,
        received_at_ms: 0,
    })
}

/// "For the Russian Federation, the code can be 8, 7 or +7": 72101234567, +72101234567,
/// 8-210-123-45-67 and 82101234567 are one number, 72101234567.
pub fn normalise(dest_addr: &str) -> Option<String> {
    let trimmed = dest_addr.trim();
    let unsigned = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let mut digits = String::with_capacity(unsigned.len());
    for c in unsigned.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '-' | ' ' | '(' | ')' => {}
            _ => return None,
        }
    }
    if !trimmed.starts_with('+') && digits.len() == 11 && digits.starts_with('8') {
        digits.replace_range(0..1, "7");
    }
    let fits = (MIN_DEST_DIGITS..=MAX_DEST_DIGITS).contains(&digits.len());
    (fits && !digits.starts_with('0')).then_some(digits)
}

fn instant_content(data: &Map<String, Value>) -> Result<InstantContent, ApiError> {
    let instant = data
        .get("instantContent")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::invalid("instantContent is missing."))?;
    let fields = instant
        .get("data")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::invalid("instantContent/data is missing."))?;
    let text = fields.get("text");
    let image = fields.get("imageURL");
    if text.is_some() && image.is_some() {
        return Err(ApiError::invalid(
            "It is not allowed to send two types of content at the same time.",
        ));
    }
    match string(instant, "type") {
        Some("TEXT") => {
            let text = text
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| ApiError::invalid("Message text is empty."))?;
            let chars = text.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Err(ApiError::invalid(format!(
                    "Message is too long ({chars} symbols). WHATSAPP message max length is \
                     {MAX_TEXT_CHARS} symbols."
                )));
            }
            Ok(InstantContent::Text(text.to_owned()))
        }
        Some("IMAGE_URL") => {
            let url = image
                .and_then(Value::as_str)
                .ok_or_else(|| ApiError::invalid("imageURL is missing."))?;
            if !is_image_url(url) {
                return Err(ApiError::invalid(
                    "imageURL must be an http or https link to a JPG or PNG image.",
                ));
            }
            Ok(InstantContent::ImageUrl(url.to_owned()))
        }
        _ => Err(ApiError::invalid(
            "instantContent/type must be TEXT or IMAGE_URL.",
        )),
    }
}

/// `ttl` in `ttlUnit`s (minutes by default) must come to one of the documented minutes.
fn ttl(data: &Map<String, Value>) -> Result<Option<i64>, ApiError> {
    let unit = match data.get("ttlUnit") {
        None => None,
        Some(Value::String(u)) => Some(u.as_str()),
        Some(_) => return Err(ApiError::new(11)),
    };
    let ttl = match data.get("ttl") {
        None | Some(Value::Null) => {
            return match unit {
                None => Ok(None),
                Some(_) => Err(ApiError::invalid("ttlUnit is transmitted only with ttl.")),
            };
        }
        Some(v) => v.as_i64().ok_or_else(|| ApiError::new(11))?,
    };
    if ttl == 0 {
        return Ok(None);
    }
    let minutes = match unit {
        None | Some("MINUTES") => Some(ttl),
        Some("HOURS") => ttl.checked_mul(60),
        Some("SECONDS") => (ttl % 60 == 0).then_some(ttl / 60),
        Some(_) => None,
    };
    match minutes {
        Some(m) if TTL_MINUTES.contains(&m) => Ok(Some(m)),
        _ => Err(ApiError::new(11)),
    }
}

fn is_image_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let path = lower.split(['?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !url.trim().chars().any(char::is_whitespace)
        && IMAGE_ENDINGS.iter().any(|e| path.ends_with(e))
}

fn string<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    m.get(name).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn config() -> RapportoConfig {
        RapportoConfig {
            service_numbers: vec!["MyCompany".to_owned()],
            ..RapportoConfig::default()
        }
    }

    fn request(extra: Value) -> Value {
        let mut r = json!({
            "login": "sandbox", "password": "sandbox-password", "id": "8770100",
            "destAddr": "72101234567",
            "message": {"type": "WHATSAPP", "data": {
                "instantContent": {"type": "TEXT", "data": {"text": "hatsApp message text"}},
                "serviceNumber": "MyCompany", "ttl": 1440
            }}
        });
        if let (Value::Object(r), Value::Object(extra)) = (&mut r, extra) {
            r.extend(extra);
        }
        r
    }

    fn code(request: &Value) -> Result<(), u16> {
        check(&serde_json::to_vec(request).expect("json"), &config())
            .map(|_| ())
            .map_err(|e| e.code)
    }

    fn with_data(data: Value) -> Value {
        request(json!({"message": {"type": "WHATSAPP", "data": data}}))
    }

    #[test]
    fn the_documented_example_is_accepted_with_each_dest_addr_form() {
        for form in [
            "72101234567",
            "+72101234567",
            "8-210-123-45-67",
            "82101234567",
        ] {
            let accepted = check(
                &serde_json::to_vec(&request(json!({"destAddr": form}))).expect("json"),
                &config(),
            )
            .expect("the page's forms are accepted");
            assert_eq!(accepted.to, "72101234567", "{form}");
            assert_eq!(accepted.partner_id.as_deref(), Some("8770100"));
            assert_eq!(accepted.ttl_minutes, Some(1440));
        }
    }

    #[test]
    fn each_rule_answers_its_code() {
        assert_eq!(code(&request(json!({"login": "x"}))), Err(5));
        assert_eq!(code(&request(json!({"password": "x"}))), Err(6));
        assert_eq!(
            code(&request(json!({"message": {"type": "SMS", "data": {}}}))),
            Err(9)
        );
        let text = json!({"type": "TEXT", "data": {"text": "hi"}});
        assert_eq!(code(&with_data(json!({"instantContent": text}))), Err(7));
        assert_eq!(
            code(&with_data(
                json!({"instantContent": text, "serviceNumber": "Other"})
            )),
            Err(7)
        );
        for bad in ["7210123", "abc", "+7 (210) x", ""] {
            assert_eq!(code(&request(json!({"destAddr": bad}))), Err(8), "{bad}");
        }
        let base = |extra: Value| {
            let mut d = json!({"instantContent": text, "serviceNumber": "MyCompany"});
            if let (Value::Object(d), Value::Object(extra)) = (&mut d, extra) {
                d.extend(extra);
            }
            with_data(d)
        };
        for ttl in [json!(60), json!(1441), json!("1440")] {
            assert_eq!(code(&base(json!({"ttl": ttl}))), Err(11), "{ttl}");
        }
        assert_eq!(code(&base(json!({"ttl": 0}))), Ok(()));
        assert_eq!(code(&base(json!({"ttl": 24, "ttlUnit": "HOURS"}))), Ok(()));
        assert_eq!(
            code(&base(json!({"ttl": 86400, "ttlUnit": "SECONDS"}))),
            Ok(())
        );
        assert_eq!(
            code(&base(json!({"ttl": 1440, "ttlUnit": "DAYS"}))),
            Err(11)
        );
        assert_eq!(code(&base(json!({"ttlUnit": "HOURS"}))), Err(4));
    }

    #[test]
    fn content_is_text_or_image_never_both() {
        let data = |instant: Value| {
            with_data(json!({"instantContent": instant, "serviceNumber": "MyCompany"}))
        };
        let both =
            json!({"type": "TEXT", "data": {"text": "hi", "imageURL": "https://e.com/a.png"}});
        let error =
            check(&serde_json::to_vec(&data(both)).expect("json"), &config()).expect_err("both");
        assert_eq!(error.code, 4);
        assert!(error.extended.is_some_and(|e| e.contains("two types")));
        let image = json!({"type": "IMAGE_URL", "data": {"imageURL": "https://e.com/a.png"}});
        assert_eq!(code(&data(image)), Ok(()));
        let gif = json!({"type": "IMAGE_URL", "data": {"imageURL": "https://e.com/a.gif"}});
        assert_eq!(code(&data(gif)), Err(4));
        let long = json!({"type": "TEXT", "data": {"text": "я".repeat(1001)}});
        let error = check(&serde_json::to_vec(&data(long)).expect("json"), &config())
            .expect_err("too long");
        assert_eq!(
            error.extended.as_deref(),
            Some(
                "Message is too long (1001 symbols). WHATSAPP message max length is 1000 symbols."
            )
        );
        let just_right = json!({"type": "TEXT", "data": {"text": "я".repeat(1000)}});
        assert_eq!(code(&data(just_right)), Ok(()));
    }

    #[test]
    fn notify_url_and_registered_delivery_follow_the_page() {
        assert_eq!(code(&request(json!({"notifyUrl": ""}))), Err(4));
        let longest = format!("https://e.com/{}", "a".repeat(2048 - 14));
        assert_eq!(code(&request(json!({"notifyUrl": longest}))), Ok(()));
        let too_long = format!("https://e.com/{}", "a".repeat(2048 - 13));
        assert_eq!(code(&request(json!({"notifyUrl": too_long}))), Err(4));
        assert_eq!(code(&request(json!({"registeredDelivery": 3}))), Err(4));
        assert_eq!(code(&request(json!({"registeredDelivery": 2}))), Ok(()));
    }
}
