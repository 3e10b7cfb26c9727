//! exports: the report, a conversation's transcript and their audit through the API: who may
//! export what, tables the reader's UI words (labels, times as instants, activity lines as the
//! thread has them, numbers as numbers), and the English CSV the CLI writes from the same table
//! read by a spreadsheet as written (BOM, CRLF, quoting, formulas defused).

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, NotFound, Unauthorized};
use switchboard_core::export::ExportTable;
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

/// The English CSV's records as maps from the header's names.
fn rows(file: &str) -> Vec<BTreeMap<String, String>> {
    let mut records = records(file).into_iter();
    let header = records.next().expect("a header");
    records
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// An answered table, checked: every row as wide as its columns.
fn table(answer: &Value) -> ExportTable {
    let table: ExportTable =
        serde_json::from_value(answer.clone()).expect("an export answers a table");
    for row in &table.rows {
        assert_eq!(row.len(), table.columns.len(), "{row:?}");
    }
    table
}

/// The table's rows as maps from its column keys to cells (as JSON).
fn cells(answer: &Value) -> Vec<BTreeMap<String, Value>> {
    let columns: Vec<String> = serde_json::from_value(answer["columns"].clone()).expect("columns");
    answer["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let r = r.as_array().expect("a row");
            assert_eq!(
                r.len(),
                columns.len(),
                "a row as wide as the columns: {r:?}"
            );
            columns.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

/// The English CSV of an answered table, as the CLI writes it, by rows.
fn english(answer: &Value) -> Vec<BTreeMap<String, String>> {
    rows(&table(answer).csv())
}

fn label(key: &str) -> Value {
    json!({"kind": "label", "key": key})
}

fn int(value: i64) -> Value {
    json!({"kind": "integer", "value": value})
}

fn time(at: &str) -> Value {
    json!({"kind": "time", "at": at})
}

fn text(text: &str) -> Value {
    json!({"kind": "text", "text": text})
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
    let (id, mia) = handled_by_mia(&app).await;
    let answer = call(&app, "export_transcript")
        .answers(json!({"conversation_id": id, "format": "csv"}))
        .await;
    assert_eq!(
        answer["name"],
        format!("{id}-2026-01-01"),
        "a stem in no language"
    );
    let columns = [
        "time",
        "item",
        "direction",
        "author_kind",
        "author",
        "text",
        "status",
        "visibility",
    ];
    assert_eq!(answer["columns"], json!(columns));
    let rows = cells(&answer);
    let times = [
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:01:00Z",
        "2026-01-01T00:02:00Z",
        "2026-01-01T00:03:00Z",
        "2026-01-01T00:04:00Z",
    ];
    let seen: Vec<[Value; 4]> = rows
        .iter()
        .map(|r| ["time", "item", "author_kind", "visibility"].map(|c| r[c].clone()))
        .collect();
    let expected: Vec<[Value; 4]> = times
        .iter()
        .zip([
            ("message", "customer", "customer"),
            ("activity", "operator", "internal"),
            ("message", "operator", "customer"),
            ("note", "operator", "internal"),
            ("activity", "operator", "internal"),
        ])
        .map(|(at, (item, author, visibility))| {
            [time(at), label(item), label(author), label(visibility)]
        })
        .collect();
    assert_eq!(
        seen, expected,
        "messages, the note and the activity lines in time order, times as instants and the \
         closed words as labels"
    );
    let customer = &rows[0];
    assert_eq!(customer["direction"], label("in"));
    assert_eq!(customer["author"], text("Анна"), "the customer by name");
    assert_eq!(
        customer["text"],
        text("Здравствуйте, \"срочно\"\nнужна помощь")
    );
    assert_eq!(customer["status"], json!({"kind": "empty"}));

    // An activity line is the thread's own activity: the UI words it as the thread does.
    let assigned = &rows[1];
    assert_eq!(assigned["author"]["kind"], "operator");
    assert_eq!(assigned["author"]["operator"]["name"], "Me");
    assert_eq!(assigned["text"]["kind"], "activity");
    let change = &assigned["text"]["activity"]["change"];
    assert_eq!(change["kind"], "assigned");
    assert_eq!(change["to"], json!({"id": mia.id(), "name": "Mia"}));
    assert_eq!(assigned["text"]["activity"]["conversation_id"], id);

    let reply = &rows[2];
    assert_eq!(reply["direction"], label("out"));
    assert_eq!(
        reply["author"],
        json!({"kind": "operator", "operator": {"id": mia.id(), "name": "Mia"}})
    );
    assert_eq!(
        reply["text"],
        text("=2+2, мы поможем"),
        "the words as written: defusing is the CSV's"
    );
    assert_eq!(
        reply["status"],
        label("sent"),
        "the delivery status of a reply"
    );
    assert_eq!(rows[3]["text"], text("просит скидку"), "a note's own words");
    assert_eq!(rows[3]["status"], json!({"kind": "empty"}));
    let resolved = &rows[4];
    assert_eq!(resolved["status"], label("resolved"));
    assert_eq!(resolved["text"]["activity"]["change"]["kind"], "status");
    assert_eq!(resolved["text"]["activity"]["change"]["status"], "resolved");

    // The same table as the CLI's English CSV: the shape it always had.
    let text = table(&answer).csv();
    assert_eq!(records(&text)[0], columns);
    let lines = self::rows(&text);
    let seen: Vec<(&str, &str, &str, &str)> = lines
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
        "messages, the note and the activity lines in English; the operator's formula-like \
         text defused"
    );
    let english_times: Vec<&str> = lines.iter().map(|r| r["time"].as_str()).collect();
    assert_eq!(english_times, times, "times in RFC 3339, UTC");
    assert_eq!(lines[0]["author_kind"], "customer");
    assert_eq!(lines[0]["direction"], "in");
    assert_eq!(lines[2]["author_kind"], "operator");
    assert_eq!(lines[2]["direction"], "out");
    assert_eq!(lines[2]["status"], "sent");
    assert_eq!(lines[4]["status"], "resolved");
}

#[tokio::test]
async fn a_refused_reply_s_status_carries_the_gateway_s_reason_as_a_phrase() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    shop.gateway
        .script([Reply::rejected("470", "outside the 24-hour window")]);
    app.engine
        .ingest(
            shop.id,
            vec![incoming_named(
                "in-1",
                ANN,
                "Анна",
                "Привет",
                ManualClock::START,
            )],
        )
        .await
        .expect("stored");
    app.advance(Duration::from_secs(60));
    call(&app, "send_message")
        .answers(json!({"account_id": shop.id, "to": ANN,
                        "content": {"kind": "text", "text": "Добрый день"}}))
        .await;
    app.engine.send_next(shop.id).await.expect("a round");
    let page = call(&app, "list_conversations").answers(json!({})).await;
    let id = page["conversations"][0]["id"].as_i64().expect("an id");
    let answer = call(&app, "export_transcript")
        .answers(json!({"conversation_id": id, "format": "csv"}))
        .await;
    let rows = cells(&answer);
    let status = &rows[1]["status"];
    assert_eq!(status["kind"], "label");
    let key = status["key"].as_str().expect("a key");
    assert!(["failed", "rejected"].contains(&key), "{status}");
    let reason = &status["reason"];
    assert!(
        reason["key"].is_string() && reason["args"].is_object(),
        "the reason is a phrase the UI translates: {status}"
    );
    let text = reason["text"].as_str().expect("its English");
    assert_eq!(
        english(&answer)[1]["status"],
        format!("{key}: {text}"),
        "the English CSV: the status and why"
    );
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
    let answer = call(&app, "export_transcript")
        .answers(json!({"conversation_id": id, "format": "pdf"}))
        .await;
    let texts: Vec<Value> = cells(&answer)
        .into_iter()
        .map(|r| r["text"].clone())
        .collect();
    let expected: Vec<Value> = (0..1_203).map(|i| text(&format!("#{i}"))).collect();
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
    let answer = call(&app, "export_report")
        .answers(json!({"filter": period(), "kind": "operators"}))
        .await;
    assert_eq!(
        answer["name"], "2026-01-01-2026-01-01",
        "a stem in no language"
    );
    let columns = answer["columns"].as_array().expect("columns");
    assert_eq!(columns.len(), 3 + 4 * 2 * 3 + 8);
    assert_eq!(
        columns[..4],
        json!([
            "scope",
            "operator_id",
            "operator",
            "first_response_median_s"
        ])
        .as_array()
        .expect("keys")[..]
    );
    let rows = cells(&answer);
    assert_eq!(rows[0]["scope"], label("team"));
    assert_eq!(rows[0]["operator"], json!({"kind": "empty"}));
    let mine = rows
        .iter()
        .find(|r| r["operator_id"] == int(mia.id()))
        .expect("Mia's row");
    assert_eq!(mine["scope"], label("operator"));
    assert_eq!(
        mine["operator"],
        json!({"kind": "operator", "operator": {"id": mia.id(), "name": "Mia"}})
    );
    assert_eq!(
        mine["first_response_median_s"],
        int(120),
        "seconds as a number"
    );
    assert_eq!(mine["first_response_count"], int(1));
    assert_eq!(mine["resolved"], int(1));
    assert_eq!(mine["messages_sent"], int(1));
    assert_eq!(
        mine["missed_unassigned"],
        json!({"kind": "empty"}),
        "the team's alone: empty, not 0"
    );
    // The same figures as the report: one query path.
    let report = call(&app, "report").answers(period()).await;
    assert_eq!(
        rows[0]["handled"],
        int(report["team"]["handled"].as_i64().expect("a count")),
        "the table's team row is the report's"
    );

    // The CLI's English CSV of the same table.
    let csv = english(&answer);
    assert_eq!(csv[0]["scope"], "team");
    let mine = csv
        .iter()
        .find(|r| r["operator_id"] == mia.id().to_string())
        .expect("Mia's row");
    assert_eq!(mine["scope"], "operator");
    assert_eq!(mine["operator"], "Mia");
    assert_eq!(mine["first_response_median_s"], "120");
    assert_eq!(mine["missed_unassigned"], "");

    // A manager's export holds only their own figures.
    let mine_only = call(&app, "export_report")
        .by(Some(mia.clone()))
        .answers(json!({"filter": period(), "kind": "operators"}))
        .await;
    let ids: Vec<Value> = cells(&mine_only)
        .iter()
        .filter(|r| r["scope"] == label("operator"))
        .map(|r| r["operator_id"].clone())
        .collect();
    assert_eq!(ids, [int(mia.id())]);
}

#[tokio::test]
async fn the_episodes_export_has_a_row_per_episode() {
    let app = app().await;
    let (id, mia) = handled_by_mia(&app).await;
    let answer = call(&app, "export_report")
        .answers(json!({"filter": period(), "kind": "episodes"}))
        .await;
    assert_eq!(answer["name"], "2026-01-01-2026-01-01");
    let rows = cells(&answer);
    assert_eq!(rows.len(), 1, "one episode");
    let e = &rows[0];
    assert_eq!(e["conversation_id"], int(id));
    assert_eq!(e["contact"], text("Анна"));
    assert_eq!(e["started_at"], time("2026-01-01T00:00:00Z"), "an instant");
    assert_eq!(e["resolved_at"], time("2026-01-01T00:04:00Z"));
    assert_eq!(e["resolved_by_id"], int(mia.id()));
    assert_eq!(e["resolved_by"]["operator"]["name"], "Mia");
    assert_eq!(e["first_response_s"], int(120));
    assert_eq!(e["resolution_s"], int(240));
    assert_eq!(e["missed"], int(0));

    let csv = english(&answer);
    assert_eq!(
        records(&table(&answer).csv())[0][..4],
        ["conversation_id", "contact", "account", "started_at"]
    );
    assert_eq!(csv[0]["started_at"], "2026-01-01T00:00:00Z");
    assert_eq!(csv[0]["resolved_by"], "Mia");
    assert_eq!(csv[0]["resolution_s"], "240");
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
    assert_eq!(transcript["action"]["format"], "csv");
    assert_eq!(transcript["action"]["rows"], 5);

    // Printing is an export too, saying so.
    call(&app, "export_transcript")
        .by(Some(mia.clone()))
        .answers(json!({"conversation_id": id, "format": "pdf"}))
        .await;
    let entries = exports_audited(&app).await;
    assert_eq!(entries.len(), 2, "one print, one entry: {entries:#?}");
    assert_eq!(entries[0]["action"]["what"], "transcript");
    assert_eq!(entries[0]["action"]["format"], "pdf");

    call(&app, "export_report")
        .answers(json!({"filter": period(), "kind": "episodes"}))
        .await;
    let entries = exports_audited(&app).await;
    assert_eq!(entries.len(), 3, "{entries:#?}");
    let report = &entries[0];
    assert_eq!(report["action"]["what"], "report");
    assert_eq!(report["action"]["kind"], "episodes");
    assert_eq!(report["action"]["filters"]["from"], "2026-01-01T00:00:00Z");
    assert_eq!(report["action"]["name"], "2026-01-01-2026-01-01");
    assert_eq!(report["action"]["rows"], 1);
}
