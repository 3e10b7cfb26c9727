//! The window's side of the one API: a single `api` command that runs any command of
//! `switchboard_core::api` (no second list of commands), and live events.

use std::sync::Arc;

use switchboard_core::Engine;
use switchboard_core::error::ApiError;
use switchboard_core::event::Event;
use tauri::{AppHandle, Emitter};
use tokio::sync::broadcast::{Receiver, error::RecvError};

/// Each committed change, as the core's `Event` JSON.
pub const EVENT: &str = "switchboard:event";
/// The window missed events (it fell behind) and should reload what it shows.
pub const RESYNC: &str = "switchboard:resync";

pub struct Api(pub Arc<Engine>);

/// `invoke("api", { command, request })`: answers the command's JSON response, or rejects with
/// the `ApiError` object `{code, message}`.
#[tauri::command]
pub async fn api(
    api: tauri::State<'_, Api>,
    command: String,
    request: Option<serde_json::Value>,
) -> Result<serde_json::Value, ApiError> {
    let request = request.unwrap_or_else(|| serde_json::json!({}));
    switchboard_core::api::dispatch(
        &api.0,
        &switchboard_core::access::Client::local(),
        &command,
        request,
    )
    .await
}

pub fn forward_events(app: AppHandle, mut events: Receiver<Event>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let sent = match events.recv().await {
                Ok(event) => app.emit(EVENT, &event),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!("the window fell {missed} events behind; asking it to resync");
                    app.emit(RESYNC, missed)
                }
                Err(RecvError::Closed) => return,
            };
            if let Err(e) = sent {
                tracing::warn!("could not send a live event to the window: {e}");
            }
        }
    });
}
