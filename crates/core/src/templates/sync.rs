//! Refreshing an account's catalog from its gateway: on demand, and every few hours for every
//! account whose gateway lists its templates. A failed refresh keeps the catalog as it was and
//! says why; only a complete listing replaces it.

use std::sync::Arc;
use std::time::Duration;

use super::{ListedTemplate, TemplateSync, said};
use crate::access::Caller;
use crate::api::AccountRef;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::gateway::{CatalogSource, SendError};
use crate::phrase::Phrase;
use crate::store::{AccountRow, Db};

/// How old a catalog may grow before the worker refreshes it.
pub const REFRESH_EVERY: Duration = Duration::from_secs(4 * 3600);
/// How often the worker looks for catalogs due.
const LOOK_EVERY: Duration = Duration::from_secs(10 * 60);
/// The most pages one refresh reads (a gateway that keeps answering "more" is not followed
/// forever).
pub const MAX_PAGES: usize = 100;
/// The most templates one account's catalog keeps.
pub const MAX_TEMPLATES: usize = 5000;

impl Engine {
    /// Refreshes the account's catalog from its gateway now.
    pub async fn sync_templates(
        self: &Arc<Self>,
        _who: &Caller,
        req: AccountRef,
    ) -> Result<TemplateSync> {
        let (account, source) = self.catalog_account(req.account_id).await?;
        if source != CatalogSource::Gateway {
            return Err(Error::Unsupported(
                said::NOT_SYNCED.with("gateway", account.gateway.display_name()),
            ));
        }
        self.refresh_templates(&account).await
    }

    /// Lists every page of the gateway's templates, then replaces the synced catalog with them
    /// in one transaction; a failure on any page is recorded on the account and changes
    /// nothing else.
    pub(crate) async fn refresh_templates(
        self: &Arc<Self>,
        account: &AccountRow,
    ) -> Result<TemplateSync> {
        let listed = match self.list_every_template(account).await {
            Ok(listed) => listed,
            Err(reason) => {
                let at = self.now();
                let id = account.id;
                let phrase = said::SYNC_FAILED
                    .with("gateway", account.gateway.display_name())
                    .nest("reason", reason);
                let kept = phrase.clone();
                self.db
                    .transact(move |tx| Db::record_template_sync(tx, id, at, Some(&kept)))
                    .await?;
                // The failure shows beside the kept catalog.
                self.host.events.emit(&Event::Templates { account_id: id });
                return Err(Error::Gateway(phrase));
            }
        };
        let (id, at) = (account.id, self.now());
        let count = listed.len() as u32;
        let replaced = self
            .db
            .transact(move |tx| {
                let replaced = Db::replace_synced_templates(tx, id, &listed, at)?;
                Db::record_template_sync(tx, id, at, None)?;
                Ok(replaced)
            })
            .await?;
        self.host.events.emit(&Event::Templates { account_id: id });
        Ok(TemplateSync {
            listed: count,
            added: replaced.added,
            updated: replaced.updated,
            removed: replaced.removed,
            synced_at: at,
        })
    }

    async fn list_every_template(
        &self,
        account: &AccountRow,
    ) -> Result<Vec<ListedTemplate>, Phrase> {
        let gateway = self.gateway(account).await.map_err(|e| e.phrase())?;
        let mut listed = Vec::new();
        let mut cursor = None;
        for _ in 0..MAX_PAGES {
            let page = gateway
                .list_templates(cursor.take())
                .await
                .map_err(|e: SendError| e.reason().clone())?;
            listed.extend(page.templates);
            if listed.len() > MAX_TEMPLATES {
                listed.truncate(MAX_TEMPLATES);
                break;
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(listed),
            }
        }
        // A gateway still saying "more" after so many pages: keep what came, in full pages.
        Ok(listed)
    }

    /// Refreshes every catalog listed by its gateway whose last attempt is older than
    /// [`REFRESH_EVERY`] (or that was never refreshed); how many were refreshed. A failure is
    /// recorded on its account and the others go on.
    pub async fn refresh_due_templates(self: &Arc<Self>) -> Result<u32> {
        let now = self.now();
        let mut refreshed = 0;
        for account in self.db.read(Db::accounts).await? {
            let listed_by_gateway = self
                .connector
                .capabilities(account.gateway)
                .is_some_and(|c| c.template_catalog == CatalogSource::Gateway);
            if !listed_by_gateway {
                continue;
            }
            let id = account.id;
            let last = self.db.read(move |c| Db::template_sync(c, id)).await?;
            let due = last.is_none_or(|row| {
                now.millis_since(row.attempted_at) >= REFRESH_EVERY.as_millis() as i64
            });
            if due {
                if let Err(e) = self.refresh_templates(&account).await {
                    tracing::warn!("templates of account {id}: {e}");
                }
                refreshed += 1;
            }
        }
        Ok(refreshed)
    }

    /// Started with the engine's other workers.
    pub(crate) fn spawn_template_worker(self: &Arc<Self>) {
        let wake = Arc::new(tokio::sync::Notify::new());
        self.spawn_background("template refresh", wake, LOOK_EVERY, |engine| async move {
            engine.refresh_due_templates().await?;
            Ok(LOOK_EVERY)
        });
    }
}
