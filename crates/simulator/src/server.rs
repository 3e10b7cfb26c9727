//! What every simulator's server has in common: serving a router on a bound listener until its
//! handle asks it to stop or is dropped, and the small helpers its background tasks share.

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A spawned task that runs until it is told to stop. Dropping this tells it to stop.
pub(crate) struct Task {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Task {
    pub(crate) fn new(stop: watch::Sender<bool>, task: JoinHandle<()>) -> Self {
        Self {
            stop,
            task: Some(task),
        }
    }

    /// Tells the task to stop, then waits up to `grace` for it to finish, else aborts it.
    pub(crate) async fn shutdown(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(grace, task).await.is_err() {
                abort.abort();
            }
        }
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// A simulator's HTTP server, serving until `stop` is sent or this is dropped.
pub(crate) struct Server {
    addr: SocketAddr,
    base_url: String,
    task: Task,
}

impl Server {
    /// Serves `router` on `listener` in a spawned task; `name` says whose server it is in the
    /// log ("the {name} simulator stopped").
    pub(crate) fn start(
        name: &'static str,
        listener: TcpListener,
        stop: watch::Sender<bool>,
        router: Router,
    ) -> std::io::Result<Self> {
        let addr = listener.local_addr()?;
        let serve =
            axum::serve(listener, router).with_graceful_shutdown(stopped_signal(stop.subscribe()));
        Ok(Self::spawn(name, addr, stop, serve.into_future()))
    }

    /// [`Server::start`] for a router whose handlers read the caller's address
    /// (`ConnectInfo<SocketAddr>`).
    pub(crate) fn start_with_peer_addresses(
        name: &'static str,
        listener: TcpListener,
        stop: watch::Sender<bool>,
        router: Router,
    ) -> std::io::Result<Self> {
        let addr = listener.local_addr()?;
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let serve =
            axum::serve(listener, service).with_graceful_shutdown(stopped_signal(stop.subscribe()));
        Ok(Self::spawn(name, addr, stop, serve.into_future()))
    }

    fn spawn(
        name: &'static str,
        addr: SocketAddr,
        stop: watch::Sender<bool>,
        serve: impl Future<Output = std::io::Result<()>> + Send + 'static,
    ) -> Self {
        let task = tokio::spawn(async move {
            if let Err(error) = serve.await {
                tracing::warn!(%error, "the {name} simulator stopped");
            }
        });
        Self {
            addr,
            base_url: format!("http://{addr}"),
            task: Task::new(stop, task),
        }
    }

    /// Adds `path` to the base URL (`http://127.0.0.1:<port>` then).
    pub(crate) fn at(mut self, path: &str) -> Self {
        self.base_url.push_str(path);
        self
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Stops the server and waits for it.
    pub(crate) async fn shutdown(self) {
        // Graceful shutdown waits for open requests (a delayed one, say) only so long.
        self.task.shutdown(Duration::from_secs(5)).await;
    }
}

/// A listener on 127.0.0.1 with a port the system picks.
pub(crate) async fn local_listener() -> std::io::Result<TcpListener> {
    TcpListener::bind("127.0.0.1:0").await
}

/// Resolves once the handle asked to stop or was dropped.
pub(crate) async fn stopped_signal(mut stopped: watch::Receiver<bool>) {
    while !*stopped.borrow_and_update() {
        if stopped.changed().await.is_err() {
            return;
        }
    }
}

/// Sleeps unless the simulator stops first; `false` when it stopped.
pub(crate) async fn pause(stopped: &watch::Receiver<bool>, duration: Duration) -> bool {
    let stopped = stopped_signal(stopped.clone());
    tokio::select! {
        () = tokio::time::sleep(duration) => true,
        () = stopped => false,
    }
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
