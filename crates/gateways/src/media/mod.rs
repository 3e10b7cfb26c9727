//! Downloading media for the incoming cache: one reqwest-based implementation the adapters
//! share, with the limits the engine asks for.

use std::time::Duration;

use switchboard_core::gateway::{FetchedMedia, SendError};
use switchboard_core::phrase::Phrase;

/// Why a customer's file could not be downloaded. The engine adds how often it tried.
pub mod phrases {
    switchboard_core::phrases! {
        NOT_HTTP = "gateway.media.not_http": "Only http(s) links are downloaded; this file's link is '{scheme}:…'";
        TIMEOUT = "gateway.media.timeout": "the file's server did not answer in time";
        UNREACHABLE = "gateway.media.unreachable": "the file's server cannot be reached ({detail})";
        /// `{status_text}` is HTTP's own English name of the status ("Not Found").
        ANSWERED = "gateway.media.answered": "the file's server answered {status} {status_text}";
        REFUSED = "gateway.media.refused": "The file could not be downloaded: {reason}";
        TOO_LARGE = "gateway.media.too_large": "The file is {size_bytes}, larger than the {max_bytes} limit, so it was not downloaded";
        TOO_LARGE_UNSIZED = "gateway.media.too_large_unsized": "The file is larger than the {max_bytes} limit, so it was not downloaded";
        BROKE_OFF = "gateway.media.broke_off": "the download broke off ({detail})";
    }
}

use crate::wire::retryable;
use phrases as said;

/// How long one media download may take; files are larger than API answers.
pub const MEDIA_TIMEOUT: Duration = Duration::from_secs(120);

fn rejected(reason: Phrase) -> SendError {
    SendError::Rejected { code: None, reason }
}

/// Fetches an http(s) link, with `bearer` as `Authorization: Bearer` when the gateway's media
/// need it. Stops reading at `max_bytes`: a larger file is refused, not cut short.
pub async fn fetch(
    http: &reqwest::Client,
    url: &str,
    max_bytes: u64,
    bearer: Option<&str>,
) -> Result<FetchedMedia, SendError> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        let scheme = url.split(':').next().unwrap_or_default();
        return Err(rejected(said::NOT_HTTP.with("scheme", scheme)));
    }
    let mut request = http.get(url.trim()).timeout(MEDIA_TIMEOUT);
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let mut response = request.send().await.map_err(|e| {
        let reason = if e.is_timeout() {
            said::TIMEOUT.phrase()
        } else {
            said::UNREACHABLE.with("detail", without_url(&e))
        };
        retryable(reason, None)
    })?;
    let status = response.status();
    if !status.is_success() {
        let reason = said::ANSWERED
            .with("status", status.as_u16())
            .arg("status_text", status.canonical_reason().unwrap_or_default());
        return Err(if status.as_u16() == 429 || status.is_server_error() {
            retryable(reason, None)
        } else {
            rejected(said::REFUSED.phrase().nest("reason", reason))
        });
    }
    let too_big = |size: Option<u64>| {
        rejected(match size {
            Some(size) => said::TOO_LARGE
                .with("size_bytes", size)
                .arg("max_bytes", max_bytes),
            None => said::TOO_LARGE_UNSIZED.with("max_bytes", max_bytes),
        })
    };
    if let Some(length) = response.content_length()
        && length > max_bytes
    {
        return Err(too_big(Some(length)));
    }
    let declared_mime = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut bytes = Vec::new();
    loop {
        let chunk = response
            .chunk()
            .await
            .map_err(|e| retryable(said::BROKE_OFF.with("detail", without_url(&e)), None))?;
        let Some(chunk) = chunk else { break };
        if (bytes.len() + chunk.len()) as u64 > max_bytes {
            return Err(too_big(None));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(FetchedMedia {
        bytes,
        declared_mime,
    })
}

/// reqwest's error text without the URL, which may carry a signed query string.
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "the link");
    }
    text
}
