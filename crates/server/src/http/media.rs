//! `GET /media/{token}/{name}`: uploaded files, for the gateway to fetch while their URL lives.
//!
//! Public (a tunnel exposes it), so it answers the same bare 404 for an unknown token, an
//! expired one, an incoming file's token or anything that is not a token: a guesser learns
//! nothing. The path never reaches the disk: the file is found by the token's database row,
//! and tokens are 64 hex characters, so no traversal is possible.
//!
//! Files (up to 100 MB) are streamed from disk in small chunks, never read whole into memory,
//! and only a few are served at once: more get 503 with `Retry-After`, and gateways fetch again.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio_stream::StreamExt;

use super::AppState;

/// Files served at once.
pub const MAX_DOWNLOADS: usize = 4;

/// How long a refused gateway is asked to wait before fetching again, in seconds.
const RETRY_AFTER_SECS: &str = "10";

/// Bytes read from disk per chunk sent.
const CHUNK: usize = 64 * 1024;

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

fn busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, RETRY_AFTER_SECS)],
        "busy: try again shortly",
    )
        .into_response()
}

pub(super) async fn serve(
    State(state): State<Arc<AppState>>,
    Path((token, _name)): Path<(String, String)>,
) -> Response {
    let Some(media) = state.engine.served_media(&token).await else {
        return not_found();
    };
    // Held until the last byte is sent (or the gateway goes away).
    let Ok(permit) = state.media_downloads.clone().try_acquire_owned() else {
        return busy();
    };
    let file = match tokio::fs::File::open(&media.path).await {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!("an upload's file cannot be read: {e}");
            return not_found();
        }
    };
    match file.metadata().await {
        Ok(m) if m.len() == media.size => {}
        Ok(_) => {
            tracing::warn!("an upload's file changed size on disk; not served");
            return not_found();
        }
        Err(e) => {
            tracing::warn!("an upload's file cannot be read: {e}");
            return not_found();
        }
    }
    let chunks = tokio_util::io::ReaderStream::with_capacity(file, CHUNK).map(move |chunk| {
        let _held = &permit;
        chunk
    });
    let mut response = Body::from_stream(chunks).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(media.size));
    let mime = HeaderValue::from_str(&media.mime)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, mime);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Never a page: whatever a browser makes of it, it runs nothing.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
