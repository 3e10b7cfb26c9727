//! Downloads against small servers on this machine: what the production policy refuses is
//! refused before any connection (the servers count every request), redirects are checked one
//! by one, and a bearer token goes to the link's own server only.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use switchboard_core::gateway::SendError;

use super::*;

/// A file server that counts requests and remembers whether any carried a bearer token.
#[derive(Default)]
struct Seen {
    requests: AtomicUsize,
    bearers: AtomicUsize,
}

struct Server {
    addr: SocketAddr,
    seen: Arc<Seen>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> usize {
        self.seen.requests.load(Ordering::SeqCst)
    }
}

#[derive(serde::Deserialize)]
struct To {
    to: String,
}

async fn file(State(seen): State<Arc<Seen>>, headers: HeaderMap) -> Response {
    seen.requests.fetch_add(1, Ordering::SeqCst);
    if headers.contains_key(header::AUTHORIZATION) {
        seen.bearers.fetch_add(1, Ordering::SeqCst);
    }
    (
        [(header::CONTENT_TYPE, "image/png")],
        b"\x89PNG\r\n\x1a\nfile".to_vec(),
    )
        .into_response()
}

async fn redirect(State(seen): State<Arc<Seen>>, Query(to): Query<To>) -> Response {
    seen.requests.fetch_add(1, Ordering::SeqCst);
    (StatusCode::FOUND, [(header::LOCATION, to.to)]).into_response()
}

/// Redirects to itself, for ever.
async fn again(State(seen): State<Arc<Seen>>) -> Response {
    seen.requests.fetch_add(1, Ordering::SeqCst);
    (StatusCode::FOUND, [(header::LOCATION, "/again")]).into_response()
}

async fn serve(ip: &str) -> Server {
    let seen = Arc::new(Seen::default());
    let app = Router::new()
        .route("/file.png", get(file))
        .route("/redirect", get(redirect))
        .route("/again", get(again))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind((ip, 0))
        .await
        .expect("a local port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server { addr, seen }
}

fn refusal(result: Result<FetchedMedia, SendError>) -> Phrase {
    match result {
        Err(SendError::Rejected { reason, .. }) => reason,
        other => panic!("refused for good, not {other:?}"),
    }
}

fn encoded(url: &str) -> String {
    url.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Links to this machine, a cloud's metadata service and a private network, in the forms an
/// attacker would write them.
fn inside(local: &Server) -> Vec<String> {
    let port = local.addr.port();
    vec![
        local.url("/file.png"),
        format!("http://[::ffff:127.0.0.1]:{port}/file.png"),
        format!("http://localhost:{port}/file.png"),
        format!("http://2130706433:{port}/file.png"),
        format!("http://0x7f.1:{port}/file.png"),
        format!("http://[::1]:{port}/file.png"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://[::ffff:169.254.169.254]/latest/meta-data/".to_owned(),
        "http://10.0.0.1/".to_owned(),
        "http://100.64.0.1/".to_owned(),
        "http://0.0.0.0/".to_owned(),
    ]
}

#[tokio::test]
async fn links_into_this_machine_or_a_private_network_are_refused_before_connecting() {
    let local = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(Reach::Public);
    for link in inside(&local) {
        let reason = refusal(fetcher.fetch(&link, 1000, None, None).await);
        assert!(
            matches!(
                reason.key.as_str(),
                "gateway.media.not_public" | "gateway.media.not_public_address"
            ),
            "{link}: {reason}"
        );
        assert!(reason.text.contains("never downloaded"), "{link}: {reason}");
    }
    assert_eq!(local.requests(), 0, "nothing on this machine was asked");
    let named = refusal(
        fetcher
            .fetch(
                &format!("http://localhost:{}/", local.addr.port()),
                1,
                None,
                None,
            )
            .await,
    );
    assert_eq!(named.key, "gateway.media.not_public");
    assert_eq!(named.arg_text("host").as_deref(), Some("localhost"));
}

#[tokio::test]
async fn a_public_server_redirecting_inside_is_refused_at_the_redirect() {
    // 127.0.0.2 stands in for a public server: the only address this client may reach
    // besides the internet.
    let public = serve("127.0.0.2").await;
    let local = serve("127.0.0.1").await;
    let stand_in: IpAddr = "127.0.0.2".parse().expect("an address");
    let fetcher = Fetcher::new(Reach::StandIn(stand_in));
    let fetched = fetcher
        .fetch(&public.url("/file.png"), 1000, None, None)
        .await
        .expect("the stand-in is reached");
    assert_eq!(fetched.declared_mime.as_deref(), Some("image/png"));
    for target in inside(&local) {
        let link = public.url(&format!("/redirect?to={}", encoded(&target)));
        let reason = refusal(fetcher.fetch(&link, 1000, None, None).await);
        assert!(
            reason.key.starts_with("gateway.media.not_public"),
            "{target}: {reason}"
        );
    }
    assert_eq!(local.requests(), 0, "no redirect reached this machine");
    let ftp = public.url(&format!("/redirect?to={}", encoded("ftp://example.com/a")));
    assert_eq!(
        refusal(fetcher.fetch(&ftp, 1000, None, None).await).key,
        "gateway.media.not_http"
    );
    let endless = refusal(fetcher.fetch(&public.url("/again"), 1000, None, None).await);
    assert_eq!(endless.key, "gateway.media.too_many_redirects");
}

#[tokio::test]
async fn loopback_is_reached_when_the_connector_allows_it_but_private_networks_never() {
    let local = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(Reach::AlsoLoopback);
    let fetched = fetcher
        .fetch(&local.url("/file.png"), 1000, None, None)
        .await
        .expect("a simulator's file");
    assert!(fetched.bytes.starts_with(b"\x89PNG"));
    for link in [
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.0.1/",
        "http://[fe80::1]/",
    ] {
        let reason = refusal(fetcher.fetch(link, 1000, None, None).await);
        assert_eq!(reason.key, "gateway.media.not_public_address", "{link}");
    }
}

#[tokio::test]
async fn the_bearer_token_goes_to_the_links_own_server_only() {
    let first = serve("127.0.0.1").await;
    let second = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(Reach::AlsoLoopback);
    fetcher
        .fetch(&first.url("/file.png"), 1000, Some("token"), None)
        .await
        .expect("fetched");
    assert_eq!(first.seen.bearers.load(Ordering::SeqCst), 1);
    let elsewhere = first.url(&format!(
        "/redirect?to={}",
        encoded(&second.url("/file.png"))
    ));
    fetcher
        .fetch(&elsewhere, 1000, Some("token"), None)
        .await
        .expect("fetched through the redirect");
    assert_eq!(second.requests(), 1);
    assert_eq!(
        second.seen.bearers.load(Ordering::SeqCst),
        0,
        "another server never sees the token"
    );
}

#[tokio::test]
async fn a_gateways_named_servers_are_the_only_ones_asked() {
    let local = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(Reach::AlsoLoopback);
    let servers = Servers {
        gateway: "Meta",
        domains: &["fbsbx.com"],
        also: None,
    };
    let reason = refusal(
        fetcher
            .fetch(&local.url("/file.png"), 1000, None, Some(&servers))
            .await,
    );
    assert_eq!(reason.key, "gateway.media.not_gateways_server");
    assert_eq!(
        reason.text,
        format!(
            "The file's link leads to 127.0.0.1, which is not one of Meta's servers, so the file \
             was not downloaded"
        )
    );
    assert_eq!(local.requests(), 0);
    let ours = Servers {
        also: Some("127.0.0.1".to_owned()),
        ..servers
    };
    let out = local.url(&format!("/redirect?to={}", encoded("http://example.com/x")));
    let reason = refusal(fetcher.fetch(&out, 1000, None, Some(&ours)).await);
    assert_eq!(
        reason.key, "gateway.media.not_gateways_server",
        "a redirect away from the gateway's servers is refused too"
    );
}

#[tokio::test]
async fn links_that_are_not_http_or_cannot_be_read_are_refused() {
    let fetcher = Fetcher::default();
    for (link, key) in [
        ("file:///etc/passwd", "gateway.media.not_http"),
        ("gopher://example.com/", "gateway.media.not_http"),
        ("http://", "gateway.media.unreadable_link"),
        ("http://exa mple.com/", "gateway.media.unreadable_link"),
    ] {
        assert_eq!(
            refusal(fetcher.fetch(link, 1, None, None).await).key,
            key,
            "{link}"
        );
    }
}
