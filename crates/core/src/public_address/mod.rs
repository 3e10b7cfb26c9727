//! Where gateways reach this app: the local listener, the user's own public URL, or a tunnel.
//!
//! The core keeps the settings (the tunnel's secret in the host's secret store, never in the
//! database) and the state a host reports; it does not run the tunnel. A host that can (the
//! `serve` start-up) follows [`Engine::tunnel_target`] and reports what happens through
//! [`Engine::report_tunnel`]. Whenever the effective address changes, the callback base that
//! outgoing messages carry changes with it, and [`Event::PublicAddress`] is emitted.

mod api;
mod types;

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::watch;

pub use types::*;

pub(crate) use api::is_loopback;

use crate::engine::{Engine, lock};
use crate::error::Result;
use crate::event::Event;
use crate::gateway::Secret;
use crate::store::Db;
use crate::time::Timestamp;

/// The settings row: the mode and, when a tunnel secret is saved, where the secret store has it.
const SETTINGS_KEY: &str = "public_address";

/// What a host's tunnel connects to. A new value (even an equal one) means "start over".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TunnelTarget {
    /// The bore server's host name or IP address (its control port is always 7835).
    pub server: String,
    /// The public port the user asked for; `None` lets the server choose.
    pub port: Option<u16>,
    /// Tells reports about an earlier target apart from reports about this one.
    pub generation: u64,
    secret_ref: Option<String>,
}

/// Kept in the settings table as JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Stored {
    pub settings: PublicAddressSettings,
    /// The secret store's key for the tunnel secret; absent when none is set.
    #[serde(default)]
    pub secret_ref: Option<String>,
}

/// Webhook arrivals closer together than this announce themselves once.
const WEBHOOK_EVENT_EVERY_MS: i64 = 1000;

struct Inner {
    stored: Stored,
    /// `http://127.0.0.1:8765`: the local listener, once a host serves one.
    local_base: Option<String>,
    tunnel: TunnelState,
    /// Whether a host in this process runs the tunnel.
    tunnel_followed: bool,
    generation: u64,
    /// When each account's last webhook was accepted (since this process started).
    webhooks: HashMap<i64, Timestamp>,
    last_webhook_event: i64,
}

pub(crate) struct PublicAddressState {
    inner: Mutex<Inner>,
    target: watch::Sender<Option<TunnelTarget>>,
}

impl PublicAddressState {
    pub(crate) fn load(db: &Db) -> Result<Self> {
        let stored: Stored = db
            .read_blocking(|c| Db::get_setting(c, SETTINGS_KEY))?
            .and_then(|json| match serde_json::from_str(&json) {
                Ok(s) => Some(s),
                Err(e) => {
                    tracing::warn!("the saved public address is unreadable ({e}); using local");
                    None
                }
            })
            .unwrap_or_default();
        let target = target_of(&stored, 0);
        let tunnel = match target {
            Some(_) => TunnelState::NotRunning,
            None => TunnelState::Off,
        };
        Ok(Self {
            inner: Mutex::new(Inner {
                stored,
                local_base: None,
                tunnel,
                tunnel_followed: false,
                generation: 0,
                webhooks: HashMap::new(),
                last_webhook_event: 0,
            }),
            target: watch::channel(target).0,
        })
    }
}

fn target_of(stored: &Stored, generation: u64) -> Option<TunnelTarget> {
    match &stored.settings {
        PublicAddressSettings::Tunnel { server, port } => Some(TunnelTarget {
            server: server.clone(),
            port: *port,
            generation,
            secret_ref: stored.secret_ref.clone(),
        }),
        _ => None,
    }
}

/// The callback base the settings and the host's reports call for, given the current one.
fn effective_base(inner: &Inner, current: Option<String>) -> Option<String> {
    match &inner.stored.settings {
        PublicAddressSettings::Local => inner.local_base.clone().or(current),
        PublicAddressSettings::Url { url } => Some(url.clone()),
        // Until the tunnel is up, the last address stays: a reconnecting tunnel asks for the
        // same port, so it is usually the address the tunnel comes back on.
        PublicAddressSettings::Tunnel { .. } => match &inner.tunnel {
            TunnelState::Up { url, .. } => Some(url.clone()),
            _ => current.or_else(|| inner.local_base.clone()),
        },
    }
}

impl Engine {
    /// For the host that runs the tunnel: what to connect to (`None`: no tunnel), changing
    /// whenever the settings change. Subscribing marks the tunnel as run by this process.
    pub fn tunnel_target(&self) -> watch::Receiver<Option<TunnelTarget>> {
        let mut inner = lock(&self.public.inner);
        inner.tunnel_followed = true;
        if matches!(inner.tunnel, TunnelState::NotRunning) {
            inner.tunnel = TunnelState::Connecting { since: self.now() };
        }
        self.public.target.subscribe()
    }

    /// The secret to present to the tunnel server, read from the secret store.
    pub async fn tunnel_secret(&self, target: &TunnelTarget) -> Result<Option<Secret>> {
        let Some(key) = target.secret_ref.clone() else {
            return Ok(None);
        };
        let secrets = self.host.secrets.clone();
        tokio::task::spawn_blocking(move || secrets.get(&key))
            .await
            .map_err(crate::Error::internal)?
            .map_err(Into::into)
    }

    /// For the host that runs the tunnel: what happened to `target`. Reports about a target
    /// the settings have since replaced are ignored.
    pub async fn report_tunnel(&self, target: &TunnelTarget, state: TunnelState) -> Result<()> {
        {
            let mut inner = lock(&self.public.inner);
            if inner.generation != target.generation || inner.stored.settings.mode() != "tunnel" {
                return Ok(());
            }
            inner.tunnel = state;
        }
        self.apply_public_address().await
    }

    /// For the host that serves webhooks locally: where, as `http://IP:PORT`.
    pub async fn set_local_base(&self, base: String) -> Result<()> {
        lock(&self.public.inner).local_base = Some(base.trim_end_matches('/').to_owned());
        self.apply_public_address().await
    }

    /// Makes the callback base follow the settings and the tunnel, and tells the UI.
    async fn apply_public_address(&self) -> Result<()> {
        let base = effective_base(&lock(&self.public.inner), self.callback_base());
        if base.is_some() && base != self.callback_base() {
            self.set_callback_base(base).await?;
        }
        self.host.events.emit(&Event::PublicAddress);
        Ok(())
    }

    /// Saves new settings: the secret to the secret store first (no half-saved settings that
    /// name a secret that is not there), then the settings, then tells the tunnel.
    pub(crate) async fn save_public_address(
        &self,
        settings: PublicAddressSettings,
        secret: SecretChange,
    ) -> Result<()> {
        let mut stored = Stored {
            settings,
            secret_ref: lock(&self.public.inner).stored.secret_ref.clone(),
        };
        let secrets = self.host.secrets.clone();
        match secret {
            SecretChange::Keep => {}
            SecretChange::Remove => {
                if let Some(key) = stored.secret_ref.take() {
                    tokio::task::spawn_blocking(move || secrets.delete(&key))
                        .await
                        .map_err(crate::Error::internal)??;
                }
            }
            SecretChange::Set(secret) => {
                // One key per data directory, made once: two data directories never share it.
                let key = stored
                    .secret_ref
                    .clone()
                    .unwrap_or_else(|| format!("tunnel-{}", uuid::Uuid::new_v4().simple()));
                let k = key.clone();
                tokio::task::spawn_blocking(move || secrets.set(&k, &secret))
                    .await
                    .map_err(crate::Error::internal)??;
                stored.secret_ref = Some(key);
            }
        }
        let json = serde_json::to_string(&stored).map_err(|e| {
            crate::Error::BadRequest(crate::phrase::core::SETTINGS_NOT_SAVED.with("detail", e))
        })?;
        self.db
            .write(move |c| Db::set_setting(c, SETTINGS_KEY, &json))
            .await?;
        {
            let mut inner = lock(&self.public.inner);
            inner.generation += 1;
            let target = target_of(&stored, inner.generation);
            inner.tunnel = match (&target, inner.tunnel_followed) {
                (None, _) => TunnelState::Off,
                (Some(_), true) => TunnelState::Connecting { since: self.now() },
                (Some(_), false) => TunnelState::NotRunning,
            };
            inner.stored = stored;
            self.public.target.send_replace(target);
        }
        self.apply_public_address().await
    }

    /// Notes that a webhook of `account_id` was accepted; tells the UI at most once a second.
    pub(crate) fn note_webhook(&self, account_id: i64) {
        let now = self.now();
        let announce = {
            let mut inner = lock(&self.public.inner);
            inner.webhooks.insert(account_id, now);
            let due =
                now.as_millis().saturating_sub(inner.last_webhook_event) >= WEBHOOK_EVENT_EVERY_MS;
            if due {
                inner.last_webhook_event = now.as_millis();
            }
            due
        };
        if announce {
            self.host.events.emit(&Event::PublicAddress);
        }
    }

    fn public_snapshot(&self) -> (Stored, TunnelState, HashMap<i64, Timestamp>) {
        let inner = lock(&self.public.inner);
        (
            inner.stored.clone(),
            inner.tunnel.clone(),
            inner.webhooks.clone(),
        )
    }
}
