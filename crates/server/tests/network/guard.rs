//! The API answers to the server's own names only, and not to pages of other sites; the
//! webhooks answer to any name.

use switchboard_server::serve::Network;

use crate::harness::{Answer, App, exchange, quick};

fn refused_as(answer: &Answer, status: u16, key: &str) {
    assert_eq!(answer.status(), status, "{}", answer.raw);
    assert_eq!(
        answer.json()["code"],
        "forbidden",
        "a refusal is the API's JSON error: {}",
        answer.raw
    );
    assert_eq!(answer.phrase().as_deref(), Some(key), "{}", answer.raw);
}

fn served(answer: &Answer) {
    assert_eq!(
        answer.status(),
        200,
        "the request passes the guard: {}",
        answer.raw
    );
}

#[tokio::test]
async fn the_api_refuses_a_name_that_is_not_the_servers() {
    let app = App::try_start_with(
        Network {
            allow_hosts: vec!["team.example.org".into()],
            limits: quick(),
            ..Network::default()
        },
        Some("https://crm.example.com/".into()),
    )
    .await
    .unwrap_or_else(|e| panic!("the app starts: {e}"));
    let port = app.addr().port();

    // A page on evil.example re-pointed at our address still says whose page it is.
    let rebound = app
        .list_accounts(&[("Host", &format!("evil.example:{port}"))])
        .await;
    refused_as(&rebound, 421, "http.host_unknown");
    let no_host = app.list_accounts(&[]).await;
    refused_as(&no_host, 421, "http.host_missing");
    let ui = exchange(
        app.addr(),
        &format!("GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(
        ui.status(),
        421,
        "the web UI is refused under another name too: {}",
        ui.raw
    );

    for ours in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "crm.example.com".to_owned(),
        "team.example.org:8443".to_owned(),
    ] {
        served(&app.list_accounts(&[("Host", &ours)]).await);
    }
    app.stop().await;
}

#[tokio::test]
async fn the_api_refuses_pages_of_other_sites_and_serves_its_own() {
    let app = App::start(Network {
        limits: quick(),
        ..Network::default()
    })
    .await;
    let host = format!("127.0.0.1:{}", app.addr().port());
    let ours = format!("http://{host}");

    let cross = app
        .list_accounts(&[("Host", &host), ("Origin", "https://evil.example")])
        .await;
    refused_as(&cross, 403, "http.cross_site");
    let other_port = app
        .list_accounts(&[("Host", &host), ("Origin", "http://127.0.0.1:1")])
        .await;
    refused_as(&other_port, 403, "http.cross_site");
    let sandboxed = app
        .list_accounts(&[("Host", &host), ("Origin", "null")])
        .await;
    refused_as(&sandboxed, 403, "http.cross_site");
    let fetch_site = app
        .list_accounts(&[("Host", &host), ("Sec-Fetch-Site", "cross-site")])
        .await;
    refused_as(&fetch_site, 403, "http.cross_site");

    served(
        &app.list_accounts(&[
            ("Host", &host),
            ("Origin", &ours),
            ("Sec-Fetch-Site", "same-origin"),
        ])
        .await,
    );
    // Scripts and curl send no Origin.
    served(&app.list_accounts(&[("Host", &host)]).await);
    app.stop().await;
}

#[tokio::test]
async fn webhooks_answer_to_any_name() {
    let app = App::start(Network {
        limits: quick(),
        ..Network::default()
    })
    .await;
    for addr in [app.addr(), app.running.public_addr] {
        let answer = exchange(
            addr,
            "POST /hooks/no-such-account/status HTTP/1.1\r\nHost: gateway-calls-us-this.example\r\nOrigin: https://evil.example\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        )
        .await;
        assert_ne!(answer.status(), 0, "the webhook route answers");
        assert_ne!(
            answer.status(),
            421,
            "gateways reach webhooks by any name: {}",
            answer.raw
        );
        assert!(
            !answer
                .phrase()
                .is_some_and(|key| key.starts_with("http.host") || key == "http.cross_site"),
            "the guard is not on the webhook routes: {}",
            answer.raw
        );
    }
    app.stop().await;
}
