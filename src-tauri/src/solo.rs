//! Solo mode: the same start-up as `switchboard serve` on this computer's data directory —
//! the engine, webhook listener, outbox and sandbox — with the desktop's keychain and
//! notifications.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use switchboard_server::serve::{self, Running, ServeOptions};
use tokio::net::TcpListener;

use crate::{notify, secrets};

/// Where the webhook server (and the API for a browser) listens unless `SWITCHBOARD_LISTEN` says
/// otherwise; when it is taken (a `switchboard serve` is running), any free local port is used.
const DEFAULT_LISTEN: &str = "127.0.0.1:8765";

pub async fn start(data_dir: &Path, focus: notify::Focus) -> Result<Running, String> {
    let secrets = secrets::choose(data_dir);
    let listener = listen().await?;
    let running = serve::start_on(
        data_dir,
        secrets,
        Arc::new(notify::Desktop::new(focus)),
        listener,
        ServeOptions {
            listen: DEFAULT_LISTEN.parse().map_err(|e| format!("{e}"))?,
            sandbox: std::env::var_os("SWITCHBOARD_SANDBOX").is_some_and(|v| v == "1"),
            // SWITCHBOARD_SANDBOX_GATEWAY=wamm (say) simulates another gateway; a wrong name
            // is said at start-up rather than silently replaced.
            sandbox_gateway: match std::env::var("SWITCHBOARD_SANDBOX_GATEWAY") {
                Ok(kind) => switchboard_server::sandbox::parse_kind(&kind)?,
                Err(_) => switchboard_core::account::GatewayKind::Devino,
            },
            public_url: std::env::var("SWITCHBOARD_PUBLIC_URL").ok(),
        },
    )
    .await?;
    tracing::info!(
        "Switchboard on {}; webhooks and the browser API at http://{}",
        data_dir.display(),
        running.local_addr
    );
    Ok(running)
}

/// `SWITCHBOARD_DATA_DIR`, else the same OS data directory the `switchboard` command uses, so
/// the CLI and the window see one inbox.
pub fn data_dir() -> PathBuf {
    match std::env::var_os("SWITCHBOARD_DATA_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => switchboard_server::datadir::default_dir(),
    }
}

/// Whether the data directory holds an inbox already (used before teams existed).
pub fn has_database(data_dir: &Path) -> bool {
    switchboard_server::datadir::database(data_dir).exists()
}

async fn listen() -> Result<TcpListener, String> {
    let wanted = std::env::var("SWITCHBOARD_LISTEN").ok();
    let addr: SocketAddr = wanted
        .as_deref()
        .unwrap_or(DEFAULT_LISTEN)
        .parse()
        .map_err(|e| format!("SWITCHBOARD_LISTEN: {e}"))?;
    match TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        // The default port is only a preference; an address the user asked for is not.
        Err(e) if wanted.is_none() => {
            tracing::warn!("{addr} is taken ({e}); listening on another local port");
            TcpListener::bind((addr.ip(), 0))
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", addr.ip()))
        }
        Err(e) => Err(format!("cannot listen on {addr}: {e}")),
    }
}
