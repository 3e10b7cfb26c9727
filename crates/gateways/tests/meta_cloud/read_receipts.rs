//! Read receipts over HTTP: the documented request reaches the simulator, and what it refuses
//! comes back as a clear `SendError`.

use serde_json::json;
use switchboard_core::gateway::{Gateway, OutgoingMessage, SendError};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_simulator::MetaHandle;
use switchboard_simulator::meta_cloud::ReadReceipt;

use crate::{APP_SECRET, config, connect, full_secret, gateway, post, simulator};

/// A customer's text as the adapter reads it from the simulator's webhook: its `wamid`.
fn customer_writes(sim: &MetaHandle, meta: &dyn Gateway) -> String {
    let webhook = sim.incoming_text("79031234567", "Is my order ready?");
    let events = meta
        .parse_webhook("events", &post(&webhook))
        .expect("signed by the simulator")
        .events;
    match events.as_slice() {
        [IngestEvent::Message(m)] => m.gateway_message_id.clone(),
        other => panic!("one incoming message: {other:?}"),
    }
}

#[tokio::test]
async fn a_customers_message_is_marked_read_with_the_documented_request() {
    let sim = simulator().await;
    let meta = gateway(&sim);
    assert!(meta.capabilities().read_receipts, "Meta documents receipts");
    let wamid = customer_writes(&sim, meta.as_ref());

    meta.mark_read(&wamid).await.expect("Meta answers success");

    assert_eq!(
        sim.read_receipts(),
        [ReadReceipt {
            message_id: wamid.clone(),
            body: json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid}),
        }],
        "exactly the body of Meta's guide, with the bearer token the simulator checks"
    );
    assert!(
        sim.sent().is_empty(),
        "a receipt shares the messages endpoint but is no message to the customer"
    );
}

#[tokio::test]
async fn an_id_meta_did_not_deliver_is_a_clear_rejection() {
    let sim = simulator().await;
    let meta = gateway(&sim);
    let ours = meta
        .send(&OutgoingMessage {
            our_id: "our-1".into(),
            to: Phone::parse("+79031234567").expect("a valid number"),
            content: Content::Text {
                text: "hello".into(),
            },
            callback_url: None,
        })
        .await
        .expect("accepted")
        .gateway_message_id;
    for id in [ours.as_str(), "wamid.NeverDelivered"] {
        let error = meta.mark_read(id).await.expect_err(id);
        let SendError::Rejected { code, reason } = error else {
            panic!("{id}: asking again cannot make the id a customer's message: {error:?}");
        };
        assert_eq!(code.as_deref(), Some("131009"), "the guide's code for it");
        let said = &reason.text;
        assert!(
            said.contains("parameter value is not valid")
                && said.contains("only incoming messages can be marked as read"),
            "our sentence, then Meta's details: {reason}"
        );
    }
    assert!(sim.read_receipts().is_empty(), "nothing was marked");
}

#[tokio::test]
async fn a_refused_token_says_so() {
    let sim = simulator().await;
    let wamid = customer_writes(&sim, gateway(&sim).as_ref());
    let expired = connect(config(&sim, full_secret("EAAexpired", APP_SECRET)));
    match expired.mark_read(&wamid).await {
        Err(SendError::Rejected { reason, .. }) => {
            assert!(reason.text.contains("access token"), "{reason}")
        }
        other => panic!("a bad token is not worth retrying: {other:?}"),
    }
    assert!(sim.read_receipts().is_empty());
}
