//! `switchboard serve`: the engine, the HTTP server and (without accounts) the sandbox, until
//! Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use switchboard_core::Engine;
use switchboard_core::api::Empty;
use switchboard_core::host::{Broadcast, Host, Notification, Notifier, SecretStore, SystemClock};
use switchboard_gateways::Gateways;
use tokio::net::TcpListener;

use crate::http::{AppState, router};
use crate::{datadir, sandbox};

pub struct ServeOptions {
    pub listen: SocketAddr,
    pub sandbox: bool,
    /// The address gateways reach this server at (a tunnel or reverse proxy), when not local.
    pub public_url: Option<String>,
}

/// Without a desktop, a notification is a line in the log.
struct LogNotifier;

impl Notifier for LogNotifier {
    fn notify(&self, n: &Notification) {
        tracing::info!(
            conversation = n.conversation_id,
            "new message from {}: {}",
            n.title,
            n.body
        );
    }
}

pub async fn run(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    options: ServeOptions,
) -> Result<(), String> {
    datadir::ensure(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let token =
        datadir::api_token(data_dir).map_err(|e| format!("cannot write the API token: {e}"))?;
    let events = Arc::new(Broadcast::new(1024));
    let host = Host {
        secrets,
        notifier: Arc::new(LogNotifier),
        clock: Arc::new(SystemClock),
        events: events.clone(),
    };
    let engine = Engine::open(
        &datadir::database(data_dir),
        host,
        Arc::new(Gateways::new()),
    )
    .map_err(|e| e.to_string())?;
    let listener = TcpListener::bind(options.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let base = options
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    engine
        .set_callback_base(Some(base))
        .await
        .map_err(|e| e.to_string())?;

    // Serve before the sandbox starts: its customer says hello through our own webhook.
    let app = router(Arc::new(AppState {
        engine: engine.clone(),
        token: token.clone(),
        events,
    }));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });

    let no_accounts = engine
        .list_accounts(Empty {})
        .await
        .map_err(|e| e.to_string())?
        .is_empty();
    let sandbox = if options.sandbox || no_accounts {
        Some(sandbox::start(&engine).await.map_err(|e| e.to_string())?)
    } else {
        None
    };
    engine.start().await.map_err(|e| e.to_string())?;

    println!("listening on http://{local}");
    println!("Switchboard is running on {}", data_dir.display());
    println!("  Open:   http://{local}/?token={token}");
    if let Some(s) = &sandbox {
        println!(
            "  SANDBOX: '{}' talks to a simulated gateway on this computer; its customer ({}) answers.",
            s.account.name,
            sandbox::CUSTOMER
        );
    }
    println!("  Stop:   Ctrl-C");

    shutdown_signal().await;
    let _ = stop.send(());
    let served = server
        .await
        .map_err(|e| format!("the server task failed: {e}"))?;
    engine.shutdown();
    if let Some(s) = sandbox {
        s.simulator.shutdown().await;
    }
    served.map_err(|e| format!("the server stopped: {e}"))
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
