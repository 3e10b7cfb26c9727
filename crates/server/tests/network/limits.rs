//! The accept loop's limits: what a slow or greedy client gets.

use std::time::Duration;

use switchboard_server::listen::{Limits, Policy};
use switchboard_server::serve::Network;
use switchboard_test_support::eventually;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::harness::{App, Echo, SLOW_ANSWER, exchange, quick, read_answer, read_until_closed};

#[tokio::test]
async fn a_head_sent_byte_by_byte_is_cut_off() {
    let app = App::start(Network {
        limits: Limits {
            header_read: Duration::from_millis(300),
            ..quick()
        },
        ..Network::default()
    })
    .await;
    let stream = TcpStream::connect(app.addr()).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    // A header line that never ends, a byte at a time: only the server can end this.
    let trickle = tokio::spawn(async move {
        let _ = writer
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await;
        while writer.write_all(b"a").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let answer = read_until_closed(&mut reader).await;
    assert!(
        !answer.starts_with("HTTP/1.1 2"),
        "a head that never completes gets no answer, only a closed connection: {answer}"
    );
    trickle.abort();
    app.stop().await;
}

#[tokio::test]
async fn the_head_limit_does_not_cut_off_an_answer_that_takes_longer() {
    let header_read = Duration::from_millis(200);
    assert!(
        SLOW_ANSWER > header_read * 2,
        "the answer outlasts the limit"
    );
    let echo = Echo::start(Policy::new(Limits {
        header_read,
        ..quick()
    }))
    .await;
    let answer = exchange(
        echo.addr,
        "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        answer.status() == 200 && answer.raw.ends_with("done"),
        "the head was read in time; a slow handler (or a live-event stream) is not a slow head: {}",
        answer.raw
    );
    echo.stop().await;
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let echo = Echo::start(Policy::new(Limits {
        header_read: Duration::from_millis(200),
        ..quick()
    }))
    .await;
    let mut stream = TcpStream::connect(echo.addr).await.expect("connect");
    stream
        .write_all(b"GET /peer HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("send");
    let answer = read_answer(&mut stream).await;
    assert!(
        answer
            .as_deref()
            .is_some_and(|a| a.starts_with("HTTP/1.1 200")),
        "the first request is answered and the connection kept: {answer:?}"
    );
    // No second request: the same clock that bounds a head closes the idle connection.
    assert_eq!(read_until_closed(&mut stream).await, "");
    echo.stop().await;
}

#[tokio::test]
async fn a_body_that_stops_midway_is_cut_off_and_a_whole_one_is_read() {
    let app = App::start(Network {
        limits: Limits {
            body: Duration::from_millis(300),
            ..quick()
        },
        ..Network::default()
    })
    .await;
    let head = format!(
        "POST /api/list_accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Length: 100\r\nConnection: close\r\n\r\n",
        app.running.token
    );
    let mut stream = TcpStream::connect(app.addr()).await.expect("connect");
    stream
        .write_all(format!("{head}{{\"a\":").as_bytes())
        .await
        .expect("the head and some of the body are sent");
    // Nothing more is sent, and the connection stays open on our side.
    let answer = read_until_closed(&mut stream).await;
    assert!(
        !answer.starts_with("HTTP/1.1 2"),
        "a request whose body never arrives is not served: {answer}"
    );

    let whole = format!(
        "{}{{}}",
        head.replace("Content-Length: 100", "Content-Length: 2")
    );
    let answer = exchange(app.addr(), &whole).await;
    assert_eq!(
        answer.status(),
        200,
        "the same request with its whole body is answered: {}",
        answer.raw
    );
    app.stop().await;
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_then_are_closed() {
    let echo = Echo::start(Policy::new(Limits {
        connections: 2,
        header_read: Duration::from_secs(30),
        ..quick()
    }))
    .await;
    let request = b"GET /peer HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    // Two kept-alive connections, each answered: they hold both slots.
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(echo.addr).await.expect("connect");
        stream.write_all(request).await.expect("send");
        let answer = read_answer(&mut stream).await;
        assert!(
            answer
                .as_deref()
                .is_some_and(|a| a.starts_with("HTTP/1.1 200")),
            "connections within the cap are served: {answer:?}"
        );
        held.push(stream);
    }
    let mut third = TcpStream::connect(echo.addr).await.expect("connect");
    third.write_all(request).await.expect("send");
    let answer = read_until_closed(&mut third).await;
    assert_eq!(
        answer, "",
        "a connection beyond the cap is closed without an answer once its wait is over"
    );

    // A slot frees when a held connection closes: a new one is served again.
    drop(held.remove(0));
    eventually("a freed slot serves a new connection", async || {
        let mut stream = TcpStream::connect(echo.addr).await.ok()?;
        stream.write_all(request).await.ok()?;
        read_answer(&mut stream)
            .await
            .filter(|a| a.starts_with("HTTP/1.1 200"))
    })
    .await;
    drop(held);
    echo.stop().await;
}

#[tokio::test]
async fn a_stop_does_not_wait_forever_for_a_live_event_stream() {
    let app = App::start(Network {
        limits: quick(),
        ..Network::default()
    })
    .await;
    let mut stream = TcpStream::connect(app.addr()).await.expect("connect");
    stream
        .write_all(
            format!(
                "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\r\n",
                app.running.token
            )
            .as_bytes(),
        )
        .await
        .expect("send");
    let mut head = [0u8; 12];
    tokio::io::AsyncReadExt::read_exact(&mut stream, &mut head)
        .await
        .expect("the stream starts");
    assert_eq!(&head, b"HTTP/1.1 200", "the event stream is open");
    // The stream never ends by itself; the stop ends it after the grace period.
    app.stop().await;
    let rest = read_until_closed(&mut stream).await;
    assert!(
        !rest.contains("HTTP/1.1"),
        "nothing but the stream came on it"
    );
}
