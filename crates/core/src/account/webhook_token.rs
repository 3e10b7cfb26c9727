//! Webhook tokens: the unguessable path segment gateways post to (`/hooks/{token}/{endpoint}`).
//! For Devino, DecisionTelecom and Rapporto it is the only proof that a request comes from the
//! gateway, so a token that may have been seen (sent over plain HTTP, pasted somewhere) can be
//! replaced: the old one keeps working for a day, then is refused.
//!
//! Finding a token's account is on the internet-facing path: a token of the wrong shape is
//! refused before the database is asked, and known tokens are remembered for a few seconds, so
//! the gateways' own traffic does not queue behind guesses for the database's readers.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::account::WebhookUrl;
use crate::api::AccountRef;
use crate::engine::{Engine, lock};
use crate::error::{Error, Result};
use crate::event::Event;
use crate::phrase::core as said;
use crate::store::{AccountRow, Db};
use crate::time::Timestamp;

/// How long a replaced token keeps working: gateways configured with it can be given the new
/// addresses, and statuses of messages sent before (whose callback URL carries it) arrive.
pub const GRACE_MS: i64 = 24 * 3600 * 1000;

/// How long a token found in the database is believed without asking again. Another process
/// (`switchboard account remove`) may change accounts; this bounds how late this one notices.
const REMEMBER_FOR: Duration = Duration::from_secs(10);

/// Entries kept before stale ones are swept: tokens are per account, so this is plenty.
const SWEEP_ABOVE: usize = 256;

/// Whether `token` has the shape every webhook token has (64 lowercase hex characters, see
/// [`crate::store::random_token`]); anything else names no account.
pub fn is_well_formed(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Tokens recently found in the database, with their accounts.
#[derive(Default)]
pub(crate) struct KnownTokens {
    known: Mutex<HashMap<String, Known>>,
}

struct Known {
    account: AccountRow,
    /// A replaced token's end of grace.
    until: Option<Timestamp>,
    found: Instant,
}

impl KnownTokens {
    fn get(&self, token: &str, now: Timestamp) -> Option<AccountRow> {
        let known = lock(&self.known);
        let k = known.get(token)?;
        let fresh = k.found.elapsed() < REMEMBER_FOR && k.until.is_none_or(|u| now < u);
        fresh.then(|| k.account.clone())
    }

    fn remember(&self, token: &str, account: AccountRow, until: Option<Timestamp>) {
        let mut known = lock(&self.known);
        if known.len() >= SWEEP_ABOVE {
            known.retain(|_, k| k.found.elapsed() < REMEMBER_FOR);
        }
        known.insert(
            token.to_owned(),
            Known {
                account,
                until,
                found: Instant::now(),
            },
        );
    }

    /// Forgets an account's tokens: it was removed, changed, or got a new token.
    pub(crate) fn forget_account(&self, account_id: i64) {
        lock(&self.known).retain(|_, k| k.account.id != account_id);
    }
}

impl Engine {
    /// The account a webhook's `token` names now, if any.
    pub(crate) async fn account_by_webhook_token(&self, token: &str) -> Result<Option<AccountRow>> {
        if !is_well_formed(token) {
            return Ok(None);
        }
        let now = self.now();
        if let Some(account) = self.known_tokens.get(token, now) {
            return Ok(Some(account));
        }
        let key = token.to_owned();
        let found = self
            .db
            .read(move |c| Db::account_by_token(c, &key, now))
            .await?;
        Ok(found.map(|(account, until)| {
            self.known_tokens.remember(token, account.clone(), until);
            account
        }))
    }

    /// Gives an account new webhook URLs; the old ones keep working for [`GRACE_MS`], then are
    /// refused. Refused while no public address is known: the old URLs' grace would run out
    /// before the new ones could be given to the gateway.
    pub async fn rotate_webhook_token(
        &self,
        who: &crate::access::Caller,
        req: AccountRef,
    ) -> Result<Vec<WebhookUrl>> {
        let (row, caps) = self.account_reachable(req.account_id).await?;
        let id = row.id;
        let until = self.now().plus_millis(GRACE_MS);
        let row = self
            .db
            .write(move |c| Db::rotate_webhook_token(c, id, until))
            .await?
            .ok_or_else(|| Error::NotFound(said::ACCOUNT_NOT_FOUND.with("id", id)))?;
        self.known_tokens.forget_account(id);
        tracing::info!(
            account_id = id,
            "the account's webhook token was replaced; the old one works until {}",
            until.rfc3339()
        );
        self.host.events.emit(&Event::Accounts);
        self.host.events.emit(&Event::PublicAddress);
        let detail = serde_json::json!({"account_id": id, "name": row.name});
        self.audit(Some(who), None, "webhook_token_rotated", detail)
            .await;
        Ok(self.webhook_urls(&row, &caps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_shape_of_a_token_is_looked_up() {
        assert!(is_well_formed(&crate::store::random_token()));
        for bad in [
            "",
            "abc",
            &"A".repeat(64),
            &"g".repeat(64),
            &"a".repeat(63),
            &"a".repeat(65),
            &format!("{}/", "a".repeat(63)),
        ] {
            assert!(!is_well_formed(bad), "{bad:?}");
        }
    }
}
