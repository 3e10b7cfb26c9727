//! The HTTP face of a data directory: the API and its event stream for browsers and
//! integrations (token-guarded), and the webhook endpoints gateways post to (public).
//!
//! The two are separate routers so that a tunnel can expose the webhooks without the API.

pub mod api;
pub mod events;
pub mod guard;
mod hooks;
pub mod media;
mod ui;

use std::sync::Arc;

use axum::Router;
use axum::routing::{any, get, post};
use switchboard_core::Engine;
use switchboard_core::host::Broadcast;

/// Webhook bodies larger than this are refused: gateways send small JSON documents.
pub const WEBHOOK_BODY_LIMIT: usize = 1024 * 1024;

pub struct AppState {
    pub engine: Arc<Engine>,
    /// The data directory's API token (an API key of the local operator).
    pub token: String,
    pub events: Arc<Broadcast>,
    /// Live events for HTTP clients, each seeing what their operator may.
    pub log: events::EventLog,
    /// Files the public media route may be serving at once.
    pub media_downloads: Arc<tokio::sync::Semaphore>,
    /// Uploads being read and decoded at once (each up to 140 MB, several times that while
    /// decoded): more wait their turn.
    pub uploads: Arc<tokio::sync::Semaphore>,
    /// Open live-event streams per operator.
    pub streams: std::sync::Mutex<std::collections::HashMap<i64, usize>>,
}

impl AppState {
    /// The HTTP face of a started engine: its live events are logged for HTTP clients from
    /// now on, and the data directory's `token` becomes the local operator's API key, so
    /// scripts written for it keep working.
    pub async fn open(
        engine: Arc<Engine>,
        token: String,
        events: Arc<Broadcast>,
    ) -> Result<Arc<Self>, switchboard_core::Error> {
        engine.adopt_api_key(&token, "data directory token").await?;
        let log = events::EventLog::start(engine.db().clone(), events.subscribe());
        Ok(Arc::new(Self {
            engine,
            token,
            events,
            log,
            media_downloads: Arc::new(tokio::sync::Semaphore::new(media::MAX_DOWNLOADS)),
            uploads: Arc::new(tokio::sync::Semaphore::new(api::UPLOADS_AT_ONCE)),
            streams: Default::default(),
        }))
    }
}

/// Routes reachable only on this machine (or with the token): the API and live events, and
/// the web UI (static files, no token) that uses them.
pub fn api_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(ui::index))
        .route("/assets/{*path}", get(ui::asset))
        .route("/api/events", get(api::events))
        // Each command's body limit is applied by `api::call` once the caller is known.
        .route("/api/{command}", post(api::call))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(guard::same_origin))
        .with_state(state)
}

/// Routes gateways reach from the internet: `/hooks/{account token}/{endpoint}`, and
/// `/media/{token}/{name}` where they fetch the files we send.
pub fn public_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/hooks/{token}/{endpoint}", any(hooks::receive))
        .route("/media/{token}/{name}", get(media::serve))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(state)
}

/// Both routers on one listener: what `switchboard serve` runs.
pub fn router(state: Arc<AppState>) -> Router {
    api_router(state.clone()).merge(public_router(state))
}
