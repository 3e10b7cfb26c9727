//! What Devino posts back: status callbacks for each accepted message, and the scripted
//! customer's answers. Every post is retried until the receiver acknowledges it (2xx), in
//! order per message, so a receiver that was down gets everything once it is back.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Value, json};

use super::{CallbackAttempt, IncomingMessage, ReceivedMessage, Shared, now_ms};
use crate::delivery;
use crate::server::pause;

/// The profile name the scripted customer has.
pub(super) const CUSTOMER_NAME: &str = "Sandbox Customer";

/// Status words posted in turn with their `errorCode`. Devino documents only "DELIVERED";
/// "SENT", "READ" and "UNDELIVERED" are the words WhatsApp gateways commonly use.
pub(super) type Plan = Vec<(&'static str, u32)>;

/// Decides the statuses a message to `to` will go through (under the state lock, since a
/// number ending in 2301 is throttled only once).
pub(super) fn plan_for(to: &str, throttled: &mut HashSet<String>) -> Plan {
    if to.ends_with("2305") {
        vec![("SENT", 0), ("UNDELIVERED", 2305)]
    } else if to.ends_with("2301") && throttled.insert(to.to_owned()) {
        vec![("SENT", 0), ("UNDELIVERED", 2301)]
    } else {
        vec![("SENT", 0), ("DELIVERED", 0), ("READ", 0)]
    }
}

pub(super) fn spawn_statuses(shared: Arc<Shared>, message: ReceivedMessage, plan: Plan) {
    let Some(url) = message.callback_url.clone() else {
        return;
    };
    tokio::spawn(async move {
        for (word, error_code) in plan {
            if !pause(&shared.stopped, shared.step).await {
                return;
            }
            let body = status_body(&message, word, error_code);
            // The next status waits for this one: DELIVERED never overtakes SENT.
            if !deliver(&shared, &url, body).await {
                return;
            }
            if word == "READ" {
                reply(&shared, &message).await;
            }
        }
    });
}

/// A status callback's body, as Devino posts it: a JSON array with one status.
pub(super) fn status_body(message: &ReceivedMessage, word: &str, error_code: u32) -> Value {
    json!([{
        // A long in the documentation's example, unlike the send answer's string.
        "messageId": message.message_id.parse::<u64>().unwrap_or_default(),
        "ts": now_ms(),
        "status": word,
        "errorCode": error_code,
        "ip": "127.0.0.1",
        "browser": "WhatsApp",
        "os": "Android",
        "userAgent": "WhatsApp/2.24 (sandbox)",
        "options": message.callback_data,
    }])
}

/// The scripted customer answers a message it read.
async fn reply(shared: &Arc<Shared>, read: &ReceivedMessage) {
    let Some(delay) = shared.state().customer.as_ref().map(|c| c.delay) else {
        return;
    };
    if !pause(&shared.stopped, delay).await {
        return;
    }
    // Read again after the pause: the app may have told us its URL meanwhile.
    let (url, text) = {
        let mut state = shared.state();
        let Some(customer) = state.customer.clone() else {
            return;
        };
        if customer.replies.is_empty() {
            return;
        }
        let text = customer.replies[state.next_reply % customer.replies.len()].clone();
        state.next_reply += 1;
        (customer.incoming_url, text)
    };
    let message = IncomingMessage {
        incoming_message_id: shared.next_id(),
        to: read.from.clone(),
        from: read.to.clone(),
        ts: now_ms(),
        text: Some(text),
        profile_name: Some(CUSTOMER_NAME.to_owned()),
        ..IncomingMessage::default()
    };
    if let Ok(body) = serde_json::to_value(&message) {
        deliver(shared, &url, body).await;
    }
}

/// Posts until the receiver answers 2xx; `false` when it gave up or the simulator stopped.
async fn deliver(shared: &Shared, url: &str, body: Value) -> bool {
    delivery::until_acknowledged(
        &shared.stopped,
        url,
        "the Devino simulator gave up on a callback",
        || post_once(shared, url, body.clone()),
    )
    .await
}

/// One POST, recorded in the callback log.
pub(super) async fn post_once(shared: &Shared, url: &str, body: Value) -> Result<u16, String> {
    let outcome = delivery::send(shared.http.post(url).json(&body)).await;
    shared.state().callbacks.push(CallbackAttempt {
        url: url.to_owned(),
        body,
        outcome: outcome.clone(),
    });
    outcome
}
