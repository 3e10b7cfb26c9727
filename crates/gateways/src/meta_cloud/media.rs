//! Incoming media on the Cloud API: a message carries a media id (stored as
//! `meta-media:<id>`); `GET {base}/{id}` with the access token answers a short-lived download
//! URL and the type, and that URL is fetched with the same token.

use serde::Deserialize;
use switchboard_core::gateway::{FetchedMedia, SendError};

use super::incoming::MEDIA_SCHEME;
use super::{MetaCloudGateway, phrases as said};
use crate::wire::retryable;

/// What the Graph API says about a media id (fields we use).
#[derive(Deserialize)]
struct MediaUrl {
    url: String,
    mime_type: Option<String>,
}

pub(super) async fn fetch(
    gateway: &MetaCloudGateway,
    url: &str,
    max_bytes: u64,
) -> Result<FetchedMedia, SendError> {
    let Some(id) = url.strip_prefix(MEDIA_SCHEME) else {
        return crate::media::fetch(&gateway.http, url, max_bytes, None).await;
    };
    // Media ids are digits; anything else must not be spliced into a URL path.
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SendError::Rejected {
            code: None,
            reason: said::MEDIA_BAD_ID.with("id", id),
        });
    }
    let credentials = gateway.credentials()?;
    let token = credentials.access_token.expose();
    let lookup = format!("{}/{id}", gateway.base());
    let response = gateway
        .http
        .get(&lookup)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| {
            let reason = said::MEDIA_UNREACHABLE.with("detail", e);
            retryable(credentials.redact_phrase(reason), None)
        })?;
    let status = response.status();
    if !status.is_success() {
        let reason = said::MEDIA_ANSWERED
            .with("status", status.as_u16())
            .arg("id", id);
        return Err(if status.as_u16() == 429 || status.is_server_error() {
            retryable(reason, None)
        } else {
            SendError::Rejected { code: None, reason }
        });
    }
    let found: MediaUrl = response.json().await.map_err(|e| {
        let reason = said::MEDIA_UNREADABLE.with("id", id).arg("detail", e);
        retryable(credentials.redact_phrase(reason), None)
    })?;
    let mut media = crate::media::fetch(&gateway.http, &found.url, max_bytes, Some(token))
        .await
        .map_err(|e| credentials.redact_error(e))?;
    if media.declared_mime.is_none() {
        media.declared_mime = found.mime_type;
    }
    Ok(media)
}
