//! Waiting for what another task does: the only poll loop tests need.

use std::time::Duration;

/// How long anything may take to come true before a test fails. Generous: the test machine
/// may be compiling beside us.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Polls `probe` every 10 ms until it answers `Some`, and returns that. Panics after
/// [`PATIENCE`] saying `what` did not happen. For state another task changes; never for letting
/// time pass (move the [`ManualClock`](crate::ManualClock) instead).
pub async fn eventually<T>(what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!("waited {PATIENCE:?} for this, and it did not happen: {what}");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
