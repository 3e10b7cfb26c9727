//! A reverse proxy's forwarded headers count only on connections from that proxy.

use std::net::IpAddr;

use switchboard_server::listen::Policy;
use switchboard_server::serve::Network;

use crate::harness::{App, Echo, exchange, quick};

const FORWARDED: &str = "X-Forwarded-For: 1.1.1.1, 203.0.113.7\r\nX-Forwarded-Proto: https\r\n";

async fn peer_seen(echo: &Echo) -> serde_json::Value {
    let answer = exchange(
        echo.addr,
        &format!("GET /peer HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORWARDED}Connection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(answer.status(), 200, "{}", answer.raw);
    answer.json()
}

#[tokio::test]
async fn forwarded_for_names_the_client_only_from_the_trusted_proxy() {
    let loopback: IpAddr = "127.0.0.1".parse().expect("an address");
    let trusted = Echo::start(Policy::new(quick()).trusting(loopback)).await;
    assert_eq!(
        peer_seen(&trusted).await,
        serde_json::json!({ "client": "203.0.113.7", "secure": true }),
        "from the proxy, the client is the address it appended, and https is its word"
    );
    trusted.stop().await;

    let elsewhere: IpAddr = "10.9.9.9".parse().expect("an address");
    let untrusted = Echo::start(Policy::new(quick()).trusting(elsewhere)).await;
    assert_eq!(
        peer_seen(&untrusted).await,
        serde_json::json!({ "client": "127.0.0.1", "secure": false }),
        "from anyone else, the client is the TCP peer and forwarded headers are ignored"
    );
    untrusted.stop().await;

    let plain = Echo::start(Policy::new(quick())).await;
    assert_eq!(
        peer_seen(&plain).await,
        serde_json::json!({ "client": "127.0.0.1", "secure": false }),
        "without --behind-proxy, no forwarded header counts"
    );
    plain.stop().await;
}

/// `POST /api/list_accounts` with `Host: 127.0.0.1:PORT` (ours) and the proxy's forwarded host.
async fn with_forwarded_host(app: &App, forwarded: &str) -> u16 {
    let port = app.addr().port();
    let request = format!(
        "POST /api/list_accounts HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Forwarded-Host: {forwarded}\r\nX-Forwarded-Proto: https\r\nOrigin: https://{forwarded}\r\nAuthorization: Bearer {}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}",
        app.running.token
    );
    exchange(app.addr(), &request).await.status()
}

#[tokio::test]
async fn behind_the_proxy_the_forwarded_host_is_the_one_checked() {
    let app = App::start(Network {
        behind_proxy: Some("127.0.0.1".parse().expect("an address")),
        allow_hosts: vec!["crm.example.com".into()],
        limits: quick(),
        ..Network::default()
    })
    .await;
    assert_eq!(
        with_forwarded_host(&app, "crm.example.com").await,
        200,
        "the browser asked the proxy for our public name"
    );
    assert_eq!(
        with_forwarded_host(&app, "evil.example").await,
        421,
        "a rebinding page behind the proxy is refused by the name the proxy forwards"
    );
    app.stop().await;

    let app = App::start(Network {
        behind_proxy: Some("10.9.9.9".parse().expect("an address")),
        allow_hosts: vec!["crm.example.com".into()],
        limits: quick(),
        ..Network::default()
    })
    .await;
    assert_eq!(
        with_forwarded_host(&app, "crm.example.com").await,
        403,
        "from a stranger X-Forwarded-Host is ignored: the Host (ours) is checked, and the page's \
         https://crm.example.com origin is then another site's"
    );
    app.stop().await;
}
