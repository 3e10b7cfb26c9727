//! A small HTTP server on 127.0.0.1 standing in for a team server where the real one cannot
//! be made to misbehave on cue: answers that are not Switchboard's, event streams cut after a
//! chosen event, a server that resumes from Last-Event-ID. It records every request.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_stream::wrappers::UnboundedReceiverStream;

pub const TOKEN: &str = "token-of-anna";
pub const PASSWORD: &str = "correct horse";

/// A request as the fake saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Value,
}

/// What the next `GET /api/events` gets.
pub enum Stream {
    /// 200 and these chunks; then the stream closes (or stays open with `hold`).
    Chunks {
        chunks: Vec<&'static str>,
        hold: bool,
    },
    /// This status and body.
    Status(u16, &'static str),
}

#[derive(Default)]
struct Shared {
    seen: Vec<Seen>,
    streams: VecDeque<Stream>,
    /// Streams held open, so a test can see the relay stay connected.
    held: Vec<mpsc::UnboundedSender<Result<Bytes, std::io::Error>>>,
}

#[derive(Clone)]
pub struct Fake {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
}

impl Fake {
    pub async fn start() -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new()
            .route("/api/events", get(events))
            .route("/api/{command}", post(command))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { addr, shared }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn then_stream(&self, stream: Stream) {
        self.lock().streams.push_back(stream);
    }

    pub fn seen(&self, path: &str) -> Vec<Seen> {
        self.lock()
            .seen
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub fn operator() -> Value {
    json!({
        "id": 7,
        "login": "anna",
        "name": "Anna",
        "role": "manager",
        "active": true,
        "last_seen_at": null,
        "accepting": true,
        "created_at": "2025-01-01T00:00:00Z"
    })
}

fn api_error(status: StatusCode, code: &str, key: &str, text: &str) -> Response {
    let body = json!({
        "code": code,
        "message": text,
        "phrase": {"key": key, "args": {}, "text": text},
        "hint": "a field this desktop does not know, passed on all the same"
    });
    (status, axum::Json(body)).into_response()
}

fn signed_in(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {TOKEN}"))
}

async fn command(
    State(shared): State<Arc<Mutex<Shared>>>,
    Path(command): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    shared
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .seen
        .push(Seen {
            path: format!("/api/{command}"),
            headers: headers.clone(),
            body: body.clone(),
        });
    let unauthorized = || {
        api_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "error.sign_in_needed",
            "Sign in first",
        )
    };
    match command.as_str() {
        // The token alone: who it is for is asked with app_info, as a lean server may have it.
        "sign_in" if body == json!({"login": "anna", "password": PASSWORD}) => {
            axum::Json(json!({ "token": TOKEN })).into_response()
        }
        "sign_in" => api_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "auth.wrong_password",
            "The login or password is wrong",
        ),
        _ if !signed_in(&headers) => unauthorized(),
        "app_info" => {
            axum::Json(json!({ "version": "9.9.9", "operator": operator() })).into_response()
        }
        "echo" => axum::Json(json!({ "you_sent": body })).into_response(),
        "nothing" => axum::Json(Value::Null).into_response(),
        "sign_out" => axum::Json(Value::Null).into_response(),
        "refuse" => api_error(
            StatusCode::CONFLICT,
            "conflict",
            "error.account_name_taken",
            "An account named 'Shop' already exists",
        ),
        "proxy_page" => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body>502 Bad Gateway</body></html>",
        )
            .into_response(),
        _ => api_error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "error.unknown_command",
            "There is no such command",
        ),
    }
}

async fn events(State(shared): State<Arc<Mutex<Shared>>>, headers: HeaderMap) -> Response {
    let mut shared = shared.lock().unwrap_or_else(|p| p.into_inner());
    shared.seen.push(Seen {
        path: "/api/events".to_owned(),
        headers: headers.clone(),
        body: Value::Null,
    });
    if !signed_in(&headers) {
        return api_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "error.sign_in_needed",
            "Sign in first",
        );
    }
    match shared.streams.pop_front() {
        None => (StatusCode::SERVICE_UNAVAILABLE, "no stream scripted").into_response(),
        Some(Stream::Status(status, body)) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
        Some(Stream::Chunks { chunks, hold }) => {
            let (tx, rx) = mpsc::unbounded_channel();
            for chunk in chunks {
                let _ = tx.send(Ok(Bytes::from_static(chunk.as_bytes())));
            }
            if hold {
                shared.held.push(tx);
            }
            (
                [(header::CONTENT_TYPE, "text/event-stream")],
                Body::from_stream(UnboundedReceiverStream::new(rx)),
            )
                .into_response()
        }
    }
}
