//! The running core: storage, gateways, outbox workers and live events, for one data directory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::{Notify, watch};

use crate::error::{Error, Result};
use crate::gateway::{
    Connector, Gateway, GatewayConfig, Secret, WebhookError, WebhookReply, WebhookRequest,
};
use crate::host::Host;
use crate::ingest::IngestEvent;
use crate::store::{AccountRow, Applied, Db};
use crate::time::Timestamp;

/// The sandbox account's gateway key: the simulator runs inside the app, so this is not a
/// secret and is never put in the keychain.
pub const SANDBOX_API_KEY: &str = "sandbox";

/// The sandbox account's credentials in the shape its gateway's adapter reads them.
pub fn sandbox_secret(kind: crate::account::GatewayKind) -> String {
    match kind {
        // The Cloud API needs an app secret too, to check the simulator's webhook signatures.
        crate::account::GatewayKind::MetaCloud => format!(
            r#"{{"access_token":"{k}","app_secret":"{k}","verify_token":"{k}"}}"#,
            k = SANDBOX_API_KEY
        ),
        _ => SANDBOX_API_KEY.to_owned(),
    }
}

const CALLBACK_BASE: &str = "callback_base";

pub struct Engine {
    pub(crate) db: Db,
    pub(crate) host: Host,
    pub(crate) connector: Arc<dyn Connector>,
    /// This engine as outbox claims name it.
    pub(crate) claimant: crate::outbox::Claimant,
    callback_base: RwLock<Option<String>>,
    /// The public address settings and the tunnel's reported state.
    pub(crate) public: crate::public_address::PublicAddressState,
    gateways: Mutex<HashMap<i64, Arc<dyn Gateway>>>,
    pub(crate) workers: Mutex<HashMap<i64, Arc<Notify>>>,
    pub(crate) pollers: Mutex<HashMap<i64, Arc<Notify>>>,
    pub(crate) shutdown: watch::Sender<bool>,
    /// Workers run only after [`Engine::start`]; one-shot CLI commands never start them.
    pub(crate) started: std::sync::atomic::AtomicBool,
    /// The data directory's `media/` folder (beside the database file).
    pub(crate) media_dir: std::path::PathBuf,
    pub(crate) media_settings: RwLock<crate::media::MediaSettings>,
    /// Wakes the media worker when downloads are queued.
    pub(crate) media_wake: Arc<Notify>,
    /// Webhook tokens recently found, so gateways' traffic skips the database look-up.
    pub(crate) known_tokens: crate::account::webhook_token::KnownTokens,
    /// The sandbox account whose simulator runs in this process (0: none). Only its webhooks
    /// are taken: other sandbox accounts' secrets are fixed and public.
    sandbox_running: std::sync::atomic::AtomicI64,
    /// The team's settings (who sees what), read on every conversation command.
    pub(crate) team: RwLock<crate::team::TeamSettings>,
    /// The password hasher (its cost) and the sign-in throttle, which lives in memory only.
    pub(crate) auth: crate::auth::Auth,
    /// Wakes the snooze worker when a snooze is set.
    pub(crate) snooze_wake: Arc<Notify>,
    /// Wakes the assignment worker (the queue, no-reply timeouts) when something changed that
    /// may let a waiting conversation find a manager.
    pub(crate) assignment_wake: Arc<Notify>,
}

/// Why a webhook request was not accepted; the HTTP layer turns it into a 4xx or 5xx.
#[derive(Debug, thiserror::Error)]
pub enum WebhookFailure {
    #[error("no account has this webhook address")]
    UnknownAccount,
    #[error(transparent)]
    Rejected(#[from] WebhookError),
    #[error("could not store the webhook: {0}")]
    Store(#[from] Error),
}

pub(crate) fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Engine {
    /// Opens the data in `db_path` (creating it if needed). Nothing runs until [`Engine::start`].
    pub fn open(db_path: &Path, host: Host, connector: Arc<dyn Connector>) -> Result<Arc<Self>> {
        Self::open_as(
            db_path,
            host,
            connector,
            crate::outbox::Claimant::this_process(),
        )
    }

    /// Like [`Engine::open`], naming this engine in outbox claims as `claimant` says: tests run
    /// several engines on one database as if each were a process of its own.
    pub fn open_as(
        db_path: &Path,
        host: Host,
        connector: Arc<dyn Connector>,
        claimant: crate::outbox::Claimant,
    ) -> Result<Arc<Self>> {
        let db = Db::open(db_path)?;
        let media_dir = db_path.with_file_name("media");
        if let Err(e) = crate::media::make_private(&media_dir) {
            tracing::warn!("could not make {} private: {e}", media_dir.display());
        }
        let callback_base = db.read_blocking(|c| Db::get_setting(c, CALLBACK_BASE))?;
        let public = crate::public_address::PublicAddressState::load(&db)?;
        let team = crate::team::TeamSettings::load(&db)?;
        Ok(Arc::new(Self {
            db,
            host,
            connector,
            claimant,
            callback_base: RwLock::new(callback_base),
            public,
            gateways: Mutex::new(HashMap::new()),
            workers: Mutex::new(HashMap::new()),
            pollers: Mutex::new(HashMap::new()),
            shutdown: watch::channel(false).0,
            started: std::sync::atomic::AtomicBool::new(false),
            media_dir,
            media_settings: RwLock::new(crate::media::MediaSettings::default()),
            media_wake: Arc::new(Notify::new()),
            known_tokens: Default::default(),
            sandbox_running: std::sync::atomic::AtomicI64::new(0),
            team: RwLock::new(team),
            snooze_wake: Arc::new(Notify::new()),
            assignment_wake: Arc::new(Notify::new()),
            auth: crate::auth::Auth::default(),
        }))
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn host(&self) -> &Host {
        &self.host
    }

    pub fn now(&self) -> Timestamp {
        self.host.clock.now()
    }

    /// Runs `round` until shutdown: after each round it sleeps as long as the round answered,
    /// or until `wake` is notified; a failed round is logged and tried again after `idle`.
    pub(crate) fn spawn_background<F, Fut>(
        self: &Arc<Self>,
        what: &'static str,
        wake: Arc<Notify>,
        idle: std::time::Duration,
        round: F,
    ) where
        F: Fn(Arc<Engine>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<std::time::Duration>> + Send + 'static,
    {
        let engine = self.clone();
        tokio::spawn(async move {
            let mut shutdown = engine.shutdown.subscribe();
            loop {
                if *shutdown.borrow() {
                    return;
                }
                let wait = match round(engine.clone()).await {
                    Ok(wait) => wait,
                    Err(e) => {
                        tracing::warn!("{what}: {e}");
                        idle
                    }
                };
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => return,
                }
            }
        });
    }

    /// Starts an outbox worker per account. Each worker's first claim settles a send abandoned
    /// by an earlier run (its process is gone): flagged unconfirmed, or queued again where the
    /// gateway de-duplicates, so it never holds the queue.
    pub async fn start(self: &Arc<Self>) -> Result<()> {
        self.started
            .store(true, std::sync::atomic::Ordering::SeqCst);
        for account in self.db.read(Db::accounts).await? {
            self.spawn_account(&account);
        }
        self.spawn_media_worker();
        self.spawn_snooze_worker();
        self.spawn_assignment_worker();
        self.spawn_template_worker();
        Ok(())
    }

    /// Starts an account's outbox worker, and its poller when its gateway is polled.
    pub(crate) fn spawn_account(self: &Arc<Self>, account: &AccountRow) {
        self.spawn_worker(account.id);
        if let Some(policy) = self
            .connector
            .capabilities(account.gateway)
            .and_then(|c| c.polling)
        {
            self.spawn_poller(account.id, policy);
        }
    }

    /// Stops the workers; in-flight sends finish first.
    pub fn shutdown(&self) {
        let _ = self.shutdown.send(true);
    }

    /// Where gateways reach this app: `https://inbox.example.com` or `http://127.0.0.1:8765`.
    /// Kept in the data directory so that `switchboard send` uses it too.
    pub async fn set_callback_base(&self, base: Option<String>) -> Result<()> {
        let base = base.map(|b| b.trim_end_matches('/').to_owned());
        *self
            .callback_base
            .write()
            .unwrap_or_else(|p| p.into_inner()) = base.clone();
        if let Some(b) = base {
            self.db
                .write(move |c| Db::set_setting(c, CALLBACK_BASE, &b))
                .await?;
        }
        Ok(())
    }

    /// Where media files are kept: the `media/` folder beside the database.
    pub fn media_dir(&self) -> &Path {
        &self.media_dir
    }

    pub fn media_settings(&self) -> crate::media::MediaSettings {
        self.media_settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Changes the media store's limits (tests shorten expiry and retries).
    pub fn set_media_settings(&self, settings: crate::media::MediaSettings) {
        *self
            .media_settings
            .write()
            .unwrap_or_else(|p| p.into_inner()) = settings;
        self.media_wake.notify_one();
    }

    pub fn callback_base(&self) -> Option<String> {
        self.callback_base
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(crate) fn webhook_url(&self, account: &AccountRow, endpoint: &str) -> Option<String> {
        self.callback_base()
            .map(|base| format!("{base}/hooks/{}/{endpoint}", account.webhook_token))
    }

    /// The adapter for an account, built once (its secret read once from the keychain).
    pub(crate) async fn gateway(&self, account: &AccountRow) -> Result<Arc<dyn Gateway>> {
        if let Some(g) = lock(&self.gateways).get(&account.id) {
            return Ok(g.clone());
        }
        let secret = if account.sandbox {
            Some(Secret::new(sandbox_secret(account.gateway)))
        } else {
            let secrets = self.host.secrets.clone();
            let key = account.secret_ref.clone();
            tokio::task::spawn_blocking(move || secrets.get(&key))
                .await
                .map_err(Error::internal)??
        };
        let config = GatewayConfig {
            kind: account.gateway,
            base_url: account.base_url.clone(),
            sender: account.sender.clone(),
            secret,
            options: account.options.clone(),
        };
        let gateway = self
            .connector
            .connect(config)
            .ok_or_else(|| Error::no_adapter(account.gateway))?;
        lock(&self.gateways).insert(account.id, gateway.clone());
        Ok(gateway)
    }

    pub(crate) fn forget_gateway(&self, account_id: i64) {
        lock(&self.gateways).remove(&account_id);
        self.known_tokens.forget_account(account_id);
    }

    /// For the host that runs the sandbox: its simulator talks to `account_id`, whose webhooks
    /// are taken from now on. A sandbox account whose simulator does not run here gets none:
    /// its secrets are fixed and public, so once real accounts exist (and `serve` runs without
    /// `--sandbox`) nobody can post into the inbox with them.
    pub fn sandbox_runs_for(&self, account_id: i64) {
        self.sandbox_running
            .store(account_id, std::sync::atomic::Ordering::SeqCst);
    }

    /// Handles a request a gateway made to `/hooks/{token}/{endpoint}`. Returns only after the
    /// events are committed, so a 2xx always means "stored".
    pub async fn webhook(
        self: &Arc<Self>,
        token: &str,
        endpoint: &str,
        request: WebhookRequest,
    ) -> Result<Option<WebhookReply>, WebhookFailure> {
        let account = self
            .account_by_webhook_token(token)
            .await?
            .ok_or(WebhookFailure::UnknownAccount)?;
        let sandbox_here = self
            .sandbox_running
            .load(std::sync::atomic::Ordering::SeqCst)
            == account.id;
        if account.sandbox && !sandbox_here {
            return Err(WebhookFailure::UnknownAccount);
        }
        let gateway = self.gateway(&account).await?;
        let outcome = gateway.parse_webhook(endpoint, &request)?;
        self.ingest(account.id, outcome.events).await?;
        self.note_webhook(account.id);
        Ok(outcome.reply)
    }

    /// The one ingest path: commits what a gateway told us (by webhook, poll or look-up) for
    /// one account, then wakes outboxes with work again and emits live events. Idempotent:
    /// applying the same events again, or in another order, leaves the same state.
    pub async fn ingest(self: &Arc<Self>, account_id: i64, events: Vec<IngestEvent>) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let now = self.now();
        let applied = self
            .commit(move |tx| Db::ingest(tx, account_id, &events, now))
            .await?;
        self.after_ingest(&applied).await;
        Ok(())
    }

    /// What follows a committed ingest: outboxes with work again are woken, and new customers
    /// are given to managers (where the team assigns automatically).
    pub(crate) async fn after_ingest(self: &Arc<Self>, applied: &Applied) {
        for account in &applied.requeued_accounts {
            self.wake(*account);
        }
        if applied.downloads {
            self.media_wake.notify_one();
        }
        self.assign_arrivals(applied).await;
    }
}
