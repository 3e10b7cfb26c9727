//! The team server over HTTP, as the desktop talks to it: signing in and out, one API command,
//! the event stream. Every answer that is Switchboard's (its JSON, or its `ApiError`) is passed
//! on unchanged; what is not (no answer, a proxy's error page) becomes the desktop's own phrase.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use serde::Deserialize;
use serde_json::{Value, json};
use switchboard_core::operator::Operator;
use switchboard_core::{ErrorCode, phrase::core as core_said};

use super::address::Address;
use crate::rejection::Rejection;
use crate::said;

/// A server that does not accept the connection within this is treated as down.
const CONNECT: Duration = Duration::from_secs(5);
/// A command's answer: Switchboard answers in milliseconds, a gateway it asks in seconds.
const COMMAND: Duration = Duration::from_secs(30);
/// Plus this much per megabyte sent: an upload of 100 MB on a slow uplink takes minutes.
const PER_MEGABYTE: Duration = Duration::from_secs(4);
/// Signing out is a courtesy to the server: leaving never waits long for it.
const SIGN_OUT: Duration = Duration::from_secs(5);

/// A session's bearer token. Never printed: it is as good as the password until it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: String) -> Self {
        Self(token)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// A successful sign-in.
#[derive(Debug)]
pub struct SignedIn {
    pub token: Token,
    pub operator: Operator,
}

/// What `POST /api/sign_in` answers; the operator may also be asked afterwards.
#[derive(Deserialize)]
struct SignInAnswer {
    token: String,
    #[serde(default)]
    operator: Option<Operator>,
}

#[derive(Deserialize)]
struct AppInfoAnswer {
    operator: Operator,
}

pub struct Server {
    address: Address,
    http: reqwest::Client,
}

impl Server {
    pub fn new(address: Address) -> Result<Self, Rejection> {
        let agent = HeaderValue::from_str(&user_agent(&hostname()))
            .unwrap_or_else(|_| HeaderValue::from_static("Switchboard desktop"));
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT)
            .user_agent(agent)
            // A redirect would carry the password or the token somewhere the user never typed.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| internal(&address, &e))?;
        Ok(Self { address, http })
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    /// `POST /api/sign_in {login, password}`: a session token and who it is for.
    pub async fn sign_in(&self, login: &str, password: &str) -> Result<SignedIn, Rejection> {
        let request = self
            .http
            .post(self.address.api("sign_in"))
            .timeout(COMMAND)
            .json(&json!({ "login": login, "password": password }));
        let answer = self.answer(request).await?;
        let answer: SignInAnswer =
            serde_json::from_value(answer).map_err(|_| self.not_switchboard(StatusCode::OK))?;
        let token = Token::new(answer.token);
        let operator = match answer.operator {
            Some(operator) => operator,
            None => self.operator(&token).await?,
        };
        Ok(SignedIn { token, operator })
    }

    /// Who `token` signs in as (`app_info`).
    pub async fn operator(&self, token: &Token) -> Result<Operator, Rejection> {
        let info = self.call(token, "app_info", json!({})).await?;
        serde_json::from_value::<AppInfoAnswer>(info)
            .map(|a| a.operator)
            .map_err(|_| self.not_switchboard(StatusCode::OK))
    }

    /// Ends the session on the server, if it answers soon; leaving does not depend on it.
    pub async fn sign_out(&self, token: &Token) {
        let request = self
            .http
            .post(self.address.api("sign_out"))
            .header(AUTHORIZATION, token.bearer())
            .timeout(SIGN_OUT)
            .json(&json!({}));
        if let Err(e) = self.answer(request).await {
            tracing::warn!("signing out of {} failed: {e}", self.address);
        }
    }

    /// `POST /api/{command}` with the request as its body: the answer's JSON as it came.
    pub async fn call(
        &self,
        token: &Token,
        command: &str,
        request: Value,
    ) -> Result<Value, Rejection> {
        if !is_command_name(command) {
            return Err(Rejection::new(
                ErrorCode::BadRequest,
                core_said::UNKNOWN_COMMAND.with("command", command),
            ));
        }
        let body = serde_json::to_vec(&request).map_err(|e| internal(&self.address, &e))?;
        let megabytes = u32::try_from(body.len() / (1024 * 1024)).unwrap_or(u32::MAX);
        let request = self
            .http
            .post(self.address.api(command))
            .header(AUTHORIZATION, token.bearer())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(COMMAND + PER_MEGABYTE * megabytes)
            .body(body);
        self.answer(request).await
    }

    /// `GET /api/events`, resuming after `last_id`: the open stream, once the server accepted.
    pub async fn events(
        &self,
        token: &Token,
        last_id: Option<&str>,
    ) -> Result<reqwest::Response, Rejection> {
        let mut request = self
            .http
            .get(self.address.api("events"))
            .header(AUTHORIZATION, token.bearer())
            .header(ACCEPT, "text/event-stream");
        if let Some(id) = last_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.map_err(|e| self.unreachable(&e))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| self.unreachable(&e))?;
        Err(self.refusal(status, &bytes))
    }

    /// Sends `request`; a 2xx answer's JSON, or the refusal.
    async fn answer(&self, request: reqwest::RequestBuilder) -> Result<Value, Rejection> {
        let response = request.send().await.map_err(|e| self.unreachable(&e))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| self.unreachable(&e))?;
        if !status.is_success() {
            return Err(self.refusal(status, &bytes));
        }
        serde_json::from_slice(&bytes).map_err(|_| self.not_switchboard(status))
    }

    /// A non-2xx answer: the server's `ApiError`, or, when the body is none, our own words.
    fn refusal(&self, status: StatusCode, body: &[u8]) -> Rejection {
        match serde_json::from_slice::<Value>(body) {
            Ok(body) if is_api_error(&body) => Rejection::Server {
                status: status.as_u16(),
                body,
            },
            _ => self.not_switchboard(status),
        }
    }

    fn not_switchboard(&self, status: StatusCode) -> Rejection {
        Rejection::new(
            ErrorCode::Internal,
            said::NOT_SWITCHBOARD
                .with("server", &self.address)
                .arg("status", status.as_u16()),
        )
    }

    fn unreachable(&self, e: &reqwest::Error) -> Rejection {
        internal(&self.address, &why(e))
    }
}

fn internal(address: &Address, detail: &dyn fmt::Display) -> Rejection {
    Rejection::new(
        ErrorCode::Internal,
        said::UNREACHABLE
            .with("server", address)
            .arg("detail", detail),
    )
}

/// What went wrong, in the words of its innermost cause ("Connection refused", "invalid peer
/// certificate: UnknownIssuer"): reqwest's own message repeats the URL and says "error sending
/// request".
fn why(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return "no answer in time".to_owned();
    }
    let mut cause: &dyn std::error::Error = e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause.to_string()
}

/// Whether a refusal's body is Switchboard's `{code, message, …}`.
fn is_api_error(body: &Value) -> bool {
    body.get("code").is_some_and(Value::is_string)
        && body.get("message").is_some_and(Value::is_string)
}

/// API command names are snake_case words: anything else would be a path, not a command.
fn is_command_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `Switchboard desktop/0.1.0 (laptop-anna)`: the server lists it beside the session, so an
/// operator can tell which of their computers a session is.
pub fn user_agent(hostname: &str) -> String {
    let name: String = hostname
        .chars()
        .filter(|c| c.is_ascii_graphic() && !matches!(c, '(' | ')'))
        .take(64)
        .collect();
    let version = env!("CARGO_PKG_VERSION");
    if name.is_empty() {
        format!("Switchboard desktop/{version}")
    } else {
        format!("Switchboard desktop/{version} ({name})")
    }
}

fn hostname() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agent_names_the_computer_in_plain_characters() {
        let version = env!("CARGO_PKG_VERSION");
        assert_eq!(
            user_agent("laptop-anna"),
            format!("Switchboard desktop/{version} (laptop-anna)")
        );
        assert_eq!(
            user_agent("ноутбук (Анна)\r\nX-Evil: 1"),
            format!("Switchboard desktop/{version} (X-Evil:1)"),
            "no line breaks, brackets or other characters a header cannot carry"
        );
        assert_eq!(user_agent(""), format!("Switchboard desktop/{version}"));
    }

    #[test]
    fn only_snake_case_names_are_commands() {
        assert!(is_command_name("list_conversations"));
        assert!(is_command_name("app_info"));
        for not in ["", "events/../x", "Sign_in", "_x", "a b", "a%2Fb", "1st"] {
            assert!(!is_command_name(not), "{not:?}");
        }
    }

    #[test]
    fn a_token_is_never_printed() {
        let t = Token::new("s3cret".to_owned());
        assert!(!format!("{t:?}").contains("s3cret"));
    }
}
