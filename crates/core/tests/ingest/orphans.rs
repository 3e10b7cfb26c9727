//! A status can beat the send's answer: it waits among the orphans, creates nothing, and is
//! applied as soon as the gateway's id for the message is learnt.

use switchboard_core::ingest::{GatewayMessage, IngestEvent, StatusReport};
use switchboard_core::message::{Content, Direction, SendState};
use switchboard_core::phone::Phone;
use switchboard_core::status::{Status, StatusChange};
use switchboard_test_support::{Reply, TestAccount, TestApp, eventually};

use crate::{ANN, at, ingest, rows, shop, status};

/// Starts sending a text whose request hangs at the gateway until the test releases it.
async fn sending(app: &TestApp, shop: &TestAccount) -> (String, tokio::task::JoinHandle<()>) {
    shop.gateway.script([Reply::Hang]);
    let m = app.send_text(shop.id, ANN, "an offer").await;
    let round = tokio::spawn({
        let (engine, account) = (app.engine.clone(), shop.id);
        async move {
            engine.send_next(account).await.expect("a round");
        }
    });
    eventually("the request is at the gateway", async || {
        (shop.gateway.hung() == 1).then_some(())
    })
    .await;
    (m.id, round)
}

#[tokio::test]
async fn a_status_that_beats_the_answer_is_applied_when_the_gateway_id_is_learnt() {
    let (app, shop) = shop().await;
    let (id, round) = sending(&app, &shop).await;
    let before = rows(&app).await;

    ingest(&app, &shop, vec![status("gw-1", Status::Delivered, at(2))]).await;
    let waiting = app.message(&id).await;
    assert_eq!(waiting.send_state, Some(SendState::Sending));
    assert_eq!(waiting.gateway_message_id, None);
    assert!(
        !waiting
            .history
            .iter()
            .any(|c| c.status == Status::Delivered),
        "the status is not guessed onto a message whose id is unknown"
    );
    let mut expected = before.clone();
    expected.insert("orphan_statuses", before["orphan_statuses"] + 1);
    assert_eq!(
        rows(&app).await,
        expected,
        "only the orphan is stored: no message, contact or conversation for it"
    );

    shop.gateway.release(Reply::accepted("gw-1"));
    round.await.expect("the round ends");
    let done = app.message(&id).await;
    assert_eq!(done.send_state, Some(SendState::Done));
    assert_eq!(done.gateway_message_id.as_deref(), Some("gw-1"));
    assert_eq!(
        done.status,
        Status::Delivered,
        "the waiting status is applied"
    );
    assert_eq!(
        rows(&app).await["orphan_statuses"],
        0,
        "and no longer waits"
    );
}

#[tokio::test]
async fn several_orphans_settle_by_the_status_rule_not_by_arrival() {
    let (app, shop) = shop().await;
    let (id, round) = sending(&app, &shop).await;
    let early = [
        status("gw-1", Status::Seen, at(3)),
        status("gw-1", Status::Sent, at(1)),
        status("gw-1", Status::Delivered, at(2)),
        status("gw-1", Status::Seen, at(3)),
    ];
    ingest(&app, &shop, early.to_vec()).await;
    assert_eq!(
        rows(&app).await["orphan_statuses"],
        3,
        "a replayed orphan waits once"
    );
    shop.gateway.release(Reply::accepted("gw-1"));
    round.await.expect("the round ends");
    let done = app.message(&id).await;
    assert_eq!(done.status, Status::Seen);
    assert_eq!(
        done.history.iter().map(|c| &c.status).collect::<Vec<_>>(),
        [
            &Status::Queued,
            &Status::Sent,
            &Status::Delivered,
            &Status::Seen
        ],
        "the gateway's timed 'sent' stands instead of our own"
    );
}

#[tokio::test]
async fn a_status_echoing_our_id_finds_its_message_before_the_answer() {
    let (app, shop) = shop().await;
    let (id, round) = sending(&app, &shop).await;
    let echo = IngestEvent::Status(StatusReport {
        gateway_message_id: "gw-1".into(),
        our_id: Some(id.clone()),
        change: StatusChange {
            status: Status::Delivered,
            at: at(2),
            code: None,
            reason: None,
        },
        retry: false,
        observed: false,
    });
    ingest(&app, &shop, vec![echo]).await;
    let proven = app.message(&id).await;
    assert_eq!(proven.gateway_message_id.as_deref(), Some("gw-1"));
    assert_eq!(proven.status, Status::Delivered);
    assert_eq!(
        proven.send_state,
        Some(SendState::Done),
        "the gateway has it: it must never be sent again"
    );
    assert_eq!(rows(&app).await["orphan_statuses"], 0);

    shop.gateway.release(Reply::accepted("gw-1"));
    round.await.expect("the round ends");
    let done = app.message(&id).await;
    assert_eq!(done.status, Status::Delivered, "the answer changes nothing");
    assert_eq!(rows(&app).await["messages"], 1);
    assert_eq!(shop.gateway.sent().len(), 1);
}

#[tokio::test]
async fn statuses_of_a_message_sent_elsewhere_wait_until_the_gateway_reports_it() {
    let (app, shop) = shop().await;
    let announced = app.host.recorder.events().len();
    ingest(&app, &shop, vec![status("panel-1", Status::Seen, at(9))]).await;
    let empty = app
        .engine
        .list_conversations(
            &switchboard_core::access::Caller::local(),
            Default::default(),
        )
        .await
        .expect("the inbox");
    assert!(
        empty.conversations.is_empty(),
        "a status alone creates no conversation"
    );
    assert_eq!(
        app.host.recorder.events().len(),
        announced,
        "nothing to announce while it waits"
    );

    // The gateway's web panel sent it; a poll reports the message itself.
    let from_panel = IngestEvent::Message(GatewayMessage {
        gateway_message_id: "panel-1".into(),
        direction: Direction::Out,
        phone: Phone::parse(ANN).expect("phone"),
        profile_name: None,
        content: Content::Text {
            text: "sent from the panel".into(),
        },
        at: at(5),
        status: Some(StatusChange {
            status: Status::Sent,
            at: at(5),
            code: None,
            reason: None,
        }),
    });
    ingest(&app, &shop, vec![from_panel]).await;
    let thread = crate::thread(&app, &shop, ANN).await;
    assert_eq!(thread.messages.len(), 1);
    assert_eq!(thread.messages[0].status, Status::Seen);
    assert_eq!(
        thread.conversation.unread, 0,
        "our own message is nothing to read"
    );
    assert_eq!(rows(&app).await["orphan_statuses"], 0);
}

#[tokio::test]
async fn a_status_for_an_id_nobody_sent_is_only_kept() {
    let (app, shop) = shop().await;
    let before = rows(&app).await;
    for _ in 0..2 {
        ingest(
            &app,
            &shop,
            vec![status("nobody", Status::Delivered, at(1))],
        )
        .await;
    }
    let mut expected = before;
    expected.insert("orphan_statuses", 1);
    assert_eq!(rows(&app).await, expected);
}

async fn orphans(app: &TestApp) -> i64 {
    rows(app).await["orphan_statuses"]
}

#[tokio::test]
async fn statuses_nobody_claims_are_let_go_after_a_week_and_past_a_limit() {
    use switchboard_core::store::{ORPHAN_MAX_AGE_MS, ORPHANS_PER_ACCOUNT};
    let (app, shop) = shop().await;
    ingest(&app, &shop, vec![status("gw-old", Status::Sent, at(1))]).await;
    app.advance(std::time::Duration::from_millis(
        ORPHAN_MAX_AGE_MS as u64 + 1000,
    ));
    ingest(&app, &shop, vec![status("gw-new", Status::Sent, app.now())]).await;
    assert_eq!(
        orphans(&app).await,
        1,
        "a week later, a status for a message nobody sent is no longer kept"
    );

    let flood: Vec<_> = (0..ORPHANS_PER_ACCOUNT + 200)
        .map(|i| status(&format!("forged-{i}"), Status::Seen, app.now()))
        .collect();
    ingest(&app, &shop, flood).await;
    let kept = orphans(&app).await;
    assert!(
        (ORPHANS_PER_ACCOUNT - 64..=ORPHANS_PER_ACCOUNT + 64).contains(&kept),
        "a flood of unknown ids keeps about {ORPHANS_PER_ACCOUNT} waiting, not all: {kept}"
    );
    ingest(
        &app,
        &shop,
        vec![status("forged-0", Status::Seen, app.now())],
    )
    .await;
    let rows = rows(&app).await;
    assert_eq!(rows["messages"], 0, "and creates nothing");
}
