//! What the fuzz targets (`fuzz/fuzz_targets/`) check, shared with the ordinary test that
//! replays their corpora (`tests/fuzz_corpus`), so that a regression is caught on any machine.
//!
//! Each check takes the fuzzer's bytes and panics when a property fails, which libFuzzer
//! reports as a crash and the replay test as a failure. Beyond "no panic":
//!
//! - parsing is deterministic: the same bytes read twice give the same events or error (time
//!   is passed in where a parser stamps "now");
//! - what is accepted is well formed: every event names its message, every phone number is
//!   already in its normal form, every reason has words;
//! - a secret never reaches a reason, whatever the answer around it;
//! - a wait a gateway asks for is at most [`MAX_RETRY_AFTER`].
//!
//! Bytes are read as the network gives them: a webhook's body as it came; an answer as two
//! bytes of HTTP status (big-endian) and its body, decoded as `reqwest` decodes text.

use std::sync::OnceLock;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Connector, Gateway, GatewayConfig, Secret, SendError, WebhookError, WebhookOutcome,
    WebhookRequest,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::phone::Phone;
use switchboard_core::phrase::{Phrase, PhraseArg};
use switchboard_core::time::Timestamp;

use crate::redact::{Answer, redact_all};
pub use crate::wire::MAX_RETRY_AFTER;

/// What a target checks of one input; panics when a property fails.
pub type Check = fn(&[u8]);

/// One check per fuzz target, by the target's name (its corpus is `fuzz/corpus/<name>/`).
pub const TARGETS: &[(&str, Check)] = &[
    ("devino_status", devino_status),
    ("devino_incoming", devino_incoming),
    ("decision_telecom_status", decision_telecom_status),
    ("rapporto_status", rapporto_status),
    ("meta_events", meta_events),
    ("meta_handshake", meta_handshake),
    ("phone_bridge_result", phone_bridge_result),
    ("phone_bridge_incoming", phone_bridge_incoming),
    ("phone_bridge_auth", phone_bridge_auth),
    ("devino_send", devino_send),
    ("decision_telecom_answer", decision_telecom_answer),
    ("rapporto_send", rapporto_send),
    ("meta_send", meta_send),
    ("wamm_answer", wamm_answer),
    ("retry_after", retry_after),
    ("phone", phone),
    ("sniff", sniff),
];

/// The secrets the fuzzed accounts hold: markup, quotes, spaces and escapes, nothing of
/// `<redacted>`'s letters (so that a cut-out secret cannot be put together again from it).
pub const SECRET: &str = "Q9{Z}[W] \"K%7/+\\\u{f6}xYz-_0123456789";
/// The Cloud API account's credentials.
pub const META_APP_SECRET: &str = "fuzz-app-secret";
pub const META_VERIFY_TOKEN: &str = "fuzz-verify-token";
pub const META_PHONE_NUMBER_ID: &str = "106540352242922";
/// A fixed "now" for parsers that stamp one.
pub const NOW: Timestamp = Timestamp::from_millis(1_700_000_000_000);

/// The adapters the checks read webhooks with, built once (one per fuzzing process).
struct Adapters {
    devino: std::sync::Arc<dyn Gateway>,
    decision_telecom: std::sync::Arc<dyn Gateway>,
    rapporto: std::sync::Arc<dyn Gateway>,
    meta: std::sync::Arc<dyn Gateway>,
    meta_other_token: std::sync::Arc<dyn Gateway>,
    phone_bridge: std::sync::Arc<dyn Gateway>,
}

/// The account settings each adapter is fuzzed with (also the engine target's accounts).
pub fn config(kind: GatewayKind) -> GatewayConfig {
    let (sender, base_url, secret, options) = match kind {
        GatewayKind::MetaCloud => (
            META_PHONE_NUMBER_ID,
            "https://graph.facebook.com/v21.0",
            meta_secret(META_VERIFY_TOKEN),
            serde_json::json!({}),
        ),
        GatewayKind::Rapporto => (
            "Shop",
            "https://rapporto.example/wa",
            SECRET.to_owned(),
            serde_json::json!({"login": "partner"}),
        ),
        _ => ("Shop", "", SECRET.to_owned(), serde_json::json!({})),
    };
    GatewayConfig {
        kind,
        base_url: base_url.to_owned(),
        sender: sender.to_owned(),
        secret: Some(Secret::new(secret)),
        options: options.as_object().cloned().unwrap_or_default(),
    }
}

fn meta_secret(verify_token: &str) -> String {
    serde_json::json!({
        "access_token": SECRET,
        "app_secret": META_APP_SECRET,
        "verify_token": verify_token,
    })
    .to_string()
}

fn adapters() -> &'static Adapters {
    static ADAPTERS: OnceLock<Adapters> = OnceLock::new();
    ADAPTERS.get_or_init(|| {
        let gateways = crate::Gateways::new();
        let connect = |config: GatewayConfig| {
            gateways
                .connect(config)
                .unwrap_or_else(|| panic!("every kind has an adapter"))
        };
        let mut other = config(GatewayKind::MetaCloud);
        other.secret = Some(Secret::new(meta_secret("another-verify-token")));
        Adapters {
            devino: connect(config(GatewayKind::Devino)),
            decision_telecom: connect(config(GatewayKind::DecisionTelecom)),
            rapporto: connect(config(GatewayKind::Rapporto)),
            meta: connect(config(GatewayKind::MetaCloud)),
            meta_other_token: connect(other),
            phone_bridge: connect(config(GatewayKind::PhoneBridge)),
        }
    })
}

/// A POST with `body`, as the engine hands it to an adapter.
pub fn post(body: &[u8], headers: Vec<(String, String)>) -> WebhookRequest {
    WebhookRequest {
        method: "POST".to_owned(),
        query: String::new(),
        headers,
        body: body.to_vec(),
    }
}

/// `X-Hub-Signature-256` for `body`, as Meta signs it: the parser behind the check is reached.
pub fn meta_signature(body: &[u8]) -> (String, String) {
    let mut mac = Hmac::<Sha256>::new_from_slice(META_APP_SECRET.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(body);
    (
        "x-hub-signature-256".to_owned(),
        format!("sha256={}", hex::encode(mac.finalize().into_bytes())),
    )
}

/// The phone's `Authorization` header.
pub fn phone_bearer() -> (String, String) {
    ("authorization".to_owned(), format!("Bearer {SECRET}"))
}

/// Parses twice through the adapter, checks both readings agree and what was accepted.
fn webhook(
    gateway: &dyn Gateway,
    endpoint: &str,
    request: &WebhookRequest,
) -> Result<WebhookOutcome, WebhookError> {
    let first = gateway.parse_webhook(endpoint, request);
    let second = gateway.parse_webhook(endpoint, request);
    assert_eq!(
        first.is_ok(),
        second.is_ok(),
        "the same request is read alike"
    );
    if let Ok(outcome) = &first {
        well_formed(&outcome.events);
    }
    first
}

/// What every accepted event must be.
pub fn well_formed(events: &[IngestEvent]) {
    for event in events {
        match event {
            IngestEvent::Message(m) => {
                assert!(
                    !m.gateway_message_id.trim().is_empty(),
                    "a message names itself: {m:?}"
                );
                assert_eq!(
                    Phone::parse(m.phone.e164()).as_ref(),
                    Ok(&m.phone),
                    "the number is in its normal form"
                );
            }
            IngestEvent::Status(s) => {
                assert!(
                    !s.gateway_message_id.trim().is_empty(),
                    "a status names its message: {s:?}"
                );
                if let Some(reason) = &s.change.reason {
                    has_words(reason);
                }
            }
        }
    }
}

fn has_words(phrase: &Phrase) {
    assert!(
        !phrase.key.is_empty() && !phrase.text.trim().is_empty(),
        "a reason has words: {phrase:?}"
    );
}

/// [`deterministic`], for a reading whose result is not needed further.
fn twice<T: PartialEq + std::fmt::Debug>(parse: impl Fn() -> T) {
    deterministic(parse);
}

/// Parses with a parser that takes the time, twice, and checks the readings are equal.
fn deterministic<T: PartialEq + std::fmt::Debug>(parse: impl Fn() -> T) -> T {
    let first = parse();
    assert_eq!(first, parse(), "the same bytes are read alike");
    first
}

pub fn devino_status(data: &[u8]) {
    let outcome = webhook(
        adapters().devino.as_ref(),
        "status",
        &post(data, Vec::new()),
    );
    let events = deterministic(|| crate::devino::status::parse(data));
    assert_eq!(outcome.map(|o| o.events), events);
}

pub fn devino_incoming(data: &[u8]) {
    let outcome = webhook(
        adapters().devino.as_ref(),
        "incoming",
        &post(data, Vec::new()),
    );
    let events = deterministic(|| crate::devino::incoming::parse(data));
    assert_eq!(outcome.map(|o| o.events), events);
}

pub fn decision_telecom_status(data: &[u8]) {
    let outcome = webhook(
        adapters().decision_telecom.as_ref(),
        "status",
        &post(data, Vec::new()),
    );
    let events = deterministic(|| crate::decision_telecom::status::parse_callback(data, NOW));
    assert_eq!(outcome.is_ok(), events.is_ok());
    if let Ok(events) = events {
        well_formed(&events);
    }
}

pub fn rapporto_status(data: &[u8]) {
    let outcome = webhook(
        adapters().rapporto.as_ref(),
        "status",
        &post(data, Vec::new()),
    );
    let events = deterministic(|| crate::rapporto::report::parse(data, NOW));
    assert_eq!(outcome.is_ok(), events.is_ok());
    if let Ok(events) = events {
        well_formed(&events);
    }
}

pub fn meta_events(data: &[u8]) {
    let signed = post(data, vec![meta_signature(data)]);
    let outcome = webhook(
        adapters().meta.as_ref(),
        crate::meta_cloud::ENDPOINT,
        &signed,
    );
    let events = deterministic(|| crate::meta_cloud::webhook::parse(META_PHONE_NUMBER_ID, data));
    assert_eq!(outcome.map(|o| o.events), events, "signed: read as it is");
    let unsigned = post(data, Vec::new());
    assert!(
        matches!(
            adapters()
                .meta
                .parse_webhook(crate::meta_cloud::ENDPOINT, &unsigned),
            Err(WebhookError::Unauthenticated(_))
        ),
        "nothing unsigned is read"
    );
}

/// `data` is the query string of Meta's subscription handshake.
pub fn meta_handshake(data: &[u8]) {
    let request = WebhookRequest {
        method: "GET".to_owned(),
        query: String::from_utf8_lossy(data).into_owned(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let ours = webhook(adapters().meta.as_ref(), "events", &request);
    if ours.is_ok() {
        assert!(
            adapters()
                .meta_other_token
                .parse_webhook("events", &request)
                .is_err(),
            "a handshake answered for one verify token is refused for another"
        );
    }
}

pub fn phone_bridge_result(data: &[u8]) {
    let request = post(data, vec![phone_bearer()]);
    let outcome = webhook(adapters().phone_bridge.as_ref(), "result", &request);
    let secret = Secret::new(SECRET);
    let event = deterministic(|| crate::phone_bridge::result::parse(data, Some(&secret), NOW));
    assert_eq!(outcome.is_ok(), event.is_ok());
    if let Ok(event) = event {
        well_formed(std::slice::from_ref(&event));
        if let IngestEvent::Status(report) = &event
            && let Some(reason) = &report.change.reason
        {
            no_secret(reason);
        }
    }
}

pub fn phone_bridge_incoming(data: &[u8]) {
    let request = post(data, vec![phone_bearer()]);
    let outcome = webhook(adapters().phone_bridge.as_ref(), "incoming", &request);
    let event = deterministic(|| crate::phone_bridge::incoming::parse(data, NOW));
    assert_eq!(outcome.is_ok(), event.is_ok());
    if let Ok(event) = event {
        well_formed(std::slice::from_ref(&event));
    }
}

/// `data` is the query string, then a new line and the `Authorization` header's value.
pub fn phone_bridge_auth(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (query, header) = text.split_once('\n').unwrap_or((&text, ""));
    let request = WebhookRequest {
        method: "GET".to_owned(),
        query: query.to_owned(),
        headers: if header.is_empty() {
            Vec::new()
        } else {
            vec![("authorization".to_owned(), header.to_owned())]
        },
        body: Vec::new(),
    };
    let secret = Secret::new(SECRET);
    let signed_in = crate::phone_bridge::authenticate(&request, Some(&secret)).is_ok();
    assert_eq!(
        signed_in,
        crate::phone_bridge::authenticate(&request, Some(&secret)).is_ok()
    );
    if signed_in {
        let other = Secret::new(format!("{SECRET}-another"));
        assert!(
            crate::phone_bridge::authenticate(&request, Some(&other)).is_err(),
            "a request signs in with one secret only"
        );
        let tokens = query
            .split('&')
            .filter(|pair| pair.split_once('=').is_some_and(|(k, _)| k == "token"))
            .count();
        assert!(tokens <= 1, "one try per request: {query}");
    }
}

/// An answer: two bytes of HTTP status, then the body.
pub fn answer(data: &[u8]) -> (u16, String) {
    match data {
        [high, low, body @ ..] => (
            u16::from_be_bytes([*high, *low]),
            String::from_utf8_lossy(body).into_owned(),
        ),
        _ => (200, String::from_utf8_lossy(data).into_owned()),
    }
}

/// The wait a fuzzed answer comes with (a `Retry-After` already read and capped).
const WAIT: Option<Duration> = Some(Duration::from_secs(7));

/// What production does with an error: the answer quoted without the secret, then the whole
/// reason redacted again. No form of the secret may remain.
fn settled<T>(result: Result<T, SendError>) -> Result<T, SendError> {
    result.map_err(|error| {
        let error = redact_all(error, &[SECRET]);
        no_secret(error.reason());
        if let SendError::Retryable {
            retry_after: Some(wait),
            ..
        } = &error
        {
            assert!(*wait <= MAX_RETRY_AFTER, "a wait of {wait:?}");
        }
        error
    })
}

/// Neither the secret nor what quoting leaves of it appears anywhere in `phrase`.
fn no_secret(phrase: &Phrase) {
    has_words(phrase);
    let quoted = crate::redact::without_markup(SECRET);
    let mut texts = vec![phrase.text.clone()];
    collect(phrase, &mut texts);
    for text in texts {
        assert!(
            !text.contains(SECRET) && !text.contains(&quoted),
            "a secret in a reason: {text}"
        );
    }
}

fn collect(phrase: &Phrase, texts: &mut Vec<String>) {
    for arg in phrase.args.values() {
        match arg {
            PhraseArg::Text(text) => texts.push(text.clone()),
            PhraseArg::Phrase(inner) => {
                texts.push(inner.text.clone());
                collect(inner, texts);
            }
        }
    }
}

pub fn devino_send(data: &[u8]) {
    let (status, body) = answer(data);
    twice(|| {
        settled(crate::devino::send::interpret(
            status,
            WAIT,
            Answer::new(&body, &[SECRET]),
        ))
    });
}

pub fn decision_telecom_answer(data: &[u8]) {
    let (status, body) = answer(data);
    let quotable = || Answer::new(&body, &[SECRET]);
    twice(|| {
        settled(crate::decision_telecom::send::interpret(
            status,
            WAIT,
            quotable(),
        ))
    });
    twice(|| {
        settled::<()>(Err(crate::decision_telecom::errors::interpret_error(
            status,
            WAIT,
            quotable(),
        )))
    });
    let found = deterministic(|| {
        settled(crate::decision_telecom::lookup::interpret_at(
            status,
            WAIT,
            quotable(),
            554,
            NOW,
        ))
    });
    if let Ok(Some(event)) = found {
        well_formed(&[event]);
    }
}

pub fn rapporto_send(data: &[u8]) {
    let (status, body) = answer(data);
    let quotable = || Answer::new(&body, &[SECRET]);
    twice(|| settled(crate::rapporto::send::interpret(status, WAIT, quotable())));
    twice(|| {
        settled(crate::rapporto::send::interpret_probe(
            status,
            WAIT,
            quotable(),
        ))
    });
}

pub fn meta_send(data: &[u8]) {
    let (status, body) = answer(data);
    let quotable = || Answer::new(&body, &[SECRET]);
    twice(|| settled(crate::meta_cloud::send::interpret(status, WAIT, quotable())));
    twice(|| {
        let error = settled::<()>(Err(crate::meta_cloud::send::error(
            status,
            WAIT,
            quotable(),
        )));
        let SendError::Retryable {
            retry_after: Some(wait),
            ..
        } = error.as_ref().err()?
        else {
            return None;
        };
        Some(*wait)
    });
    twice(|| settled::<()>(Err(crate::meta_cloud::send::check_not_json(quotable()))));
    // The body as Meta's usage header.
    let wait = deterministic(|| crate::meta_cloud::regain_access(&body));
    assert!(wait.is_none_or(|w| w <= MAX_RETRY_AFTER), "{wait:?}");
}

/// WAMM's answers: the call's verdict, a send's receipt, and a list's rows.
pub fn wamm_answer(data: &[u8]) {
    let (status, body) = answer(data);
    let verdict = deterministic(|| {
        crate::wamm::client::interpret(status, Answer::new(&body, &[SECRET])).map_err(|e| match e {
            crate::wamm::CallError::Transport(e) => match settled::<()>(Err(e)) {
                Err(e) => crate::wamm::CallError::Transport(e),
                Ok(()) => unreachable!("an error stays an error"),
            },
            gateway => gateway,
        })
    });
    let Ok(answer) = verdict else { return };
    twice(|| settled(crate::wamm::receipt(&answer)));
    let zone = jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(3));
    let rows = deterministic(|| crate::wamm::history::rows(&answer, &zone, NOW));
    let events: Vec<IngestEvent> = rows
        .iter()
        .map(|row| IngestEvent::Message(row.event()))
        .collect();
    well_formed(&events);
}

/// `data` is a `Retry-After` value.
pub fn retry_after(data: &[u8]) {
    let value = String::from_utf8_lossy(data);
    let now = jiff::Timestamp::from_second(1_700_000_000)
        .unwrap_or_else(|_| unreachable!("a time in range"));
    let wait = deterministic(|| crate::wire::retry_after_value(&value, now));
    assert!(
        wait.is_none_or(|w| w <= MAX_RETRY_AFTER),
        "{value}: {wait:?}"
    );
}

/// Phone number normalisation: a number parsed is in its normal form, and parsing that form
/// again gives the same number.
pub fn phone(data: &[u8]) {
    let raw = String::from_utf8_lossy(data);
    let parsed = deterministic(|| Phone::parse(&raw));
    if let Ok(phone) = parsed {
        let e164 = phone.e164();
        assert!(e164.starts_with('+'), "{e164}");
        assert!(
            (8..=15).contains(&phone.digits().len())
                && phone.digits().bytes().all(|b| b.is_ascii_digit()),
            "{e164}"
        );
        assert_eq!(Phone::parse(e164).as_ref(), Ok(&phone), "idempotent");
    }
}

/// Media type sniffing, and the file name a file is saved under: a type always, a name that is
/// safe on any disk always.
pub fn sniff(data: &[u8]) {
    let mime = deterministic(|| switchboard_core::media::sniff(data));
    assert!(mime.contains('/') && mime.is_ascii(), "{mime}");
    let name = String::from_utf8_lossy(data.get(..data.len().min(120)).unwrap_or_default());
    for claimed in [Some(name.as_ref()), None] {
        let safe = deterministic(|| switchboard_core::media::safe_file_name(claimed, &mime));
        assert!(
            !safe.is_empty()
                && !safe.starts_with('.')
                && safe.contains('.')
                && safe.len() <= 80
                && safe
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
            "{claimed:?} as {mime}: {safe}"
        );
    }
}
