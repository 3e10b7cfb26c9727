//! Delivery reports posted to the message's `notifyUrl`.
//!
//! Rapporto's page leaves the report's body to a separate "Delivery Status Service" document,
//! so we accept the shapes such services send: one JSON object or an array of them, each with
//!
//! - Rapporto's message number as `mtNum` (or `messageId`, `msgId`), a string or a number;
//! - our message id, which we sent as the partner-side `id`, as `id` (or `partnerId`);
//!   the page says Rapporto "optionally returns this ID ... in the message delivery report";
//! - the status word as `status` (or `state`);
//! - the time as `time` (or `ts`, `doneDate`, `statusTime`, `date`): milliseconds or seconds
//!   since the epoch, RFC 3339, `2019-05-10T16:29:30+0300` (the page's own style) or
//!   `2019-05-10 16:29:30`, read as Moscow time (UTC+3), the page's default zone (also when
//!   it says so: `2019-05-10 16:29:30 МСК`, `MSK`);
//! - optionally `errorCode` (0 or empty means none) and `errorDescription` (or `error`).
//!
//! A report must name the message one way or the other; one that carries only `id` is matched
//! by our id (the engine does that until the send's answer gave the message its number).

use serde_json::{Map, Value};
use switchboard_core::gateway::WebhookError;
use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;

use super::phrases;

const GATEWAY_ID_FIELDS: &[&str] = &["mtNum", "messageId", "msgId"];
const OUR_ID_FIELDS: &[&str] = &["id", "partnerId"];
const STATUS_FIELDS: &[&str] = &["status", "state"];
const TIME_FIELDS: &[&str] = &["time", "ts", "doneDate", "statusTime", "date"];
const REASON_FIELDS: &[&str] = &["errorDescription", "error"];
/// Times without a zone are Moscow time: the page's schedule is "UTC+3" unless told otherwise.
const MOSCOW_OFFSET: &str = "+03:00";
/// Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138).
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// All or nothing: one report we cannot read refuses the whole request, so that Rapporto posts
/// it again rather than us silently keeping part of it. A report without a time is stamped
/// `now` (as observed).
pub fn parse(body: &[u8], now: Timestamp) -> Result<Vec<IngestEvent>, WebhookError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("the delivery report is not JSON ({e})")))?;
    match value {
        Value::Object(fields) => Ok(vec![report(&fields, now).map_err(malformed)?]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(fields) => {
                    report(fields, now).map_err(|what| malformed(format!("report [{i}]: {what}")))
                }
                _ => Err(malformed(format!("report [{i}] is not a JSON object"))),
            })
            .collect(),
        _ => Err(malformed(
            "the delivery report must be a JSON object or an array of them".to_owned(),
        )),
    }
}

fn report(fields: &Map<String, Value>, now: Timestamp) -> Result<IngestEvent, String> {
    let gateway_id = first_id(fields, GATEWAY_ID_FIELDS)?;
    let our_id = first_id(fields, OUR_ID_FIELDS)?;
    // With no message number, our id stands in: it is matched through `our_id`.
    let gateway_message_id = match (gateway_id, &our_id) {
        (Some(id), _) => id,
        (None, Some(ours)) => ours.clone(),
        (None, None) => {
            return Err("names no message (no 'mtNum', 'messageId' or 'id')".to_owned());
        }
    };
    let word = status_word(fields)?;
    let status = status_of(&word);
    let (at, observed) = match time(fields)? {
        Some(at) => (at, false),
        // No time from Rapporto: now, marked as observed so a replay is not a new change.
        None => (now, true),
    };
    let code = error_code(fields.get("errorCode"));
    let description = REASON_FIELDS
        .iter()
        .find_map(|f| fields.get(*f).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let reason = match (description, &code) {
        (Some(description), _) => Some(phrases::REPORT_SAID.with("description", description)),
        (None, Some(code)) => Some(phrases::REPORT_CODE.with("code", code)),
        // A failure with no code still needs words: the manager must know it did not go out.
        (None, None) if status.is_failure() => {
            Some(phrases::REPORT_NO_REASON.with("status", word.to_lowercase()))
        }
        (None, None) => None,
    };
    Ok(IngestEvent::Status(StatusReport {
        gateway_message_id,
        our_id,
        change: StatusChange {
            status,
            at,
            code,
            reason,
        },
        retry: false,
        observed,
    }))
}

/// The words delivery services use, SMPP's short forms included (Rapporto also sends SMS).
/// A word we do not know is kept as it came.
pub fn status_of(word: &str) -> Status {
    match word.trim().to_ascii_uppercase().as_str() {
        // Taken by Rapporto but not yet handed to WhatsApp.
        "QUEUED" | "ENQUEUED" | "SCHEDULED" | "ACCEPTED" | "ACCEPTD" | "PENDING" => Status::Queued,
        "SENT" | "ENROUTE" | "SUBMITTED" => Status::Sent,
        "DELIVERED" | "DELIVRD" => Status::Delivered,
        "READ" | "SEEN" | "VIEWED" => Status::Seen,
        "UNDELIVERED" | "UNDELIV" | "NOT_DELIVERED" | "FAILED" | "EXPIRED" | "DELETED"
        | "ERROR" => Status::Failed,
        "REJECTED" | "REJECTD" => Status::Rejected,
        _ => Status::Other(word.trim().to_owned()),
    }
}

/// The first of `names` that is present, as text; a present one that is not an id is an error.
fn first_id(fields: &Map<String, Value>, names: &[&str]) -> Result<Option<String>, String> {
    for name in names {
        match fields.get(*name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.trim().is_empty() => {}
            Some(Value::String(s)) => return Ok(Some(s.trim().to_owned())),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => return Ok(Some(n.to_string())),
            Some(other) => return Err(format!("has a '{name}' that is not an id: {other}")),
        }
    }
    Ok(None)
}

fn status_word(fields: &Map<String, Value>) -> Result<String, String> {
    for name in STATUS_FIELDS {
        match fields.get(*name) {
            Some(Value::String(s)) if !s.trim().is_empty() => return Ok(s.trim().to_owned()),
            // A numeric status has no documented meaning: kept as it came.
            Some(Value::Number(n)) => return Ok(n.to_string()),
            _ => {}
        }
    }
    Err("has no 'status'".to_owned())
}

/// The report's time, if it gives one; a time we cannot read is an error, not "now".
fn time(fields: &Map<String, Value>) -> Result<Option<Timestamp>, String> {
    let Some((name, value)) = TIME_FIELDS
        .iter()
        .find_map(|f| fields.get(*f).filter(|v| !v.is_null()).map(|v| (*f, v)))
    else {
        return Ok(None);
    };
    let read = match value {
        Value::Number(n) => n.as_i64().map(epoch),
        Value::String(s) => parse_time(s.trim()),
        _ => None,
    };
    read.map(Some)
        .ok_or_else(|| format!("has a '{name}' that is not a time: {value}"))
}

fn epoch(n: i64) -> Timestamp {
    // `unsigned_abs`: `abs` of i64::MIN overflows (a panic in debug builds).
    if n.unsigned_abs() < MILLIS_THRESHOLD.unsigned_abs() {
        Timestamp::from_millis(n.saturating_mul(1000))
    } else {
        Timestamp::from_millis(n)
    }
}

/// The textual forms in the module docs, and Moscow time named rather than numbered
/// (`2019-05-10 16:29:30 МСК`). Anything else is `None`, never a panic: the text is Rapporto's.
pub fn parse_time(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().map(epoch);
    }
    if let Some(local) = moscow_named(s) {
        return Timestamp::parse_rfc3339(&format!(
            "{}{MOSCOW_OFFSET}",
            local.replacen(' ', "T", 1)
        ));
    }
    let s = s.replacen(' ', "T", 1);
    if let Some(t) = Timestamp::parse_rfc3339(&s) {
        return Some(t);
    }
    if let Some(t) = colon_offset(&s).and_then(|s| Timestamp::parse_rfc3339(&s)) {
        return Some(t);
    }
    // No zone at all.
    Timestamp::parse_rfc3339(&format!("{s}{MOSCOW_OFFSET}"))
}

/// The wall time before a trailing `МСК` or `MSK` (Moscow time), if the text ends so.
fn moscow_named(s: &str) -> Option<&str> {
    let head = s
        .strip_suffix("МСК")
        .or_else(|| s.strip_suffix("MSK"))
        .or_else(|| s.strip_suffix("msk"))?;
    let local = head.trim_end();
    (local.len() < head.len()).then_some(local)
}

/// `...+0300` -> `...+03:00`. The zone is the text's last five bytes only when they are ASCII:
/// a byte index into someone else's text must land on a character boundary.
fn colon_offset(s: &str) -> Option<String> {
    let head = s.get(..s.len().checked_sub(5)?)?;
    let zone = &s[head.len()..];
    let digits = zone.strip_prefix(['+', '-'])?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = digits.split_at(2);
    let sign = &zone[..1];
    Some(format!("{head}{sign}{hours}:{minutes}"))
}

/// `errorCode` as text; 0 or empty means none.
fn error_code(value: Option<&Value>) -> Option<String> {
    let code = match value? {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    (!code.is_empty() && code != "0").then_some(code)
}

fn malformed(message: String) -> WebhookError {
    WebhookError::Malformed(message)
}

#[cfg(test)]
mod tests {
    use switchboard_core::ingest::{IngestEvent, StatusReport};
    use switchboard_core::status::Status;
    use switchboard_core::time::Timestamp;

    use super::{parse, parse_time, status_of};

    fn reports(body: &str) -> Vec<StatusReport> {
        parse(body.as_bytes(), Timestamp::now())
            .unwrap_or_else(|e| panic!("{body} parses: {e}"))
            .into_iter()
            .map(|e| match e {
                IngestEvent::Status(s) => s,
                other => panic!("a report is a status: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_report_names_the_message_number_and_our_id() {
        let [one] = reports(
            r#"{"mtNum": "107930572", "id": "our-1", "status": "DELIVERED",
                "time": 1700000000123, "errorCode": 0}"#,
        )
        .try_into()
        .expect("one report");
        assert_eq!(one.gateway_message_id, "107930572");
        assert_eq!(one.our_id.as_deref(), Some("our-1"));
        assert_eq!(one.change.status, Status::Delivered);
        assert_eq!(one.change.at, Timestamp::from_millis(1_700_000_000_123));
        assert_eq!(one.change.code, None);
        assert!(!one.observed);

        let [numeric] = reports(r#"[{"messageId": 107930572, "state": "READ", "ts": 1700000000}]"#)
            .try_into()
            .expect("one report");
        assert_eq!(numeric.gateway_message_id, "107930572");
        assert_eq!(numeric.our_id, None);
        assert_eq!(numeric.change.status, Status::Seen);
        assert_eq!(
            numeric.change.at,
            Timestamp::from_millis(1_700_000_000_000),
            "seconds"
        );
    }

    #[test]
    fn a_report_with_only_our_id_reconciles_by_it() {
        let [only] = reports(r#"{"id": "our-7", "status": "SENT"}"#)
            .try_into()
            .expect("one report");
        assert_eq!(only.our_id.as_deref(), Some("our-7"));
        assert_eq!(only.gateway_message_id, "our-7");
        assert!(only.observed, "no time given: now, as observed");
    }

    #[test]
    fn failures_carry_words_and_unknown_words_are_kept() {
        let [failed] = reports(
            r#"{"mtNum": "1", "status": "UNDELIVERED", "errorCode": "17",
                "errorDescription": "Subscriber is not a WhatsApp user"}"#,
        )
        .try_into()
        .expect("one");
        assert_eq!(failed.change.status, Status::Failed);
        assert_eq!(failed.change.code.as_deref(), Some("17"));
        let reason = failed.change.reason.expect("a failure says why");
        assert_eq!(
            reason.text,
            "Rapporto says: Subscriber is not a WhatsApp user"
        );
        assert_eq!(
            reason.arg_text("description").as_deref(),
            Some("Subscriber is not a WhatsApp user"),
            "Rapporto's own words, inside a sentence of ours"
        );
        let [bare] = reports(r#"{"mtNum": "1", "status": "EXPIRED"}"#)
            .try_into()
            .expect("one");
        assert!(
            bare.change
                .reason
                .is_some_and(|r| r.text.contains("expired"))
        );
        for (word, status) in [
            ("DELIVRD", Status::Delivered),
            ("UNDELIV", Status::Failed),
            ("REJECTD", Status::Rejected),
            ("ENROUTE", Status::Sent),
            ("accepted", Status::Queued),
            ("CLICKED", Status::Other("CLICKED".to_owned())),
        ] {
            assert_eq!(status_of(word), status, "{word}");
        }
        let [numbered] = reports(r#"{"mtNum": "1", "status": 3}"#)
            .try_into()
            .expect("one");
        assert_eq!(numbered.change.status, Status::Other("3".to_owned()));
    }

    #[test]
    fn report_times_in_the_pages_styles() {
        let utc = Timestamp::parse_rfc3339("2019-05-10T13:29:30Z").expect("rfc3339");
        for s in [
            "2019-05-10T16:29:30+0300",
            "2019-05-10T16:29:30+03:00",
            "2019-05-10 16:29:30",
            "2019-05-10T13:29:30Z",
            "1557494970",
        ] {
            assert_eq!(parse_time(s), Some(utc), "{s}");
        }
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn moscow_time_named_in_russian_or_latin_letters_is_read_not_a_panic() {
        let utc = Timestamp::parse_rfc3339("2019-05-10T13:29:30Z").expect("rfc3339");
        for s in [
            "2019-05-10 16:29:30 МСК",
            "2019-05-10T16:29:30 MSK",
            "2019-05-10 16:29:30 msk",
        ] {
            assert_eq!(parse_time(s), Some(utc), "{s}");
        }
        // Texts whose last five bytes split a character: each is refused, none panics.
        for s in [
            "2019-05-10 16:29:30 МСК+",
            "2019-05-10 16:29:30 Москва",
            "МСК",
            "ёёё",
            "2019-05-10 16:29:30 +03ё",
            "+0300",
        ] {
            assert_eq!(parse_time(s), None, "{s}");
        }
        let [named] =
            reports(r#"{"mtNum": "1", "status": "SENT", "time": "2019-05-10 16:29:30 МСК"}"#)
                .try_into()
                .expect("one report");
        assert_eq!(named.change.at, utc);
    }

    #[test]
    fn extreme_epoch_numbers_are_times_not_panics() {
        for (time, millis) in [
            ("-9223372036854775808", i64::MIN),
            ("9223372036854775807", i64::MAX),
            ("-1", -1000),
            ("-99999999999", -99_999_999_999_000),
            ("-100000000000", -100_000_000_000),
        ] {
            let [one] = reports(&format!(
                r#"{{"mtNum": "1", "status": "SENT", "time": {time}}}"#
            ))
            .try_into()
            .expect("one report");
            assert_eq!(one.change.at, Timestamp::from_millis(millis), "{time}");
        }
        assert_eq!(
            parse_time("9223372036854775808"),
            None,
            "beyond i64 is not a time"
        );
    }

    #[test]
    fn unreadable_reports_are_refused_whole() {
        for body in [
            "",
            "{not json",
            "\"a string\"",
            "[1, 2]",
            r#"{"status": "DELIVERED"}"#,
            r#"{"mtNum": "1"}"#,
            r#"[{"mtNum": "1", "status": "SENT"}, {"mtNum": "2"}]"#,
            r#"{"mtNum": "1", "status": "SENT", "time": "soon"}"#,
            r#"{"mtNum": {"x": 1}, "status": "SENT"}"#,
        ] {
            let error = parse(body.as_bytes(), Timestamp::now()).expect_err(body);
            assert!(error.to_string().len() > 10, "{body}: {error}");
        }
        assert_eq!(parse(b"[]", Timestamp::now()).map(|e| e.len()), Ok(0));
    }
}
