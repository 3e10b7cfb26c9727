//! Status callbacks and the scripted customer, posted by the simulator and read by the adapter.

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::gateway::{Gateway, WebhookRequest};
use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::message::{Content, Direction};
use switchboard_core::status::Status;
use switchboard_simulator::ScriptedCustomer;

use crate::receiver::{self, Receiver};
use crate::{eventually, gateway, message, simulator, text};

fn statuses(devino: &Arc<dyn Gateway>, requests: &[WebhookRequest]) -> Vec<StatusReport> {
    requests
        .iter()
        .flat_map(|r| {
            devino
                .parse_webhook("status", r)
                .expect("the simulator's callbacks parse")
                .events
        })
        .map(|e| match e {
            IngestEvent::Status(s) => s,
            other => panic!("a status callback holds statuses only, got {other:?}"),
        })
        .collect()
}

async fn send_and_collect(
    devino: &Arc<dyn Gateway>,
    receiver: &Receiver,
    our_id: &str,
    to: &str,
    expected: usize,
) -> (String, Vec<StatusReport>) {
    let mut m = message(our_id, to, text("hi"));
    m.callback_url = Some(receiver.url("status"));
    let id = devino.send(&m).await.expect("accepted").gateway_message_id;
    let reports = eventually(&format!("{expected} statuses for {to}"), async || {
        let mine: Vec<_> = statuses(devino, &receiver.requests("status"))
            .into_iter()
            .filter(|s| s.gateway_message_id == id)
            .collect();
        (mine.len() >= expected).then_some(mine)
    })
    .await;
    (id, reports)
}

#[tokio::test]
async fn a_message_goes_sent_delivered_seen_and_carries_our_id() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let receiver = Receiver::start().await;
    let (_, reports) = send_and_collect(&devino, &receiver, "our-7", "+79034567890", 3).await;
    let words: Vec<_> = reports.iter().map(|r| r.change.status.clone()).collect();
    assert_eq!(
        words,
        [Status::Sent, Status::Delivered, Status::Seen],
        "in order, one callback each"
    );
    for r in &reports {
        assert_eq!(
            r.our_id.as_deref(),
            Some("our-7"),
            "callbackData comes back as options"
        );
        assert_eq!(r.change.code, None, "errorCode 0 is no error");
        assert!(!r.retry);
    }
    assert!(
        reports.windows(2).all(|w| w[0].change.at <= w[1].change.at),
        "ts is milliseconds and grows"
    );
}

#[tokio::test]
async fn not_on_whatsapp_fails_and_a_rate_limit_asks_for_a_retry() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let receiver = Receiver::start().await;

    let (_, reports) = send_and_collect(&devino, &receiver, "a", "+79030002305", 2).await;
    let last = &reports[1];
    assert_eq!(last.change.status, Status::Failed);
    assert_eq!(last.change.code.as_deref(), Some("2305"));
    assert!(
        last.change.reason.as_ref().is_some_and(
            |r| r.text.contains("does not use WhatsApp") && r.key == "devino.status.2305"
        )
    );
    assert!(
        !last.retry,
        "a number without WhatsApp will not get it on a retry"
    );

    let (_, reports) = send_and_collect(&devino, &receiver, "b", "+79030002301", 2).await;
    assert_eq!(reports[1].change.status, Status::Failed);
    assert!(
        reports[1].retry,
        "2301 is a passing rate limit: the outbox sends again"
    );

    let (_, reports) = send_and_collect(&devino, &receiver, "b", "+79030002301", 3).await;
    assert_eq!(
        reports[2].change.status,
        Status::Seen,
        "the retry goes through"
    );
}

#[tokio::test]
async fn callbacks_missed_while_the_receiver_was_down_arrive_after_it_restarts() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    // Reserve a port, then leave it closed: the app is "down".
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let mut m = message("our-9", "+79034567890", text("hi"));
    m.callback_url = Some(format!("http://{addr}/hook/status"));
    devino.send(&m).await.expect("accepted");
    eventually("a failed callback attempt", async || {
        sim.callback_log()
            .iter()
            .any(|a| a.outcome.is_err())
            .then_some(())
    })
    .await;

    let receiver = Receiver::restart_on(addr, Default::default()).await;
    let log = receiver.log();
    let reports = eventually("all three statuses after the restart", async || {
        let got = statuses(&devino, &receiver::requests(&log, "status"));
        (got.len() >= 3).then_some(got)
    })
    .await;
    let words: Vec<_> = reports.iter().map(|r| r.change.status.clone()).collect();
    assert_eq!(
        words,
        [Status::Sent, Status::Delivered, Status::Seen],
        "nothing is lost and DELIVERED never overtakes an unacknowledged SENT"
    );
}

#[tokio::test]
async fn the_scripted_customer_answers_what_it_read() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let receiver = Receiver::start().await;
    // The app learns its own URL after the simulator started.
    sim.set_customer(Some(ScriptedCustomer {
        incoming_url: receiver.url("incoming"),
        replies: vec!["Thanks!".to_owned()],
        delay: Duration::from_millis(10),
    }));
    send_and_collect(&devino, &receiver, "our", "+79034567890", 3).await;
    let request = eventually("the customer's answer", async || {
        receiver.requests("incoming").pop()
    })
    .await;
    let events = devino
        .parse_webhook("incoming", &request)
        .expect("documented shape")
        .events;
    match events.as_slice() {
        [IngestEvent::Message(m)] => {
            assert_eq!(m.direction, Direction::In);
            assert_eq!(
                m.phone.e164(),
                "+79034567890",
                "the answer comes from the recipient"
            );
            assert_eq!(
                m.content,
                Content::Text {
                    text: "Thanks!".to_owned()
                }
            );
            assert_eq!(m.profile_name.as_deref(), Some("Sandbox Customer"));
        }
        other => panic!("one incoming message expected, got {other:?}"),
    }
}
