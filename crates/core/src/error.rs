//! Errors as they cross the API: a small code the UI branches on, and a message for people.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::gateway::ValidationError;
use crate::host::SecretError;
use crate::phone::PhoneError;
use crate::store::StoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request itself is wrong (missing field, bad JSON, unknown command).
    BadRequest,
    InvalidPhone,
    /// The message breaks the gateway's limits.
    InvalidMessage,
    NotFound,
    /// It exists already (an account name).
    Conflict,
    /// This build or this gateway cannot do that.
    Unsupported,
    /// No keychain to keep the gateway's secret in.
    SecretsUnavailable,
    Forbidden,
    Unauthorized,
    /// The gateway refused the request or could not be reached; nothing was changed.
    Gateway,
    Storage,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Phone(#[from] PhoneError),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unsupported(String),
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Gateway(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::BadRequest(_) => ErrorCode::BadRequest,
            Self::Phone(_) => ErrorCode::InvalidPhone,
            Self::Invalid(_) => ErrorCode::InvalidMessage,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Unsupported(_) => ErrorCode::Unsupported,
            Self::Secrets(SecretError::Unavailable(_)) => ErrorCode::SecretsUnavailable,
            Self::Secrets(SecretError::Failed(_)) => ErrorCode::Internal,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::Gateway(_) => ErrorCode::Gateway,
            Self::Store(
                StoreError::Sqlite(_) | StoreError::Corrupt(_) | StoreError::TooNew { .. },
            ) => ErrorCode::Storage,
            Self::Store(StoreError::Worker(_)) => ErrorCode::Internal,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Self::Store(e.into())
    }
}

/// The shape every API failure takes on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
