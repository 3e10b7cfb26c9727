//! Status look-ups: polling for the messages whose callback has not come, and `check`.

use std::time::Duration;

use switchboard_core::gateway::{
    Gateway, PendingMessage, PollRequest, PollResult, Secret, SendError,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_gateways::decision_telecom::LOOKUPS_PER_POLL;
use switchboard_simulator::Fault;

use crate::{config, connect, eventually, message, simulator, text};

fn pending(ids: &[String]) -> Vec<PendingMessage> {
    ids.iter()
        .map(|id| PendingMessage {
            gateway_message_id: id.clone(),
            our_id: format!("our-{id}"),
            to: switchboard_core::phone::Phone::parse("+380631234567").expect("valid"),
            status: Status::Sent,
            sent_at: Timestamp::now(),
        })
        .collect()
}

fn reported(result: &PollResult) -> Vec<(String, Status)> {
    result
        .events
        .iter()
        .map(|e| match e {
            IngestEvent::Status(s) => {
                assert!(s.observed, "a look-up has no gateway time");
                (s.gateway_message_id.clone(), s.change.status.clone())
            }
            IngestEvent::Message(_) => panic!("statuses only"),
        })
        .collect()
}

async fn send_many(gateway: &dyn Gateway, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let m = message("+380631234567", text(&format!("message {i}")), None);
        ids.push(gateway.send(&m).await.expect("accepted").gateway_message_id);
    }
    ids
}

#[tokio::test]
async fn polling_follows_a_message_without_callbacks() {
    let sim = simulator(Duration::from_millis(30)).await;
    let gateway = connect(config(&sim));
    let ids = send_many(gateway.as_ref(), 1).await;
    let id: u64 = ids[0].parse().expect("numeric");
    eventually("the simulator reaches seen", async || {
        (sim.status(id) == Some(7)).then_some(())
    })
    .await;
    let result = gateway
        .poll(PollRequest {
            cursor: None,
            pending: pending(&ids),
        })
        .await
        .expect("looked up");
    assert_eq!(reported(&result), [(ids[0].clone(), Status::Seen)]);
    assert_eq!(sim.lookups(), 1);
}

#[tokio::test]
async fn one_poll_asks_a_bounded_number_and_the_next_goes_on_in_turn() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let gateway = connect(config(&sim));
    let ids = send_many(gateway.as_ref(), LOOKUPS_PER_POLL + 5).await;
    let first = gateway
        .poll(PollRequest {
            cursor: None,
            pending: pending(&ids),
        })
        .await
        .expect("looked up");
    assert_eq!(sim.lookups(), LOOKUPS_PER_POLL, "never more per poll");
    let asked: Vec<String> = reported(&first).into_iter().map(|(id, _)| id).collect();
    assert_eq!(asked, ids[..LOOKUPS_PER_POLL]);
    assert!(
        reported(&first).iter().all(|(_, s)| *s == Status::Queued),
        "6 pending shows as queued"
    );
    let second = gateway
        .poll(PollRequest {
            cursor: first.cursor.clone(),
            pending: pending(&ids),
        })
        .await
        .expect("looked up");
    let asked: Vec<String> = reported(&second).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        asked[..5],
        ids[LOOKUPS_PER_POLL..],
        "the ones left out last time come first"
    );
    assert_eq!(asked[5..], ids[..LOOKUPS_PER_POLL - 5]);
}

#[tokio::test]
async fn poll_errors_back_off_or_stop_and_unknown_messages_are_skipped() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let gateway = connect(config(&sim));
    let ids = send_many(gateway.as_ref(), 2).await;
    let unknown = vec!["999".to_owned(), "not-a-number".to_owned()];
    let result = gateway
        .poll(PollRequest {
            cursor: None,
            pending: pending(&unknown),
        })
        .await
        .expect("a message the gateway does not know is no reason to stop");
    assert!(result.events.is_empty());

    sim.inject_error(0);
    let error = gateway
        .poll(PollRequest {
            cursor: None,
            pending: pending(&ids),
        })
        .await
        .expect_err("rate limited");
    assert!(
        matches!(&error, SendError::Retryable { reason, .. } if reason.text.contains("rate limit")),
        "{error:?}"
    );

    // A 200 whose body is an error object is not a status.
    sim.inject(Fault::Status(200));
    let error = gateway
        .poll(PollRequest {
            cursor: None,
            pending: pending(&ids),
        })
        .await
        .expect_err("no status in the answer");
    assert!(matches!(error, SendError::Retryable { .. }), "{error:?}");

    let mut wrong = config(&sim);
    wrong.secret = Some(Secret::new("wrong"));
    let error = connect(wrong)
        .poll(PollRequest {
            cursor: None,
            pending: pending(&ids),
        })
        .await
        .expect_err("wrong key");
    assert!(matches!(error, SendError::Rejected { .. }), "{error:?}");
}

#[tokio::test]
async fn a_poll_that_meets_trouble_midway_keeps_what_it_learnt() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let gateway = connect(config(&sim));
    let ids = send_many(gateway.as_ref(), 3).await;
    // The first look-up is answered normally (a delay of nothing), the second fails.
    sim.inject(Fault::Delay(Duration::ZERO));
    sim.inject(Fault::Status(500));
    let first = gateway
        .poll(PollRequest {
            cursor: None,
            pending: pending(&ids),
        })
        .await
        .expect("what was learnt before the trouble is kept");
    assert_eq!(reported(&first), [(ids[0].clone(), Status::Queued)]);
    let second = gateway
        .poll(PollRequest {
            cursor: first.cursor.clone(),
            pending: pending(&ids),
        })
        .await
        .expect("looked up");
    let asked: Vec<String> = reported(&second).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        asked,
        [ids[1].clone(), ids[2].clone(), ids[0].clone()],
        "the next poll starts at the message that failed"
    );
}

#[tokio::test]
async fn check_tells_a_right_key_from_a_wrong_one() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let said = connect(config(&sim)).check().await.expect("the right key");
    assert!(said.text.contains("accepted the access key"), "{said}");
    assert_eq!(sim.lookups(), 1, "checked with one look-up");

    let mut wrong = config(&sim);
    wrong.secret = Some(Secret::new("wrong"));
    let error = connect(wrong).check().await.expect_err("the wrong key");
    assert!(error.to_string().contains("access key"), "{error}");

    let mut no_sender = config(&sim);
    no_sender.sender = String::new();
    assert!(connect(no_sender).check().await.is_err());
}
