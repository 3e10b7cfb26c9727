//! `POST /api/{command}` and `GET /api/events` (server-sent events), for signed-in operators.
//!
//! A request proves who it is with a session cookie (browsers: HttpOnly, SameSite=Strict,
//! Secure over TLS) or `Authorization: Bearer TOKEN` (the desktop app, scripts with an API
//! key). Never in the URL: URLs end up in logs, histories and Referer headers. The credential
//! is checked, and the command's declared access with it, before the body is read, so nobody
//! who may not run a command can make the server read (or buffer) a large body.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use switchboard_core::access::{Access, Caller, Client};
use switchboard_core::api::PERMISSIONS;
use switchboard_core::{ApiError, ErrorCode};

use super::AppState;
use super::events::{EventLog, Resume, Stamped};
use crate::listen::Peer;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "switchboard_session";

/// How long a browser keeps the cookie: the session's own idle expiry decides sooner.
const COOKIE_MAX_AGE: u64 = 30 * 24 * 3600;

/// Request bodies of every command but uploads: JSON documents of a few kilobytes.
pub const SMALL_BODY: usize = 256 * 1024;

/// Uploads: room for the largest file a gateway takes (100 MB documents) in base64 (4/3).
pub const UPLOAD_BODY: usize = 140 * 1024 * 1024;

/// How often a live stream checks that its session still stands, when nothing else prompts
/// it (a team change re-checks at once).
const RECHECK: Duration = Duration::from_secs(30);

/// Events sent to one client in one go (it reads the rest on the next round).
const BATCH: usize = 256;

/// Uploads read and decoded at once.
pub const UPLOADS_AT_ONCE: usize = 2;

/// Live-event streams one operator may hold open: a browser tab each, a desktop, a script or
/// two. More is a leak or an abuse, and each stream costs the server memory and work.
pub const STREAMS_PER_OPERATOR: usize = 16;

/// One open stream of an operator's, given back when the stream ends.
struct StreamSlot {
    state: Arc<AppState>,
    operator: i64,
}

impl StreamSlot {
    fn take(state: &Arc<AppState>, operator: i64) -> Option<Self> {
        let mut open = state.streams.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(operator).or_default();
        if *count >= STREAMS_PER_OPERATOR {
            return None;
        }
        *count += 1;
        Some(Self {
            state: state.clone(),
            operator,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.state.streams.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.operator) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.operator);
            }
        }
    }
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest | ErrorCode::InvalidPhone => StatusCode::BAD_REQUEST,
        ErrorCode::InvalidMessage => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Unsupported => StatusCode::NOT_IMPLEMENTED,
        ErrorCode::SecretsUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Gateway => StatusCode::BAD_GATEWAY,
        ErrorCode::Storage | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

pub(super) fn error_response(e: ApiError) -> Response {
    (status_of(e.code), Json(e)).into_response()
}

/// The credential a request carries: a bearer token, else the session cookie.
fn credential(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    bearer.or_else(|| from_cookie(headers))
}

/// The session cookie's token, when the request carries no bearer token.
fn from_cookie(headers: &HeaderMap) -> Option<&str> {
    if headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
}

/// Compares secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Who is asking and from where. A credential that is present but no longer good is refused
/// even for public commands, except signing in (a browser with a stale cookie signs in
/// again).
async fn client(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<&Peer>,
    may_be_anonymous: bool,
) -> Result<Client, ApiError> {
    let address = peer.map(|p| p.client);
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|a| a.chars().take(200).collect());
    let caller = match credential(headers) {
        None => None,
        // The data directory's token is for scripts on this machine: printed by earlier
        // versions and once accepted in URLs, it may sit in shell histories and logs, so it
        // never signs in from elsewhere.
        Some(token)
            if same_secret(token, &state.token) && !address.is_none_or(|a| a.is_loopback()) =>
        {
            if may_be_anonymous {
                None
            } else {
                return Err(ApiError::new(
                    ErrorCode::Unauthorized,
                    said::LOCAL_TOKEN_REMOTE,
                ));
            }
        }
        Some(token) => match state.engine.authenticate(token, address).await {
            Ok(caller) => Some(caller),
            Err(_) if may_be_anonymous => None,
            Err(e) => return Err(ApiError::from(e)),
        },
    };
    Ok(Client {
        caller,
        address,
        agent,
    })
}

fn access_of(command: &str) -> Option<Access> {
    PERMISSIONS
        .iter()
        .find(|(name, _)| *name == command)
        .map(|(_, access)| *access)
}

pub(super) async fn call(
    State(state): State<Arc<AppState>>,
    Path(command): Path<String>,
    peer: Option<axum::Extension<Peer>>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let peer = peer.map(|p| p.0);
    let access = access_of(&command);
    let public = access == Some(Access::Public);
    let client = match client(&state, &headers, peer.as_ref(), public).await {
        Ok(client) => client,
        Err(e) => return error_response(e),
    };
    // Refused before the body is read: commands this caller may not run, and anything
    // unknown from someone not signed in (the dispatcher checks again; this is about not
    // reading what will be refused).
    let role = client.caller.as_ref().map(Caller::role);
    if access.is_none() && role.is_none() {
        return error_response(ApiError::new(
            ErrorCode::Unauthorized,
            switchboard_core::phrase::core::SIGN_IN_NEEDED,
        ));
    }
    if let Some(access) = access
        && !access.allows(role)
    {
        return match switchboard_core::api::dispatch(
            &state.engine,
            &client,
            &command,
            serde_json::Value::Null,
        )
        .await
        {
            Err(e) => error_response(e),
            Ok(_) => error_response(ApiError::internal("access check disagreed")),
        };
    }
    let upload = command == "upload_media";
    let limit = if upload { UPLOAD_BODY } else { SMALL_BODY };
    // Held until the answer: the body, its JSON and the decoded file are all in memory.
    let _upload_turn = if upload {
        match state.uploads.clone().acquire_owned().await {
            Ok(permit) => Some(permit),
            Err(_) => return error_response(ApiError::internal("the upload queue is closed")),
        }
    } else {
        None
    };
    let body = match axum::body::to_bytes(body, limit).await {
        Ok(body) => body,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(ApiError::new(
                    ErrorCode::BadRequest,
                    said::BODY_TOO_LARGE.with("limit_bytes", limit),
                )),
            )
                .into_response();
        }
    };
    let request = if body.is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(ApiError::new(
                    ErrorCode::BadRequest,
                    said::BODY_NOT_JSON.with("detail", e),
                ));
            }
        }
    };
    let answer = switchboard_core::api::dispatch(&state.engine, &client, &command, request).await;
    let value = match answer {
        Ok(v) => v,
        Err(e) => return error_response(e),
    };
    // Browsers keep the session in a cookie scripts on the page cannot read; signing out
    // clears it.
    let cookie = match command.as_str() {
        "sign_in" => value
            .get("token")
            .and_then(|t| t.as_str())
            .map(|t| format!("{SESSION_COOKIE}={t}; Max-Age={COOKIE_MAX_AGE}")),
        "sign_out" => Some(format!("{SESSION_COOKIE}=; Max-Age=0")),
        // A browser's cookie lives as long as the session slides: each use renews it.
        _ => from_cookie(&headers)
            .filter(|_| client.caller.is_some())
            .map(|t| format!("{SESSION_COOKIE}={t}; Max-Age={COOKIE_MAX_AGE}")),
    };
    let mut response = Json(value).into_response();
    if let Some(cookie) = cookie {
        let secure = if peer.is_some_and(|p| p.secure) {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!("{cookie}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// `GET /api/events`: this operator's live events, resuming after `Last-Event-ID`.
pub(super) async fn events(
    State(state): State<Arc<AppState>>,
    peer: Option<axum::Extension<Peer>>,
    headers: HeaderMap,
) -> Response {
    let peer = peer.map(|p| p.0);
    let client = match client(&state, &headers, peer.as_ref(), false).await {
        Ok(client) => client,
        Err(e) => return error_response(e),
    };
    let Some(caller) = client.caller else {
        return error_response(ApiError::new(
            ErrorCode::Unauthorized,
            switchboard_core::phrase::core::SIGN_IN_NEEDED,
        ));
    };
    let Some(slot) = StreamSlot::take(&state, caller.id()) else {
        return error_response(ApiError::new(
            ErrorCode::TooManyAttempts,
            said::TOO_MANY_STREAMS.with("max", STREAMS_PER_OPERATOR),
        ));
    };
    let token = credential(&headers).unwrap_or_default().to_owned();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let log = state.log.clone();
    let resume = log.resume(last);
    let stream = live(state.clone(), log, caller, token, peer, resume, slot);
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The stream of one client: entries after where it resumes that its operator may see, in
/// order; `resync` when entries it should have had are gone; the end when its session does.
fn live(
    state: Arc<AppState>,
    log: EventLog,
    caller: Caller,
    token: String,
    peer: Option<Peer>,
    resume: Resume,
    slot: StreamSlot,
) -> impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>> {
    struct Reader {
        /// Given back when the stream ends.
        _slot: StreamSlot,
        state: Arc<AppState>,
        log: EventLog,
        caller: Caller,
        token: String,
        peer: Option<Peer>,
        seq: u64,
        pending: std::collections::VecDeque<SseEvent>,
        checked: tokio::time::Instant,
        recheck: bool,
        done: bool,
    }
    let (seq, first) = match resume {
        Resume::After(seq) => (seq, None),
        // With an id, so the client's next reconnect resumes from here instead of
        // reloading again.
        Resume::Resync => (
            log.newest(),
            Some(
                SseEvent::default()
                    .id(log.id_of(log.newest()))
                    .event("resync")
                    .data("the log no longer holds what you missed"),
            ),
        ),
    };
    let reader = Reader {
        _slot: slot,
        state,
        log,
        caller,
        token,
        peer,
        seq,
        pending: first.into_iter().collect(),
        checked: tokio::time::Instant::now(),
        recheck: false,
        done: false,
    };
    tokio_stream::StreamExt::map(
        futures_util::stream::unfold(reader, |mut r| async move {
            loop {
                if let Some(event) = r.pending.pop_front() {
                    return Some((event, r));
                }
                if r.done {
                    return None;
                }
                if r.recheck || r.checked.elapsed() >= RECHECK {
                    // Disabled, signed out, password changed: the stream ends with the session.
                    let address = r.peer.map(|p| p.client);
                    match r.state.engine.authenticate(&r.token, address).await {
                        Ok(caller) => r.caller = caller,
                        Err(_) => return None,
                    }
                    r.checked = tokio::time::Instant::now();
                    r.recheck = false;
                }
                match tokio::time::timeout(RECHECK, r.log.wait_after(r.seq)).await {
                    Err(_) => continue,
                    // The server is stopping: the client reconnects to the next run.
                    Ok(false) => return None,
                    Ok(true) => {}
                }
                match r.log.after(r.seq, BATCH) {
                    None => {
                        // Fell too far behind: what it shows may be stale; it reloads.
                        r.seq = r.log.newest();
                        r.pending.push_back(
                            SseEvent::default()
                                .id(r.log.id_of(r.seq))
                                .event("resync")
                                .data("events were missed"),
                        );
                    }
                    Some(entries) => {
                        let see_all = r.state.engine.team().managers_see_all;
                        for entry in entries {
                            r.seq = entry.seq;
                            if entry.team && shown(&entry, &r.caller, see_all) {
                                // Who this is may have changed (role, disabled, a credential
                                // revoked): nothing after it is filtered with the old rights.
                                r.recheck = true;
                                r.pending.push_back(
                                    SseEvent::default()
                                        .id(r.log.id_of(entry.seq))
                                        .data(&*entry.json),
                                );
                                break;
                            }
                            if entry.resync {
                                r.pending.push_back(
                                    SseEvent::default()
                                        .id(r.log.id_of(entry.seq))
                                        .event("resync")
                                        .data("events were missed"),
                                );
                            } else if shown(&entry, &r.caller, see_all) {
                                r.pending.push_back(
                                    SseEvent::default()
                                        .id(r.log.id_of(entry.seq))
                                        .data(&*entry.json),
                                );
                            }
                        }
                    }
                }
            }
        }),
        Ok,
    )
}

fn shown(entry: &Stamped, caller: &Caller, managers_see_all: bool) -> bool {
    entry
        .visibility
        .shown_to(caller.id(), caller.role(), managers_see_all)
}

/// What the HTTP layer itself says.
pub mod said {
    switchboard_core::phrases! {
        BODY_NOT_JSON = "http.body_not_json": "The request body is not JSON: {detail}";
        BODY_TOO_LARGE = "http.body_too_large": "The request body is larger than {limit_bytes}";
        TOO_MANY_STREAMS = "http.too_many_streams": "You have {max} live connections open already: close a window or tab, or sign out elsewhere";
        LOCAL_TOKEN_REMOTE = "http.local_token_remote": "The data directory's token works only from this machine; elsewhere use an operator's API key";
    }
}
