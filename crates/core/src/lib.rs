//! Switchboard's core: the domain, storage, ingest, outbox and the one API.
//!
//! It never depends on a UI toolkit, an HTTP server framework or a keychain: hosts (the desktop
//! app, the headless `switchboard serve`, tests) supply those through [`host::Host`].

pub mod access;
pub mod account;
mod announce;
pub mod api;
pub mod assignment;
pub mod audit;
pub mod auth;
pub mod board;
pub mod canned;
pub mod contacts;
pub mod conversation;
pub mod engine;
pub mod error;
pub mod event;
pub mod export;
pub mod gateway;
pub mod host;
pub mod ingest;
pub mod media;
pub mod message;
pub mod operator;
pub mod outbox;
pub mod phone;
pub mod phrase;
pub mod private_files;
pub mod public_address;
pub mod reports;
pub mod review;
pub mod search;
pub mod status;
pub mod store;
pub mod sync;
pub mod tags;
pub mod team;
pub mod templates;
pub mod text;
pub mod time;
pub mod views;
pub mod workflow;

pub use engine::{Engine, SANDBOX_API_KEY, WebhookFailure, sandbox_secret};
pub use error::{ApiError, Error, ErrorCode};
pub use phrase::{Phrase, PhraseDef};
