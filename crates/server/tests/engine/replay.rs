//! Replays: the same webhook requests posted once in order, or three times shuffled, leave the
//! same state.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::store::Db;
use switchboard_core::time::Timestamp;

use crate::harness::{App, devino_status};

const T0: i64 = 1_760_000_000_000;

/// Messages "sent earlier" (say, from the gateway's web panel, as a poll would report them):
/// seeded identically into both engines, so their statuses can be replayed.
fn outgoing(i: u64) -> GatewayMessage {
    GatewayMessage {
        gateway_message_id: format!("{}", 3_500_000_000_000_000_000u64 + i),
        direction: Direction::Out,
        phone: Phone::parse(&format!("+7916000000{i}")).expect("phone"),
        profile_name: None,
        content: Content::Text {
            text: format!("offer {i}"),
        },
        at: Timestamp::from_millis(T0 + i as i64 * 1000),
        status: Some(StatusChange {
            status: Status::Sent,
            at: Timestamp::from_millis(T0 + i as i64 * 1000),
            code: None,
            reason: None,
        }),
    }
}

async fn seed(app: &App) {
    let account = app.account_id;
    let events: Vec<IngestEvent> = (1..=4).map(|i| IngestEvent::Message(outgoing(i))).collect();
    app.engine
        .db()
        .write(move |c| {
            let tx = c.transaction()?;
            Db::ingest(&tx, account, &events, Timestamp::from_millis(T0))?;
            tx.commit()?;
            Ok(())
        })
        .await
        .expect("seeded");
}

/// (endpoint, body) pairs: incoming messages from several contacts and statuses, some out of
/// order, some for ids nobody knows.
fn requests() -> Vec<(&'static str, Value)> {
    let mut r: Vec<(&'static str, Value)> = Vec::new();
    let incoming = |id: u64, from: &str, name: Option<&str>, ts: i64, text: &str| {
        let mut v = json!({"incomingMessageId": id, "to": "Switchboard", "from": from,
                           "ts": T0 + ts, "text": text});
        if let Some(n) = name {
            v["profileName"] = json!(n);
        }
        ("incoming", v)
    };
    // Contact 1 changes their profile name; the newest name must win in any order.
    r.push(incoming(9001, "79160000001", Some("Anna"), 500, "hi"));
    r.push(incoming(
        9002,
        "79160000001",
        Some("Anna K."),
        5_500,
        "any news?",
    ));
    r.push(incoming(9003, "79160000001", None, 9_000, "hello??"));
    // Contact 2 writes a lot.
    for k in 0..6 {
        r.push(incoming(
            9100 + k,
            "79160000002",
            Some("Boris"),
            2_000 + k as i64 * 100,
            &format!("line {k}"),
        ));
    }
    // Contacts without a conversation yet.
    r.push(incoming(
        9201,
        "79160000005",
        Some("Vera"),
        7_000,
        "new here",
    ));
    r.push(incoming(9202, "79160000006", None, 7_100, "no name"));
    r.push(incoming(
        9203,
        "79160000005",
        Some("Vera"),
        6_000,
        "older one, arrives later",
    ));
    // A location, which becomes text.
    r.push((
        "incoming",
        json!({"incomingMessageId": 9204, "to": "Switchboard", "from": "79160000006",
               "ts": T0 + 7_200,
               "whatsAppGeoLocation": {"latitude": 55.75, "longitude": 37.61, "address": "Tverskaya 1"}}),
    ));
    let status = |i: u64, ts: i64, word: &str, code: u32| {
        let id = (3_500_000_000_000_000_000u64 + i).to_string();
        ("status", devino_status(&id, T0 + ts, word, code))
    };
    // Message 1: READ before DELIVERED before SENT.
    r.push(status(1, 1_300, "READ", 0));
    r.push(status(1, 1_200, "DELIVERED", 0));
    r.push(status(1, 1_100, "SENT", 0));
    // Message 2: fails, then a later DELIVERED overturns it.
    r.push(status(2, 2_100, "SENT", 0));
    r.push(status(2, 2_200, "UNDELIVERED", 2305));
    r.push(status(2, 2_900, "DELIVERED", 0));
    // Message 3: fails for good, with an unknown word before it.
    r.push(status(3, 3_100, "SENT", 0));
    r.push(status(3, 3_150, "PAUSED_BY_OPERATOR", 0));
    r.push(status(3, 3_200, "UNDELIVERED", 2005));
    // Message 4: the unknown word is the newest thing said.
    r.push(status(4, 4_100, "DELIVERED", 0));
    r.push(status(4, 4_900, "PAUSED_BY_OPERATOR", 0));
    // Ids nobody knows: kept as orphans.
    r.push(status(77, 7_700, "DELIVERED", 0));
    r.push(status(77, 7_600, "SENT", 0));
    // A batch of two statuses in one request.
    let mut batch = devino_status(
        &(3_500_000_000_000_000_000u64 + 1).to_string(),
        T0 + 1_250,
        "DELIVERED",
        0,
    );
    if let (Some(a), Value::Array(b)) = (
        batch.as_array_mut(),
        devino_status(
            &(3_500_000_000_000_000_000u64 + 4).to_string(),
            T0 + 4_050,
            "SENT",
            0,
        ),
    ) {
        a.extend(b);
    }
    r.push(("status", batch));
    r
}

/// A small fixed-seed LCG (Knuth's MMIX constants) for a reproducible shuffle.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

async fn post_all(app: &App, requests: &[(&'static str, Value)]) {
    let status_url = app.webhook_url(app.account_id, "status").await;
    let incoming_url = app.webhook_url(app.account_id, "incoming").await;
    for (endpoint, body) in requests {
        let url = if *endpoint == "status" {
            &status_url
        } else {
            &incoming_url
        };
        let (status, v) = app.post_json(url, body).await;
        assert!(
            (200..300).contains(&status),
            "{endpoint} {body} should be accepted: {status} {v}"
        );
    }
}

/// Everything a replay may change, without our ids and our clock's times.
fn dump(app: &App) -> String {
    let c = app.sql();
    let mut out = BTreeMap::new();
    let mut q = c
        .prepare(
            "SELECT a.name, ct.phone, ct.name, cv.incoming_count, cv.last_activity, cv.last_customer_at
             FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id
             JOIN accounts a ON a.id = cv.account_id",
        )
        .expect("sql");
    let rows = q
        .query_map([], |r| {
            Ok((
                format!(
                    "conversation {} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?
                ),
                format!(
                    "name={:?} incoming={} last_activity={} last_customer_at={:?}",
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<i64>>(5)?
                ),
            ))
        })
        .expect("sql");
    for row in rows {
        let (k, v) = row.expect("row");
        out.insert(k, v);
    }
    let mut q = c
        .prepare(
            "SELECT m.id, a.name, m.gateway_message_id, m.direction, m.body, m.status,
                    m.error_code, m.error_reason, m.sort_ts
             FROM messages m JOIN accounts a ON a.id = m.account_id",
        )
        .expect("sql");
    let rows = q
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                format!(
                    "message {} {:?}",
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?
                ),
                format!(
                    "{} {:?} status={} error={:?}/{:?} ts={}",
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, i64>(8)?
                ),
            ))
        })
        .expect("sql")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    for (id, k, v) in rows {
        let mut h = c
            .prepare(
                "SELECT status, at, code FROM status_changes WHERE message_id = ?1
                 ORDER BY at, status, code",
            )
            .expect("sql");
        let history: Vec<String> = h
            .query_map([id], |r| {
                Ok(format!(
                    "{}@{}:{:?}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?
                ))
            })
            .expect("sql")
            .collect::<Result<_, _>>()
            .expect("rows");
        let previous = out.insert(k.clone(), format!("{v} history={history:?}"));
        assert!(previous.is_none(), "{k} is stored once");
    }
    let mut q = c
        .prepare(
            "SELECT gateway_message_id, status, at, code FROM orphan_statuses
             ORDER BY gateway_message_id, at, status",
        )
        .expect("sql");
    let orphans: Vec<String> = q
        .query_map([], |r| {
            Ok(format!(
                "{} {}@{}:{:?}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?
            ))
        })
        .expect("sql")
        .collect::<Result<_, _>>()
        .expect("rows");
    out.insert("orphans".into(), format!("{orphans:?}"));
    out.iter()
        .map(|(k, v)| format!("{k}: {v}\n"))
        .collect::<String>()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replaying_webhooks_in_any_order_gives_the_same_state() {
    let requests = requests();
    assert!(requests.len() >= 25, "a set big enough to matter");

    let a = App::start().await;
    seed(&a).await;
    post_all(&a, &requests).await;
    let expected = dump(&a);
    a.stop().await;

    let b = App::start().await;
    seed(&b).await;
    let mut lcg = Lcg(0x5EED_2024);
    for _ in 0..3 {
        let mut shuffled = requests.clone();
        lcg.shuffle(&mut shuffled);
        post_all(&b, &shuffled).await;
    }
    let got = dump(&b);
    b.stop().await;

    assert_eq!(
        got, expected,
        "posting the same webhooks 3x shuffled must leave exactly the state of posting them once in order"
    );
    // Sanity: the dump holds what the requests said.
    assert!(
        expected.contains("name=Some(\"Anna K.\") incoming=3"),
        "{expected}"
    );
    assert!(expected.contains("\"offer 1\" status=seen"), "{expected}");
    assert!(
        expected.contains("\"offer 2\" status=delivered"),
        "{expected}"
    );
    assert!(expected.contains("\"offer 3\" status=failed"), "{expected}");
    assert!(
        expected.contains("\"offer 4\" status=PAUSED_BY_OPERATOR"),
        "{expected}"
    );
    assert!(
        expected.contains("3500000000000000077"),
        "orphans kept: {expected}"
    );
}
