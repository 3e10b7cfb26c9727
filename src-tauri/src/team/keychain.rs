//! The team session's token in the OS keychain (service `switchboard-team`, one entry per
//! server address), so the window opens signed in after a restart and no file holds it.
//!
//! Calls block on the keychain's D-Bus round trips: from async code, run them with
//! `spawn_blocking`.

use super::address::Address;
use super::server::Token;

const SERVICE: &str = "switchboard-team";

/// Why the keychain did not answer, in its own words.
#[derive(Debug)]
pub struct KeychainError(pub String);

impl std::fmt::Display for KeychainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn entry(server: &Address) -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(SERVICE, &server.to_string()).map_err(|e| KeychainError(e.to_string()))
}

pub fn load(server: &Address) -> Result<Option<Token>, KeychainError> {
    match entry(server)?.get_password() {
        Ok(token) => Ok(Some(Token::new(token))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(KeychainError(e.to_string())),
    }
}

pub fn save(server: &Address, token: &Token) -> Result<(), KeychainError> {
    entry(server)?
        .set_password(token.expose())
        .map_err(|e| KeychainError(e.to_string()))
}

/// Forgets the token; one that is not there is forgotten already.
pub fn forget(server: &Address) -> Result<(), KeychainError> {
    match entry(server)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(KeychainError(e.to_string())),
    }
}
