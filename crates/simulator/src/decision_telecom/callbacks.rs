//! Status changes of each accepted message: the look-up answers the current one, and each is
//! posted to the message's `callback_url`, retried until the receiver acknowledges it (2xx) and
//! in order, so a receiver that was down gets everything once it is back.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{CallbackAttempt, ReceivedMessage, Shared, status};
use crate::delivery;
use crate::server::pause;

/// The statuses a message to `to` goes through, one `step` apart.
pub(super) fn plan_for(to: &str) -> Vec<u8> {
    if to.ends_with("4004") {
        vec![status::SENT, status::FAILED]
    } else if to.ends_with("3003") {
        vec![status::SENT, status::ERROR]
    } else if to.ends_with("2002") {
        vec![status::REJECTED]
    } else {
        vec![status::SENT, status::DELIVERED, status::SEEN]
    }
}

/// The callback's body. The page does not document it; the look-up's answer is the shape a
/// client can expect.
pub(super) fn status_body(id: u64, status: u8) -> Value {
    json!({"message_id": id, "status": status})
}

pub(super) fn spawn_statuses(shared: Arc<Shared>, message: ReceivedMessage, plan: Vec<u8>) {
    tokio::spawn(async move {
        for next in plan {
            if !pause(&shared.stopped, shared.step).await {
                return;
            }
            shared.state().statuses.insert(message.message_id, next);
            if let Some(url) = &message.callback_url {
                // The next status waits for this one: delivered never overtakes sent.
                let body = status_body(message.message_id, next);
                if !deliver(&shared, url, body).await {
                    return;
                }
            }
        }
    });
}

/// Posts until the receiver answers 2xx; `false` when it gave up or the simulator stopped.
async fn deliver(shared: &Shared, url: &str, body: Value) -> bool {
    delivery::until_acknowledged(
        &shared.stopped,
        url,
        "the DecisionTelecom simulator gave up on a callback",
        || post_once(shared, url, body.clone()),
    )
    .await
}

/// One POST, recorded in the callback log.
async fn post_once(shared: &Shared, url: &str, body: Value) -> Result<u16, String> {
    let outcome = delivery::send(shared.http.post(url).json(&body)).await;
    shared.state().callbacks.push(CallbackAttempt {
        url: url.to_owned(),
        body,
        outcome: outcome.clone(),
    });
    outcome
}
