//! Who may use the API router at all, before any token or session is looked at:
//! - a request must be addressed to one of this server's own names (its Host). A page on
//!   `evil.example` whose name is re-pointed at this server's address (DNS rebinding) is
//!   same-origin in the browser's eyes, so the browser lets it read our answers; its requests
//!   still say `Host: evil.example`, and that is where they are stopped.
//! - a request to `/api/*` must not come from a page of another site (`Origin` not ours, or
//!   `Sec-Fetch-Site: cross-site`): a browser signed in to Switchboard would otherwise carry
//!   its session into requests other sites' pages make. Requests without an Origin (scripts,
//!   curl, a page's own navigation) pass.
//!
//! The webhook and media routes are not guarded: gateways call them by whatever name reaches us.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use switchboard_core::{ApiError, ErrorCode, Phrase};

use crate::listen::{ForwardedHost, Peer};

/// The names this server answers to. `serve` puts them on every request as an extension; a
/// router served without them (tests serving it directly) answers to this machine's names only.
#[derive(Clone, Debug)]
pub struct HostNames(Arc<Vec<Name>>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Name {
    /// Lower case, without a trailing dot; an IPv6 address in brackets, written canonically.
    host: String,
    /// `None`: any port.
    port: Option<u16>,
}

impl HostNames {
    /// `localhost`, `127.0.0.1` and `[::1]`, on any port: no other site can be served under
    /// these names, and a development server on another port (the UI's `npm run dev`) forwards
    /// the API with its own Host.
    pub fn this_machine() -> Self {
        let names = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(|host| Name {
                host: host.to_owned(),
                port: None,
            })
            .collect();
        Self(Arc::new(names))
    }

    /// The address a listener is bound to, as a Host (`192.0.2.10:8765`).
    pub fn with_addr(mut self, addr: SocketAddr) -> Self {
        Arc::make_mut(&mut self.0).push(Name {
            host: host_of_ip(addr.ip()),
            port: Some(addr.port()),
        });
        self
    }

    /// A name given as `crm.example.com`, `crm.example.com:8443`, `192.0.2.10` or `[2001:db8::1]`;
    /// without a port, any port.
    pub fn with_name(mut self, name: &str) -> Result<Self, String> {
        let parsed = parse_authority(name)
            .ok_or_else(|| format!("--allow-host {name}: not a host name or address"))?;
        Arc::make_mut(&mut self.0).push(parsed);
        Ok(self)
    }

    /// The host (and port) of a URL such as `--public-url https://crm.example.com/`.
    pub fn with_url(mut self, url: &str) -> Result<Self, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
        let host = parsed
            .host_str()
            .ok_or_else(|| format!("{url}: the address names no host"))?;
        let mut name = parse_authority(host).ok_or_else(|| format!("{url}: not a host name"))?;
        name.port = parsed.port_or_known_default();
        Arc::make_mut(&mut self.0).push(name);
        Ok(self)
    }

    fn allows(&self, asked: &Name) -> bool {
        self.0.iter().any(|name| {
            name.host == asked.host
                && match (name.port, asked.port) {
                    (None, _) => true,
                    (Some(ours), Some(theirs)) => ours == theirs,
                    // A Host without a port means the scheme's default; behind a proxy that
                    // does not say the scheme we cannot tell which, and either is fine.
                    (Some(ours), None) => ours == 80 || ours == 443,
                }
        })
    }
}

/// The middleware: refuses a request for another name (421) or, to `/api/*`, from another
/// site (403), with the API's JSON error.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let names = request
        .extensions()
        .get::<HostNames>()
        .cloned()
        .unwrap_or_else(HostNames::this_machine);
    // From the trusted proxy, the browser's Host is the one the proxy forwards.
    let host = match request.extensions().get::<ForwardedHost>() {
        Some(ForwardedHost(host)) => Some(host.as_str()),
        None => request
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok()),
    };
    let Some(host) = host else {
        return refuse(StatusCode::MISDIRECTED_REQUEST, said::HOST_MISSING.phrase());
    };
    let Some(asked) = parse_authority(host).filter(|asked| names.allows(asked)) else {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            said::HOST_UNKNOWN.with("host", host),
        );
    };
    if request.uri().path().starts_with("/api/") {
        let secure = request.extensions().get::<Peer>().is_some_and(|p| p.secure);
        if let Some(site) = other_site(request.headers(), &asked, secure) {
            return refuse(StatusCode::FORBIDDEN, said::CROSS_SITE.with("origin", site));
        }
    }
    next.run(request).await
}

fn refuse(status: StatusCode, phrase: Phrase) -> Response {
    (status, Json(ApiError::new(ErrorCode::Forbidden, phrase))).into_response()
}

/// The other site a browser says the request comes from, if it does.
fn other_site(headers: &HeaderMap, asked: &Name, secure: bool) -> Option<String> {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|site| site.eq_ignore_ascii_case("cross-site")) {
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        return Some(origin.unwrap_or("another site").to_owned());
    }
    let origin = headers.get(header::ORIGIN)?;
    let text = origin.to_str().unwrap_or("(unreadable)");
    if same_origin_as(text, asked, secure) {
        None
    } else {
        Some(text.to_owned())
    }
}

/// Whether `origin` (`https://crm.example.com`) is the origin of a page served under `asked`.
/// `null` (a sandboxed frame, a file) is nobody's origin.
fn same_origin_as(origin: &str, asked: &Name, secure: bool) -> bool {
    let Ok(url) = reqwest::Url::parse(origin) else {
        return false;
    };
    let scheme_ok = match url.scheme() {
        "https" => true,
        // A page over http talking to an API over https is not the same origin; when we
        // cannot tell (a proxy that does not say the scheme), the host and port decide.
        "http" => !secure,
        _ => false,
    };
    let Some(name) = url.host_str().and_then(parse_authority) else {
        return false;
    };
    scheme_ok
        && name.host == asked.host
        && match asked.port {
            Some(port) => url.port_or_known_default() == Some(port),
            // No port in Host: the page's origin must use its scheme's default.
            None => url.port().is_none(),
        }
}

fn host_of_ip(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`, as a Host header or a command line gives it.
fn parse_authority(text: &str) -> Option<Name> {
    let text = text.trim();
    let (host, port) = match text.strip_prefix('[') {
        Some(rest) => {
            let (v6, after) = rest.split_once(']')?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':')?.parse().ok()?),
            };
            (format!("[{}]", v6.parse::<Ipv6Addr>().ok()?), port)
        }
        None => {
            let (host, port) = match text.rsplit_once(':') {
                Some((host, port)) => (host, Some(port.parse().ok()?)),
                None => (text, None),
            };
            let host = host.strip_suffix('.').unwrap_or(host);
            let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_';
            if host.is_empty() || !host.chars().all(plain) {
                return None;
            }
            (host.to_ascii_lowercase(), port)
        }
    };
    Some(Name { host, port })
}

/// What the guard says.
pub mod said {
    switchboard_core::phrases! {
        HOST_UNKNOWN = "http.host_unknown": "This server does not answer to the name {host}; if the name is its own, start it with --allow-host {host}";
        HOST_MISSING = "http.host_missing": "The request does not say which host it is for (no Host header)";
        CROSS_SITE = "http.cross_site": "A page of another site ({origin}) may not use this server's API";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Name {
        parse_authority(text).unwrap_or(Name {
            host: format!("unparsable {text}"),
            port: None,
        })
    }

    #[test]
    fn names_are_compared_as_the_browser_sends_them() {
        let names = HostNames::this_machine()
            .with_addr(
                "192.0.2.10:8765"
                    .parse()
                    .unwrap_or(SocketAddr::from(([0; 4], 0))),
            )
            .with_url("https://CRM.example.com/")
            .and_then(|n| n.with_name("team.example.org"))
            .and_then(|n| n.with_name("[2001:db8::1]:9000"))
            .unwrap_or_else(|e| panic!("{e}"));
        for ok in [
            "localhost:8765",
            "localhost:5173",
            "127.0.0.1",
            "[::1]:8765",
            "192.0.2.10:8765",
            "crm.example.com",
            "crm.example.com:443",
            "CRM.Example.Com.",
            "team.example.org:1234",
            "[2001:db8:0::1]:9000",
        ] {
            assert!(names.allows(&name(ok)), "{ok} is one of our names");
        }
        for refused in [
            "evil.example:8765",
            "192.0.2.10:9999",
            "crm.example.com:8443",
            "crm.example.com.evil.example",
            "[2001:db8::1]:9001",
            "localhost@evil.example",
        ] {
            assert!(!names.allows(&name(refused)), "{refused} is not ours");
        }
    }

    #[test]
    fn an_origin_is_ours_only_with_our_host_port_and_a_fitting_scheme() {
        let asked = name("crm.example.com");
        assert!(same_origin_as("https://crm.example.com", &asked, true));
        assert!(same_origin_as("http://crm.example.com", &asked, false));
        assert!(!same_origin_as("http://crm.example.com", &asked, true));
        assert!(!same_origin_as(
            "https://crm.example.com:8443",
            &asked,
            true
        ));
        assert!(!same_origin_as("https://evil.example", &asked, true));
        assert!(!same_origin_as("null", &asked, true));
        let local = name("127.0.0.1:8765");
        assert!(same_origin_as("http://127.0.0.1:8765", &local, false));
        assert!(!same_origin_as("http://127.0.0.1:5173", &local, false));
    }
}
