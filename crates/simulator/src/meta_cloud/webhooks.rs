//! What Meta posts to the app's webhook: signed notifications with statuses for each accepted
//! message and the scripted customer's answers. Every post is retried until the receiver
//! acknowledges it (2xx), in order per message.

use std::collections::HashSet;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{CallbackAttempt, MetaConfig, ReceivedMessage, Shared, now_ms};
use crate::delivery;
use crate::server::pause;

/// The WhatsApp Business Account id the notifications name.
const WABA_ID: &str = "102290129340398";
/// The scripted customer's WhatsApp profile name.
const CUSTOMER_NAME: &str = "Sandbox Customer";

/// A webhook body with its `X-Hub-Signature-256` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedWebhook {
    pub body: Vec<u8>,
    /// `sha256=<hex>`.
    pub signature: String,
}

impl SignedWebhook {
    /// The headers Meta sends, names in lower case.
    pub fn headers(&self) -> Vec<(String, String)> {
        vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("x-hub-signature-256".to_owned(), self.signature.clone()),
        ]
    }
}

/// `sha256=` and the hex HMAC-SHA256 of `body` keyed with `app_secret`.
pub fn sign(app_secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length, so this cannot fail; an empty signature would only be
    // refused by the receiver.
    match Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(body);
            format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
        }
        Err(_) => String::new(),
    }
}

pub(super) fn signed(config: &MetaConfig, body: &Value) -> SignedWebhook {
    let body = body.to_string().into_bytes();
    SignedWebhook {
        signature: sign(&config.app_secret, &body),
        body,
    }
}

pub(super) fn verification_query(verify_token: &str, challenge: &str) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "hub.mode=subscribe&hub.verify_token={}&hub.challenge={}",
        encode(verify_token),
        encode(challenge)
    )
}

fn envelope(config: &MetaConfig, value: Value) -> Value {
    let mut value = value;
    value["messaging_product"] = json!("whatsapp");
    value["metadata"] = json!({
        "display_phone_number": config.display_phone_number,
        "phone_number_id": config.phone_number_id,
    });
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": [{"field": "messages", "value": value}]}],
    })
}

fn now_secs() -> String {
    (now_ms() / 1000).to_string()
}

/// A status notification for `message`; `error` is the code of a `failed` status.
pub(super) fn status_body(
    config: &MetaConfig,
    message: &ReceivedMessage,
    status: &str,
    error: Option<i64>,
) -> Value {
    let mut item = json!({
        "id": message.id,
        "status": status,
        "timestamp": now_secs(),
        "recipient_id": message.to,
    });
    if status == "sent" || status == "delivered" {
        item["conversation"] =
            json!({"id": format!("conv-{}", message.to), "origin": {"type": "service"}});
        item["pricing"] = json!({"billable": true, "pricing_model": "CBP", "category": "service"});
    }
    if let Some(code) = error {
        let (_, title, details) = super::errors::documented(code);
        item["errors"] = json!([{
            "code": code,
            "title": title,
            "message": title,
            "error_data": {"details": details},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }]);
    }
    envelope(config, json!({"statuses": [item]}))
}

/// A customer's text message notification.
pub(super) fn incoming_body(config: &MetaConfig, id: &str, from: &str, text: &str) -> Value {
    envelope(
        config,
        json!({
            "contacts": [{"profile": {"name": CUSTOMER_NAME}, "wa_id": from}],
            "messages": [{
                "from": from,
                "id": id,
                "timestamp": now_secs(),
                "type": "text",
                "text": {"body": text},
            }],
        }),
    )
}

pub(super) fn incoming_image_body(
    config: &MetaConfig,
    id: &str,
    from: &str,
    media_id: &str,
    caption: Option<&str>,
) -> Value {
    let mut image = json!({"id": media_id, "mime_type": "image/jpeg", "sha256": "-"});
    if let Some(c) = caption {
        image["caption"] = json!(c);
    }
    envelope(
        config,
        json!({
            "contacts": [{"profile": {"name": CUSTOMER_NAME}, "wa_id": from}],
            "messages": [{
                "from": from,
                "id": id,
                "timestamp": now_secs(),
                "type": "image",
                "image": image,
            }],
        }),
    )
}

/// Statuses posted in turn, each with its error code.
pub(super) type Plan = Vec<(&'static str, Option<i64>)>;

/// Decides the statuses a message to `to` goes through (under the state lock, since a number
/// ending in 130429 is throttled only once).
pub(super) fn plan_for(to: &str, throttled: &mut HashSet<String>) -> Plan {
    if to.ends_with("131026") {
        vec![("sent", None), ("failed", Some(131026))]
    } else if to.ends_with("130429") && throttled.insert(to.to_owned()) {
        vec![("failed", Some(130429))]
    } else {
        vec![("sent", None), ("delivered", None), ("read", None)]
    }
}

pub(super) fn spawn_statuses(
    shared: Arc<Shared>,
    url: String,
    message: ReceivedMessage,
    plan: Plan,
) {
    tokio::spawn(async move {
        for (status, error) in plan {
            if !pause(&shared.stopped, shared.config.step).await {
                return;
            }
            let webhook = signed(
                &shared.config,
                &status_body(&shared.config, &message, status, error),
            );
            // The next status waits for this one: delivered never overtakes sent.
            if !deliver(&shared, &url, &webhook).await {
                return;
            }
            if status == "read" {
                reply(&shared, &message).await;
            }
        }
    });
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
    let body = incoming_body(&shared.config, &shared.incoming_wamid(), &read.to, &text);
    deliver(shared, &url, &signed(&shared.config, &body)).await;
}

/// Posts until the receiver answers 2xx; `false` when it gave up or the simulator stopped.
async fn deliver(shared: &Shared, url: &str, webhook: &SignedWebhook) -> bool {
    delivery::until_acknowledged(
        &shared.stopped,
        url,
        "the Cloud API simulator gave up on a webhook",
        || post_once(shared, url, webhook),
    )
    .await
}

/// One signed POST, recorded in the callback log.
pub(super) async fn post_once(
    shared: &Shared,
    url: &str,
    webhook: &SignedWebhook,
) -> Result<u16, String> {
    let mut request = shared.http.post(url).body(webhook.body.clone());
    for (name, value) in webhook.headers() {
        request = request.header(name, value);
    }
    let outcome = delivery::send(request).await;
    shared.state().callbacks.push(CallbackAttempt {
        url: url.to_owned(),
        body: serde_json::from_slice(&webhook.body).unwrap_or(Value::Null),
        outcome: outcome.clone(),
    });
    outcome
}
