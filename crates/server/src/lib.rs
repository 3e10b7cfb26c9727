//! The `switchboard` binary's parts: the headless server (API, live events, webhooks), the CLI,
//! and the host capabilities a desktop-less machine offers (keychain, logs as notifications).

pub mod cli;
pub mod datadir;
pub mod http;
mod output;
mod public_address;
pub mod sandbox;
pub mod secrets;
pub mod serve;
pub mod tunnel;
