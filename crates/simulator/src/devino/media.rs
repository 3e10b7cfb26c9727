//! Fetching the media a message links to, as Devino (and WhatsApp behind it) does soon after
//! accepting it; on only when a test asks ([`super::DevinoHandle::fetch_media`]).

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::Shared;

/// One fetch of a message's `contentUrl`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedMedia {
    pub url: String,
    /// The HTTP status answered, or why there was no answer.
    pub outcome: Result<u16, String>,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
    pub bytes: Vec<u8>,
    /// Hex sha256 of `bytes`.
    pub sha256: String,
}

pub(super) fn spawn_fetch(shared: Arc<Shared>, url: String) {
    tokio::spawn(async move {
        let fetched = fetch(&shared.http, &url).await;
        shared.state().fetched.push(fetched);
    });
}

pub(super) async fn fetch(http: &reqwest::Client, url: &str) -> FetchedMedia {
    let mut fetched = FetchedMedia {
        url: url.to_owned(),
        outcome: Err(String::new()),
        content_type: None,
        content_length: None,
        bytes: Vec::new(),
        sha256: String::new(),
    };
    match http.get(url).send().await {
        Ok(response) => {
            fetched.outcome = Ok(response.status().as_u16());
            fetched.content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            fetched.content_length = response.content_length();
            match response.bytes().await {
                Ok(b) => fetched.bytes = b.to_vec(),
                Err(e) => fetched.outcome = Err(e.to_string()),
            }
        }
        Err(e) => fetched.outcome = Err(e.to_string()),
    }
    fetched.sha256 = hex::encode(Sha256::digest(&fetched.bytes));
    fetched
}
