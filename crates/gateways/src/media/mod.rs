//! Downloading customers' files for the incoming cache: one client the adapters share, with
//! the limits the engine asks for, that reaches only the public internet ([`reach`]).

mod address;
mod reach;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Url;
use switchboard_core::gateway::{FetchedMedia, SendError};
use switchboard_core::phrase::Phrase;

pub use address::{is_loopback, is_public};
pub use reach::{Blocked, Reach, Servers};

/// Why a customer's file could not be downloaded. The engine adds how often it tried.
pub mod phrases {
    switchboard_core::phrases! {
        NOT_HTTP = "gateway.media.not_http": "Only http(s) links are downloaded; this file's link is '{scheme}:…'";
        UNREADABLE_LINK = "gateway.media.unreadable_link": "The file's link is not a web address that can be read, so the file was not downloaded";
        /// `{host}` is the name in the link, `{address}` what it resolved to.
        NOT_PUBLIC = "gateway.media.not_public": "The file's link leads to {host} ({address}), an address on this computer or a private network: such links are never downloaded";
        /// The link names the address itself.
        NOT_PUBLIC_ADDRESS = "gateway.media.not_public_address": "The file's link leads to {address}, an address on this computer or a private network: such links are never downloaded";
        /// `{gateway}` serves its files from known servers only.
        NOT_GATEWAYS_SERVER = "gateway.media.not_gateways_server": "The file's link leads to {host}, which is not one of {gateway}'s servers, so the file was not downloaded";
        TOO_MANY_REDIRECTS = "gateway.media.too_many_redirects": "The file's link was redirected more than {max} times, so the file was not downloaded";
        BAD_REDIRECT = "gateway.media.bad_redirect": "The file's server redirected to an address that cannot be read, so the file was not downloaded";
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

/// How long one media download may take, redirects included; files are larger than API
/// answers.
pub const MEDIA_TIMEOUT: Duration = Duration::from_secs(120);

/// Redirects followed before a link is given up: CDNs use one or two.
pub const MAX_REDIRECTS: usize = 5;

fn rejected(reason: Phrase) -> SendError {
    SendError::Rejected { code: None, reason }
}

/// Downloads customers' files; cheap to clone (one connection pool).
#[derive(Clone, Debug)]
pub struct Fetcher {
    /// `Err` when the client could not be built: then nothing is downloaded, rather than
    /// downloading with a client that checks no address.
    http: Result<reqwest::Client, String>,
    reach: Reach,
}

impl Default for Fetcher {
    fn default() -> Self {
        Self::new(Reach::Public)
    }
}

impl Fetcher {
    pub fn new(reach: Reach) -> Self {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .dns_resolver(Arc::new(reach::Resolver { reach }))
            // Followed by `fetch` itself, each one checked.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve and connect where we cannot check.
            .no_proxy()
            .connect_timeout(crate::CONNECT_TIMEOUT)
            .user_agent(concat!("switchboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                tracing::error!(error = %e, "could not build the media download client");
                e.to_string()
            });
        Self { http, reach }
    }

    pub fn reach(&self) -> Reach {
        self.reach
    }

    /// Fetches an http(s) link, with `bearer` as `Authorization: Bearer` where the gateway's
    /// media need it (sent to the link's own server only, never to one it redirects to).
    /// `servers`, when given, are the only hosts the link and its redirects may lead to. Stops
    /// reading at `max_bytes`: a larger file is refused, not cut short.
    pub async fn fetch(
        &self,
        url: &str,
        max_bytes: u64,
        bearer: Option<&str>,
        servers: Option<&Servers>,
    ) -> Result<FetchedMedia, SendError> {
        let http = self
            .http
            .as_ref()
            .map_err(|e| retryable(said::UNREACHABLE.with("detail", e), None))?;
        let mut url = http_url(url)?;
        let origin = url.origin();
        let deadline = Instant::now() + MEDIA_TIMEOUT;
        let mut redirects = 0;
        loop {
            self.admit(&url, servers)?;
            let left = deadline.saturating_duration_since(Instant::now());
            let mut request = http
                .get(url.clone())
                .timeout(left.max(Duration::from_millis(1)));
            if let Some(token) = bearer
                && url.origin() == origin
            {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.map_err(|e| not_sent(&e))?;
            match redirect(&response, &url) {
                Some(_) if redirects >= MAX_REDIRECTS => {
                    return Err(rejected(
                        said::TOO_MANY_REDIRECTS.with("max", MAX_REDIRECTS),
                    ));
                }
                Some(next) => {
                    url = next?;
                    redirects += 1;
                }
                None => return read(response, max_bytes).await,
            }
        }
    }

    /// Whether `url` may be requested: a gateway's own server where it names them, and an
    /// address `reach` allows where the link writes one (names are checked as they resolve).
    fn admit(&self, url: &Url, servers: Option<&Servers>) -> Result<(), SendError> {
        let written = url
            .host_str()
            .ok_or_else(|| rejected(said::UNREADABLE_LINK.phrase()))?;
        // The URL parser has already turned `0x7f.1`, `2130706433` and the like into dotted
        // quads, and writes IPv6 in brackets.
        let host = written.trim_start_matches('[').trim_end_matches(']');
        if let Some(servers) = servers
            && !servers.serve(host)
        {
            return Err(rejected(
                said::NOT_GATEWAYS_SERVER
                    .with("host", written)
                    .arg("gateway", servers.gateway),
            ));
        }
        match host.parse::<std::net::IpAddr>() {
            // A name: checked where it resolves.
            Err(_) => Ok(()),
            Ok(ip) if self.reach.allows(ip) => Ok(()),
            Ok(ip) => Err(rejected(
                said::NOT_PUBLIC_ADDRESS.with("address", ip.to_string()),
            )),
        }
    }
}

/// The link as a URL, if it is an http(s) one.
fn http_url(link: &str) -> Result<Url, SendError> {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        let scheme: String = link
            .split(':')
            .next()
            .unwrap_or_default()
            .chars()
            .take(20)
            .collect();
        return Err(rejected(said::NOT_HTTP.with("scheme", scheme)));
    }
    Url::parse(link).map_err(|_| rejected(said::UNREADABLE_LINK.phrase()))
}

/// Where a redirect leads, if `response` is one (a 3xx with a `Location`).
fn redirect(response: &reqwest::Response, from: &Url) -> Option<Result<Url, SendError>> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(reqwest::header::LOCATION)?;
    let next = location
        .to_str()
        .ok()
        .and_then(|l| from.join(l.trim()).ok())
        .ok_or_else(|| rejected(said::BAD_REDIRECT.phrase()));
    Some(next.and_then(|next| match next.scheme() {
        "http" | "https" => Ok(next),
        other => Err(rejected(said::NOT_HTTP.with("scheme", other))),
    }))
}

/// A request that got no answer: refused for good when the link leads where files are never
/// downloaded from, worth another try otherwise.
fn not_sent(e: &reqwest::Error) -> SendError {
    if let Some(blocked) = blocked(e) {
        return rejected(
            said::NOT_PUBLIC
                .with("host", &blocked.host)
                .arg("address", blocked.address.to_string()),
        );
    }
    let reason = if e.is_timeout() {
        said::TIMEOUT.phrase()
    } else {
        said::UNREACHABLE.with("detail", without_url(e))
    };
    retryable(reason, None)
}

/// The resolver's refusal, wherever reqwest and hyper wrapped it.
fn blocked(e: &reqwest::Error) -> Option<&Blocked> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = source {
        if let Some(blocked) = error.downcast_ref::<Blocked>() {
            return Some(blocked);
        }
        source = error.source();
    }
    None
}

/// The body of a final answer, at most `max_bytes` of it.
async fn read(mut response: reqwest::Response, max_bytes: u64) -> Result<FetchedMedia, SendError> {
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
        if (bytes.len() as u64).saturating_add(chunk.len() as u64) > max_bytes {
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

#[cfg(test)]
mod tests;
