//! The GET methods as WAMM.chat answers them: HTTP 200 and `{"err": 0, ...}` or
//! `{"err": "<documented string>"}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::store::{State as Store, WammMessage};
use super::{Fault, Shared, now_ms};

type Params = HashMap<String, String>;

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api2/{method}/{token}/", get(call))
        .route("/api2/{method}/{token}", get(call))
        .with_state(shared)
}

async fn call(
    State(shared): State<Arc<Shared>>,
    Path((method, token)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Response {
    let fault = {
        let mut state = shared.state();
        state.calls.push(method.clone());
        state.faults.pop_front()
    };
    match fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, "Service unavailable").into_response();
        }
        Some(Fault::Garbage) => {
            return (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response();
        }
        Some(Fault::Delay(pause)) => {
            // A slow gateway still does the work after the client gave up waiting.
            let task = tokio::spawn(async move {
                tokio::time::sleep(pause).await;
                handle(&shared, &method, &token, &params)
            });
            return task.await.map_or_else(
                |_| StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                answer,
            );
        }
        None => {}
    }
    answer(handle(&shared, &method, &token, &params))
}

fn answer(body: Value) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

fn err(s: &str) -> Value {
    json!({ "err": s })
}

fn handle(shared: &Shared, method: &str, token: &str, params: &Params) -> Value {
    if token != shared.token {
        return err("token fail");
    }
    let mut state = shared.state();
    state.advance(now_ms());
    if !state.authorized {
        return err("acc not authorized");
    }
    let result = match method {
        "msg_to" => send(&mut state, params, false),
        "file_to" => send(&mut state, params, true),
        "check_phone" => check_phone(&mut state, params),
        "msg_state" => msg_state(&state, params),
        "msg_get_last" => list(&state, shared, params, None),
        "msg_get" => phone(params).and_then(|p| list(&state, shared, params, Some(&p))),
        "contact_to" => contact_to(&mut state, params),
        "contact_delete" => contact_delete(&mut state, params),
        _ => Err(json!({ "err": "method fail" })),
    };
    result.unwrap_or_else(|e| e)
}

/// "International format, but may contain spaces, brackets, dashes and so on".
fn phone(params: &Params) -> Result<String, Value> {
    let raw = params.get("phone").map(String::as_str).unwrap_or_default();
    let allowed = raw
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-.".contains(c));
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if !allowed || !(10..=15).contains(&digits.len()) {
        return Err(err("phone fail"));
    }
    Ok(digits)
}

fn check_phone(state: &mut Store, params: &Params) -> Result<Value, Value> {
    let digits = phone(params)?;
    if digits.ends_with("0503") && state.check_failed.insert(digits.clone()) {
        return Err(json!({"err": "fail execution", "result": "error"}));
    }
    if digits.ends_with("0000") {
        return Ok(json!({"err": 0, "result": "none"}));
    }
    state.checked.insert(digits);
    Ok(json!({"err": 0, "result": "exists"}))
}

fn send(state: &mut Store, params: &Params, file: bool) -> Result<Value, Value> {
    let digits = phone(params)?;
    if let Some(limit) = state.daily_limit
        && state.sent_via_api() >= limit
    {
        // Not in the documentation, which only says test accounts get 30 a day.
        return Err(err(&format!("limit fail, more {limit} msgs per day")));
    }
    if let Some(e) = state.send_errors.pop_front() {
        return Err(err(&e));
    }
    if digits.ends_with("0000") {
        return Err(err("no WhatsApp on the number"));
    }
    if !state.checked.contains(&digits) {
        return Err(err("phone not checked for WhatsApp, please retry"));
    }
    let (tip_msg, text, link) = if file {
        let url = params.get("url").map(|u| u.trim()).unwrap_or_default();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(err("url fail"));
        }
        ("file_link", String::new(), url.to_owned())
    } else {
        let text = params.get("text").cloned().unwrap_or_default();
        if text.trim().is_empty() {
            return Err(err("text fail"));
        }
        if text.chars().count() > 1500 {
            return Err(err("text fail, more 1500"));
        }
        ("textMessage", text, String::new())
    };
    let now = now_ms();
    let id = state.push(WammMessage {
        msg_id: 0,
        from_me: true,
        phone: digits,
        tip_msg: tip_msg.to_owned(),
        text,
        link,
        date_ins: now,
        date_upd: now,
        state: "sending".to_owned(),
        chat_name: None,
        auto: true,
        via_api: true,
        answered: false,
    });
    Ok(json!({"err": 0, "msg_id": id}))
}

fn msg_state(state: &Store, params: &Params) -> Result<Value, Value> {
    let raw = params.get("msg_id").map(|s| s.trim()).unwrap_or_default();
    let id: u64 = raw.parse().map_err(|_| err("msg_id fail"))?;
    let m = state
        .messages
        .iter()
        .find(|m| m.msg_id == id)
        .ok_or_else(|| err("msg not be"))?;
    Ok(json!({"err": 0, "msg_data": {
        "msg_id": m.msg_id.to_string(), "phone": m.phone, "state": m.state
    }}))
}

fn list(
    state: &Store,
    shared: &Shared,
    params: &Params,
    phone: Option<&str>,
) -> Result<Value, Value> {
    let col: usize = params
        .get("col")
        .and_then(|c| c.trim().parse().ok())
        .filter(|c| (1..=100).contains(c))
        .ok_or_else(|| err("col fail or more 100"))?;
    let from_me = params.get("from_me").map(|f| f.trim() == "1");
    // The newest first, as "the last messages".
    let data: Vec<Value> = state
        .messages
        .iter()
        .rev()
        .filter(|m| phone.is_none_or(|p| m.phone == p))
        .filter(|m| from_me.is_none_or(|f| m.from_me == f))
        .take(col)
        .map(|m| state.wire(m, &shared.zone))
        .collect();
    if data.is_empty() {
        return Err(err("msgs not be"));
    }
    Ok(json!({"err": 0, "msg_data": data}))
}

fn contact_to(state: &mut Store, params: &Params) -> Result<Value, Value> {
    let digits = phone(params)?;
    let name = params.get("name").map(|n| n.trim()).unwrap_or_default();
    if name.is_empty() {
        return Err(err("name fail"));
    }
    if name.chars().count() > 250 {
        return Err(err("name fail, more 250"));
    }
    for (field, e) in [
        ("web", "web fail, more 150"),
        ("email", "email fail, more 150"),
    ] {
        if params.get(field).is_some_and(|v| v.chars().count() > 150) {
            return Err(err(e));
        }
    }
    let result = if state.book.insert(digits, name.to_owned()).is_some() {
        "update"
    } else {
        "insert"
    };
    Ok(json!({"err": 0, "result": result}))
}

fn contact_delete(state: &mut Store, params: &Params) -> Result<Value, Value> {
    let digits = phone(params)?;
    if state.book.remove(&digits).is_none() {
        return Err(err("phone not found"));
    }
    Ok(json!({"err": 0, "result": "delete"}))
}
