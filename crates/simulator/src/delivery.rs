//! How the simulators post callbacks: again and again until the receiver acknowledges (2xx),
//! so a receiver that was down gets everything once it is back.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;

use crate::server::pause;

const FIRST_RETRY: Duration = Duration::from_millis(200);
const MAX_RETRY: Duration = Duration::from_secs(5);
const GIVE_UP_AFTER: Duration = Duration::from_secs(120);

/// Calls `post` (one recorded POST to `url`) until it answers 2xx, waiting 200 ms after the
/// first failure and twice as long after each next one, 5 s at most; gives up after two
/// minutes, logging `gave_up`. `false` when it gave up or the simulator stopped.
pub(crate) async fn until_acknowledged<F, P>(
    stopped: &watch::Receiver<bool>,
    url: &str,
    gave_up: &'static str,
    mut post: P,
) -> bool
where
    P: FnMut() -> F,
    F: Future<Output = Result<u16, String>>,
{
    let started = tokio::time::Instant::now();
    let mut wait = FIRST_RETRY;
    loop {
        if let Ok(status) = post().await
            && (200..300).contains(&status)
        {
            return true;
        }
        if started.elapsed() >= GIVE_UP_AFTER {
            tracing::warn!(url, "{gave_up}");
            return false;
        }
        if !pause(stopped, wait).await {
            return false;
        }
        wait = (wait * 2).min(MAX_RETRY);
    }
}

/// The client a simulator posts callbacks (and fetches media) with; each request gets 10 s.
pub(crate) fn http_client() -> std::io::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(std::io::Error::other)
}

/// Sends one request: the HTTP status the receiver answered, or why there was no answer.
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Result<u16, String> {
    match request.send().await {
        Ok(response) => Ok(response.status().as_u16()),
        Err(error) => Err(error.to_string()),
    }
}
