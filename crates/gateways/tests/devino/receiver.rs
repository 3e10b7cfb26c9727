//! A tiny webhook receiver standing in for the app: it records what Devino posts.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use switchboard_core::gateway::WebhookRequest;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

type Log = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

pub struct Receiver {
    pub addr: SocketAddr,
    log: Log,
    server: JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Receiver {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Self::start_on(listener, Log::default())
    }

    /// Listens on `addr` again (after a "restart"), keeping what it had recorded.
    pub async fn restart_on(addr: SocketAddr, log: Log) -> Self {
        let listener = TcpListener::bind(addr)
            .await
            .expect("the port is free again");
        Self::start_on(listener, log)
    }

    fn start_on(listener: TcpListener, log: Log) -> Self {
        let addr = listener.local_addr().expect("local addr");
        let app = Router::new()
            .route("/hook/{endpoint}", post(record))
            .with_state(log.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, log, server }
    }

    pub fn url(&self, endpoint: &str) -> String {
        format!("http://{}/hook/{endpoint}", self.addr)
    }

    pub fn log(&self) -> Log {
        self.log.clone()
    }

    /// The bodies posted to `endpoint`, as webhook requests the adapter can parse.
    pub fn requests(&self, endpoint: &str) -> Vec<WebhookRequest> {
        requests(&self.log, endpoint)
    }
}

pub fn requests(log: &Log, endpoint: &str) -> Vec<WebhookRequest> {
    log.lock()
        .expect("log lock")
        .iter()
        .filter(|(e, _)| e == endpoint)
        .map(|(_, body)| WebhookRequest {
            method: "POST".to_owned(),
            body: body.clone(),
            ..WebhookRequest::default()
        })
        .collect()
}

async fn record(State(log): State<Log>, Path(endpoint): Path<String>, body: Bytes) -> &'static str {
    log.lock()
        .expect("log lock")
        .push((endpoint, body.to_vec()));
    "OK"
}
