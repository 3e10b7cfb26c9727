//! API keys: named tokens an operator makes for scripts and integrations. They act as their
//! operator (with their role), never expire, and stop working when revoked or when their
//! operator is disabled.

use serde_json::json;

use super::token::{self, TokenKind};
use super::{ApiKeyInfo, CreateApiKey, CredentialRef, NewApiKey, said};
use crate::access::Caller;
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::store::{CredentialKind, CredentialRow, Db, NewCredential, OperatorChange};

/// The longest name a key may have.
const NAME_CHARS: usize = 100;

impl Engine {
    pub async fn list_api_keys(&self, who: &Caller, _: Empty) -> Result<Vec<ApiKeyInfo>> {
        let operator_id = who.id();
        let rows = self
            .db
            .read(move |c| Db::credentials_of(c, operator_id, CredentialKind::ApiKey))
            .await?;
        Ok(rows.into_iter().map(key_info).collect())
    }

    /// A new API key of the caller's; its token is in this answer only.
    pub async fn create_api_key(&self, who: &Caller, req: CreateApiKey) -> Result<NewApiKey> {
        let name = req.name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::BadRequest(said::KEY_NAME_EMPTY.phrase()));
        }
        if name.chars().count() > NAME_CHARS {
            return Err(Error::BadRequest(
                said::NAME_TOO_LONG.with("max", NAME_CHARS),
            ));
        }
        let (token, token_hash) = token::issue(TokenKind::ApiKey)?;
        let new = NewCredential {
            operator_id: who.id(),
            kind: CredentialKind::ApiKey,
            token_hash,
            label: name,
            address: None,
        };
        let (actor, now) = (who.id(), self.now());
        let row = self
            .db
            .transact(move |tx| {
                let row = Db::insert_credential(tx, &new, now)?;
                Db::record_operator_change(
                    tx,
                    &OperatorChange {
                        at: now,
                        actor_id: actor,
                        operator_id: actor,
                        kind: "api_key_created",
                        detail: json!({"key_id": row.id, "name": row.label}),
                    },
                )?;
                Ok(row)
            })
            .await?;
        Ok(NewApiKey {
            key: key_info(row),
            token,
        })
    }

    /// Revokes one of the caller's own keys (another operator's is not found).
    pub async fn revoke_api_key(&self, who: &Caller, req: CredentialRef) -> Result<()> {
        let (actor, now) = (who.id(), self.now());
        let revoked = self
            .db
            .transact(move |tx| {
                let Some(row) = Db::credential(tx, req.id)?
                    .filter(|k| k.operator_id == actor && k.kind == CredentialKind::ApiKey)
                else {
                    return Ok(false);
                };
                Db::delete_credential(tx, row.id, actor, CredentialKind::ApiKey)?;
                Db::record_operator_change(
                    tx,
                    &OperatorChange {
                        at: now,
                        actor_id: actor,
                        operator_id: actor,
                        kind: "api_key_revoked",
                        detail: json!({"key_id": row.id, "name": row.label}),
                    },
                )?;
                Ok(true)
            })
            .await?;
        if !revoked {
            return Err(Error::NotFound(said::API_KEY_NOT_FOUND.phrase()));
        }
        // A script's event stream open with that key ends now, not at its next check.
        self.host
            .events
            .emit(&Event::Credentials { operator_id: actor });
        Ok(())
    }
}

fn key_info(row: CredentialRow) -> ApiKeyInfo {
    ApiKeyInfo {
        id: row.id,
        name: row.label,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        last_address: row.last_address,
    }
}
