//! Callbacks arrive in any order: the status a message shows depends on what was reported, never
//! on the order it arrived in. Progress never goes back (queued < sent < delivered < seen); a
//! failure is final unless the gateway later reports the message delivered or seen.

use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Message;
use switchboard_core::status::Status;
use switchboard_test_support::{TestAccount, TestApp};

use crate::{ANN, at, ingest, sent, shop, status};

/// Every order of `items`.
fn orders<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut all = Vec::new();
    for (i, first) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut tail in orders(&rest) {
            tail.insert(0, first.clone());
            all.push(tail);
        }
    }
    all
}

/// How far along the happy path a status is; failures and unknown words have no place on it.
fn progress(status: &Status) -> Option<u8> {
    [
        Status::Queued,
        Status::Sent,
        Status::Delivered,
        Status::Seen,
    ]
    .iter()
    .position(|s| s == status)
    .map(|p| p as u8)
}

/// Sends a fresh message and gives it `reports` one at a time, in order; the message after each.
async fn deliver(
    app: &TestApp,
    shop: &TestAccount,
    n: usize,
    reports: &[(Status, i64)],
) -> Vec<Message> {
    let gateway_id = format!("gw-{n}");
    let m = sent(app, shop, ANN, &gateway_id).await;
    let mut seen = Vec::new();
    for (word, secs) in reports {
        ingest(
            app,
            shop,
            vec![status(&gateway_id, word.clone(), at(*secs))],
        )
        .await;
        seen.push(app.message(&m.id).await);
    }
    seen
}

#[tokio::test]
async fn every_order_of_sent_delivered_and_seen_ends_seen_and_never_steps_back() {
    let (app, shop) = shop().await;
    let reports = [(Status::Sent, 1), (Status::Delivered, 2), (Status::Seen, 3)];
    let mut histories = Vec::new();
    for (n, order) in orders(&reports).into_iter().enumerate() {
        let steps = deliver(&app, &shop, n, &order).await;
        let shown: Vec<Status> = steps.iter().map(|m| m.status.clone()).collect();
        assert!(
            shown.windows(2).all(|w| progress(&w[0]) <= progress(&w[1])),
            "arriving as {order:?}, the message showed {shown:?}: it stepped back"
        );
        let last = steps.last().expect("three steps");
        assert_eq!(last.status, Status::Seen, "arriving as {order:?}");
        histories.push(last.history.clone());
    }
    assert!(
        histories.windows(2).all(|w| w[0] == w[1]),
        "every order leaves the same history: {histories:#?}"
    );
    assert_eq!(
        histories[0]
            .iter()
            .map(|c| c.status.clone())
            .collect::<Vec<_>>(),
        [
            Status::Queued,
            Status::Sent,
            Status::Delivered,
            Status::Seen
        ],
        "the gateway's timed 'sent' replaced our own"
    );
}

#[tokio::test]
async fn a_late_report_of_an_earlier_step_does_not_pull_a_seen_message_back() {
    let (app, shop) = shop().await;
    let steps = deliver(
        &app,
        &shop,
        1,
        &[
            (Status::Seen, 3),
            (Status::Sent, 9),
            (Status::Delivered, 10),
        ],
    )
    .await;
    assert!(
        steps.iter().all(|m| m.status == Status::Seen),
        "even stamped later by a confused gateway: {:?}",
        steps.iter().map(|m| &m.status).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_failure_is_final_whatever_order_it_arrives_in() {
    let (app, shop) = shop().await;
    let cases = [
        (vec![(Status::Sent, 1), (Status::Failed, 2)], Status::Failed),
        (vec![(Status::Failed, 2), (Status::Sent, 5)], Status::Failed),
        (
            vec![(Status::Delivered, 1), (Status::Rejected, 2)],
            Status::Rejected,
        ),
    ];
    let mut n = 0;
    for (reports, expected) in cases {
        for order in orders(&reports) {
            n += 1;
            let last = deliver(&app, &shop, n, &order).await.pop().expect("steps");
            assert_eq!(last.status, expected, "arriving as {order:?}");
            let error = last.error.expect("a failed message says why");
            assert_eq!(
                error.phrase.key, "outbox.gateway_reported",
                "with no reason given, the gateway's word is the reason"
            );
        }
    }
}

#[tokio::test]
async fn a_later_delivery_overturns_a_failure_in_any_order() {
    let (app, shop) = shop().await;
    let cases = [
        (
            vec![
                (Status::Sent, 1),
                (Status::Failed, 2),
                (Status::Delivered, 3),
            ],
            Status::Delivered,
        ),
        (vec![(Status::Rejected, 2), (Status::Seen, 4)], Status::Seen),
    ];
    let mut n = 100;
    for (reports, expected) in cases {
        for order in orders(&reports) {
            n += 1;
            let last = deliver(&app, &shop, n, &order).await.pop().expect("steps");
            assert_eq!(last.status, expected, "arriving as {order:?}");
            assert_eq!(last.error, None, "the overturned failure is not shown");
            assert!(
                last.history.iter().any(|c| c.status.is_failure()),
                "but it stays in the history"
            );
        }
    }
}

#[tokio::test]
async fn an_unknown_word_is_kept_and_shown_only_while_it_is_the_newest() {
    let (app, shop) = shop().await;
    let paused = Status::Other("PAUSED_BY_OPERATOR".into());
    for (n, order) in orders(&[(Status::Delivered, 2), (paused.clone(), 5)])
        .into_iter()
        .enumerate()
    {
        let last = deliver(&app, &shop, n, &order).await.pop().expect("steps");
        assert_eq!(last.status, paused, "arriving as {order:?}");
    }
    for (n, order) in orders(&[(paused.clone(), 2), (Status::Seen, 5)])
        .into_iter()
        .enumerate()
    {
        let last = deliver(&app, &shop, 10 + n, &order)
            .await
            .pop()
            .expect("steps");
        assert_eq!(last.status, Status::Seen, "arriving as {order:?}");
        assert!(last.history.iter().any(|c| c.status == paused));
    }
}

#[tokio::test]
async fn statuses_in_one_batch_settle_as_they_would_one_by_one() {
    let (app, shop) = shop().await;
    let one_by_one = deliver(
        &app,
        &shop,
        1,
        &[(Status::Seen, 3), (Status::Sent, 1), (Status::Delivered, 2)],
    )
    .await
    .pop()
    .expect("steps");
    let batched = sent(&app, &shop, ANN, "gw-2").await;
    let batch: Vec<IngestEvent> = [(Status::Delivered, 2), (Status::Seen, 3), (Status::Sent, 1)]
        .into_iter()
        .map(|(word, secs)| status("gw-2", word, at(secs)))
        .collect();
    ingest(&app, &shop, batch).await;
    let batched = app.message(&batched.id).await;
    assert_eq!(batched.status, Status::Seen);
    assert_eq!(batched.history, one_by_one.history);
}
