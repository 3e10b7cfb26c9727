//! A real bore server on 127.0.0.1 (in its own runtime, so that killing it closes every socket
//! it holds, as a crashed server would), and the app started the way `switchboard serve` starts
//! it, with a Devino account on a simulator.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use switchboard_core::Engine;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::{Empty, SendMessage};
use switchboard_core::host::{SecretStore, Silent};
use switchboard_core::message::{Content, Message};
use switchboard_core::public_address::{
    PublicAddress, PublicAddressSettings, SetPublicAddress, TunnelState,
};
use switchboard_gateways::Gateways;
use switchboard_server::serve::{self, Running, ServeOptions};
use switchboard_server::tunnel::Backoff;
use switchboard_simulator::DevinoHandle;
use switchboard_test_support::{ManualClock, TestHost, TestSecrets, Waiting, devino};
use tempfile::TempDir;

pub const BORE_SECRET: &str = "bore-shared-secret-51c2";

/// How long the tunnel's comings and goings may take before the test fails: a bore server
/// starting, a reconnection after its backoff.
pub const TUNNEL: Waiting = Waiting {
    patience: Duration::from_secs(30),
    every: Duration::from_millis(20),
};

/// bore's control port is fixed (7835): one bore server at a time on this machine.
pub static BORE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct BoreServer {
    runtime: Option<tokio::runtime::Runtime>,
}

impl BoreServer {
    /// Starts a bore server that listens on 127.0.0.1 only and waits until it accepts.
    pub async fn start(secret: Option<&str>) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the bore server");
        let secret = secret.map(str::to_owned);
        runtime.spawn(async move {
            // A server started again right after one was killed may find the control port not
            // yet let go (the old listener closes as its runtime winds down): it tries again
            // for a while, as a restarted service would, instead of giving up at once.
            for attempt in 1..=100 {
                let mut server = bore_cli::server::Server::new(20_000..=30_000, secret.as_deref());
                // Despite their doc comments: bind_addr is the control port's, bind_tunnels
                // the tunnels'.
                server.set_bind_addr(IpAddr::V4(Ipv4Addr::LOCALHOST));
                server.set_bind_tunnels(IpAddr::V4(Ipv4Addr::LOCALHOST));
                match server.listen().await {
                    Ok(()) => return,
                    Err(e) if attempt < 100 => {
                        eprintln!("the bore server could not listen (try {attempt}): {e:#}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Err(e) => eprintln!("the bore server stopped: {e:#}"),
                }
            }
        });
        TUNNEL
            .until("the bore server listens on 127.0.0.1:7835", async || {
                tokio::net::TcpStream::connect(("127.0.0.1", 7835))
                    .await
                    .ok()
                    .map(|_| ())
            })
            .await;
        Self {
            runtime: Some(runtime),
        }
    }

    /// Stops it as a crash would: every connection and public port it held closes.
    pub async fn kill(mut self) {
        if let Some(rt) = self.runtime.take() {
            tokio::task::spawn_blocking(move || rt.shutdown_timeout(Duration::from_secs(5)))
                .await
                .expect("the bore server's runtime shuts down");
        }
    }
}

impl Drop for BoreServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

pub struct App {
    pub running: Running,
    pub sim: DevinoHandle,
    pub secrets: Arc<TestSecrets>,
    pub account_id: i64,
    pub http: reqwest::Client,
    pub data_dir: PathBuf,
    _dir: TempDir,
}

impl App {
    /// A data directory with a Devino account and `settings` saved, then started as `serve`
    /// starts it (with a quick tunnel backoff).
    pub async fn start(settings: PublicAddressSettings, tunnel_secret: Option<&str>) -> Self {
        let sim = devino::simulator(Duration::from_millis(30)).await;
        let dir = tempfile::tempdir().expect("a temp dir");
        let data_dir = dir.path().join("data");
        std::fs::create_dir_all(&data_dir).expect("the data dir");
        // The data directory is set up by an engine of its own, whose secrets `serve` keeps.
        let setup_host = TestHost::with_clock(Arc::new(ManualClock::running()));
        let secrets = setup_host.secrets.clone();
        let account_id = {
            let setup = Engine::open(
                &switchboard_server::datadir::database(&data_dir),
                setup_host.host,
                Arc::new(Gateways::new()),
            )
            .expect("the engine opens");
            let account = setup
                .add_account(
                    &switchboard_core::access::Caller::local(),
                    devino::account("Devino main", &sim),
                )
                .await
                .expect("the account is added");
            setup
                .set_public_address(
                    &switchboard_core::access::Caller::local(),
                    SetPublicAddress {
                        settings,
                        tunnel_secret: tunnel_secret.map(str::to_owned),
                    },
                )
                .await
                .expect("the public address is saved");
            account.id
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let running = serve::start_with(
            &data_dir,
            secrets.clone() as Arc<dyn SecretStore>,
            Arc::new(Silent),
            listener,
            ServeOptions {
                listen: "127.0.0.1:0".parse().expect("an address"),
                sandbox: false,
                sandbox_gateway: GatewayKind::Devino,
                public_url: None,
            },
            Backoff {
                first: Duration::from_millis(100),
                max: Duration::from_millis(400),
                stable_after: Duration::from_secs(30),
            },
        )
        .await
        .expect("the app starts");
        Self {
            running,
            sim,
            secrets,
            account_id,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .expect("client"),
            data_dir,
            _dir: dir,
        }
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.running.engine
    }

    pub async fn address(&self) -> PublicAddress {
        self.engine()
            .public_address(&switchboard_core::access::Caller::local(), Empty {})
            .await
            .expect("public_address answers")
    }

    /// Waits until the tunnel is up; its public URL.
    pub async fn tunnel_up(&self) -> String {
        let up = TUNNEL
            .try_until(async || match self.address().await.tunnel {
                TunnelState::Up { url, .. } => Some(url),
                _ => None,
            })
            .await;
        match up {
            Some(url) => url,
            None => panic!(
                "the tunnel should come up; it is {:?}",
                self.address().await.tunnel
            ),
        }
    }

    pub async fn send_text(&self, text: &str) -> Message {
        self.engine()
            .send_message(
                &switchboard_core::access::Caller::local(),
                SendMessage {
                    account_id: self.account_id,
                    to: "+79031234567".into(),
                    content: Content::Text { text: text.into() },
                },
            )
            .await
            .expect("the message is queued")
    }

    pub async fn wait_message(
        &self,
        id: &str,
        what: &str,
        ok: impl Fn(&Message) -> bool,
    ) -> Message {
        TUNNEL.for_message(self.engine(), id, what, ok).await
    }

    pub async fn stop(self) {
        self.running.shutdown().await.expect("a clean shutdown");
        self.sim.shutdown().await;
    }
}
