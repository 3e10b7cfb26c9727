//! HTTPS with a certificate made for the test (rcgen, self-signed for `localhost`).

use std::path::Path;
use std::time::Duration;

use switchboard_server::listen::{Limits, Policy, tls_from_pem_files};
use switchboard_server::serve::{Network, TlsFiles};
use tokio::net::TcpStream;

use crate::harness::{App, Echo, exchange, quick, read_until_closed};

/// A self-signed certificate for `localhost` and its key, as PEM files in `dir`; and the
/// certificate's PEM for a client to trust.
fn certificate(dir: &Path) -> (TlsFiles, String) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
        .expect("a certificate is made");
    let cert_pem = made.cert.pem();
    let files = TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    };
    std::fs::write(&files.cert, &cert_pem).expect("the certificate is written");
    std::fs::write(&files.key, made.signing_key.serialize_pem()).expect("the key is written");
    (files, cert_pem)
}

fn trusting(cert_pem: &str, app: std::net::SocketAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(cert_pem.as_bytes()).expect("a PEM certificate"),
        )
        .resolve("localhost", app)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_client_trusting_the_certificate_uses_the_api_over_https() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (files, cert_pem) = certificate(dir.path());
    let app = App::start(Network {
        tls: Some(files),
        limits: quick(),
        ..Network::default()
    })
    .await;
    let port = app.addr().port();
    let client = trusting(&cert_pem, app.addr());
    let answer = client
        .post(format!("https://localhost:{port}/api/list_accounts"))
        .bearer_auth(&app.running.token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("the API answers over https");
    assert_eq!(answer.status(), 200);
    let accounts: serde_json::Value = answer.json().await.expect("JSON");
    assert!(
        accounts.is_array(),
        "list_accounts answers a list: {accounts}"
    );

    let plain = exchange(
        app.addr(),
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        !plain.raw.starts_with("HTTP/1.1 2"),
        "plain HTTP on the TLS port is not served: {}",
        plain.raw
    );
    app.stop().await;
}

#[tokio::test]
async fn requests_over_tls_are_secure_and_a_silent_handshake_is_cut_off() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (files, cert_pem) = certificate(dir.path());
    let acceptor =
        tls_from_pem_files(&files.cert, &files.key).expect("the files make a TLS identity");
    let echo = Echo::start(
        Policy::new(Limits {
            tls_handshake: Duration::from_millis(300),
            ..quick()
        })
        .with_tls(acceptor),
    )
    .await;
    let peer: serde_json::Value = trusting(&cert_pem, echo.addr)
        .get(format!("https://localhost:{}/peer", echo.addr.port()))
        .send()
        .await
        .expect("the echo answers over https")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        peer,
        serde_json::json!({ "client": "127.0.0.1", "secure": true })
    );

    // Connected, and never a ClientHello.
    let mut silent = TcpStream::connect(echo.addr).await.expect("connect");
    let said = read_until_closed(&mut silent).await;
    assert_eq!(
        said, "",
        "a client that never starts the handshake is closed"
    );
    echo.stop().await;
}

#[tokio::test]
async fn unreadable_tls_files_stop_the_start_with_the_files_name() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let missing = dir.path().join("missing.pem");
    let started = App::try_start(Network {
        tls: Some(TlsFiles {
            cert: missing.clone(),
            key: missing.clone(),
        }),
        ..Network::default()
    })
    .await;
    let error = started.err().expect("the start is refused");
    assert!(
        error.contains("missing.pem") && error.contains("certificate"),
        "the message names the file at fault: {error}"
    );
}
