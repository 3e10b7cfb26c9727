//! Team mode's client against servers on 127.0.0.1: the real `switchboard serve` (serve.rs)
//! and, where a server must misbehave on cue, a small stand-in (fake.rs).

mod fake;
mod proxy;
mod serve;
mod window;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode;
use switchboard_desktop::rejection::Rejection;
use switchboard_desktop::team::address::Address;
use switchboard_desktop::team::backoff::Backoff;
use switchboard_desktop::team::relay::{self, Connection, ConnectionState, Stopped, Timing};
use switchboard_desktop::team::server::{Server, Token};
use switchboard_desktop::team::session::Session;

use fake::{Fake, Stream};
use window::{Told, online, reconnecting, recorder};

const WAIT: Duration = Duration::from_secs(10);

fn server(url: &str) -> Server {
    let address = Address::parse(url).unwrap_or_else(|p| panic!("{url}: {p}"));
    Server::new(address).unwrap_or_else(|e| panic!("{e}"))
}

/// Retries within milliseconds, so a test sees several attempts quickly.
fn quick() -> Timing {
    Timing {
        backoff: Backoff::new(Duration::from_millis(20), Duration::from_millis(80)),
        silence: Duration::from_secs(5),
        stable: Duration::from_secs(10),
    }
}

fn json_of(rejection: &Rejection) -> Value {
    serde_json::to_value(rejection).unwrap_or_else(|e| panic!("{e}"))
}

fn key_of(rejection: &Rejection) -> String {
    json_of(rejection)["phrase"]["key"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn signing_in_sends_the_login_and_names_the_computer_and_answers_who() {
    let fake = Fake::start().await;
    let signed_in = server(&fake.url())
        .sign_in("anna", fake::PASSWORD)
        .await
        .unwrap_or_else(|e| panic!("sign in: {e}"));
    assert_eq!(signed_in.token.expose(), fake::TOKEN);
    assert_eq!(
        signed_in.operator.name, "Anna",
        "a server that answers only the token is asked who it is for"
    );
    let sign_in = &fake.seen("/api/sign_in")[0];
    assert_eq!(
        sign_in.body,
        json!({"login": "anna", "password": fake::PASSWORD})
    );
    let agent = sign_in.headers["user-agent"].to_str().unwrap_or_default();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        agent.starts_with(&format!("Switchboard desktop/{version} (")) && agent.ends_with(')'),
        "the server lists sessions by the computer they came from: {agent}"
    );

    let refused = server(&fake.url())
        .sign_in("anna", "wrong password")
        .await
        .err()
        .unwrap_or_else(|| panic!("a wrong password must be refused"));
    let body = json_of(&refused);
    assert_eq!(body["code"], "unauthorized");
    assert_eq!(body["phrase"]["key"], "auth.wrong_password");
    assert_eq!(
        body["hint"], "a field this desktop does not know, passed on all the same",
        "the server's refusal reaches the window unchanged"
    );
}

#[tokio::test]
async fn commands_are_answered_exactly_as_the_server_answered() {
    let fake = Fake::start().await;
    let server = server(&fake.url());
    let token = Token::new(fake::TOKEN.to_owned());
    let request = json!({"conversation_id": 5, "text": "Привет", "nested": {"a": [1, null]}});
    let answer = server.call(&token, "echo", request.clone()).await;
    assert_eq!(answer.ok(), Some(json!({ "you_sent": request })));
    let seen = &fake.seen("/api/echo")[0];
    assert_eq!(
        seen.headers["authorization"],
        format!("Bearer {}", fake::TOKEN)
    );
    assert_eq!(
        server.call(&token, "nothing", json!({})).await.ok(),
        Some(Value::Null)
    );

    let refused = server.call(&token, "refuse", json!({})).await;
    let Err(Rejection::Server { status, body }) = refused else {
        panic!("the server's refusal must be passed on: {refused:?}");
    };
    assert_eq!(status, 409);
    assert_eq!(body["code"], "conflict");
    assert_eq!(body["phrase"]["key"], "error.account_name_taken");
    assert!(
        body.get("hint").is_some(),
        "unknown fields are kept: {body}"
    );

    let page = server.call(&token, "proxy_page", json!({})).await;
    let page = page
        .err()
        .unwrap_or_else(|| panic!("a 502 page is no answer"));
    assert_eq!(page.code(), Some(ErrorCode::Internal));
    assert_eq!(key_of(&page), "desktop.team.not_switchboard");
    assert_eq!(json_of(&page)["phrase"]["args"]["status"], "502");

    let odd = server.call(&token, "events/../sign_out", json!({})).await;
    let odd = odd.err().unwrap_or_else(|| panic!("a path is no command"));
    assert_eq!(odd.code(), Some(ErrorCode::BadRequest));
    assert_eq!(key_of(&odd), "error.unknown_command");
    assert!(
        fake.seen("/api/sign_out").is_empty(),
        "it never reached the server"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_the_desktops_own_internal_error() {
    // A port nobody listens on: bound, then closed.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .and_then(|l| l.local_addr())
        .unwrap_or_else(|e| panic!("{e}"));
    let url = format!("http://{closed}");
    let failed = server(&url)
        .sign_in("anna", "whatever it is")
        .await
        .err()
        .unwrap_or_else(|| panic!("nobody answered"));
    let body = json_of(&failed);
    assert_eq!(body["code"], "internal");
    assert_eq!(body["phrase"]["key"], "desktop.team.unreachable");
    assert_eq!(body["phrase"]["args"]["server"], url);
    let detail = body["phrase"]["args"]["detail"]
        .as_str()
        .unwrap_or_default();
    assert!(
        detail.to_lowercase().contains("refused"),
        "the cause in its own words, not reqwest's wrapper: {detail}"
    );
}

#[tokio::test]
async fn events_are_relayed_and_a_broken_stream_resumes_after_the_last_id() {
    let fake = Fake::start().await;
    fake.then_stream(Stream::Chunks {
        chunks: vec![
            ": hello\n\n",
            "id: 1\ndata: {\"type\":\"team\"}\n\n",
            "id: 2\nevent: resync\ndata: 4\n\nid: 3\ndata: {\"type\":\"acc",
        ],
        hold: false,
    });
    fake.then_stream(Stream::Status(503, "{}"));
    fake.then_stream(Stream::Chunks {
        chunks: vec!["id: 4\ndata: {\"type\":\"accounts\"}\n\n"],
        hold: true,
    });
    let (window, mut told) = recorder();
    let relay = tokio::spawn(relay::run(
        Arc::new(server(&fake.url())),
        Token::new(fake::TOKEN.to_owned()),
        window,
        quick(),
    ));
    let mut all = Vec::new();
    while all.iter().filter(|t| online(t)).count() < 2
        || !all.contains(&Told::Event(json!({"type": "accounts"})))
    {
        all.push(told.next("the relay to go on", WAIT).await);
    }
    relay.abort();
    let kinds: Vec<&Told> = all.iter().collect();
    assert_eq!(kinds[0], &Told::Connection(Connection::ONLINE));
    assert_eq!(kinds[1], &Told::Event(json!({"type": "team"})));
    assert_eq!(
        kinds[2],
        &Told::Resync(Some(4)),
        "the server's resync, with what it said"
    );
    let retries: Vec<&Told> = all[3..].iter().take_while(|t| reconnecting(t)).collect();
    assert_eq!(
        retries.len(),
        2,
        "once when the stream ended, once when the server answered 503: {all:?}"
    );
    assert_eq!(
        &all[3 + retries.len()..],
        [
            Told::Connection(Connection::ONLINE),
            Told::Event(json!({"type": "accounts"}))
        ],
        "the half-sent event 3 is never relayed; no reload is asked: the stream resumed"
    );
    let resumed: Vec<Option<String>> = fake
        .seen("/api/events")
        .iter()
        .map(|s| {
            s.headers
                .get("last-event-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        resumed,
        [None, Some("2".to_owned()), Some("2".to_owned())],
        "each reconnect resumes after the last complete event"
    );
}

#[tokio::test]
async fn a_reconnect_with_nothing_to_resume_from_asks_the_window_to_reload() {
    let fake = Fake::start().await;
    fake.then_stream(Stream::Chunks {
        chunks: vec!["data: {\"type\":\"team\"}\n\n"],
        hold: false,
    });
    fake.then_stream(Stream::Chunks {
        chunks: vec![],
        hold: true,
    });
    let (window, mut told) = recorder();
    let relay = tokio::spawn(relay::run(
        Arc::new(server(&fake.url())),
        Token::new(fake::TOKEN.to_owned()),
        window,
        quick(),
    ));
    let (_, before) = told
        .until("the second connection", WAIT, |t| {
            matches!(t, Told::Resync(_))
        })
        .await;
    relay.abort();
    assert_eq!(before.first(), Some(&Told::Connection(Connection::ONLINE)));
    assert_eq!(
        before.last(),
        Some(&Told::Connection(Connection::ONLINE)),
        "the reload is asked once connected again: {before:?}"
    );
}

#[tokio::test]
async fn a_silent_stream_is_given_up_and_reconnected() {
    let fake = Fake::start().await;
    fake.then_stream(Stream::Chunks {
        chunks: vec![],
        hold: true,
    });
    fake.then_stream(Stream::Chunks {
        chunks: vec![],
        hold: true,
    });
    let (window, mut told) = recorder();
    let timing = Timing {
        silence: Duration::from_millis(300),
        ..quick()
    };
    let started = tokio::time::Instant::now();
    let relay = tokio::spawn(relay::run(
        Arc::new(server(&fake.url())),
        Token::new(fake::TOKEN.to_owned()),
        window,
        timing,
    ));
    told.until("online", WAIT, online).await;
    told.until("giving up on the silence", WAIT, reconnecting)
        .await;
    told.until("online again", WAIT, online).await;
    relay.abort();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "not before the silence lasted"
    );
    assert_eq!(fake.seen("/api/events").len(), 2);
}

#[tokio::test]
async fn waits_between_attempts_grow_while_the_server_stays_down() {
    let fake = Fake::start().await;
    for _ in 0..5 {
        fake.then_stream(Stream::Status(502, "<html>down</html>"));
    }
    let (window, mut told) = recorder();
    let timing = Timing {
        backoff: Backoff::new(Duration::from_millis(40), Duration::from_millis(160)),
        ..quick()
    };
    let relay = tokio::spawn(relay::run(
        Arc::new(server(&fake.url())),
        Token::new(fake::TOKEN.to_owned()),
        window,
        timing,
    ));
    let mut waits = Vec::new();
    while waits.len() < 5 {
        if let Told::Connection(Connection {
            state: ConnectionState::Reconnecting,
            retry_in_ms: Some(ms),
        }) = told.next("attempts", WAIT).await
        {
            waits.push(ms);
        }
    }
    relay.abort();
    let nominal = [40, 80, 160, 160, 160];
    for (wait, nominal) in waits.iter().zip(nominal) {
        assert!(
            (nominal / 2..=nominal).contains(wait),
            "waits double up to the cap, each in its upper half: {waits:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_token_stops_the_relay_for_good() {
    let fake = Fake::start().await;
    let (window, mut told) = recorder();
    let stopped = tokio::time::timeout(
        WAIT,
        relay::run(
            Arc::new(server(&fake.url())),
            Token::new("an ended session".to_owned()),
            window,
            quick(),
        ),
    )
    .await;
    assert_eq!(stopped.ok(), Some(Stopped::SignedOut));
    assert_eq!(
        told.drain(),
        [],
        "no retries with a token the server refused"
    );
}

#[tokio::test]
async fn a_refused_session_tells_the_window_once_and_stops_using_the_token() {
    let fake = Fake::start().await;
    let (window, mut told) = recorder();
    let session = Session::resume(
        server(&fake.url()),
        Some(Token::new("revoked elsewhere".to_owned())),
        None,
        window,
        quick(),
    );
    let refused = session.call("echo", json!({})).await;
    let Err(Rejection::Server { status: 401, body }) = refused else {
        panic!("the server's 401 is passed on: {refused:?}");
    };
    assert_eq!(body["phrase"]["key"], "error.sign_in_needed");
    assert_eq!(told.next("signed out", WAIT).await, Told::SignedOut);
    assert!(!session.is_signed_in());

    let again = session.call("echo", json!({})).await;
    let again = again.err().unwrap_or_else(|| panic!("signed out"));
    assert_eq!(again.code(), Some(ErrorCode::Unauthorized));
    assert_eq!(key_of(&again), "desktop.team.signed_out");
    assert_eq!(
        fake.seen("/api/echo").len(),
        1,
        "the refused token is not sent again"
    );
    assert_eq!(
        session.operator().await,
        None,
        "desktop_state says: signed out"
    );
}
