//! Waiting for what another task (or process) does: the only poll loop tests need.

use std::time::Duration;

use switchboard_core::Engine;
use switchboard_core::message::Message;

/// How long anything may take to come true before a test fails. Generous: the test machine
/// may be compiling beside us.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Polls `probe` every 10 ms until it answers `Some`, and returns that. Panics after
/// [`PATIENCE`] saying `what` did not happen. For state another task changes; never for letting
/// time pass (move the [`ManualClock`](crate::ManualClock) instead).
pub async fn eventually<T>(what: &str, probe: impl AsyncFnMut() -> Option<T>) -> T {
    Waiting::DEFAULT.until(what, probe).await
}

/// How long to wait and how often to look: [`Waiting::DEFAULT`] (what [`eventually`] does), or
/// longer and less often for what is slow to change or costly to look at (a tunnel
/// reconnecting, a child process run per look).
#[derive(Clone, Copy, Debug)]
pub struct Waiting {
    pub patience: Duration,
    pub every: Duration,
}

impl Waiting {
    pub const DEFAULT: Self = Self {
        patience: PATIENCE,
        every: Duration::from_millis(10),
    };

    /// Polls `probe` until it answers `Some`, and returns that; panics after `patience` saying
    /// `what` did not happen.
    pub async fn until<T>(self, what: &str, probe: impl AsyncFnMut() -> Option<T>) -> T {
        match self.try_until(probe).await {
            Some(found) => found,
            None => panic!(
                "waited {:?} for this, and it did not happen: {what}",
                self.patience
            ),
        }
    }

    /// Like [`Waiting::until`], but `None` when the patience runs out, for a caller that says
    /// itself what went wrong.
    pub async fn try_until<T>(self, mut probe: impl AsyncFnMut() -> Option<T>) -> Option<T> {
        let deadline = tokio::time::Instant::now() + self.patience;
        loop {
            if let Some(found) = probe().await {
                return Some(found);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(self.every).await;
        }
    }

    /// Waits until message `id` satisfies `ok`, and returns it; panics saying `what` did not
    /// happen, with the message as it is.
    pub async fn for_message(
        self,
        engine: &Engine,
        id: &str,
        what: &str,
        ok: impl Fn(&Message) -> bool,
    ) -> Message {
        let read = async || engine.message(id).await.expect("the message exists");
        let found = self
            .try_until(async || {
                let m = read().await;
                ok(&m).then_some(m)
            })
            .await;
        match found {
            Some(m) => m,
            None => panic!(
                "waited {:?} until {what}; the message is {:#?}",
                self.patience,
                read().await
            ),
        }
    }
}
