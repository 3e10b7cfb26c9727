//! One WAMM.chat call: `GET {base}/<method>/<token>/?<params>`, and what its answer means.
//!
//! The token travels in the URL path, so nothing that may hold the URL (reqwest's errors, an
//! answer that echoes the request) leaves this module without the token cut out.

use std::time::Duration;

use serde_json::{Map, Value};
use switchboard_core::gateway::{Secret, SendError};

use super::phrases as said;
pub(crate) use crate::wire::{
    Answer, error_chain, network_failure, not_documented, redact, refused_request, rejected,
    server_error, slow_down,
};

pub(crate) const WAMM: &str = "WAMM.chat";

/// What a call came to when it did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// WAMM answered with `err` set to this string (`"token fail"`, `"msgs not be"` ...).
    Gateway(String),
    /// The request did not get a documented answer (network, HTTP status, garbage).
    Transport(SendError),
}

/// The account's address and token, and how long to wait.
#[derive(Debug, Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base_url: String,
    pub token: Secret,
    pub timeout: Duration,
}

impl Client {
    /// The method's URL with its query, the token included: never log or show it.
    fn url(&self, method: &str, params: &[(&str, &str)]) -> Result<reqwest::Url, CallError> {
        let raw = format!(
            "{}/{method}/{}/",
            self.base_url.trim_end_matches('/'),
            self.token.expose()
        );
        let mut url = reqwest::Url::parse(&raw).map_err(|_| {
            // Quoting the URL would quote the token; the base is what the user can fix.
            let reason = said::BAD_BASE_URL.with("base_url", &self.base_url);
            CallError::Transport(redact(rejected("bad_base_url", reason), &self.token))
        })?;
        // Form-style encoding writes a space as `+` and a new line as `%0A`, which is what the
        // documentation asks for.
        url.query_pairs_mut().extend_pairs(params);
        Ok(url)
    }

    /// Calls `method`; `Ok` holds the answer's object when `err` is 0.
    pub async fn call(
        &self,
        method: &str,
        params: &[(&str, &str)],
    ) -> Result<Map<String, Value>, CallError> {
        let url = self.url(method, params)?;
        let response = self
            .http
            .get(url)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| CallError::Transport(self.network_error(&e)))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|e| CallError::Transport(self.network_error(&e)))?;
        let answer = Answer::new(&body, &[self.token.expose()]);
        interpret(status, &answer).map_err(|e| match e {
            CallError::Transport(e) => CallError::Transport(redact(e, &self.token)),
            CallError::Gateway(s) => CallError::Gateway(answer.scrub(&s).into_owned()),
        })
    }

    fn network_error(&self, error: &reqwest::Error) -> SendError {
        // reqwest's error names the URL, and the URL holds the token: drop it first.
        let bare = error_chain(&clone_without_url(error));
        redact(
            network_failure(WAMM, error, self.timeout, bare),
            &self.token,
        )
    }
}

/// `reqwest::Error::without_url` takes the error by value; ours is borrowed, so describe it
/// from its parts without the URL.
fn clone_without_url(error: &reqwest::Error) -> impl std::error::Error + '_ {
    struct Bare<'a>(&'a reqwest::Error);
    impl std::fmt::Display for Bare<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let kind = if self.0.is_timeout() {
                "timed out"
            } else if self.0.is_connect() {
                "could not connect"
            } else if self.0.is_body() || self.0.is_decode() {
                "the answer broke off"
            } else {
                "the request failed"
            };
            f.write_str(kind)
        }
    }
    impl std::fmt::Debug for Bare<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Display::fmt(self, f)
        }
    }
    impl std::error::Error for Bare<'_> {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            std::error::Error::source(self.0)
        }
    }
    Bare(error)
}

/// What an HTTP answer from WAMM means. Separate from the I/O so each case is testable.
pub fn interpret<'a>(
    status: u16,
    body: impl Into<Answer<'a>>,
) -> Result<Map<String, Value>, CallError> {
    let body = &body.into();
    let transport = |e| Err(CallError::Transport(e));
    match status {
        200..=299 => {}
        401 | 403 => {
            let reason = said::UNAUTHORIZED.with("status", status);
            return transport(rejected("token fail", reason));
        }
        404 => return transport(rejected("http_404", said::NOT_FOUND.phrase())),
        408 | 429 => return transport(slow_down(WAMM, status, None)),
        500..=599 => return transport(server_error(WAMM, status, None)),
        _ => return transport(refused_request(WAMM, status, body)),
    }
    let not_documented = || CallError::Transport(not_documented(WAMM, body));
    let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(body.text()) else {
        return Err(not_documented());
    };
    match answer.get("err") {
        // Success is the number 0; a string "0" is read the same way, being no error either.
        Some(Value::Number(n)) if n.as_i64() == Some(0) => Ok(answer),
        Some(Value::String(s)) if s.trim() == "0" => Ok(answer),
        Some(Value::String(s)) if !s.trim().is_empty() => {
            Err(CallError::Gateway(s.trim().to_owned()))
        }
        _ => Err(not_documented()),
    }
}
