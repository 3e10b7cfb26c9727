//! The `switchboard` binary's parts: the headless server (API, live events, webhooks), the CLI,
//! and the host capabilities a desktop-less machine offers (keychain, logs as notifications).

pub mod cli;
pub mod datadir;
pub mod http;
pub mod listen;
mod output;
mod public_address;
pub mod sandbox;
pub mod secrets;
pub mod serve;
pub mod tunnel;

/// Every phrase this program can say: the core's, each gateway adapter's and the server's own.
/// The UI's translations are typed against this list (`ui/src/bindings/PhraseKey.ts`).
pub fn phrases() -> Vec<switchboard_core::PhraseDef> {
    [
        switchboard_core::phrase::catalog(),
        switchboard_gateways::phrases(),
        tunnel::said::ALL.to_vec(),
        http::api::said::ALL.to_vec(),
        http::guard::said::ALL.to_vec(),
    ]
    .concat()
}
