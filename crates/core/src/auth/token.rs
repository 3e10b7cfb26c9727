//! Session and API-key tokens: 32 random bytes from the OS, written base64url after a prefix
//! that says what they are (`sb_s_` a session, `sb_k_` an API key) so that one pasted into a
//! chat or found in a log is recognised. Only their SHA-256 is stored: a copy of the database
//! signs nobody in, and a plain hash is enough because the tokens are random, not chosen.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// 256 bits: beyond guessing, whatever the number of tokens issued.
const RANDOM_BYTES: usize = 32;

/// Longer than any token Switchboard issues (or the data directory's older token); longer
/// ones are refused without hashing.
pub(crate) const MAX_LEN: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Session,
    ApiKey,
}

impl TokenKind {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Session => "sb_s_",
            Self::ApiKey => "sb_k_",
        }
    }
}

/// What a stored credential is found by.
pub type TokenHash = [u8; 32];

/// A new token of `kind`, and the hash to store.
pub fn issue(kind: TokenKind) -> Result<(String, TokenHash)> {
    let mut bytes = [0u8; RANDOM_BYTES];
    getrandom::fill(&mut bytes).map_err(Error::internal)?;
    let token = format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash(&token);
    Ok((token, hash))
}

/// The hash a token is stored as.
pub fn hash(token: &str) -> TokenHash {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_base64url_and_stored_as_their_hash() {
        let (session, hash_s) = issue(TokenKind::Session).unwrap();
        let (key, _) = issue(TokenKind::ApiKey).unwrap();
        assert!(session.starts_with("sb_s_") && key.starts_with("sb_k_"));
        let body = &session[5..];
        assert_eq!(body.len(), 43, "32 bytes, base64 without padding");
        assert!(
            body.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "safe in a URL and a header: {body}"
        );
        assert_eq!(hash(&session), hash_s);
        assert_ne!(issue(TokenKind::Session).unwrap().0, session);
        assert!(session.len() <= MAX_LEN);
    }
}
