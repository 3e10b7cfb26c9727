//! Incoming media on the Cloud API: a message carries a media id (stored as
//! `meta-media:<id>`); `GET {base}/{id}` with the access token answers a short-lived download
//! URL and the type, and that URL is fetched with the same token.

use serde::Deserialize;
use switchboard_core::gateway::{FetchedMedia, SendError};

use super::incoming::MEDIA_SCHEME;
use super::{MetaCloudGateway, phrases as said};
use crate::media::Servers;
use crate::wire::retryable;

/// What the Graph API says about a media id (fields we use).
#[derive(Deserialize)]
struct MediaUrl {
    url: String,
    mime_type: Option<String>,
}

/// Where the Cloud API serves media: the Graph API's answer names a `lookaside.fbsbx.com`
/// link, which may redirect to Meta's CDN (`*.fbcdn.net`); WhatsApp's own media hosts are
/// `*.whatsapp.net`. Nothing else is fetched for a Cloud API account, so that a link in a
/// notification (or a lookup answer) cannot send the access token, or us, anywhere else.
pub const MEDIA_DOMAINS: &[&str] = &["fbsbx.com", "fbcdn.net", "facebook.com", "whatsapp.net"];

/// Meta's media servers, and the account's own API host (the Graph API, or a simulator of it).
fn servers(gateway: &MetaCloudGateway) -> Servers {
    let also = reqwest::Url::parse(gateway.base())
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_matches(['[', ']']).to_owned()));
    Servers {
        gateway: "WhatsApp Cloud API",
        domains: MEDIA_DOMAINS,
        also,
    }
}

pub(super) async fn fetch(
    gateway: &MetaCloudGateway,
    url: &str,
    max_bytes: u64,
) -> Result<FetchedMedia, SendError> {
    let servers = servers(gateway);
    let Some(id) = url.strip_prefix(MEDIA_SCHEME) else {
        return gateway
            .media
            .fetch(url, max_bytes, None, Some(&servers))
            .await;
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
    let mut media = gateway
        .media
        .fetch(&found.url, max_bytes, Some(token), Some(&servers))
        .await
        .map_err(|e| credentials.redact_error(e))?;
    if media.declared_mime.is_none() {
        media.declared_mime = found.mime_type;
    }
    Ok(media)
}
