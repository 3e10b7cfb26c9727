//! The team server's live events, relayed to the window: one task reads `GET /api/events`
//! and forwards each event as the solo app does, and when the stream breaks or the server is
//! down, says so and reconnects — resuming after the last event seen, so the window catches
//! up without reloading.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use switchboard_core::ErrorCode;
use ts_rs::TS;

use super::Window;
use super::backoff::Backoff;
use super::server::{Server, Token};
use super::sse::{Parser, SseEvent};

/// Whether the window's live events flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "desktop/")]
pub enum ConnectionState {
    /// Connected: events arrive as they happen.
    Online,
    /// The server is down or the stream broke; the next attempt is in `retry_in_ms`.
    Reconnecting,
}

/// The payload of `switchboard:connection`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "desktop/")]
pub struct Connection {
    pub state: ConnectionState,
    /// How long until the next attempt, when reconnecting.
    #[ts(type = "number | null")]
    pub retry_in_ms: Option<u64>,
}

impl Connection {
    pub const ONLINE: Self = Self {
        state: ConnectionState::Online,
        retry_in_ms: None,
    };

    pub fn reconnecting(wait: Duration) -> Self {
        Self {
            state: ConnectionState::Reconnecting,
            retry_in_ms: Some(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX)),
        }
    }
}

/// The server pings every 15 s; a stream silent for this long is dead (a laptop that slept,
/// a connection a NAT forgot) even if no error says so.
const SILENCE: Duration = Duration::from_secs(45);

/// A connection that lasted this long was healthy: the next drop retries at once again.
const STABLE: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct Timing {
    pub backoff: Backoff,
    pub silence: Duration,
    pub stable: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            backoff: Backoff::default(),
            silence: SILENCE,
            stable: STABLE,
        }
    }
}

/// Why the relay stopped for good.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The server refused the token: the window's user must sign in again.
    SignedOut,
}

/// Relays until the server refuses the token (abort the task to stop it sooner).
pub async fn run(
    server: Arc<Server>,
    token: Token,
    window: Arc<dyn Window>,
    timing: Timing,
) -> Stopped {
    let Timing {
        mut backoff,
        silence,
        stable,
    } = timing;
    let mut last_id: Option<String> = None;
    let mut was_online = false;
    loop {
        match server.events(&token, last_id.as_deref()).await {
            Ok(response) => {
                window.connection(Connection::ONLINE);
                if was_online && last_id.is_none() {
                    // Nothing to resume from: what happened while we were away is unknown.
                    window.resync(None);
                }
                was_online = true;
                let since = tokio::time::Instant::now();
                let mut parser = Parser::resuming(last_id.take());
                let ended = relay(response, &mut parser, window.as_ref(), silence).await;
                last_id = parser.last_id().map(str::to_owned);
                tracing::info!("the team server's event stream ended ({ended}); reconnecting");
                if since.elapsed() >= stable {
                    backoff.reset();
                }
            }
            Err(refused) if refused.code() == Some(ErrorCode::Unauthorized) => {
                return Stopped::SignedOut;
            }
            Err(e) => tracing::info!("the team server's event stream: {e}"),
        }
        let wait = backoff.fail();
        window.connection(Connection::reconnecting(wait));
        tokio::time::sleep(wait).await;
    }
}

/// Forwards the stream's events until it ends; answers why it ended.
async fn relay(
    mut response: reqwest::Response,
    parser: &mut Parser,
    window: &dyn Window,
    silence: Duration,
) -> String {
    loop {
        let chunk = match tokio::time::timeout(silence, response.chunk()).await {
            Err(_) => return format!("silent for {} s", silence.as_secs()),
            Ok(Err(e)) => return format!("broken: {e}"),
            Ok(Ok(None)) => return "closed by the server".to_owned(),
            Ok(Ok(Some(chunk))) => chunk,
        };
        let events = match parser.feed(&chunk) {
            Ok(events) => events,
            Err(_) => return "an event larger than Switchboard sends".to_owned(),
        };
        for event in events {
            forward(event, window);
        }
    }
}

fn forward(event: SseEvent, window: &dyn Window) {
    match event.name.as_str() {
        "message" => match serde_json::from_str(&event.data) {
            Ok(json) => window.event(json),
            Err(e) => tracing::warn!("the team server sent an event that is not JSON: {e}"),
        },
        // The server could not keep up with us, or cannot resume where we left: reload.
        "resync" => window.resync(event.data.trim().parse().ok()),
        "error" => tracing::warn!("the team server's event stream said: {}", event.data),
        other => tracing::debug!("ignoring the team server's '{other}' event"),
    }
}
