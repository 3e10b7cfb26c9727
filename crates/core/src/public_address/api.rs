//! The `public_address` and `set_public_address` commands, and the checks behind them.

use std::net::IpAddr;

use super::{AccountCallbacks, Stored};
use super::{PublicAddress, PublicAddressSettings, SecretChange, SetPublicAddress, TunnelState};
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::gateway::Secret;
use crate::phrase::{Phrase, PhraseArg, PhraseDef, core as said};
use crate::store::Db;

impl Engine {
    pub async fn public_address(
        &self,
        _: &crate::access::Caller,
        _: Empty,
    ) -> Result<PublicAddress> {
        let (stored, tunnel, webhooks) = self.public_snapshot();
        let rows = self.db.read(Db::accounts).await?;
        let mut accounts = Vec::with_capacity(rows.len());
        let mut webhooks_needed = false;
        for row in rows {
            let urls = match self.connector.capabilities(row.gateway) {
                Some(caps) => {
                    // The sandbox's gateway runs here: a local address serves it.
                    webhooks_needed |= !row.sandbox && !caps.webhooks.is_empty();
                    self.webhook_urls(&row, &caps)
                }
                None => Vec::new(),
            };
            accounts.push(AccountCallbacks {
                account_id: row.id,
                last_webhook_at: webhooks.get(&row.id).copied(),
                name: row.name,
                gateway: row.gateway,
                sandbox: row.sandbox,
                webhooks: urls,
            });
        }
        let base_url = self.callback_base();
        Ok(PublicAddress {
            warning: warning(&stored, &tunnel, base_url.as_deref(), webhooks_needed),
            tunnel_secret_set: stored.secret_ref.is_some(),
            settings: stored.settings,
            base_url,
            tunnel,
            last_webhook_at: webhooks.values().max().copied(),
            accounts,
        })
    }

    pub async fn set_public_address(
        &self,
        who: &crate::access::Caller,
        req: SetPublicAddress,
    ) -> Result<PublicAddress> {
        let settings = check(req.settings)?;
        let detail = serde_json::json!({
            "setting": "public_address",
            "address": settings,
            "tunnel_secret": match req.tunnel_secret.as_deref().map(str::trim) {
                None => "kept",
                Some("") => "removed",
                Some(_) => "set",
            },
        });
        let secret = match req.tunnel_secret.map(|s| s.trim().to_owned()) {
            None => SecretChange::Keep,
            Some(s) if s.is_empty() => SecretChange::Remove,
            Some(s) => SecretChange::Set(Secret::new(s)),
        };
        self.save_public_address(settings, secret).await?;
        self.audit(Some(who), None, "settings", detail).await;
        self.public_address(&crate::access::Caller::local(), Empty {})
            .await
    }
}

/// Why callbacks would not arrive, in words a person can act on.
fn warning(
    stored: &Stored,
    tunnel: &TunnelState,
    base: Option<&str>,
    webhooks_needed: bool,
) -> Option<Phrase> {
    unreachable(stored, tunnel, base, webhooks_needed).or_else(|| {
        // Reachable, but readable on the way: the URL token is some gateways' only proof.
        let base = base.filter(|b| webhooks_needed && is_cleartext(b))?;
        Some(said::PUBLIC_CLEARTEXT.with("base", base))
    })
}

/// Whether callbacks to `base` cross the network unencrypted: plain HTTP to another machine.
pub(crate) fn is_cleartext(base: &str) -> bool {
    base.get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
        && !is_loopback(base)
}

/// Whether a URL's host is this machine: a gateway on the internet cannot reach it, and
/// nothing sent there crosses a network.
pub(crate) fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost") || host == "::1" || host.starts_with("127.")
}

/// Why callbacks would not arrive at all.
fn unreachable(
    stored: &Stored,
    tunnel: &TunnelState,
    base: Option<&str>,
    webhooks_needed: bool,
) -> Option<Phrase> {
    let base = match base {
        Some(b) => PhraseArg::Text(b.to_owned()),
        None => PhraseArg::Phrase(Box::new(said::PUBLIC_NO_ADDRESS_YET.phrase())),
    };
    let with_base = |def: PhraseDef| match &base {
        PhraseArg::Text(b) => def.with("base", b),
        PhraseArg::Phrase(p) => def.phrase().nest("base", (**p).clone()),
    };
    match (&stored.settings, tunnel) {
        (PublicAddressSettings::Local, _) if webhooks_needed => Some(with_base(said::PUBLIC_LOCAL)),
        (PublicAddressSettings::Tunnel { .. }, TunnelState::NotRunning) => {
            Some(said::PUBLIC_NOT_RUNNING.phrase())
        }
        (PublicAddressSettings::Tunnel { server, .. }, TunnelState::Connecting { .. }) => {
            Some(with_base(said::PUBLIC_CONNECTING).arg("server", server))
        }
        // The state carries the reason; the warning says what it means for callbacks.
        (PublicAddressSettings::Tunnel { .. }, TunnelState::Down { .. }) => {
            Some(with_base(said::PUBLIC_DOWN))
        }
        _ => None,
    }
}

/// Checks and normalises settings: a usable URL, a bare host name for the tunnel server.
fn check(settings: PublicAddressSettings) -> Result<PublicAddressSettings> {
    Ok(match settings {
        PublicAddressSettings::Local => PublicAddressSettings::Local,
        PublicAddressSettings::Url { url } => PublicAddressSettings::Url {
            url: check_url(&url)?,
        },
        PublicAddressSettings::Tunnel { server, port } => PublicAddressSettings::Tunnel {
            server: check_server(&server)?,
            port: port.filter(|p| *p != 0),
        },
    })
}

fn check_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| Error::BadRequest(said::PUBLIC_URL_SCHEME.with("url", url)))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || rest.contains(char::is_whitespace) || rest.contains(['?', '#']) {
        return Err(Error::BadRequest(said::PUBLIC_URL_SHAPE.with("url", url)));
    }
    Ok(url.to_owned())
}

fn check_server(server: &str) -> Result<String> {
    let server = server.trim();
    let bracketed = server.trim_start_matches('[').trim_end_matches(']');
    if bracketed.parse::<IpAddr>().is_ok() {
        return Ok(bracketed.to_owned());
    }
    let valid = !server.is_empty()
        && server.len() <= 253
        && server
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if !valid {
        return Err(Error::BadRequest(
            said::PUBLIC_SERVER_SHAPE.with("server", server),
        ));
    }
    Ok(server.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_trimmed_and_checked() {
        assert_eq!(
            check_url(" https://inbox.example.com/ ").ok().as_deref(),
            Some("https://inbox.example.com")
        );
        assert!(
            check_url("inbox.example.com").is_err(),
            "a scheme is needed"
        );
        assert!(check_url("https://").is_err(), "a host is needed");
        assert!(check_url("https://x.example.com/?a=1").is_err());
    }

    #[test]
    fn plain_http_to_another_machine_is_cleartext() {
        assert!(is_cleartext("http://bore.example.com:40100"));
        assert!(is_cleartext("HTTP://203.0.113.7"));
        assert!(is_cleartext("http://192.168.1.10:8765"));
        assert!(!is_cleartext("https://inbox.example.com"));
        assert!(!is_cleartext("http://127.0.0.1:8765"));
        assert!(!is_cleartext("http://localhost:8765"));
        assert!(!is_cleartext("http://[::1]:8765"));
        assert!(is_cleartext("http://127.0.0.1@evil.example.com"));
    }

    #[test]
    fn a_tunnel_server_is_a_bare_host() {
        assert_eq!(
            check_server("Bore.Example.com").ok().as_deref(),
            Some("bore.example.com")
        );
        assert_eq!(check_server("[::1]").ok().as_deref(), Some("::1"));
        assert!(
            check_server("bore.example.com:7835").is_err(),
            "the control port is fixed"
        );
        assert!(check_server("http://bore.example.com").is_err());
        assert!(check_server("").is_err());
    }
}
