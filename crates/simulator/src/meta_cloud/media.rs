//! Incoming media as the Graph API serves them: `GET /{version}/{media id}` (with the access
//! token) answers a download URL and the type; the URL, fetched with the same token, answers
//! the bytes. Tests put files in with [`super::MetaHandle::add_media`].

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Shared;
use super::errors::GraphError;

fn bearer_ok(shared: &Shared, headers: &HeaderMap) -> bool {
    let expected = format!("Bearer {}", shared.config.access_token);
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == expected)
}

/// The media id's URL and type, or `None` when the id is not a media file here.
pub(super) fn describe(
    shared: &Shared,
    host: &str,
    id: &str,
    headers: &HeaderMap,
) -> Option<Response> {
    let (bytes, mime) = shared.state().media.get(id).cloned()?;
    if !bearer_ok(shared, headers) {
        return Some(GraphError::documented(190).into_response());
    }
    let answer = json!({
        "messaging_product": "whatsapp",
        "url": format!("{host}/media-download/{id}"),
        "mime_type": mime,
        "sha256": hex::encode(Sha256::digest(&bytes)),
        "file_size": bytes.len(),
        "id": id,
    });
    Some((StatusCode::OK, axum::Json(answer)).into_response())
}

/// `GET /media-download/{id}`: the bytes, for the access token only.
pub(super) async fn download(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !bearer_ok(&shared, &headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match shared.state().media.get(&id).cloned() {
        Some((bytes, mime)) => ([(header::CONTENT_TYPE, mime)], bytes).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
