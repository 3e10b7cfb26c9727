//! The public address as the API shows and takes it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::account::{GatewayKind, WebhookUrl};
use crate::gateway::Secret;
use crate::time::Timestamp;

/// How gateways reach this app.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum PublicAddressSettings {
    /// Callbacks point at the local listener: only a gateway on this machine or network
    /// reaches it (the sandbox does).
    #[default]
    Local,
    /// The user's own public base URL (a reverse proxy, cloudflared, ngrok) that forwards to
    /// the local listener.
    Url { url: String },
    /// The built-in tunnel to a bore server (control port 7835); the public address is
    /// `http://SERVER:PORT`.
    Tunnel {
        server: String,
        /// The public port to ask for; the server picks one when absent.
        #[ts(optional)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        port: Option<u16>,
    },
}

impl PublicAddressSettings {
    pub fn mode(&self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Url { .. } => "url",
            Self::Tunnel { .. } => "tunnel",
        }
    }
}

/// `set_public_address`'s request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetPublicAddress {
    pub settings: PublicAddressSettings,
    /// The bore server's secret: absent keeps the saved one, empty removes it. Kept in the
    /// secret store; never stored in the database, logged or returned.
    #[ts(optional)]
    #[serde(default)]
    pub tunnel_secret: Option<String>,
}

impl std::fmt::Debug for SetPublicAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetPublicAddress")
            .field("settings", &self.settings)
            .field(
                "tunnel_secret",
                &self.tunnel_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

pub(crate) enum SecretChange {
    Keep,
    Remove,
    Set(Secret),
}

/// How the tunnel stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TunnelState {
    /// No tunnel is configured.
    Off,
    /// A tunnel is configured, but no process here runs it: it runs inside the desktop app
    /// or `switchboard serve`.
    NotRunning,
    /// Connecting to the bore server.
    Connecting { since: Timestamp },
    /// Gateways reach this app at `url`.
    Up { url: String, since: Timestamp },
    /// The connection failed or dropped; the next try is at `retry_at`.
    Down {
        reason: crate::phrase::Phrase,
        since: Timestamp,
        retry_at: Timestamp,
    },
}

/// One account's callback addresses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountCallbacks {
    pub account_id: i64,
    pub name: String,
    pub gateway: GatewayKind,
    pub sandbox: bool,
    /// What to give the gateway; empty when no address is known yet or the gateway is polled.
    pub webhooks: Vec<WebhookUrl>,
    /// When this account's last webhook was accepted, since the app started.
    pub last_webhook_at: Option<Timestamp>,
}

/// `public_address`'s answer: the settings, where callbacks go, and whether they can arrive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublicAddress {
    pub settings: PublicAddressSettings,
    /// Whether a tunnel secret is saved (the secret itself is never returned).
    pub tunnel_secret_set: bool,
    /// The base of the callback URLs that outgoing messages carry from now on.
    pub base_url: Option<String>,
    pub tunnel: TunnelState,
    /// Set when callbacks would point at an address gateways cannot reach.
    pub warning: Option<crate::phrase::Phrase>,
    /// The last webhook any account received, since the app started.
    pub last_webhook_at: Option<Timestamp>,
    pub accounts: Vec<AccountCallbacks>,
}
