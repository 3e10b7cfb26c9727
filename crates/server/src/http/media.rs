//! `GET /media/{token}/{name}`: uploaded files, for the gateway to fetch while their URL lives.
//!
//! Public (a tunnel exposes it), so it answers the same bare 404 for an unknown token, an
//! expired one, an incoming file's token or anything that is not a token: a guesser learns
//! nothing. The path never reaches the disk: the file is found by the token's database row,
//! and tokens are 64 hex characters, so no traversal is possible.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

pub(super) async fn serve(
    State(state): State<Arc<AppState>>,
    Path((token, _name)): Path<(String, String)>,
) -> Response {
    let Some(media) = state.engine.served_media(&token).await else {
        return not_found();
    };
    let path = media.path.clone();
    let bytes = match tokio::task::spawn_blocking(move || std::fs::read(path)).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            tracing::warn!("an upload's file cannot be read: {e}");
            return not_found();
        }
        Err(e) => {
            tracing::warn!("an upload's file cannot be read: {e}");
            return not_found();
        }
    };
    if bytes.len() as u64 != media.size {
        tracing::warn!("an upload's file changed size on disk; not served");
        return not_found();
    }
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
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
