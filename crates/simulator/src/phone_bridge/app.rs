//! The automation app's flows: the timer that asks for work, sending, reporting, and the
//! notification listener that passes the customer's answers on.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::{PhoneAuth, PhoneFault, PhoneMessage, PhoneRequest, Shared, now_ms, parse_next};

/// Asks for work every `poll_every` until stopped.
pub(super) async fn run(shared: Arc<Shared>) {
    let mut stopped = shared.stopped.clone();
    loop {
        if *stopped.borrow_and_update() {
            return;
        }
        if !paused(&shared) {
            match ask(&shared).await {
                Ok(Some(message)) => deliver(&shared, message).await,
                Ok(None) => {}
                Err(error) => tracing::debug!(%error, "the simulated phone could not get work"),
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(shared.config.poll_every) => {}
            _ = stopped.changed() => {}
        }
    }
}

fn paused(shared: &Shared) -> bool {
    let mut state = shared.state();
    match state.paused_until {
        None => false,
        Some(None) => true,
        Some(Some(until)) if tokio::time::Instant::now() < until => true,
        Some(Some(_)) => {
            state.paused_until = None;
            false
        }
    }
}

/// `GET {hooks}/next`.
async fn ask(shared: &Shared) -> Result<Option<PhoneMessage>, String> {
    let request = sign(shared, shared.http.get(url(shared, "next")));
    let answer = request.send().await;
    let (outcome, body) = match answer {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.json::<Value>().await.unwrap_or(Value::Null);
            (Ok(status), body)
        }
        Err(e) => (Err(e.to_string()), Value::Null),
    };
    shared.state().requests.push(PhoneRequest {
        endpoint: "next".to_owned(),
        body: body.clone(),
        outcome: outcome.clone(),
    });
    match outcome? {
        200 => parse_next(&body),
        status => Err(format!("the app answered {status}: {body}")),
    }
}

/// Types the message into WhatsApp, reports the result, and lets the customer answer.
async fn deliver(shared: &Arc<Shared>, message: PhoneMessage) {
    if !shared.config.typing.is_zero() {
        tokio::time::sleep(shared.config.typing).await;
    }
    let fault = {
        let mut state = shared.state();
        state.sent.push(message.clone());
        state.faults.pop_front()
    };
    let not_on_whatsapp = !shared.config.not_on_whatsapp_suffix.is_empty()
        && message
            .digits
            .ends_with(&shared.config.not_on_whatsapp_suffix);
    let body = match fault {
        Some(PhoneFault::CrashBeforeReport) => return,
        Some(PhoneFault::Fail(error)) => result_body(&message.id, "failed", Some(&error)),
        // The article's script: the chat's input field never appeared.
        None if not_on_whatsapp => result_body(
            &message.id,
            "failed",
            Some("The chat did not open: the number is not on WhatsApp"),
        ),
        None => result_body(&message.id, "sent", None),
    };
    let sent = body["status"] == "sent";
    // Automation apps retry a failed HTTP block a few times; so does this one.
    for attempt in 0..3u64 {
        match post(shared, "result", body.clone()).await {
            Ok(status) if status < 500 => break,
            _ => tokio::time::sleep(Duration::from_millis(100 * (attempt + 1))).await,
        }
    }
    if sent {
        answer_later(shared, &message);
    }
}

/// The scripted customer's answer, posted as the phone's notification listener would.
fn answer_later(shared: &Arc<Shared>, message: &PhoneMessage) {
    let Some(customer) = shared.customer() else {
        return;
    };
    let reply = {
        let mut state = shared.state();
        if customer.replies.is_empty() {
            return;
        }
        let reply = customer.replies[state.next_reply % customer.replies.len()].clone();
        state.next_reply += 1;
        reply
    };
    let shared = shared.clone();
    let phone = message.phone.clone();
    tokio::spawn(async move {
        let mut stopped = shared.stopped.clone();
        tokio::select! {
            _ = tokio::time::sleep(customer.delay) => {}
            _ = stopped.changed() => return,
        }
        let body = incoming_body(&phone, customer.name.as_deref(), &reply);
        if let Err(error) = post(&shared, "incoming", body).await {
            tracing::debug!(%error, "the simulated phone could not pass an answer on");
        }
    });
}

pub(super) fn result_body(id: &str, status: &str, error: Option<&str>) -> Value {
    let mut body = json!({ "id": id, "status": status, "at": now_ms() });
    if let Some(error) = error {
        body["error"] = json!(error);
    }
    body
}

/// A notification as the app passes it on: no id (WhatsApp's notifications carry none), the
/// title as `name` (the number itself for a contact the phone does not know).
pub(super) fn incoming_body(phone: &str, name: Option<&str>, text: &str) -> Value {
    json!({
        "phone": phone,
        "name": name.unwrap_or(phone),
        "text": text,
        "at": now_ms(),
    })
}

/// Posts `body` to `{hooks}/{endpoint}` once and logs it.
pub(super) async fn post(shared: &Shared, endpoint: &str, body: Value) -> Result<u16, String> {
    let request = sign(shared, shared.http.post(url(shared, endpoint))).json(&body);
    let outcome = request
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string());
    shared.state().requests.push(PhoneRequest {
        endpoint: endpoint.to_owned(),
        body,
        outcome: outcome.clone(),
    });
    outcome
}

fn url(shared: &Shared, endpoint: &str) -> String {
    format!(
        "{}/{endpoint}",
        shared.config.hooks_url.trim_end_matches('/')
    )
}

fn sign(shared: &Shared, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    match shared.config.auth {
        PhoneAuth::Header => request.bearer_auth(&shared.config.secret),
        // reqwest encodes the value, as a careful app would.
        PhoneAuth::Query => request.query(&[("token", shared.config.secret.as_str())]),
    }
}
