//! A team server's address as the user types or pastes it, made into one canonical form: the
//! same server is one keychain entry and one line in desktop.json however it was written.

use std::fmt;
use std::net::IpAddr;

use reqwest::Url;
use switchboard_core::Phrase;

use crate::said;

/// A team server: `https://crm.example.com`, or with the path a reverse proxy serves it under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// Ends in `/`, so that joining `api/…` keeps a path prefix.
    base: Url,
}

impl Address {
    /// `crm.example.com`, `https://CRM.example.com/`, or a URL copied from a browser's address
    /// bar (its `#/conversation/5` and `?…` are dropped). Plain `http://` only for this
    /// computer: elsewhere the password and the session would cross the network readable.
    pub fn parse(typed: &str) -> Result<Self, Phrase> {
        let typed = typed.trim();
        let bad = || said::BAD_ADDRESS.with("address", typed);
        if typed.is_empty() || typed.chars().any(char::is_whitespace) {
            return Err(bad());
        }
        let with_scheme = if typed.contains("://") {
            typed.to_owned()
        } else {
            format!("https://{typed}")
        };
        let mut url = Url::parse(&with_scheme).map_err(|_| bad())?;
        if !matches!(url.scheme(), "https" | "http")
            || url.host_str().is_none_or(str::is_empty)
            // Credentials in an address end up in logs and the keychain's entry name.
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(bad());
        }
        url.set_query(None);
        url.set_fragment(None);
        let path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{path}/"));
        let address = Self { base: url };
        if address.base.scheme() == "http" && !address.is_this_computer() {
            return Err(said::PLAIN_HTTP.with("server", &address));
        }
        Ok(address)
    }

    /// The URL of `POST /api/{command}` or `GET /api/events`. `name` is one path segment.
    pub fn api(&self, name: &str) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().extend(["api", name]);
        }
        url
    }

    fn is_this_computer(&self) -> bool {
        let host = self.base.host_str().unwrap_or_default();
        let ip = host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || ip.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// Without the trailing slash: how the address is shown, saved and named in the keychain.
impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.base.as_str().trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(typed: &str) -> String {
        match Address::parse(typed) {
            Ok(a) => a.to_string(),
            Err(p) => format!("refused: {}", p.key),
        }
    }

    #[test]
    fn one_server_has_one_form_however_it_is_typed() {
        for typed in [
            "crm.example.com",
            " https://CRM.Example.com/ ",
            "https://crm.example.com//",
            "https://crm.example.com/#/conversations/5",
            "https://crm.example.com/?token=abc",
            "HTTPS://crm.example.com",
        ] {
            assert_eq!(shown(typed), "https://crm.example.com", "typed {typed:?}");
        }
        assert_eq!(
            shown("example.com:8443/switchboard/"),
            "https://example.com:8443/switchboard",
            "a port and a reverse proxy's path prefix are part of the address"
        );
        assert_eq!(
            shown("https://crm.example.com:443"),
            "https://crm.example.com"
        );
    }

    #[test]
    fn plain_http_is_only_for_this_computer() {
        assert_eq!(shown("http://127.0.0.1:8765"), "http://127.0.0.1:8765");
        assert_eq!(shown("http://localhost:8765/"), "http://localhost:8765");
        assert_eq!(shown("http://[::1]:8765"), "http://[::1]:8765");
        assert_eq!(
            shown("http://crm.example.com"),
            "refused: desktop.team.plain_http",
            "a password must not cross the network in clear text"
        );
        assert_eq!(
            shown("http://192.168.1.10:8765"),
            "refused: desktop.team.plain_http"
        );
    }

    #[test]
    fn what_is_no_server_address_is_refused() {
        for typed in [
            "",
            "   ",
            "crm example com",
            "ftp://crm.example.com",
            "https://",
            "https://user:secret@crm.example.com",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                shown(typed),
                "refused: desktop.team.bad_address",
                "typed {typed:?}"
            );
        }
    }

    #[test]
    fn api_urls_keep_the_path_prefix() {
        let at = |typed: &str, name: &str| {
            Address::parse(typed)
                .map(|a| a.api(name).to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            at("crm.example.com", "sign_in"),
            "https://crm.example.com/api/sign_in"
        );
        assert_eq!(
            at("https://example.com/switchboard/", "events"),
            "https://example.com/switchboard/api/events"
        );
        assert_eq!(
            at("crm.example.com", "x/../../events"),
            "https://crm.example.com/api/x%2F..%2F..%2Fevents",
            "a name is one path segment, never a way out of /api/"
        );
    }
}
