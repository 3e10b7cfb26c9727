//! Errors as they cross the API: a small code the UI branches on, and a message for people.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::gateway::ValidationError;
use crate::host::SecretError;
use crate::phone::PhoneError;
use crate::phrase::{Phrase, core as said};
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
    /// Too many failed sign-ins: wait the seconds the phrase says, then try again.
    TooManyAttempts,
    /// The gateway refused the request or could not be reached; nothing was changed.
    Gateway,
    Storage,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadRequest(Phrase),
    #[error(transparent)]
    Phone(#[from] PhoneError),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{0}")]
    NotFound(Phrase),
    #[error("{0}")]
    Conflict(Phrase),
    #[error("{0}")]
    Unsupported(Phrase),
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error("{0}")]
    Forbidden(Phrase),
    /// Nobody is signed in, or the session or key is not (any longer) good, or the login or
    /// password is wrong.
    #[error("{0}")]
    Unauthorized(Phrase),
    /// Signing in is throttled after failures; the phrase says for how long.
    #[error("{0}")]
    TooManyAttempts(Phrase),
    #[error("{0}")]
    Gateway(Phrase),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something inside Switchboard failed (a task died): not the request's fault.
    #[error("{0}")]
    Internal(Phrase),
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
            Self::Unauthorized(_) => ErrorCode::Unauthorized,
            Self::TooManyAttempts(_) => ErrorCode::TooManyAttempts,
            Self::Gateway(_) => ErrorCode::Gateway,
            Self::Store(
                StoreError::Sqlite(_)
                | StoreError::File(_)
                | StoreError::Corrupt(_)
                | StoreError::TooNew { .. },
            ) => ErrorCode::Storage,
            Self::Store(StoreError::Worker(_)) | Self::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl Error {
    /// What to tell a person, in a form the UI translates.
    pub fn phrase(&self) -> Phrase {
        match self {
            Self::BadRequest(p)
            | Self::NotFound(p)
            | Self::Conflict(p)
            | Self::Unsupported(p)
            | Self::Forbidden(p)
            | Self::Unauthorized(p)
            | Self::TooManyAttempts(p)
            | Self::Gateway(p)
            | Self::Internal(p) => p.clone(),
            Self::Invalid(ValidationError(p)) => p.clone(),
            Self::Phone(e) => e.phrase(),
            Self::Secrets(SecretError::Unavailable(d)) => {
                said::SECRETS_UNAVAILABLE.with("detail", d)
            }
            Self::Secrets(SecretError::Failed(d)) => said::SECRETS_FAILED.with("detail", d),
            Self::Store(StoreError::Sqlite(e)) => said::STORAGE.with("detail", e),
            Self::Store(StoreError::File(d)) => said::STORAGE.with("detail", d),
            Self::Store(StoreError::Corrupt(d)) => said::STORAGE_CORRUPT.with("detail", d),
            Self::Store(StoreError::TooNew { path, found, known }) => said::STORAGE_TOO_NEW
                .with("path", path)
                .arg("found", found)
                .arg("known", known),
            Self::Store(StoreError::Worker(d)) => said::INTERNAL.with("detail", d),
        }
    }

    /// A task that died or a failure no person can act on.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::Internal(said::INTERNAL.with("detail", detail))
    }

    /// This build has no adapter for the gateway `kind`.
    pub fn no_adapter(kind: crate::account::GatewayKind) -> Self {
        Self::Unsupported(said::NO_ADAPTER.with("gateway", kind.display_name()))
    }

    /// A request that is wrong in a way only a program makes (bad JSON, a missing field).
    pub fn bad_request(detail: impl std::fmt::Display) -> Self {
        Self::BadRequest(said::BAD_REQUEST.with("detail", detail))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Self::Store(e.into())
    }
}

/// The shape every API failure takes on the wire: a code the UI branches on, the phrase it
/// shows in the user's language, and the English `message` for logs and scripts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub phrase: Phrase,
}

impl ApiError {
    pub fn new(code: ErrorCode, phrase: impl Into<Phrase>) -> Self {
        let phrase = phrase.into();
        Self {
            code,
            message: phrase.text.clone(),
            phrase,
        }
    }

    /// A failure inside Switchboard (a task that died, an answer that would not serialize).
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::Internal, said::INTERNAL.with("detail", detail))
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        Self::new(e.code(), e.phrase())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
