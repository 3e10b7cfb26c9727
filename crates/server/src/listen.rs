//! How `serve` takes connections: its own accept loop instead of `axum::serve`, because a
//! server on a network needs what that one does not offer: a deadline for a request's head and
//! for its body (slowloris clients otherwise hold a connection forever), a cap on connections
//! (each is a file descriptor and a task), TLS, and a word on who the client is ([`Peer`]),
//! believing a reverse proxy's forwarded headers only when they come from that proxy.
//!
//! HTTP/1 only, as axum is built: browsers, gateways and reverse proxies all speak it.

mod deadline;
mod peer;
mod tls;

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

pub use peer::{ForwardedHost, Peer};
pub use tls::{TlsAcceptor, tls_from_pem_files};

/// From when a connection is ready for a request (just accepted, or done with the previous
/// one) until that request's head is read. Ten seconds is ample for a head (a few hundred
/// bytes) on any link, and short enough that a client trickling its head in byte by byte holds
/// its slot briefly. hyper arms this one clock both for a new connection and between requests
/// on a kept-alive one, so it is also how long an idle kept-alive connection stays open
/// (browsers reopen one when they need it).
pub const HEADER_READ: Duration = Duration::from_secs(10);

/// From when a request's head is read until its body has fully arrived. The largest body the
/// API takes (a 100 MB file in base64, [`crate::http::API_BODY_LIMIT`]) needs about five minutes
/// on a 4 Mbit/s uplink; a body trickled in more slowly than that is cut off.
pub const BODY: Duration = Duration::from_secs(300);

/// A TLS handshake is a few round trips; ten seconds covers a slow mobile link and stops a
/// client that opens a connection and says nothing.
pub const TLS_HANDSHAKE: Duration = Duration::from_secs(10);

/// Connections served at once. Each is a file descriptor, and Linux's default limit is 1024 a
/// process, which the database, the gateways' connections and media files share: 512 leaves
/// them room while serving a team (every open browser tab holds one live-events stream).
pub const CONNECTIONS: usize = 512;

/// How long a connection beyond the cap waits for a slot before it is closed: enough to ride
/// out a burst (every tab reconnecting after a restart), short enough that a flood does not
/// pile up waiting.
pub const CONNECTION_WAIT: Duration = Duration::from_secs(2);

/// After a stop, how long requests in flight have to finish before their connections are
/// dropped: a live-events stream never finishes by itself and must not hold the stop forever.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Connections waiting for a slot at once; beyond them, a new connection is closed at once
/// (each waiting one is a descriptor too).
const WAITING_ROOM: usize = 64;

/// The limits a listener enforces. [`Limits::default`] holds the production values (the
/// constants above); tests shorten them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub header_read: Duration,
    pub body: Duration,
    pub tls_handshake: Duration,
    pub connections: usize,
    pub connection_wait: Duration,
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: HEADER_READ,
            body: BODY,
            tls_handshake: TLS_HANDSHAKE,
            connections: CONNECTIONS,
            connection_wait: CONNECTION_WAIT,
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

/// What a listener serves with: TLS or not, which proxy it believes, its limits. Clones share
/// one connection cap, so that a server's listeners together stay within it.
#[derive(Clone)]
pub struct Policy {
    tls: Option<TlsAcceptor>,
    trusted_proxy: Option<IpAddr>,
    limits: Limits,
    slots: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
}

impl Policy {
    /// Plain HTTP, no proxy believed.
    pub fn new(limits: Limits) -> Self {
        Self {
            tls: None,
            trusted_proxy: None,
            limits,
            slots: Arc::new(Semaphore::new(limits.connections)),
            waiting: Arc::new(Semaphore::new(WAITING_ROOM)),
        }
    }

    /// Serves TLS with `acceptor`'s certificate.
    pub fn with_tls(mut self, acceptor: TlsAcceptor) -> Self {
        self.tls = Some(acceptor);
        self
    }

    /// Believes X-Forwarded-For, -Proto and -Host on connections from `proxy`, and only there.
    pub fn trusting(mut self, proxy: IpAddr) -> Self {
        self.trusted_proxy = Some(proxy.to_canonical());
        self
    }

    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }
}

/// Serves `app` on `listener` until `stop` completes; then stops accepting, lets requests in
/// flight finish within [`Limits::shutdown_grace`] and drops what is left. Every request the
/// app sees carries a [`Peer`] extension.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    policy: Policy,
    stop: impl Future<Output = ()>,
) -> io::Result<()> {
    let (closing, closing_seen) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut stop = pin!(stop);
    loop {
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        // Finished connections are reaped here, so that the set holds live ones only.
        while connections.try_join_next().is_some() {}
        let (stream, remote) = match accepted {
            Ok(accepted) => accepted,
            // The client gave up before we took it: nothing to do.
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // Out of descriptors, most likely: accepting again at once would spin.
                tracing::warn!("cannot accept a connection: {e}");
                tokio::select! {
                    () = &mut stop => break,
                    () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                }
            }
        };
        let connection = Connection {
            app: app.clone(),
            policy: policy.clone(),
            client: remote.ip().to_canonical(),
            closing: closing_seen.clone(),
        };
        if let Ok(slot) = policy.slots.clone().try_acquire_owned() {
            connections.spawn(connection.serve(stream, slot));
        } else if let Ok(waiting) = policy.waiting.clone().try_acquire_owned() {
            let slots = policy.slots.clone();
            let wait = policy.limits.connection_wait;
            connections.spawn(async move {
                let slot = tokio::time::timeout(wait, slots.acquire_owned()).await;
                drop(waiting);
                match slot {
                    Ok(Ok(slot)) => connection.serve(stream, slot).await,
                    // Dropping the stream closes it: the client may try again later.
                    _ => tracing::debug!("{remote}: no free connection slot, closed"),
                }
            });
        } else {
            tracing::debug!("{remote}: no free connection slot, closed");
        }
    }
    // Stop accepting: new connections are refused by the system from here on.
    drop(listener);
    let _ = closing.send(true);
    let finished = tokio::time::timeout(policy.limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::debug!(
            "{} connections still open after the grace period, dropped",
            connections.len()
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// Errors that concern one connection only, not the listener.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// One accepted connection and what serving it needs.
struct Connection {
    app: Router,
    policy: Policy,
    client: IpAddr,
    closing: watch::Receiver<bool>,
}

impl Connection {
    /// Holds `_slot` until the connection ends, so that the cap counts it.
    async fn serve(mut self, stream: TcpStream, _slot: OwnedSemaphorePermit) {
        // Responses are written whole by hyper; Nagle's delay would only slow small ones.
        let _ = stream.set_nodelay(true);
        let Some(acceptor) = self.policy.tls.clone() else {
            return self.http(stream, false).await;
        };
        let handshake =
            tokio::time::timeout(self.policy.limits.tls_handshake, acceptor.accept(stream));
        let stream = tokio::select! {
            done = handshake => done,
            () = until_closing(&mut self.closing) => return,
        };
        match stream {
            Ok(Ok(stream)) => self.http(stream, true).await,
            Ok(Err(e)) => tracing::debug!("{}: TLS handshake failed: {e}", self.client),
            Err(_) => tracing::debug!("{}: TLS handshake timed out", self.client),
        }
    }

    async fn http<S>(mut self, stream: S, tls: bool)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let limits = self.policy.limits;
        let (app, client, proxy) = (self.app, self.client, self.policy.trusted_proxy);
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let request = peer::admit(request, client, tls, proxy);
            let request =
                request.map(|body| Body::from(deadline::Deadline::new(body, limits.body)));
            tower::ServiceExt::oneshot(app.clone(), request)
        });
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read);
        let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
        let ended = tokio::select! {
            ended = connection.as_mut() => ended,
            () = until_closing(&mut self.closing) => {
                // Finishes the request in flight, if any, then closes.
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        if let Err(e) = ended {
            tracing::debug!("{client}: connection ended: {e}");
        }
    }
}

/// Completes once the server stops (or is gone).
async fn until_closing(closing: &mut watch::Receiver<bool>) {
    // The guard wait_for returns is dropped here, not held across the caller's awaits.
    let _ = closing.wait_for(|closing| *closing).await;
}

/// Whether `addr` is reachable only from this machine (plain HTTP is fine there).
pub fn is_loopback(addr: SocketAddr) -> bool {
    addr.ip().to_canonical().is_loopback()
}
