//! Delivery reports posted to each message's `notifyUrl`, retried until the receiver answers
//! 2xx, in order per message, so a receiver that was down gets everything once it is back.
//!
//! The page leaves the report's body to a separate document; the simulator posts one JSON
//! object per report: `{"mtNum", "id" (the partner's, when sent), "destAddr", "status",
//! "time" (milliseconds since the epoch), "errorCode" (0: none), "errorDescription" (failures
//! only)}`, the shape the adapter documents that it accepts.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{ReceivedMessage, ReportAttempt, Shared, now_ms};
use crate::delivery;
use crate::server::pause;

/// Report words in turn with their `errorCode`.
type Plan = Vec<(&'static str, u32)>;

fn plan_for(to: &str) -> Plan {
    if to.ends_with("0000") {
        vec![("SENT", 0), ("UNDELIVERED", 1)]
    } else if to.ends_with("1111") {
        vec![("SENT", 0), ("EXPIRED", 2)]
    } else {
        vec![("SENT", 0), ("DELIVERED", 0), ("READ", 0)]
    }
}

fn description(error_code: u32) -> Option<&'static str> {
    match error_code {
        0 => None,
        1 => Some("The subscriber does not use WhatsApp"),
        2 => Some("The message lifetime ran out before it could be delivered"),
        _ => Some("The message could not be delivered"),
    }
}

/// Posts the message's reports in the background, as `registeredDelivery` asks: 0 none,
/// 1 all, 2 only the failure.
pub(super) fn spawn(shared: Arc<Shared>, message: ReceivedMessage) {
    let Some(url) = message.notify_url.clone() else {
        return;
    };
    let plan: Plan = match message.registered_delivery {
        0 => return,
        2 => plan_for(&message.to)
            .into_iter()
            .filter(|(_, code)| *code != 0)
            .collect(),
        _ => plan_for(&message.to),
    };
    tokio::spawn(async move {
        let step = shared.state().config.step;
        for (word, error_code) in plan {
            if !pause(&shared.stopped, step).await {
                return;
            }
            // The next report waits for this one: DELIVERED never overtakes SENT.
            if !deliver(&shared, &url, body(&message, word, error_code)).await {
                return;
            }
        }
    });
}

/// One report's body.
pub(super) fn body(message: &ReceivedMessage, word: &str, error_code: u32) -> Value {
    let mut body = json!({
        "mtNum": message.mt_num,
        "destAddr": message.to,
        "status": word,
        "time": now_ms(),
        "errorCode": error_code,
    });
    if let Some(id) = &message.partner_id {
        body["id"] = json!(id);
    }
    if let Some(said) = description(error_code) {
        body["errorDescription"] = json!(said);
    }
    body
}

/// Posts until the receiver answers 2xx; `false` when it gave up or the simulator stopped.
async fn deliver(shared: &Shared, url: &str, body: Value) -> bool {
    delivery::until_acknowledged(
        &shared.stopped,
        url,
        "the Rapporto simulator gave up on a delivery report",
        || post_once(shared, url, body.clone()),
    )
    .await
}

/// One POST, recorded in the report log.
pub(super) async fn post_once(shared: &Shared, url: &str, body: Value) -> Result<u16, String> {
    let outcome = delivery::send(shared.http.post(url).json(&body)).await;
    shared.state().reports.push(ReportAttempt {
        url: url.to_owned(),
        body,
        outcome: outcome.clone(),
    });
    outcome
}
