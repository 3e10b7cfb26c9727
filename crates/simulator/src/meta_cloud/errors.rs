//! Graph API error answers as the Cloud API's error-code reference documents them.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer: the documented code, with the details the reference gives for it (or the
/// simulator's own, for a validation failure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphError {
    pub code: i64,
    pub details: String,
    /// Graph's own type for paths naming an object that is not there.
    pub unknown_object: bool,
}

impl GraphError {
    pub fn new(code: i64, details: impl Into<String>) -> Self {
        Self {
            code,
            details: details.into(),
            unknown_object: false,
        }
    }

    /// A path whose phone number ID is not this account's (code 100, subcode 33).
    pub fn unknown_object(id: &str) -> Self {
        Self {
            unknown_object: true,
            ..Self::invalid(format!(
                "Unsupported post request. Object with ID '{id}' does not exist, cannot be \
                 loaded due to missing permissions, or does not support this operation"
            ))
        }
    }

    /// The documented answer for `code`, details included.
    pub fn documented(code: i64) -> Self {
        Self::new(code, documented(code).2)
    }

    pub fn invalid(details: impl Into<String>) -> Self {
        Self::new(100, details)
    }

    pub fn into_response(self) -> Response {
        let (status, title, _) = documented(self.code);
        let kind = if self.unknown_object {
            "GraphMethodException"
        } else {
            "OAuthException"
        };
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = json!({"error": {
            "message": format!("(#{}) {title}", self.code),
            "type": kind,
            "code": self.code,
            "error_data": {"messaging_product": "whatsapp", "details": self.details},
            "fbtrace_id": "AbCdSimulatorTrace",
        }});
        (status, axum::Json(body)).into_response()
    }
}

/// HTTP status, title and details per code, from the error-code reference.
pub fn documented(code: i64) -> (u16, &'static str, &'static str) {
    match code {
        0 => (
            401,
            "AuthException",
            "We were unable to authenticate the app user",
        ),
        190 => (
            401,
            "Access token has expired",
            "Invalid OAuth access token - Cannot parse access token",
        ),
        3 => (500, "API Method", "Capability or permissions issue"),
        10 => (
            403,
            "Permission Denied",
            "Permission is either not granted or has been removed",
        ),
        200..=299 => (
            403,
            "API Permission",
            "Permission is either not granted or has been removed",
        ),
        4 => (
            400,
            "API Too Many Calls",
            "The app has reached its API call rate limit",
        ),
        80007 => (
            400,
            "Rate limit issues",
            "The WhatsApp Business Account has reached its rate limit",
        ),
        130429 => (
            400,
            "Rate limit hit",
            "Message failed to send because there were too many messages sent from this phone number in a short period of time",
        ),
        131056 => (
            400,
            "(Business Account, Consumer Account) pair rate limit hit",
            "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time",
        ),
        131048 => (
            400,
            "Spam rate limit hit",
            "Message failed to send because there are restrictions on how many messages can be sent from this phone number",
        ),
        1 => (
            400,
            "API Unknown",
            "Invalid request or possible server error",
        ),
        2 => (
            503,
            "API Service",
            "Temporary due to downtime or due to being overloaded",
        ),
        131000 => (
            500,
            "Something went wrong",
            "Message failed to send due to an unknown error",
        ),
        131016 => (
            503,
            "Service unavailable",
            "A service is temporarily unavailable",
        ),
        100 => (
            400,
            "Invalid parameter",
            "The request included one or more unsupported or misspelled parameters",
        ),
        131008 => (
            400,
            "Required parameter is missing",
            "The request is missing a required parameter",
        ),
        131009 => (
            400,
            "Parameter value is not valid",
            "One or more parameter values are invalid",
        ),
        131021 => (
            400,
            "Recipient cannot be sender",
            "Sender and recipient phone number is the same",
        ),
        131026 => (400, "Message Undeliverable", "Unable to deliver message"),
        131030 => (
            400,
            "Recipient phone number not in allowed list",
            "Recipient phone number not in allowed list: add the recipient phone number to the recipient list and try again",
        ),
        131047 => (
            400,
            "Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number",
        ),
        131049 => (
            400,
            "Meta chose not to deliver",
            "This message was not delivered to maintain healthy ecosystem engagement",
        ),
        131051 => (400, "Unsupported message type", "Unsupported message type"),
        131052 => (
            400,
            "Media download error",
            "Unable to download the media sent by the user",
        ),
        131053 => (
            400,
            "Media upload error",
            "Unable to upload the media used in the message",
        ),
        131057 => (
            500,
            "Account in maintenance mode",
            "Business Account is in maintenance mode",
        ),
        132000 => (
            400,
            "Number of parameters does not match the expected number of params",
            "The number of variable parameter values included in the request did not match the number of variable parameters defined in the template",
        ),
        132001 => (
            404,
            "Template name does not exist in the translation",
            "The template does not exist in the specified language or the template has not been approved",
        ),
        132005 => (
            400,
            "Translated text too long",
            "Translated text is too long",
        ),
        132007 => (
            400,
            "Template Format Character Policy Violated",
            "Template content violates a WhatsApp policy",
        ),
        132012 => (
            400,
            "Parameter format does not match format in the created template",
            "Variable parameter values formatted incorrectly",
        ),
        132015 => (
            400,
            "Template is Paused",
            "Template is paused due to low quality so it cannot be sent in a template message",
        ),
        132016 => (
            400,
            "Template is Disabled",
            "Template has been paused too many times due to low quality and is now permanently disabled",
        ),
        133010 => (
            400,
            "Phone number Not Registered",
            "Phone number not registered on the WhatsApp Business Platform",
        ),
        _ => (400, "Error", "An error occurred"),
    }
}

/// A bare HTTP failure, like a proxy in front of Meta would give: no Graph JSON at all.
pub fn fault_status(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (
        status,
        status.canonical_reason().unwrap_or("Error").to_owned(),
    )
        .into_response();
    if matches!(code, 429 | 503) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}
