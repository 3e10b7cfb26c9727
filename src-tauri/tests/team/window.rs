//! A window that records what a team session tells it, for tests to wait on.

use std::time::Duration;

use serde_json::Value;
use switchboard_desktop::team::Window;
use switchboard_desktop::team::relay::{Connection, ConnectionState};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

#[derive(Clone, Debug, PartialEq)]
pub enum Told {
    Event(Value),
    Resync(Option<u64>),
    Connection(Connection),
    SignedOut,
}

pub struct Recorder(UnboundedSender<Told>);

impl Window for Recorder {
    fn event(&self, event: Value) {
        let _ = self.0.send(Told::Event(event));
    }
    fn resync(&self, missed: Option<u64>) {
        let _ = self.0.send(Told::Resync(missed));
    }
    fn connection(&self, connection: Connection) {
        let _ = self.0.send(Told::Connection(connection));
    }
    fn signed_out(&self) {
        let _ = self.0.send(Told::SignedOut);
    }
}

pub struct Heard {
    rx: UnboundedReceiver<Told>,
}

pub fn recorder() -> (std::sync::Arc<Recorder>, Heard) {
    let (tx, rx) = unbounded_channel();
    (std::sync::Arc::new(Recorder(tx)), Heard { rx })
}

impl Heard {
    /// The next thing told within `within`, else a panic naming `what` was awaited.
    pub async fn next(&mut self, what: &str, within: Duration) -> Told {
        match tokio::time::timeout(within, self.rx.recv()).await {
            Ok(Some(told)) => told,
            Ok(None) => {
                panic!("the session stopped telling the window anything; waited for {what}")
            }
            Err(_) => panic!("nothing told the window within {within:?}; waited for {what}"),
        }
    }

    /// Skips what comes until `wanted` matches; answers it and everything skipped.
    pub async fn until(
        &mut self,
        what: &str,
        within: Duration,
        wanted: impl Fn(&Told) -> bool,
    ) -> (Told, Vec<Told>) {
        let deadline = tokio::time::Instant::now() + within;
        let mut skipped = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(told)) if wanted(&told) => return (told, skipped),
                Ok(Some(told)) => skipped.push(told),
                Ok(None) => panic!("the session stopped; waited for {what}, got {skipped:?}"),
                Err(_) => panic!("no {what} within {within:?}; the window was told {skipped:?}"),
            }
        }
    }

    /// Everything told so far, without waiting.
    pub fn drain(&mut self) -> Vec<Told> {
        std::iter::from_fn(|| self.rx.try_recv().ok()).collect()
    }
}

pub fn online(t: &Told) -> bool {
    matches!(t, Told::Connection(c) if c.state == ConnectionState::Online)
}

pub fn reconnecting(t: &Told) -> bool {
    matches!(t, Told::Connection(c) if c.state == ConnectionState::Reconnecting)
}
