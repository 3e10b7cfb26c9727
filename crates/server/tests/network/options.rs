//! Plain HTTP beyond this machine is refused before anything starts.

use std::net::SocketAddr;
use std::path::PathBuf;

use switchboard_server::serve::{Network, TlsFiles};

fn addr(text: &str) -> SocketAddr {
    text.parse().expect("an address")
}

#[test]
fn plain_http_beyond_loopback_is_refused_with_what_to_do() {
    let plain = Network::default();
    for beyond in ["0.0.0.0:8765", "192.0.2.10:8765", "[::]:8765"] {
        let refusal = plain
            .check(addr(beyond))
            .expect_err("plain HTTP beyond loopback is refused");
        assert!(
            refusal.contains("--tls-cert")
                && refusal.contains("--behind-proxy")
                && refusal.contains(beyond),
            "the refusal names the address and both ways out: {refusal}"
        );
    }
    let public = Network {
        public_listen: Some(addr("0.0.0.0:8080")),
        ..Network::default()
    };
    let refusal = public
        .check(addr("127.0.0.1:8765"))
        .expect_err("the webhook listener beyond loopback needs the same");
    assert!(refusal.contains("--public-listen"), "{refusal}");
}

#[test]
fn loopback_tls_or_a_named_proxy_are_accepted() {
    for local in ["127.0.0.1:8765", "[::1]:8765", "127.0.0.1:0"] {
        assert_eq!(Network::default().check(addr(local)), Ok(()), "{local}");
    }
    let tls = Network {
        tls: Some(TlsFiles {
            cert: PathBuf::from("cert.pem"),
            key: PathBuf::from("key.pem"),
        }),
        public_listen: Some(addr("0.0.0.0:8080")),
        ..Network::default()
    };
    assert_eq!(tls.check(addr("0.0.0.0:8765")), Ok(()));
    let proxied = Network {
        behind_proxy: Some("10.0.0.2".parse().expect("an address")),
        ..Network::default()
    };
    assert_eq!(proxied.check(addr("0.0.0.0:8765")), Ok(()));
}
