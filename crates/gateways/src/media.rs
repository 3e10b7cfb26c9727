//! Downloading media for the incoming cache: one reqwest-based implementation the adapters
//! share, with the limits the engine asks for.

use std::time::Duration;

use switchboard_core::gateway::{FetchedMedia, SendError};
use switchboard_core::media::human_size;

/// How long one media download may take; files are larger than API answers.
pub const MEDIA_TIMEOUT: Duration = Duration::from_secs(120);

fn rejected(reason: String) -> SendError {
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
        return Err(rejected(format!(
            "Only http(s) links are downloaded; this file's link is '{scheme}:…'"
        )));
    }
    let mut request = http.get(url.trim()).timeout(MEDIA_TIMEOUT);
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let mut response = request.send().await.map_err(|e| SendError::Retryable {
        reason: if e.is_timeout() {
            "the file's server did not answer in time".to_owned()
        } else {
            format!("the file's server cannot be reached ({})", without_url(&e))
        },
        retry_after: None,
    })?;
    let status = response.status();
    if !status.is_success() {
        let reason = format!(
            "the file's server answered {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        );
        return Err(if status.as_u16() == 429 || status.is_server_error() {
            SendError::Retryable {
                reason,
                retry_after: None,
            }
        } else {
            rejected(format!("The file could not be downloaded: {reason}"))
        });
    }
    let too_big = |size: Option<u64>| {
        rejected(match size {
            Some(size) => format!(
                "The file is {}, larger than the {} limit, so it was not downloaded",
                human_size(size),
                human_size(max_bytes)
            ),
            None => format!(
                "The file is larger than the {} limit, so it was not downloaded",
                human_size(max_bytes)
            ),
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
        let chunk = response.chunk().await.map_err(|e| SendError::Retryable {
            reason: format!("the download broke off ({})", without_url(&e)),
            retry_after: None,
        })?;
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
