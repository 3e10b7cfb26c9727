//! Start-up of a data directory's inbox: the engine, the HTTP server (API, live events,
//! webhooks), the outbox and (without accounts) the sandbox. `switchboard serve` runs it until
//! Ctrl-C or SIGTERM; the desktop app starts the same thing and stops it when its window closes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use switchboard_core::Engine;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::Empty;
use switchboard_core::host::{Broadcast, Host, Notification, Notifier, SecretStore, SystemClock};
use switchboard_core::public_address::{PublicAddressSettings, SetPublicAddress};
use switchboard_gateways::Gateways;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::http::{AppState, public_router, router};
use crate::sandbox::Sandbox;
use crate::tunnel::{self, Backoff};
use crate::{datadir, sandbox};

pub struct ServeOptions {
    pub listen: SocketAddr,
    pub sandbox: bool,
    /// Which gateway the sandbox simulates (Devino unless asked).
    pub sandbox_gateway: GatewayKind,
    /// The address gateways reach this server at (a reverse proxy, or a tunnel run by another
    /// program). Saved as the public address (mode `url`), as `public-address set --url` does.
    pub public_url: Option<String>,
}

/// Without a desktop, a notification is a line in the log: which conversation, never who
/// wrote or what (logs are kept, shipped and read by people the customers never wrote to).
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn notify(&self, n: &Notification) {
        tracing::info!(conversation = n.conversation_id, "a new message arrived");
    }
}

/// A started inbox. Dropping it without [`Running::shutdown`] leaves its tasks to the runtime.
pub struct Running {
    pub engine: Arc<Engine>,
    /// Every live event after its change is committed; subscribe for a window or a stream.
    pub events: Arc<Broadcast>,
    /// Where the API and webhooks listen (the bound port, when port 0 was asked for).
    pub local_addr: SocketAddr,
    /// Where only the public routes (webhooks, media) listen, on 127.0.0.1: the built-in
    /// tunnel forwards here, so the API and its token are never reachable through it.
    pub public_addr: SocketAddr,
    /// Guards the HTTP API of this data directory.
    pub token: String,
    pub data_dir: PathBuf,
    pub sandbox: Option<Sandbox>,
    stop: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
    public_server: JoinHandle<std::io::Result<()>>,
    tunnel: JoinHandle<()>,
}

/// Opens the engine on `data_dir`, binds the HTTP server, starts the sandbox when asked or when
/// there is no account, then the outbox. Must run inside a tokio runtime, which keeps the
/// server and the outbox going.
pub async fn start(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    notifier: Arc<dyn Notifier>,
    options: ServeOptions,
) -> Result<Running, String> {
    let listener = TcpListener::bind(options.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
    start_on(data_dir, secrets, notifier, listener, options).await
}

/// [`start`] on a listener the caller bound (tests and the desktop bind port 0 when the usual
/// port is taken); `options.listen` is ignored.
pub async fn start_on(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    notifier: Arc<dyn Notifier>,
    listener: TcpListener,
    options: ServeOptions,
) -> Result<Running, String> {
    start_with(
        data_dir,
        secrets,
        notifier,
        listener,
        options,
        Backoff::default(),
    )
    .await
}

/// [`start_on`] with the tunnel's reconnection pace (tests make it quick).
pub async fn start_with(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    notifier: Arc<dyn Notifier>,
    listener: TcpListener,
    options: ServeOptions,
    backoff: Backoff,
) -> Result<Running, String> {
    datadir::ensure(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let token =
        datadir::api_token(data_dir).map_err(|e| format!("cannot write the API token: {e}"))?;
    let events = Arc::new(Broadcast::new(1024));
    let host = Host {
        secrets,
        notifier,
        clock: Arc::new(SystemClock),
        events: events.clone(),
    };
    // Incoming media are fetched from the public internet only; the sandbox's simulated
    // gateway serves its files on this machine, so a sandbox run may also fetch from loopback.
    let gateways = if options.sandbox {
        Gateways::allowing_loopback()
    } else {
        Gateways::new()
    };
    let engine = Engine::open(&datadir::database(data_dir), host, Arc::new(gateways))
        .map_err(|e| e.to_string())?;
    let local_addr = listener.local_addr().map_err(|e| e.to_string())?;
    engine
        .set_local_base(format!("http://{local_addr}"))
        .await
        .map_err(|e| e.to_string())?;
    if let Some(url) = options.public_url.clone() {
        engine
            .set_public_address(SetPublicAddress {
                settings: PublicAddressSettings::Url { url },
                tunnel_secret: None,
            })
            .await
            .map_err(|e| format!("--public-url: {e}"))?;
    }

    // Serve before the sandbox starts: its customer says hello through our own webhook.
    let state = Arc::new(AppState::new(engine.clone(), token.clone(), events.clone()));
    let public_listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .await
        .map_err(|e| format!("cannot open the public listener: {e}"))?;
    let public_addr = public_listener.local_addr().map_err(|e| e.to_string())?;
    let (public_stop, public_stopped) = oneshot::channel::<()>();
    let public_app = public_router(state.clone());
    let public_server = tokio::spawn(async move {
        axum::serve(public_listener, public_app)
            .with_graceful_shutdown(async {
                let _ = public_stopped.await;
            })
            .await
    });
    let tunnel = tunnel::spawn(engine.clone(), public_addr.port(), backoff);
    let app = router(state);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        // The public listener stops with the main one.
        let _ = public_stop.send(());
        served
    });

    let no_accounts = engine
        .list_accounts(Empty {})
        .await
        .map_err(|e| e.to_string())?
        .is_empty();
    let sandbox = if options.sandbox || no_accounts {
        Some(
            sandbox::start(&engine, options.sandbox_gateway)
                .await
                .map_err(|e| e.to_string())?,
        )
    } else {
        None
    };
    engine.start().await.map_err(|e| e.to_string())?;
    Ok(Running {
        engine,
        events,
        local_addr,
        public_addr,
        token,
        data_dir: data_dir.to_owned(),
        sandbox,
        stop,
        server,
        public_server,
        tunnel,
    })
}

impl Running {
    /// Stops accepting requests, lets those in flight finish, stops the outbox and the sandbox.
    pub async fn shutdown(self) -> Result<(), String> {
        let _ = self.stop.send(());
        // Closing the tunnel first: nothing new arrives through it while requests finish.
        self.tunnel.abort();
        let served = self
            .server
            .await
            .map_err(|e| format!("the server task failed: {e}"))?;
        let _ = self.public_server.await;
        self.engine.shutdown();
        if let Some(s) = self.sandbox {
            s.simulator.shutdown().await;
        }
        served.map_err(|e| format!("the server stopped: {e}"))
    }
}

/// `switchboard serve`: start, say where to look, run until a signal, shut down.
pub async fn run(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    options: ServeOptions,
) -> Result<(), String> {
    let running = start(data_dir, secrets, Arc::new(LogNotifier), options).await?;
    let local = running.local_addr;
    println!("listening on http://{local}");
    println!("Switchboard is running on {}", data_dir.display());
    println!("  Open:   http://{local}/?token={}", running.token);
    if let Some(s) = &running.sandbox {
        println!(
            "  SANDBOX: '{}' talks to a simulated gateway on this computer; its customer ({}) answers.",
            s.account.name,
            sandbox::CUSTOMER
        );
    }
    if let Ok(public) = running.engine.public_address(Empty {}).await {
        let base = public.base_url.as_deref().unwrap_or("none yet");
        match &public.settings {
            PublicAddressSettings::Tunnel { server, .. } => println!(
                "  Webhooks: through the tunnel to {server} (its address is logged once it is up)"
            ),
            _ => println!("  Webhooks: {base}"),
        }
        // A tunnel's own state is logged as it changes; any other warning is said once here.
        let tunnel = matches!(public.settings, PublicAddressSettings::Tunnel { .. });
        if let Some(warning) = public.warning.as_ref().filter(|_| !tunnel) {
            println!("  Note:   {warning}");
        }
    }
    println!("  Stop:   Ctrl-C");

    shutdown_signal().await;
    running.shutdown().await
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
