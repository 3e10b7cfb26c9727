//! exports: the report's CSV and a conversation's transcript through the API: who may export
//! what, and files a spreadsheet reads as written (BOM, CRLF, quoting, formulas defused).

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, NotFound, Unauthorized};
use switchboard_core::operator::Role;
use switchboard_test_support::events::incoming_named;
use switchboard_test_support::{ManualClock, Reply, TestApp};

use crate::team::operator;
use crate::{ANN, app, call};

/// The records of a CSV file, checked to be well formed on the way: a byte-order mark, every
/// record ended by CRLF, quotes closed and doubled inside, and every record as wide as the
/// header.
fn records(file: &str) -> Vec<Vec<String>> {
    let body = file
        .strip_prefix('\u{feff}')
        .expect("a CSV export starts with a byte-order mark, so spreadsheets read UTF-8");
    assert!(body.ends_with("\r\n"), "the last record ends with CRLF");
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                assert!(
                    matches!(chars.peek(), Some(',' | '\r')),
                    "a closing quote ends its field: {body:?}"
                );
            }
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "a quote opens a field, never inside one");
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF outside quotes: {body:?}"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "every quote is closed");
    let width = records.first().map(Vec::len).expect("a header");
    for r in &records {
        assert_eq!(
            r.len(),
            width,
            "every record is as wide as the header: {r:?}"
        );
    }
    records
}

/// The records as maps from the header's names.
fn rows(file: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut records = records(file).into_iter();
    let header = records.next().expect("a header");
    records
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// Ann (Анна) writes to Shop; Mia is given the conversation, answers, notes and resolves it.
/// The conversation's id and Mia.
async fn handled_by_mia(app: &TestApp) -> (i64, switchboard_core::access::Caller) {
    let shop = app.add_account("Shop").await;
    shop.gateway.script([Reply::accepted("gw-1")]);
    app.engine
        .ingest(
            shop.id,
            vec![incoming_named(
                "in-1",
                ANN,
                "Анна",
                "Здравствуйте, \"срочно\"\nнужна помощь",
                ManualClock::START,
            )],
        )
        .await
        .expect("stored");
    let page = call(app, "list_conversations").answers(json!({})).await;
    let id = page["conversations"][0]["id"]
        .as_i64()
        .expect("a conversation");
    let mia = operator(app, "Mia", Role::Manager).await;
    app.advance(Duration::from_secs(60));
    call(app, "assign_conversation")
        .answers(json!({"conversation_id": id, "operator_id": mia.id()}))
        .await;
    app.advance(Duration::from_secs(60));
    call(app, "send_message")
        .by(Some(mia.clone()))
        .answers(json!({"account_id": shop.id, "to": ANN,
                        "content": {"kind": "text", "text": "=2+2, мы поможем"}}))
        .await;
    app.engine.send_next(shop.id).await.expect("a round");
    app.advance(Duration::from_secs(60));
    call(app, "add_note")
        .by(Some(mia.clone()))
        .answers(json!({"conversation_id": id, "text": "просит скидку"}))
        .await;
    app.advance(Duration::from_secs(60));
    call(app, "set_conversation_status")
        .by(Some(mia.clone()))
        .answers(json!({"conversation_id": id, "status": "resolved"}))
        .await;
    (id, mia)
}

#[tokio::test]
pub async fn export_transcript() {
    let app = app().await;
    let (id, mia) = handled_by_mia(&app).await;
    let export = call(&app, "export_transcript");
    export
        .refuses_each(vec![
            (
                json!({"conversation_id": id}),
                BadRequest,
                "error.bad_request",
            ),
            (
                json!({"conversation_id": id, "format": "docx"}),
                BadRequest,
                "error.bad_request",
            ),
            (
                json!({"conversation_id": 999, "format": "csv"}),
                NotFound,
                "error.conversation_not_found",
            ),
        ])
        .await;
    call(&app, "export_transcript")
        .by(None)
        .refuses(
            json!({"conversation_id": id, "format": "csv"}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "export_transcript")
        .by(Some(max))
        .refuses(
            json!({"conversation_id": id, "format": "csv"}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    // Mia may export her own.
    call(&app, "export_transcript")
        .by(Some(mia))
        .answers(json!({"conversation_id": id, "format": "csv"}))
        .await;
}

#[tokio::test]
async fn a_transcript_holds_messages_notes_and_activity_in_time_order() {
    let app = app().await;
    let (id, _) = handled_by_mia(&app).await;
    let file = call(&app, "export_transcript")
        .answers(json!({"conversation_id": id, "format": "csv"}))
        .await;
    assert_eq!(file["name"], format!("conversation-{id}-2026-01-01.csv"));
    assert_eq!(file["mime"], "text/csv; charset=utf-8");
    let text = file["text"].as_str().expect("the file's text");
    assert_eq!(
        records(text)[0],
        [
            "time",
            "item",
            "direction",
            "author_kind",
            "author",
            "text",
            "status",
            "visibility"
        ]
    );
    let rows = rows(text);
    let seen: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["item"].as_str(),
                r["author"].as_str(),
                r["text"].as_str(),
                r["visibility"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "message",
                "Анна",
                "Здравствуйте, \"срочно\"\nнужна помощь",
                "customer"
            ),
            ("activity", "Me", "assigned to Mia", "internal"),
            ("message", "Mia", "'=2+2, мы поможем", "customer"),
            ("note", "Mia", "просит скидку", "internal"),
            ("activity", "Mia", "status resolved", "internal"),
        ],
        "messages, the note and the activity lines in time order; the operator's formula-like \
         text defused"
    );
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str()).collect();
    assert_eq!(
        times,
        [
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:01:00Z",
            "2026-01-01T00:02:00Z",
            "2026-01-01T00:03:00Z",
            "2026-01-01T00:04:00Z",
        ]
    );
    assert_eq!(rows[0]["author_kind"], "customer");
    assert_eq!(rows[0]["direction"], "in");
    assert_eq!(rows[2]["author_kind"], "operator");
    assert_eq!(rows[2]["direction"], "out");
    assert_eq!(rows[2]["status"], "sent", "the delivery status of a reply");
    assert_eq!(rows[4]["status"], "resolved");
}

#[tokio::test]
async fn a_long_thread_is_exported_whole() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    // The gateway's times are in the past when they arrive (never "from the future").
    app.advance(Duration::from_secs(3_600));
    let many: Vec<_> = (0..1_203)
        .map(|i| {
            let at = ManualClock::START.plus_millis(i * 1_000);
            incoming_named(&format!("in-{i}"), ANN, "Анна", &format!("#{i}"), at)
        })
        .collect();
    app.engine.ingest(shop.id, many).await.expect("stored");
    let page = call(&app, "list_conversations").answers(json!({})).await;
    let id = page["conversations"][0]["id"].as_i64().expect("an id");
    let file = call(&app, "export_transcript")
        .answers(json!({"conversation_id": id, "format": "csv"}))
        .await;
    let rows = rows(file["text"].as_str().expect("text"));
    let texts: Vec<String> = rows.iter().map(|r| r["text"].clone()).collect();
    let expected: Vec<String> = (0..1_203).map(|i| format!("#{i}")).collect();
    assert!(
        texts == expected,
        "every message, across pages, oldest first: {} rows, from {:?} to {:?}",
        texts.len(),
        texts.first(),
        texts.last()
    );
}

/// A report's period: the first day of 2026.
fn period() -> Value {
    json!({"from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00Z"})
}

#[tokio::test]
pub async fn export_report() {
    let app = app().await;
    let export = call(&app, "export_report");
    export
        .refuses_each(vec![
            (json!({"filter": period()}), BadRequest, "error.bad_request"),
            (
                json!({"filter": period(), "kind": "pdf"}),
                BadRequest,
                "error.bad_request",
            ),
            (
                json!({"filter": {"from": "yesterday"}, "kind": "operators"}),
                BadRequest,
                "error.bad_request",
            ),
        ])
        .await;
    call(&app, "export_report")
        .by(None)
        .refuses(
            json!({"filter": period(), "kind": "operators"}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
}

#[tokio::test]
async fn the_operators_table_has_the_team_then_each_operator_in_numbers() {
    let app = app().await;
    let (_, mia) = handled_by_mia(&app).await;
    let file = call(&app, "export_report")
        .answers(json!({"filter": period(), "kind": "operators"}))
        .await;
    assert_eq!(file["name"], "report-2026-01-01-2026-01-01-operators.csv");
    let rows = rows(file["text"].as_str().expect("text"));
    assert_eq!(rows[0]["scope"], "team");
    let mine = rows
        .iter()
        .find(|r| r["operator_id"] == mia.id().to_string())
        .expect("Mia's row");
    assert_eq!(mine["operator"], "Mia");
    assert_eq!(
        mine["first_response_median_s"], "120",
        "seconds as a number"
    );
    assert_eq!(mine["first_response_count"], "1");
    assert_eq!(mine["resolved"], "1");
    assert_eq!(mine["messages_sent"], "1");
    // The same figures as the report: one query path.
    let report = call(&app, "report").answers(period()).await;
    assert_eq!(
        rows[0]["handled"],
        report["team"]["handled"].to_string(),
        "the CSV's team row is the report's"
    );

    // A manager's export holds only their own figures.
    let mine_only = call(&app, "export_report")
        .by(Some(mia.clone()))
        .answers(json!({"filter": period(), "kind": "operators"}))
        .await;
    let ids: Vec<String> = rows_of(&mine_only)
        .iter()
        .filter(|r| r["scope"] == "operator")
        .map(|r| r["operator_id"].clone())
        .collect();
    assert_eq!(ids, [mia.id().to_string()]);
}

fn rows_of(file: &Value) -> Vec<std::collections::BTreeMap<String, String>> {
    rows(file["text"].as_str().expect("text"))
}

#[tokio::test]
async fn the_episodes_export_has_a_row_per_episode() {
    let app = app().await;
    let (id, mia) = handled_by_mia(&app).await;
    let file = call(&app, "export_report")
        .answers(json!({"filter": period(), "kind": "episodes"}))
        .await;
    assert_eq!(file["name"], "report-2026-01-01-2026-01-01-episodes.csv");
    let rows = rows_of(&file);
    assert_eq!(rows.len(), 1, "one episode");
    let e = &rows[0];
    assert_eq!(e["conversation_id"], id.to_string());
    assert_eq!(e["contact"], "Анна");
    assert_eq!(e["resolved_by_id"], mia.id().to_string());
    assert_eq!(e["first_response_s"], "120");
    assert_eq!(e["resolution_s"], "240");
    assert_eq!(e["missed"], "0");
}

/// The audit log's export entries, newest first.
async fn exports_audited(app: &TestApp) -> Vec<Value> {
    let page = call(app, "audit_log")
        .answers(json!({"kind": "export"}))
        .await;
    page["entries"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn every_export_is_one_entry_in_the_audit_log_and_a_refused_one_none() {
    let app = app().await;
    let (id, mia) = handled_by_mia(&app).await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "export_transcript")
        .by(Some(max))
        .refuses(
            json!({"conversation_id": id, "format": "csv"}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    assert!(
        exports_audited(&app).await.is_empty(),
        "a refused export is no entry"
    );

    call(&app, "export_transcript")
        .by(Some(mia.clone()))
        .answers(json!({"conversation_id": id, "format": "csv"}))
        .await;
    let entries = exports_audited(&app).await;
    assert_eq!(entries.len(), 1, "one export, one entry: {entries:#?}");
    let transcript = &entries[0];
    assert_eq!(transcript["actor"]["id"], mia.id());
    assert_eq!(transcript["conversation_id"], id);
    assert_eq!(transcript["action"]["what"], "transcript");
    assert_eq!(transcript["action"]["rows"], 5);

    call(&app, "export_report")
        .answers(json!({"filter": period(), "kind": "episodes"}))
        .await;
    let entries = exports_audited(&app).await;
    assert_eq!(entries.len(), 2, "{entries:#?}");
    let report = &entries[0];
    assert_eq!(report["action"]["what"], "report");
    assert_eq!(report["action"]["kind"], "episodes");
    assert_eq!(report["action"]["filters"]["from"], "2026-01-01T00:00:00Z");
    assert_eq!(
        report["action"]["file"],
        "report-2026-01-01-2026-01-01-episodes.csv"
    );
}
