//! The page's field limits and its error objects `{name, message, code, status}`.

use serde_json::{Map, Value, json};

use super::ReceivedMessage;

/// "text: <= 4096 chars".
pub const MAX_TEXT_CHARS: usize = 4096;
/// "source_addr / destination_addr: <= 20 chars".
const MAX_ADDR_CHARS: usize = 20;
/// "Correct file extensions: jpg or jpeg, png".
const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];
/// A file name with this in it is "downloaded" and found not to be an image (error 8).
pub const NOT_AN_IMAGE: &str = "not-an-image";

/// One of the page's error answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub name: String,
    pub message: String,
    pub code: u8,
    /// The HTTP status, repeated in the body's `status`.
    pub http: u16,
}

impl ApiError {
    /// The page's error `code`, as the page words it.
    pub fn documented(code: u8) -> Self {
        let (name, message, http) = match code {
            0 => ("Too Many Requests", "Rate limit exceeded", 429),
            1 => (
                "Invalid Parameter: [param_name]",
                "Empty parameter or parameter validation error",
                400,
            ),
            3 => ("Topup balance is required", "User balance is empty", 402),
            7 => (
                "Service Unavailable",
                "Message failed to send because more than 24 hours have passed since the \
                 customer last replied to this number. In this case, you can only send a \
                 template message",
                503,
            ),
            8 => (
                "Invalid credintals for file_url",
                "Invalid MIME type file_url",
                401,
            ),
            9 => (
                "Invalid credintals for file_url",
                "Invalid file extension",
                401,
            ),
            // 2, 4, 5, 6 and anything else.
            _ => (
                "Internal server error",
                "The server encountered an unexpected condition which prevented it from \
                 fulfilling the request",
                500,
            ),
        };
        Self {
            name: name.to_owned(),
            message: message.to_owned(),
            code,
            http,
        }
    }

    /// Error 1 about `param`: "Invalid Parameter: text".
    pub fn invalid(param: &str) -> Self {
        Self {
            name: format!("Invalid Parameter: {param}"),
            ..Self::documented(1)
        }
    }

    /// A Yii2 HTTP error that is not one of the page's: code 0 and the status's own words.
    pub fn http(http: u16, name: &str, message: &str) -> Self {
        Self {
            name: name.to_owned(),
            message: message.to_owned(),
            code: 0,
            http,
        }
    }

    pub fn body(&self) -> Value {
        json!({"name": self.name, "message": self.message, "code": self.code, "status": self.http})
    }
}

/// Checks a `send-whatsapp` body; on success returns it as recorded (its id still 0).
pub fn check(body: &Value) -> Result<ReceivedMessage, ApiError> {
    let Value::Object(m) = body else {
        return Err(ApiError::http(
            400,
            "Bad Request",
            "The request body must be a JSON object",
        ));
    };
    let source_addr = string(m, "source_addr")
        .filter(|s| (1..=MAX_ADDR_CHARS).contains(&s.chars().count()))
        .ok_or_else(|| ApiError::invalid("source_addr"))?;
    let destination_addr = digits(m.get("destination_addr"))
        .filter(|d| d.len() <= MAX_ADDR_CHARS)
        .ok_or_else(|| ApiError::invalid("destination_addr"))?;
    let message_type = number(m.get("message_type"))
        .and_then(|n| u8::try_from(n).ok())
        .filter(|t| [1, 2, 4].contains(t))
        .ok_or_else(|| ApiError::invalid("message_type"))?;
    let callback_url = match m.get("callback_url") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) if is_http_url(s) => Some(s.clone()),
        Some(_) => return Err(ApiError::invalid("callback_url")),
    };
    let mut received = ReceivedMessage {
        message_id: 0,
        source_addr,
        destination_addr,
        message_type,
        text: None,
        file_url: None,
        callback_url,
        template_name: None,
        template_params: None,
        template: None,
        received_at_ms: 0,
    };
    match message_type {
        1 => {
            let text = string(m, "text")
                .filter(|t| !t.trim().is_empty() && t.chars().count() <= MAX_TEXT_CHARS)
                .ok_or_else(|| ApiError::invalid("text"))?;
            received.text = Some(text);
        }
        2 => {
            let url = string(m, "file_url")
                .filter(|u| is_http_url(u))
                .ok_or_else(|| ApiError::invalid("file_url"))?;
            let file = file_name(&url);
            let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if !extension.is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.as_str())) {
                return Err(ApiError::documented(9));
            }
            if file.contains(NOT_AN_IMAGE) {
                return Err(ApiError::documented(8));
            }
            received.file_url = Some(url);
            // Not documented for media; kept if it came, so tests can see it did not.
            received.text = string(m, "text");
        }
        _ => {
            let name = string(m, "template_name")
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| ApiError::invalid("template_name"))?;
            let params =
                string(m, "template_params").ok_or_else(|| ApiError::invalid("template_params"))?;
            let template = template(&params, &name, &received.destination_addr)
                .ok_or_else(|| ApiError::invalid("template_params"))?;
            received.template_name = Some(name);
            received.template_params = Some(params);
            received.template = Some(template);
        }
    }
    Ok(received)
}

/// `template_params`: Meta's template message for this recipient and template name.
fn template(params: &str, name: &str, to: &str) -> Option<Value> {
    let value: Value = serde_json::from_str(params).ok()?;
    let ok = value.get("type")? == "template" && value.get("to")?.as_str()? == to && {
        let t = value.get("template")?;
        t.get("name")?.as_str()? == name
            && !t.get("namespace")?.as_str()?.trim().is_empty()
            && t.get("language")?.get("policy")? == "deterministic"
            && !t.get("language")?.get("code")?.as_str()?.trim().is_empty()
            && match t.get("components") {
                None => true,
                Some(Value::Array(components)) => components.iter().all(component),
                Some(_) => false,
            }
    };
    ok.then_some(value)
}

fn component(c: &Value) -> bool {
    let kind = c.get("type").and_then(Value::as_str);
    let Some(Value::Array(parameters)) = c.get("parameters") else {
        return false;
    };
    let known = matches!(kind, Some("header" | "body"))
        || (kind == Some("button")
            && c.get("index").and_then(Value::as_str).is_some()
            && matches!(
                c.get("sub_type").and_then(Value::as_str),
                Some("url" | "quick_reply")
            ));
    known && !parameters.is_empty() && parameters.iter().all(parameter)
}

fn parameter(p: &Value) -> bool {
    let link = |key: &str| {
        p.get(key)
            .and_then(|m| m.get("link"))
            .and_then(Value::as_str)
            .is_some_and(is_http_url)
    };
    match p.get("type").and_then(Value::as_str) {
        Some("text") => p
            .get("text")
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty()),
        Some("payload") => p.get("payload").and_then(Value::as_str).is_some(),
        Some(kind @ ("image" | "video" | "document")) => link(kind),
        _ => false,
    }
}

fn string(m: &Map<String, Value>, key: &str) -> Option<String> {
    match m.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A number, or a string of digits (the page's example sends `destination_addr` as a number).
fn digits(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.clone())
        }
        _ => None,
    }
}

pub fn number(value: Option<&Value>) -> Option<u64> {
    digits(value)?.parse().ok()
}

fn file_name(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default()
}

fn is_http_url(url: &str) -> bool {
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
    use super::*;

    fn code_of(body: Value) -> Result<(), (u8, String)> {
        check(&body).map(|_| ()).map_err(|e| (e.code, e.name))
    }

    #[test]
    fn the_documented_example_shapes_are_accepted() {
        let text = json!({"source_addr": "Custom Company", "destination_addr": 8882222200u64,
            "message_type": 1, "text": "Message content",
            "callback_url": "https://yourdomain.com/whatsapp-callback"});
        assert_eq!(code_of(text), Ok(()));
        let image = json!({"source_addr": "Custom Company", "destination_addr": "8882222200",
            "message_type": 2, "file_url": "https://yourdomain.com/images/image.jpg"});
        assert_eq!(code_of(image), Ok(()));
        let params = r#"{"to":"38063","type":"template","template":{"namespace":"ns","language":{"policy":"deterministic","code":"en_US"},"name":"media_2_english","components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://e.com/a.jpg"}}]}]}}"#;
        let template = json!({"source_addr": "C", "destination_addr": "38063",
            "message_type": 4, "template_name": "media_2_english", "template_params": params});
        assert_eq!(code_of(template), Ok(()));
    }

    #[test]
    fn each_limit_answers_its_documented_error() {
        let base = json!({"source_addr": "C", "destination_addr": "79031234567",
            "message_type": 1, "text": "hi"});
        let with = |key: &str, value: Value| {
            let mut b = base.clone();
            b[key] = value;
            b
        };
        let invalid = |p: &str| Err((1, format!("Invalid Parameter: {p}")));
        assert_eq!(
            code_of(with("source_addr", json!("x".repeat(21)))),
            invalid("source_addr")
        );
        assert_eq!(
            code_of(with("destination_addr", json!("+7903"))),
            invalid("destination_addr")
        );
        assert_eq!(
            code_of(with("message_type", json!(3))),
            invalid("message_type")
        );
        assert_eq!(
            code_of(with("text", json!("я".repeat(4097)))),
            invalid("text")
        );
        assert_eq!(code_of(with("text", json!("я".repeat(4096)))), Ok(()));
        assert_eq!(
            code_of(with("callback_url", json!("nope"))),
            invalid("callback_url")
        );
        let image = |url: &str| {
            let mut b = with("message_type", json!(2));
            b["file_url"] = json!(url);
            b
        };
        assert_eq!(code_of(image("ftp://e.com/a.jpg")), invalid("file_url"));
        assert!(matches!(code_of(image("https://e.com/a.gif")), Err((9, _))));
        assert!(matches!(
            code_of(image("https://e.com/not-an-image.png")),
            Err((8, _))
        ));
        let template = |params: &str| {
            let mut b = with("message_type", json!(4));
            b["template_name"] = json!("t");
            b["template_params"] = json!(params);
            b
        };
        assert_eq!(code_of(template("{not json")), invalid("template_params"));
        let wrong_name = r#"{"to":"79031234567","type":"template","template":{"namespace":"n","language":{"policy":"deterministic","code":"en"},"name":"other"}}"#;
        assert_eq!(code_of(template(wrong_name)), invalid("template_params"));
    }
}
