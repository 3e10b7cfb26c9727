//! Start-up of a data directory's inbox: the engine, the HTTP server (API, live events,
//! webhooks), the outbox and (without accounts) the sandbox. `switchboard serve` runs it until
//! Ctrl-C or SIGTERM; the desktop app starts the same thing and stops it when its window closes.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
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

use crate::http::guard::HostNames;
use crate::http::{AppState, public_router, router};
use crate::listen::{self, Limits, Policy};
use crate::sandbox::Sandbox;
use crate::tunnel::{self, Backoff};
use crate::{datadir, sandbox};

/// Events the process's broadcast holds for a subscriber that has not read them yet.
pub const EVENTS_BUFFERED: usize = 16_384;

pub struct ServeOptions {
    pub listen: SocketAddr,
    pub sandbox: bool,
    /// Which gateway the sandbox simulates (Devino unless asked).
    pub sandbox_gateway: GatewayKind,
    /// The address gateways reach this server at (a reverse proxy, or a tunnel run by another
    /// program). Saved as the public address (mode `url`), as `public-address set --url` does.
    pub public_url: Option<String>,
}

/// How the server faces a network beyond this machine. The default serves plain HTTP, which
/// [`Network::check`] allows on loopback addresses only.
#[derive(Clone, Debug, Default)]
pub struct Network {
    /// Serve HTTPS with this certificate (both listeners, unless the public one is loopback).
    pub tls: Option<TlsFiles>,
    /// The reverse proxy in front of this server: X-Forwarded-For, -Proto and -Host are
    /// believed on connections from this address, and ignored from anyone else.
    pub behind_proxy: Option<IpAddr>,
    /// Where the webhook and media routes alone listen (for a reverse proxy that should expose
    /// them and not the API). Without it, 127.0.0.1 on a free port, for the built-in tunnel.
    pub public_listen: Option<SocketAddr>,
    /// Names the API answers to besides this machine's, the listen address and the host of
    /// `--public-url`: `crm.example.com`, `192.0.2.10:8765` (without a port, any port).
    pub allow_hosts: Vec<String>,
    pub limits: Limits,
}

/// A certificate chain and its private key, PEM files.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl Network {
    /// Refuses to serve plain HTTP beyond this machine: the API token, sessions and webhook
    /// secrets would cross the network in clear text. `listen` is the API's address.
    pub fn check(&self, listen: SocketAddr) -> Result<(), String> {
        if self.tls.is_some() || self.behind_proxy.is_some() {
            return Ok(());
        }
        let beyond = [
            ("--listen", Some(listen)),
            ("--public-listen", self.public_listen),
        ]
        .into_iter()
        .find_map(|(flag, addr)| addr.filter(|a| !listen::is_loopback(*a)).map(|a| (flag, a)));
        match beyond {
            None => Ok(()),
            Some((flag, addr)) => Err(format!(
                "{flag} {addr} is reachable from other machines, and plain HTTP would carry the \
                 API token, sessions and webhook secrets across the network in clear text. \
                 Serve HTTPS (--tls-cert FILE --tls-key FILE), or put a reverse proxy that does \
                 in front and name its address (--behind-proxy ADDR); or listen on 127.0.0.1."
            )),
        }
    }
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
    /// Where only the public routes (webhooks, media) listen, on 127.0.0.1 unless
    /// `--public-listen` says otherwise: the built-in tunnel and reverse proxies forward here,
    /// so the API and its token are never reachable through them.
    pub public_addr: SocketAddr,
    /// Guards the HTTP API of this data directory.
    pub token: String,
    pub data_dir: PathBuf,
    pub sandbox: Option<Sandbox>,
    stop: oneshot::Sender<()>,
    /// The HTTP clients' event log, closed first on shutdown.
    events_log: crate::http::events::EventLog,
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
    let network = Network::default();
    launch(
        data_dir, secrets, notifier, listener, options, network, backoff,
    )
    .await
}

/// [`start_on`] facing a network: TLS, a trusted proxy, the public listener's address, more
/// host names, limits. Refuses (before anything starts) what [`Network::check`] refuses.
pub async fn start_on_network(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    notifier: Arc<dyn Notifier>,
    listener: TcpListener,
    options: ServeOptions,
    network: Network,
) -> Result<Running, String> {
    let backoff = Backoff::default();
    launch(
        data_dir, secrets, notifier, listener, options, network, backoff,
    )
    .await
}

async fn launch(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    notifier: Arc<dyn Notifier>,
    listener: TcpListener,
    options: ServeOptions,
    network: Network,
    backoff: Backoff,
) -> Result<Running, String> {
    let local_addr = listener.local_addr().map_err(|e| e.to_string())?;
    network.check(local_addr)?;
    let (policy, public_policy) = policies(&network)?;
    let mut names = HostNames::this_machine().with_addr(local_addr);
    if let Some(url) = &options.public_url {
        names = names
            .with_url(url)
            .map_err(|e| format!("--public-url {e}"))?;
    }
    for name in &network.allow_hosts {
        names = names.with_name(name)?;
    }
    let public_at = network
        .public_listen
        .unwrap_or(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
    let public_listener = TcpListener::bind(public_at)
        .await
        .map_err(|e| format!("cannot open the public listener on {public_at}: {e}"))?;
    let public_addr = public_listener.local_addr().map_err(|e| e.to_string())?;

    datadir::ensure(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let token =
        datadir::api_token(data_dir).map_err(|e| format!("cannot write the API token: {e}"))?;
    // Room for bursts while the event log stamps (it reloads every client if it falls behind).
    let events = Arc::new(Broadcast::new(EVENTS_BUFFERED));
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
    // Webhooks from this machine (the sandbox's gateway) go to a plain listener when there is
    // one: they would not trust a certificate made for the team's name.
    let local_base = match (policy.is_tls(), public_policy.is_tls()) {
        (false, _) => format!("http://{local_addr}"),
        (true, false) => format!("http://{public_addr}"),
        (true, true) => format!("https://{local_addr}"),
    };
    engine
        .set_local_base(local_base)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(url) = options.public_url.clone() {
        engine
            .set_public_address(
                &switchboard_core::access::Caller::local(),
                SetPublicAddress {
                    settings: PublicAddressSettings::Url { url },
                    tunnel_secret: None,
                },
            )
            .await
            .map_err(|e| format!("--public-url: {e}"))?;
    }

    // Serve before the sandbox starts: its customer says hello through our own webhook.
    let state = AppState::open(engine.clone(), token.clone(), events.clone())
        .await
        .map_err(|e| format!("cannot keep the data directory's API token: {e}"))?;
    let events_log = state.log.clone();
    let (public_stop, public_stopped) = oneshot::channel::<()>();
    let public_app = public_router(state.clone());
    let public_server = tokio::spawn(listen::serve(
        public_listener,
        public_app,
        public_policy,
        async {
            let _ = public_stopped.await;
        },
    ));
    let tunnel = tunnel::spawn(engine.clone(), public_addr.port(), backoff);
    // The API's guard reads the server's names from each request (crate::http::guard).
    let app = router(state).layer(axum::Extension(names));
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let served = listen::serve(listener, app, policy, async {
            let _ = stopped.await;
        })
        .await;
        // The public listener stops with the main one.
        let _ = public_stop.send(());
        served
    });

    let no_accounts = engine
        .list_accounts(&switchboard_core::access::Caller::local(), Empty {})
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
        events_log,
        server,
        public_server,
        tunnel,
    })
}

/// The main listener's policy and the public one's, each with its own connection cap (a flood
/// of API connections, signed in or not, never leaves gateways' webhooks without a slot). TLS on the main
/// listener when asked, and on the public one only beyond loopback (the tunnel and a proxy on
/// this machine speak plain HTTP to it). The proxy is believed on the public listener only when
/// it has its own address: the built-in tunnel delivers anyone's bytes from 127.0.0.1, where a
/// forwarded header proves nothing.
fn policies(network: &Network) -> Result<(Policy, Policy), String> {
    let tls = match &network.tls {
        Some(files) => Some(listen::tls_from_pem_files(&files.cert, &files.key)?),
        None => None,
    };
    let (mut main, mut public) = (Policy::new(network.limits), Policy::new(network.limits));
    if let Some(proxy) = network.behind_proxy {
        main = main.trusting(proxy);
        if network.public_listen.is_some() {
            public = public.trusting(proxy);
        }
    }
    if let Some(acceptor) = tls {
        if network
            .public_listen
            .is_some_and(|a| !listen::is_loopback(a))
        {
            public = public.with_tls(acceptor.clone());
        }
        main = main.with_tls(acceptor);
    }
    Ok((main, public))
}

impl Running {
    /// Stops accepting requests, lets those in flight finish, stops the outbox and the sandbox.
    pub async fn shutdown(self) -> Result<(), String> {
        // Live event streams would hold the graceful stop open for its whole grace period.
        self.events_log.close();
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
    network: Network,
) -> Result<(), String> {
    // Said before binding: a refused address is the first thing to hear about.
    network.check(options.listen)?;
    let listener = TcpListener::bind(options.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
    let scheme = if network.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let public_listen = network.public_listen.is_some();
    let notifier = Arc::new(LogNotifier);
    let running = start_on_network(data_dir, secrets, notifier, listener, options, network).await?;
    let local = running.local_addr;
    println!("listening on {scheme}://{local}");
    println!("Switchboard is running on {}", data_dir.display());
    println!("  Open:   {scheme}://{local}/ and sign in as an operator");
    println!(
        "          (the first supervisor: switchboard operator add LOGIN --name NAME --role supervisor)"
    );
    println!(
        "  Scripts: Authorization: Bearer TOKEN (an API key; this data directory's is in {})",
        data_dir.join("api-token").display()
    );
    if public_listen {
        println!(
            "  Webhooks and media only: {} (--public-listen)",
            running.public_addr
        );
    }
    if let Some(s) = &running.sandbox {
        println!(
            "  SANDBOX: '{}' talks to a simulated gateway on this computer; its customer ({}) answers.",
            s.account.name,
            sandbox::CUSTOMER
        );
    }
    if let Ok(public) = running
        .engine
        .public_address(&switchboard_core::access::Caller::local(), Empty {})
        .await
    {
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
