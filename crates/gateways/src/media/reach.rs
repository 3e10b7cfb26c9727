//! Where customers' files may be downloaded from, decided where it cannot be dodged: on the
//! addresses a name resolves to, by the media client's own DNS resolver, so that what is
//! checked is what is connected to (no second lookup an attacker's DNS could answer
//! differently); on IP addresses written in a link, before any connection; and again on every
//! redirect, which the download follows itself.

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use super::address;

/// Which addresses the media client may connect to: a setting of the [`crate::Gateways`]
/// connector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reach {
    /// The public internet only ([`address::is_public`]): what the app runs with.
    #[default]
    Public,
    /// The public internet and this machine (127.0.0.0/8, ::1): simulators in tests and the
    /// sandbox serve their files on 127.0.0.1. Private networks and metadata services stay
    /// out of reach even so.
    AlsoLoopback,
    /// The public internet and one stand-in for a public server (on 127.0.0.x), for tests of
    /// what happens after a public server answers.
    #[cfg(test)]
    StandIn(IpAddr),
}

impl Reach {
    pub fn allows(self, ip: IpAddr) -> bool {
        address::is_public(ip)
            || match self {
                Self::Public => false,
                Self::AlsoLoopback => address::is_loopback(ip),
                #[cfg(test)]
                Self::StandIn(stand_in) => ip == stand_in,
            }
    }
}

/// A link that leads where files are never downloaded from: `host` is the name or address in
/// the link, `address` the first address it leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub host: String,
    pub address: IpAddr,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} leads to {}, which is not public",
            self.host, self.address
        )
    }
}

impl std::error::Error for Blocked {}

/// The media client's resolver: the system's lookup, keeping only addresses `reach` allows.
/// A name with some public addresses and some private ones connects to the public ones only.
#[derive(Debug)]
pub(super) struct Resolver {
    pub reach: Reach,
}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let reach = self.reach;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| reach.allows(a.ip()))
                .collect();
            match (allowed.is_empty(), found.first()) {
                (false, _) => Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs),
                (true, Some(first)) => Err(Box::new(Blocked {
                    host,
                    address: first.ip(),
                })
                    as Box<dyn std::error::Error + Send + Sync>),
                (true, None) => Err(format!("{host} has no address").into()),
            }
        })
    }
}

/// The servers a gateway serves its media from, when it names them: a link anywhere else is
/// refused, whatever its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Servers {
    /// The gateway's name, for the refusal.
    pub gateway: &'static str,
    /// Domains whose names and subdomains are the gateway's.
    pub domains: &'static [&'static str],
    /// One more host that is the gateway's: the account's API address (a simulator's in tests).
    pub also: Option<String>,
}

impl Servers {
    /// Whether `host` (a name or an address as a URL writes it) is one of these servers.
    pub fn serve(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let ours = |domain: &&str| {
            host == *domain
                || host
                    .strip_suffix(*domain)
                    .is_some_and(|sub| sub.ends_with('.'))
        };
        self.domains.iter().any(ours)
            || self
                .also
                .as_deref()
                .is_some_and(|also| also.eq_ignore_ascii_case(&host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_serves_itself_and_its_subdomains_only() {
        let meta = Servers {
            gateway: "Meta",
            domains: &["fbsbx.com", "fbcdn.net"],
            also: Some("127.0.0.1".to_owned()),
        };
        for host in [
            "lookaside.fbsbx.com",
            "fbsbx.com",
            "scontent.xx.fbcdn.net",
            "LOOKASIDE.FBSBX.COM.",
            "127.0.0.1",
        ] {
            assert!(meta.serve(host), "{host}");
        }
        for host in [
            "evilfbsbx.com",
            "fbsbx.com.evil.example",
            "fbcdn.net.example",
            "127.0.0.2",
            "example.com",
        ] {
            assert!(!meta.serve(host), "{host}");
        }
    }

    #[test]
    fn loopback_is_reached_only_when_the_connector_says_so() {
        let local: IpAddr = "127.0.0.1".parse().expect("an address");
        let metadata: IpAddr = "169.254.169.254".parse().expect("an address");
        let public: IpAddr = "8.8.8.8".parse().expect("an address");
        assert!(!Reach::Public.allows(local));
        assert!(Reach::AlsoLoopback.allows(local));
        assert!(!Reach::AlsoLoopback.allows(metadata));
        assert!(Reach::Public.allows(public) && Reach::AlsoLoopback.allows(public));
    }
}
