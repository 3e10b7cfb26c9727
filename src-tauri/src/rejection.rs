//! What a window command rejects with: always an `ApiError` object `{code, message, phrase}`,
//! so the UI handles one shape whether the local engine, the desktop or a team server refused.

use serde::{Serialize, Serializer};
use switchboard_core::{ApiError, ErrorCode, Phrase};

#[derive(Debug)]
pub enum Rejection {
    /// A team server's own refusal, passed on exactly as it came (a newer server's fields
    /// included), with its HTTP status.
    Server {
        status: u16,
        body: serde_json::Value,
    },
    /// The local engine's or the desktop's own.
    Desktop(ApiError),
}

impl Rejection {
    pub fn new(code: ErrorCode, phrase: impl Into<Phrase>) -> Self {
        Self::Desktop(ApiError::new(code, phrase))
    }

    /// The `code` the UI branches on.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Server { body, .. } => serde_json::from_value(body.get("code")?.clone()).ok(),
            Self::Desktop(e) => Some(e.code),
        }
    }
}

impl From<ApiError> for Rejection {
    fn from(e: ApiError) -> Self {
        Self::Desktop(e)
    }
}

impl Serialize for Rejection {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Server { body, .. } => body.serialize(s),
            Self::Desktop(e) => e.serialize(s),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Server { status, body } => {
                let message = body.get("message").and_then(|m| m.as_str()).unwrap_or("");
                write!(f, "the server refused (HTTP {status}): {message}")
            }
            Self::Desktop(e) => f.write_str(&e.message),
        }
    }
}
