//! The built-in tunnel: a bore client (https://github.com/ekzhang/bore) that makes the public
//! listener reachable at `http://SERVER:PORT` through a bore server the user names.
//!
//! It follows the engine's tunnel settings, reconnects with backoff after a drop, asks for the
//! same public port again so the address gateways already have keeps working, and reports
//! every change of state to the engine (which moves the callback base when the address moves).
//! Only the public listener (webhooks and media) is forwarded: the API never is.

use std::time::Duration;

use bore_cli::client::Client;
use std::sync::Arc;
use switchboard_core::Engine;
use switchboard_core::Phrase;
use switchboard_core::gateway::Secret;
use switchboard_core::public_address::{TunnelState, TunnelTarget};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long to wait between attempts to reach the tunnel server.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
    /// A connection that lasted this long was healthy: the next drop starts again at `first`.
    pub stable_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            first: Duration::from_secs(1),
            max: Duration::from_secs(60),
            stable_after: Duration::from_secs(30),
        }
    }
}

/// A public port we got before but the server now refuses is asked for this many times (its
/// old listener may still be closing) before any port will do.
const SAME_PORT_TRIES: u32 = 3;

/// Runs the tunnel for as long as the returned task lives, forwarding to `127.0.0.1:local_port`.
pub fn spawn(engine: Arc<Engine>, local_port: u16, backoff: Backoff) -> JoinHandle<()> {
    let targets = engine.tunnel_target();
    tokio::spawn(follow(engine, targets, local_port, backoff))
}

/// Runs the current target until the settings change, then the new one.
async fn follow(
    engine: Arc<Engine>,
    mut targets: watch::Receiver<Option<TunnelTarget>>,
    local_port: u16,
    backoff: Backoff,
) {
    loop {
        let target = targets.borrow_and_update().clone();
        match target {
            Some(target) => {
                tokio::select! {
                    () = run(&engine, &target, local_port, backoff) => {}
                    changed = targets.changed() => if changed.is_err() { return },
                }
            }
            None => {
                if targets.changed().await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Connects, serves, and reconnects forever; dropping the future closes the tunnel.
async fn run(engine: &Engine, target: &TunnelTarget, local_port: u16, backoff: Backoff) {
    let mut wait = backoff.first;
    // The address gateways already have (from this run or the last): ask for its port again.
    let mut known_port = target
        .port
        .or_else(|| port_of(engine.callback_base().as_deref(), &target.server));
    let mut refusals = 0;
    loop {
        report(
            engine,
            target,
            TunnelState::Connecting {
                since: engine.now(),
            },
        )
        .await;
        let reason = match connect(engine, target, local_port, known_port).await {
            Ok(client) => {
                let port = client.remote_port();
                known_port = Some(port);
                refusals = 0;
                let url = public_url(&target.server, port);
                tracing::info!("the tunnel is up: gateways reach this app at {url}");
                let since = engine.now();
                report(engine, target, TunnelState::Up { url, since }).await;
                let started = tokio::time::Instant::now();
                let ended = client.listen().await;
                if started.elapsed() >= backoff.stable_after {
                    wait = backoff.first;
                }
                match ended {
                    Ok(()) => said::CLOSED.phrase(),
                    Err(e) => said::BROKE.with("detail", format!("{e:#}")),
                }
            }
            Err(Failure::Refused(reason)) if target.port.is_none() && known_port.is_some() => {
                // The port we had is not free (yet): after a few tries, any port will do.
                refusals += 1;
                if refusals >= SAME_PORT_TRIES {
                    known_port = None;
                }
                reason
            }
            Err(Failure::Refused(reason) | Failure::Other(reason)) => reason,
        };
        tracing::warn!("the tunnel is down: {reason}; next try in {wait:?}");
        let now = engine.now();
        let retry_at = now.plus_millis(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX));
        let down = TunnelState::Down {
            reason,
            since: now,
            retry_at,
        };
        report(engine, target, down).await;
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(backoff.max);
    }
}

enum Failure {
    /// The server answered but would not open the tunnel (port taken or out of range).
    Refused(Phrase),
    Other(Phrase),
}

async fn connect(
    engine: &Engine,
    target: &TunnelTarget,
    local_port: u16,
    port: Option<u16>,
) -> Result<Client, Failure> {
    let secret: Option<Secret> = engine
        .tunnel_secret(target)
        .await
        .map_err(|e| Failure::Other(said::SECRET_UNREADABLE.phrase().nest("detail", e.phrase())))?;
    Client::new(
        "127.0.0.1",
        local_port,
        &target.server,
        port.unwrap_or(0),
        secret.as_ref().map(Secret::expose),
    )
    .await
    .map_err(|e| describe(&target.server, &format!("{e:#}")))
}

/// bore's errors, said so that the user knows what to change.
fn describe(server: &str, error: &str) -> Failure {
    if let Some(refusal) = error.strip_prefix("server error: ") {
        return match refusal {
            "invalid secret" => Failure::Other(said::SECRET_REFUSED.with("server", server)),
            _ => Failure::Refused(said::REFUSED.with("server", server).arg("detail", refusal)),
        };
    }
    let phrase = if error.contains("no client secret was provided") {
        said::SECRET_NEEDED.phrase()
    } else if error.contains("no secret was required") {
        said::SECRET_UNWANTED.phrase()
    } else if error.starts_with("could not connect") {
        said::UNREACHABLE.phrase()
    } else {
        said::FAILED.phrase()
    };
    Failure::Other(phrase.arg("server", server).arg("detail", error))
}

async fn report(engine: &Engine, target: &TunnelTarget, state: TunnelState) {
    if let Err(e) = engine.report_tunnel(target, state).await {
        tracing::error!("cannot record the tunnel's state: {e}");
    }
}

/// `http://SERVER:PORT`, with an IPv6 address in brackets.
pub fn public_url(server: &str, port: u16) -> String {
    if server.contains(':') {
        format!("http://[{server}]:{port}")
    } else {
        format!("http://{server}:{port}")
    }
}

/// The port of `base` when it is this server's tunnel address.
fn port_of(base: Option<&str>, server: &str) -> Option<u16> {
    let prefix = public_url(server, 0);
    let prefix = prefix.strip_suffix('0')?;
    base?.strip_prefix(prefix)?.parse().ok().filter(|p| *p != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_port_is_read_back_from_the_address() {
        assert_eq!(
            port_of(Some("http://bore.example.com:40123"), "bore.example.com"),
            Some(40123)
        );
        assert_eq!(port_of(Some("http://[::1]:40123"), "::1"), Some(40123));
        assert_eq!(
            port_of(Some("http://other.example.com:40123"), "bore.example.com"),
            None
        );
        assert_eq!(
            port_of(Some("https://inbox.example.com"), "inbox.example.com"),
            None
        );
        assert_eq!(port_of(None, "bore.example.com"), None);
    }

    #[test]
    fn refusals_are_told_apart_from_other_failures() {
        assert!(matches!(
            describe("b", "server error: port already in use"),
            Failure::Refused(_)
        ));
        assert!(matches!(
            describe("b", "server error: invalid secret"),
            Failure::Other(m) if m.is(&said::SECRET_REFUSED)
        ));
        assert!(matches!(
            describe("b", "could not connect to b:7835: Connection refused"),
            Failure::Other(m) if m.is(&said::UNREACHABLE) && m.text.contains("7835")
        ));
    }
}

/// The tunnel's states in words.
pub mod said {
    switchboard_core::phrases! {
        CLOSED = "tunnel.closed": "The tunnel server closed the connection";
        BROKE = "tunnel.broke": "The connection to the tunnel server broke: {detail}";
        SECRET_UNREADABLE = "tunnel.secret_unreadable": "Cannot read the tunnel secret: {detail}";
        SECRET_REFUSED = "tunnel.secret_refused": "The tunnel server {server} refused the secret: check the tunnel secret";
        REFUSED = "tunnel.refused": "The tunnel server {server} refused: {detail}";
        SECRET_NEEDED = "tunnel.secret_needed": "The tunnel server {server} needs a secret: set the tunnel secret ({detail})";
        SECRET_UNWANTED = "tunnel.secret_unwanted": "The tunnel server {server} takes no secret: remove the tunnel secret ({detail})";
        UNREACHABLE = "tunnel.unreachable": "Cannot reach the tunnel server {server} ({detail}); is bore running there, with port 7835 open?";
        FAILED = "tunnel.failed": "The tunnel server {server} failed: {detail}";
    }
}
