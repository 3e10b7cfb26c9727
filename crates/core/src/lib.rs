//! Switchboard's core: the domain, storage, ingest, outbox and the one API.
//!
//! It never depends on a UI toolkit, an HTTP server framework or a keychain: hosts (the desktop
//! app, the headless `switchboard serve`, tests) supply those through [`host::Host`].

pub mod account;
pub mod conversation;
pub mod gateway;
pub mod ingest;
pub mod message;
pub mod operator;
pub mod phone;
pub mod status;
pub mod time;
