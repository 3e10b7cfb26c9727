//! Who sent a request: the TCP peer, or, when the peer is the reverse proxy we were told to
//! trust, the client that proxy says it forwards. Anyone can write X-Forwarded-For; only the
//! proxy's word counts, so from anyone else those headers are removed before the app sees them.

use std::net::{IpAddr, SocketAddr};

use axum::http::{HeaderMap, HeaderName, Request};

/// Every request served by [`super::serve`] carries this extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Peer {
    /// The TCP peer, or the client the trusted proxy names in X-Forwarded-For.
    pub client: IpAddr,
    /// Whether the client's connection is encrypted: ours is TLS, or the trusted proxy says the
    /// client came over https (X-Forwarded-Proto).
    pub secure: bool,
}

/// The host the browser asked for, as the trusted proxy reports it (X-Forwarded-Host): present
/// only on requests from that proxy, where it stands for the Host header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForwardedHost(pub String);

const FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
const FORWARDED: HeaderName = HeaderName::from_static("forwarded");

/// Stamps `request` with its [`Peer`] (and [`ForwardedHost`]), given the TCP peer `tcp`,
/// whether our connection is TLS, and the proxy to believe.
pub(super) fn admit<B>(
    mut request: Request<B>,
    tcp: IpAddr,
    tls: bool,
    proxy: Option<IpAddr>,
) -> Request<B> {
    let headers = request.headers_mut();
    let peer = if proxy == Some(tcp) {
        let forwarded_host = last(headers, &FORWARDED_HOST).map(str::to_owned);
        let peer = Peer {
            client: last(headers, &FORWARDED_FOR)
                .and_then(parse_ip)
                .unwrap_or(tcp),
            secure: tls
                || last(headers, &FORWARDED_PROTO).is_some_and(|p| p.eq_ignore_ascii_case("https")),
        };
        if let Some(host) = forwarded_host {
            request.extensions_mut().insert(ForwardedHost(host));
        }
        peer
    } else {
        for name in [FORWARDED_FOR, FORWARDED_PROTO, FORWARDED_HOST, FORWARDED] {
            headers.remove(name);
        }
        Peer {
            client: tcp,
            secure: tls,
        }
    };
    request.extensions_mut().insert(peer);
    request
}

/// The last entry of a comma-separated header (over all its lines): the one our proxy added.
/// Entries before it were sent by the client and prove nothing.
fn last<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h str> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|v| !v.is_empty())
}

/// `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]`, or either with a port.
fn parse_ip(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse().ok())
        })
        .map(|ip: IpAddr| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)]) -> Request<()> {
        let mut builder = Request::builder();
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap_or_default()
    }

    const PROXY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));
    const STRANGER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 9));

    #[test]
    fn the_proxys_last_entry_names_the_client_and_earlier_ones_are_ignored() {
        let r = admit(
            request(&[
                ("x-forwarded-for", "1.1.1.1, 203.0.113.7"),
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "crm.example.com"),
            ]),
            PROXY,
            false,
            Some(PROXY),
        );
        let peer = r.extensions().get::<Peer>().copied();
        assert_eq!(
            peer,
            Some(Peer {
                client: "203.0.113.7".parse().unwrap_or(PROXY),
                secure: true
            }),
            "the entry the proxy appended is the client; the ones before it came from the client"
        );
        assert_eq!(
            r.extensions().get::<ForwardedHost>(),
            Some(&ForwardedHost("crm.example.com".into()))
        );
    }

    #[test]
    fn forwarded_headers_from_anyone_else_are_removed() {
        let r = admit(
            request(&[
                ("x-forwarded-for", "203.0.113.7"),
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "crm.example.com"),
                ("forwarded", "for=203.0.113.7"),
            ]),
            STRANGER,
            false,
            Some(PROXY),
        );
        assert_eq!(
            r.extensions().get::<Peer>().copied(),
            Some(Peer {
                client: STRANGER,
                secure: false
            })
        );
        assert_eq!(r.extensions().get::<ForwardedHost>(), None);
        assert!(
            r.headers().is_empty(),
            "no handler may read a stranger's forwarded headers: {:?}",
            r.headers()
        );
    }

    #[test]
    fn client_addresses_come_in_several_spellings() {
        for (text, ip) in [
            ("203.0.113.7", "203.0.113.7"),
            ("203.0.113.7:4711", "203.0.113.7"),
            ("2001:db8::1", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("[2001:db8::1]:4711", "2001:db8::1"),
            ("::ffff:203.0.113.7", "203.0.113.7"),
        ] {
            assert_eq!(parse_ip(text), ip.parse().ok(), "{text}");
        }
        assert_eq!(parse_ip("unknown"), None);
        assert_eq!(parse_ip("_hidden"), None);
    }
}
