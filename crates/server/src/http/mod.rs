//! The HTTP face of a data directory: the API and its event stream for browsers and
//! integrations (token-guarded), and the webhook endpoints gateways post to (public).
//!
//! The two are separate routers so that a tunnel can expose the webhooks without the API.

pub mod api;
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

/// API request bodies larger than this are refused: room for the largest upload a gateway
/// takes (100 MB documents) in base64 (4/3 of it).
pub const API_BODY_LIMIT: usize = 140 * 1024 * 1024;

pub struct AppState {
    pub engine: Arc<Engine>,
    /// Guards the API; generated per data directory.
    pub token: String,
    pub events: Arc<Broadcast>,
    /// Files the public media route may be serving at once.
    pub media_downloads: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(engine: Arc<Engine>, token: String, events: Arc<Broadcast>) -> Self {
        Self {
            engine,
            token,
            events,
            media_downloads: Arc::new(tokio::sync::Semaphore::new(media::MAX_DOWNLOADS)),
        }
    }
}

/// Routes reachable only on this machine (or with the token): the API and live events, and
/// the web UI (static files, no token) that uses them.
pub fn api_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(ui::index))
        .route("/assets/{*path}", get(ui::asset))
        .route("/api/events", get(api::events))
        .route("/api/{command}", post(api::call))
        .layer(axum::extract::DefaultBodyLimit::max(API_BODY_LIMIT))
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

/// Compares secrets in time that does not depend on where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
