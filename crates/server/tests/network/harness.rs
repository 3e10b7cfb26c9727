//! The app as `switchboard serve` starts it (on a temp data directory, port 0), a bare accept
//! loop around a router that echoes each request's [`Peer`], and HTTP spoken by hand, for the
//! requests a ready-made client will not send (a wrong Host, a head that never ends).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::{Extension, Json, Router};
use switchboard_core::account::GatewayKind;
use switchboard_core::host::Silent;
use switchboard_server::listen::{self, Limits, Peer, Policy};
use switchboard_server::serve::{self, Network, Running, ServeOptions};
use switchboard_test_support::TestSecrets;
use tempfile::TempDir;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// What a test waits at most for something that happens within the shortened limits: only a
/// hang guard, far above any limit a test sets.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Limits short enough for a test: a limit a test is about is set shorter still.
pub fn quick() -> Limits {
    Limits {
        header_read: Duration::from_secs(5),
        body: Duration::from_secs(5),
        tls_handshake: Duration::from_secs(5),
        connections: 64,
        connection_wait: Duration::from_millis(100),
        shutdown_grace: Duration::from_millis(300),
    }
}

pub struct App {
    pub running: Running,
    _dir: TempDir,
}

impl App {
    pub async fn start(network: Network) -> Self {
        Self::try_start(network)
            .await
            .unwrap_or_else(|e| panic!("the app starts: {e}"))
    }

    pub async fn try_start(network: Network) -> Result<Self, String> {
        Self::try_start_with(network, None).await
    }

    pub async fn try_start_with(
        network: Network,
        public_url: Option<String>,
    ) -> Result<Self, String> {
        let dir = tempfile::tempdir().expect("a temp dir");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let running = serve::start_on_network(
            dir.path(),
            Arc::new(TestSecrets::default()),
            Arc::new(Silent),
            listener,
            ServeOptions {
                listen: "127.0.0.1:0".parse().expect("an address"),
                sandbox: false,
                sandbox_gateway: GatewayKind::Devino,
                public_url,
            },
            network,
        )
        .await?;
        Ok(Self { running, _dir: dir })
    }

    pub fn addr(&self) -> SocketAddr {
        self.running.local_addr
    }

    /// `POST /api/list_accounts` with the token and `headers`, by hand; the whole answer.
    pub async fn list_accounts(&self, headers: &[(&str, &str)]) -> Answer {
        let mut head = format!(
            "POST /api/list_accounts HTTP/1.1\r\nAuthorization: Bearer {}\r\nContent-Length: 2\r\nConnection: close\r\n",
            self.running.token
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        exchange(self.addr(), &format!("{head}\r\n{{}}")).await
    }

    pub async fn stop(self) {
        tokio::time::timeout(PATIENCE, self.running.shutdown())
            .await
            .expect("the app stops within the grace period")
            .expect("the app stops cleanly");
    }
}

/// An answer read off the wire, up to the server's closing the connection.
pub struct Answer {
    pub raw: String,
}

impl Answer {
    /// The status code; 0 when the server closed without answering.
    pub fn status(&self) -> u16 {
        self.raw
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or(0)
    }

    pub fn json(&self) -> serde_json::Value {
        let body = self.raw.split_once("\r\n\r\n").map_or("", |(_, body)| body);
        serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
    }

    /// The phrase key of a JSON error, if the answer is one.
    pub fn phrase(&self) -> Option<String> {
        self.json()["phrase"]["key"].as_str().map(str::to_owned)
    }
}

/// Sends `request` as it is (it should say `Connection: close`) and reads until the server
/// closes the connection.
pub async fn exchange(addr: SocketAddr, request: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("the request is sent");
    Answer {
        raw: read_until_closed(&mut stream).await,
    }
}

/// What the server sends until it closes the connection (a reset counts as closing).
pub async fn read_until_closed(stream: &mut (impl AsyncRead + Unpin)) -> String {
    let mut got = Vec::new();
    let read = tokio::time::timeout(PATIENCE, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server must close the connection");
    String::from_utf8_lossy(&got).into_owned()
}

/// Reads one answer off a kept-alive connection: its head, then Content-Length bytes of body.
/// `None` when the connection closes first.
pub async fn read_answer(stream: &mut TcpStream) -> Option<String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&got).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return Some(text);
            }
        }
        match tokio::time::timeout(PATIENCE, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => return None,
        }
    }
}

/// How long the echo's `/slow` takes to answer.
pub const SLOW_ANSWER: Duration = Duration::from_millis(600);

/// A bare accept loop ([`listen::serve`]) around a router whose `/peer` answers with the
/// request's [`Peer`] as JSON (`{"client": "...", "secure": bool}`), and whose `/slow` answers
/// "done" after [`SLOW_ANSWER`].
pub struct Echo {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    served: JoinHandle<std::io::Result<()>>,
}

impl Echo {
    pub async fn start(policy: Policy) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(SLOW_ANSWER).await;
                    "done"
                }),
            )
            .route(
            "/peer",
            get(|Extension(peer): Extension<Peer>| async move {
                Json(
                    serde_json::json!({ "client": peer.client.to_string(), "secure": peer.secure }),
                )
            }),
        );
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(listen::serve(listener, app, policy, until(stopped)));
        Self {
            addr,
            stop: Some(stop),
            served,
        }
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let served = tokio::time::timeout(PATIENCE, &mut self.served)
            .await
            .expect("the loop stops within the grace period");
        assert!(
            matches!(served, Ok(Ok(()))),
            "the loop stops cleanly: {served:?}"
        );
    }
}

async fn until(stopped: oneshot::Receiver<()>) {
    let _ = stopped.await;
}
