//! The account secret: Meta needs up to three credentials, kept together in one stored secret.
//!
//! `{"access_token": "...", "app_secret": "...", "verify_token": "..."}` is the full form; a plain
//! string is taken as the access token alone, which is enough to send but not to trust webhooks.

use switchboard_core::gateway::{Secret, SendError};
use switchboard_core::phrase::Phrase;

use super::phrases as said;
use crate::redact::redact_text;
use crate::wire::{redact_all, redact_phrase};

/// What the stored secret looks like in full.
const EXAMPLE: &str = r#"{"access_token": "...", "app_secret": "...", "verify_token": "..."}"#;

/// The account's credentials, each one a [`Secret`] so no `Debug` ever prints it.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub access_token: Secret,
    /// Signs every webhook POST (`X-Hub-Signature-256`); without it none can be trusted.
    pub app_secret: Option<Secret>,
    /// Echoed by Meta in the subscription handshake (`hub.verify_token`).
    pub verify_token: Option<Secret>,
}

impl Credentials {
    /// Reads the stored secret. The error is a sentence that never quotes the secret.
    pub fn parse(secret: Option<&Secret>) -> Result<Self, Phrase> {
        let Some(secret) = secret else {
            return Err(said::NO_CREDENTIALS.phrase());
        };
        let raw = secret.expose().trim();
        if !raw.starts_with('{') {
            if raw.is_empty() {
                return Err(said::EMPTY_TOKEN.phrase());
            }
            return Ok(Self {
                access_token: Secret::new(raw),
                app_secret: None,
                verify_token: None,
            });
        }
        // serde_json's message could quote part of the secret, so it is not passed on.
        let fields: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(raw).map_err(|_| said::NOT_AN_OBJECT.with("example", EXAMPLE))?;
        let field = |name: &str| -> Result<Option<Secret>, Phrase> {
            match fields.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(Secret::new(s.trim()))),
                Some(_) => Err(said::NOT_TEXT.with("name", name)),
            }
        };
        let access_token = field("access_token")?.ok_or_else(|| said::NO_ACCESS_TOKEN.phrase())?;
        Ok(Self {
            access_token,
            app_secret: field("app_secret")?,
            verify_token: field("verify_token")?,
        })
    }

    /// Every credential, for scrubbing them out of anything quoted back to people.
    fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&self.access_token)
            .chain(self.app_secret.as_ref())
            .chain(self.verify_token.as_ref())
            .map(Secret::expose)
            .filter(|s| !s.is_empty())
    }

    /// Every credential, for an answer's [quotable](crate::wire::Answer::quotable) text.
    pub fn secrets(&self) -> Vec<&str> {
        self.all().collect()
    }

    /// `text` with every credential, in every form it may take, replaced by `<redacted>`.
    pub fn redact(&self, text: &str) -> String {
        redact_text(text, &self.secrets()).into_owned()
    }

    /// `phrase` with every credential cut out of its text and arguments.
    pub fn redact_phrase(&self, phrase: Phrase) -> Phrase {
        redact_phrase(phrase, &self.all().collect::<Vec<_>>())
    }

    /// A send error whose reason cannot show a credential, even if Meta's answer echoed one.
    pub fn redact_error(&self, error: SendError) -> SendError {
        redact_all(error, &self.all().collect::<Vec<_>>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_object_holds_all_three() {
        let c = Credentials::parse(Some(&Secret::new(
            r#"{"access_token": "EAAB", "app_secret": "s3", "verify_token": "vt"}"#,
        )))
        .expect("valid");
        assert_eq!(c.access_token.expose(), "EAAB");
        assert_eq!(c.app_secret.as_ref().map(Secret::expose), Some("s3"));
        assert_eq!(c.verify_token.as_ref().map(Secret::expose), Some("vt"));
    }

    #[test]
    fn a_plain_string_is_the_access_token_alone() {
        let c = Credentials::parse(Some(&Secret::new(" EAABtoken \n"))).expect("valid");
        assert_eq!(c.access_token.expose(), "EAABtoken");
        assert!(c.app_secret.is_none() && c.verify_token.is_none());
    }

    #[test]
    fn broken_secrets_are_explained_without_quoting_them() {
        for raw in [
            r#"{"access_token": "EAAsecret""#,
            r#"{"app_secret": "EAAsecret"}"#,
            r#"{"access_token": 42, "x": "EAAsecret"}"#,
        ] {
            let error = Credentials::parse(Some(&Secret::new(raw))).expect_err(raw);
            assert!(!error.text.contains("EAAsecret"), "{error}");
            assert!(error.text.len() > 20, "{error}");
        }
        assert!(Credentials::parse(None).is_err());
    }

    #[test]
    fn redaction_covers_every_credential() {
        let c = Credentials::parse(Some(&Secret::new(
            r#"{"access_token": "tok", "app_secret": "app", "verify_token": "ver"}"#,
        )))
        .expect("valid");
        assert_eq!(c.redact("tok app ver"), "<redacted> <redacted> <redacted>");
    }
}
