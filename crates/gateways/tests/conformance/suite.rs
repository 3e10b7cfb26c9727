//! The checks every adapter must pass, generic over its [`Subject`].

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use switchboard_core::Engine;
use switchboard_core::api::{AddAccount, GetThread};
use switchboard_core::gateway::{CatalogSource, Connector, Gateway, SendError, WebhookRequest};
use switchboard_core::host::{Broadcast, Host, MemorySecrets, Notification, Notifier, SystemClock};
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phrase::{self, Phrase};
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;
use switchboard_gateways::Gateways;

use crate::{Fault, Sent, Subject, outgoing, text};

const PATIENCE: Duration = Duration::from_secs(5);

/// Whether a person can read `phrase` in their language: its key is one the gateways declare
/// (so the UI has a translation for it), never words with no translation.
fn declared(phrase: &Phrase) -> bool {
    !phrase.is(&phrase::VERBATIM)
        && switchboard_gateways::phrases()
            .iter()
            .any(|def| def.key == phrase.key)
}

async fn send<S: Subject>(subject: &S, gateway: &dyn Gateway, content: Content) -> Sent {
    let message = outgoing(&subject.customer(), content);
    let receipt = gateway
        .send(&message)
        .await
        .unwrap_or_else(|e| panic!("{:?} sends {:?}: {e}", subject.kind(), message.content));
    Sent { message, receipt }
}

pub async fn capabilities_match_what_is_offered<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    let caps = gateway.capabilities();
    assert_eq!(
        Gateways::new().capabilities(subject.kind()),
        Some(caps.clone()),
        "the connector must offer exactly what the adapter can do, so the UI offers only that"
    );
    let kinds: BTreeSet<_> = subject.samples().iter().map(Content::kind).collect();
    assert_eq!(
        kinds.contains("text"),
        caps.text,
        "text samples iff text is offered"
    );
    assert_eq!(
        kinds.contains("media"),
        !caps.media_types.is_empty(),
        "media samples iff media types are offered"
    );
    assert_eq!(
        kinds.contains("template"),
        caps.templates,
        "template samples iff templates are offered"
    );
    for mime in &caps.media_types {
        assert!(
            caps.max_media_bytes(mime).is_some_and(|max| max > 0),
            "every offered media type {mime} needs a size limit, so uploads are checked before \
             they are queued"
        );
    }
    for content in subject.samples() {
        if let Content::Media {
            mime: Some(mime), ..
        } = &content
        {
            assert!(
                caps.media_types.contains(mime),
                "a sample's type {mime} must be one the capabilities offer"
            );
        }
    }
    if caps.read_receipts {
        let events = subject
            .incoming(gateway.as_ref(), &subject.customer(), "Read me")
            .await
            .expect("a gateway that marks customers' messages read delivers them");
        let id = events
            .iter()
            .find_map(|e| match e {
                IngestEvent::Message(m) => Some(m.gateway_message_id.clone()),
                IngestEvent::Status(_) => None,
            })
            .expect("the customer's message");
        gateway.mark_read(&id).await.unwrap_or_else(|e| {
            panic!("read receipts are offered, so one for a customer's message is taken: {e}")
        });
        assert_eq!(
            subject.read_receipts(),
            [id],
            "the receipt reached the gateway, once"
        );
    }
}

pub async fn each_supported_kind_is_sent_exactly_once<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    for content in subject.samples() {
        let before = subject.accepted().len();
        let message = outgoing(&subject.customer(), content.clone());
        gateway
            .validate(&message)
            .unwrap_or_else(|e| panic!("the sample {content:?} is valid: {e}"));
        let sent = send(&subject, gateway.as_ref(), content.clone()).await;
        assert!(
            !sent.receipt.gateway_message_id.is_empty(),
            "a receipt names the gateway's message"
        );
        let accepted = subject.accepted();
        assert_eq!(
            accepted.len(),
            before + 1,
            "one send of {content:?} is one message at the gateway"
        );
        let last = accepted.last().expect("just accepted");
        assert_eq!(last.to, subject.customer().digits(), "sent to the customer");
        assert_eq!(last.kind, content.kind(), "sent as the kind it is");
    }
}

pub async fn what_cannot_be_sent_is_refused_before_it_is_queued<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    let caps = gateway.capabilities();
    let to = subject.customer();
    let too_long = "x".repeat(caps.max_text_len as usize + 1);
    let checks = [
        (
            caps.text,
            text(&too_long),
            "a text over the gateway's limit",
        ),
        (caps.text, text("   "), "a blank text"),
        (
            !caps.templates,
            Content::Template {
                id: "order_update".into(),
                params: vec!["1".into()],
                language: None,
                header: None,
                buttons: vec![],
                rendered: None,
            },
            "a template where the gateway has none",
        ),
        (
            caps.media_types.is_empty(),
            Content::Media {
                url: "https://example.com/a.jpg".into(),
                mime: Some("image/jpeg".into()),
                name: None,
                caption: None,
            },
            "media where the gateway takes none",
        ),
        (
            !caps.media_types.is_empty(),
            Content::Media {
                url: "https://example.com/a.exe".into(),
                mime: Some("application/x-msdownload".into()),
                name: Some("a.exe".into()),
                caption: None,
            },
            "a media type the gateway does not take",
        ),
        (
            !caps.media_types.is_empty(),
            Content::Media {
                url: "ftp://example.com/a.jpg".into(),
                mime: caps.media_types.first().cloned(),
                name: None,
                caption: None,
            },
            "media at an address the gateway cannot fetch",
        ),
    ];
    for (applies, content, what) in checks {
        if !applies {
            continue;
        }
        let error = gateway
            .validate(&outgoing(&to, content))
            .expect_err(&format!("{what} must be refused before it is queued"));
        assert!(
            error.0.text.len() > 10,
            "{what}: the refusal says why, in words: {error}"
        );
        assert!(
            declared(&error.0),
            "{what}: the refusal is a declared phrase the UI can translate: {:?}",
            error.0
        );
    }
}

pub async fn each_documented_error_reads_as_a_sentence<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    let errors = subject.documented_errors();
    assert!(!errors.is_empty(), "every gateway documents some errors");
    for documented in errors {
        let before = subject.accepted().len();
        let message = subject.provoke(&documented).await;
        let error = gateway
            .send(&message)
            .await
            .expect_err(&format!("{} must fail the send", documented.name));
        let (retryable, reason) = match &error {
            SendError::Retryable { reason, .. } => (true, reason.clone()),
            SendError::Rejected { reason, .. } => (false, reason.clone()),
            SendError::AnswerLost { .. } => {
                panic!(
                    "{}: a documented answer was not lost: {error:?}",
                    documented.name
                )
            }
        };
        assert_eq!(
            retryable, documented.retryable,
            "{}: retried iff sending again later may work; got {error:?}",
            documented.name
        );
        assert!(
            reason.text.to_lowercase().contains(&documented.says),
            "{}: the reason must say '{}', got '{reason}'",
            documented.name,
            documented.says
        );
        assert!(
            !reason.text.contains('{'),
            "{}: a person reads the reason, not the gateway's JSON: '{reason}'",
            documented.name
        );
        assert!(
            declared(&reason),
            "{}: the reason is a declared phrase, so the UI says it in the reader's language, \
             not the gateway's words alone: {reason:?}",
            documented.name
        );
        assert_eq!(
            subject.accepted().len(),
            before,
            "{}: a refused message is not accepted",
            documented.name
        );
    }
}

pub async fn wrong_credentials_are_a_clear_rejection<S: Subject>() {
    let subject = S::start().await;
    let Some((config, says)) = subject.wrong_credentials() else {
        return;
    };
    let gateway = subject.connect(config, PATIENCE);
    let error = gateway
        .send(&outgoing(&subject.customer(), text("hello")))
        .await
        .expect_err("wrong credentials fail the send");
    match &error {
        SendError::Rejected { reason, .. } => {
            assert!(
                reason.text.to_lowercase().contains(says),
                "the reason must say '{says}': {reason}"
            );
            assert!(
                declared(reason),
                "the refusal is a declared phrase: {reason:?}"
            );
        }
        other => panic!("wrong credentials will not get better by retrying: {other:?}"),
    }
    // Test connection finds the wrong credentials too, unless the gateway offers no way to
    // check them without sending a message, which it must then say.
    match gateway.check().await {
        Err(_) => {}
        Ok(said) => assert!(
            said.text.contains("checked on the first send"),
            "a check that cannot tell must not pass wrong credentials: '{said}'"
        ),
    }
}

pub async fn each_documented_status_is_mapped<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    for (wire, expected) in subject.documented_statuses() {
        let sent = send(&subject, gateway.as_ref(), text("status check")).await;
        let events = subject.report_status(gateway.as_ref(), &sent, &wire).await;
        let found = events.iter().any(|e| match e {
            IngestEvent::Status(s) => {
                s.change.status == expected
                    && (s.gateway_message_id == sent.receipt.gateway_message_id
                        || s.our_id.as_deref() == Some(sent.message.our_id.as_str()))
            }
            IngestEvent::Message(m) => {
                m.gateway_message_id == sent.receipt.gateway_message_id
                    && m.status.as_ref().is_some_and(|s| s.status == expected)
            }
        });
        assert!(
            found,
            "status '{wire}' must show as '{expected}' on the message it is about; got {events:#?}"
        );
        if expected.is_failure() {
            let readable = |r: &Phrase| r.text.len() > 5 && declared(r);
            let explained = events.iter().any(|e| match e {
                IngestEvent::Status(s) => s.change.reason.as_ref().is_some_and(readable),
                IngestEvent::Message(m) => m
                    .status
                    .as_ref()
                    .and_then(|s| s.reason.as_ref())
                    .is_some_and(readable),
            });
            assert!(
                explained,
                "a failure '{wire}' carries a reason people can read"
            );
        }
    }
}

#[derive(Default)]
struct Silent;

impl Notifier for Silent {
    fn notify(&self, _: &Notification) {}
}

/// A thread as people see it: each message's direction, text, status and status history.
type Snapshot = Vec<(Direction, String, Status, Vec<Status>)>;

async fn apply_and_read<S: Subject>(subject: &S, batches: &[Vec<IngestEvent>]) -> Snapshot {
    let dir = tempfile::tempdir().expect("a temp dir");
    let host = Host {
        secrets: Arc::new(MemorySecrets::default()),
        notifier: Arc::new(Silent),
        clock: Arc::new(SystemClock),
        events: Arc::new(Broadcast::new(64)),
    };
    let engine = Engine::open(
        &dir.path().join("switchboard.db"),
        host,
        Arc::new(Gateways::new()),
    )
    .expect("the engine opens a real SQLite file");
    let config = subject.config();
    let account = engine
        .add_account(
            &switchboard_core::access::Caller::local(),
            AddAccount {
                name: "Conformance".into(),
                gateway: config.kind,
                sender: config.sender.clone(),
                base_url: Some(config.base_url.clone()),
                options: Some(config.options.clone()),
                secret: config
                    .secret
                    .as_ref()
                    .map(|s| s.expose().to_owned())
                    .unwrap_or_default(),
            },
        )
        .await
        .expect("the account is added");
    for batch in batches {
        engine
            .ingest(account.id, batch.clone())
            .await
            .expect("events are stored");
    }
    let thread = engine
        .get_thread(
            &switchboard_core::access::Caller::local(),
            GetThread {
                conversation_id: None,
                phone: Some(subject.customer().e164().to_owned()),
                account_id: Some(account.id),
                limit: Some(500),
                ..GetThread::default()
            },
        )
        .await
        .expect("the customer's thread");
    thread
        .messages
        .into_iter()
        .map(|m| {
            let history = m.history.iter().map(|c| c.status.clone()).collect();
            (m.direction, m.text, m.status, history)
        })
        .collect()
}

/// A fixed shuffle (no randomness in tests): the order of `seed`'s permutation.
fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut keyed: Vec<(u64, T)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed;
            x ^= x >> 31;
            x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (x ^ (x >> 27), t.clone())
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, t)| t).collect()
}

pub async fn replays_and_reordering_leave_one_state<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    let sent = send(&subject, gateway.as_ref(), text("replay me")).await;
    // The outgoing message as the store knows it after the send's answer.
    let mut events = vec![IngestEvent::Message(GatewayMessage {
        gateway_message_id: sent.receipt.gateway_message_id.clone(),
        direction: Direction::Out,
        phone: sent.message.to.clone(),
        profile_name: None,
        content: sent.message.content.clone(),
        at: Timestamp::now(),
        status: Some(StatusChange {
            status: Status::Queued,
            at: Timestamp::now(),
            code: None,
            reason: None,
        }),
    })];
    let progress: Vec<String> = subject
        .documented_statuses()
        .into_iter()
        .filter(|(_, s)| matches!(s, Status::Sent | Status::Delivered | Status::Seen))
        .map(|(wire, _)| wire)
        .collect();
    assert!(!progress.is_empty(), "every gateway reports some progress");
    for wire in &progress {
        events.extend(subject.report_status(gateway.as_ref(), &sent, wire).await);
        // Gateways stamp statuses to the second or millisecond; keep them apart.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if let Some(incoming) = subject
        .incoming(gateway.as_ref(), &subject.customer(), "a reply to replay")
        .await
    {
        events.extend(incoming);
    }
    let singles: Vec<Vec<IngestEvent>> = events.iter().map(|e| vec![e.clone()]).collect();
    let reference = apply_and_read(&subject, &singles).await;
    let ours = reference
        .iter()
        .find(|(d, ..)| *d == Direction::Out)
        .expect("the sent message is in the thread");
    assert!(
        matches!(ours.2, Status::Sent | Status::Delivered | Status::Seen),
        "the sent message moved on from queued: {ours:?}"
    );
    for seed in 1..=3u64 {
        // Every event twice, in a shuffled order, one by one and in one batch.
        let mut twice = singles.clone();
        twice.extend(singles.iter().cloned());
        let replayed = apply_and_read(&subject, &shuffled(&twice, seed)).await;
        assert_eq!(
            sorted(&replayed),
            sorted(&reference),
            "replaying every event twice in shuffled order {seed} must leave the same thread"
        );
        let batch = vec![shuffled(&events, seed + 10)];
        let batched = apply_and_read(&subject, &batch).await;
        assert_eq!(
            sorted(&batched),
            sorted(&reference),
            "the same events in one batch must leave the same thread"
        );
    }
}

/// The snapshot in an order that does not depend on arrival: the thread orders by the
/// gateway's time, which is what it should show, but two events in the same millisecond may
/// tie.
fn sorted(snapshot: &Snapshot) -> Vec<String> {
    let mut rows: Vec<String> = snapshot
        .iter()
        .map(|(d, t, s, h)| {
            let mut h: Vec<&str> = h.iter().map(Status::as_str).collect();
            h.sort_unstable();
            format!("{d:?} {t} {s} {h:?}")
        })
        .collect();
    rows.sort();
    rows
}

/// Garbage and errors are tried again; a request that timed out may have reached the gateway,
/// so it is said to be lost (the outbox resends it only where the gateway knows a copy).
pub async fn garbage_and_timeouts_are_clear_retryable_errors<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), Duration::from_millis(800));
    for fault in subject.faults() {
        subject.inject(fault.clone());
        let error = gateway
            .send(&outgoing(&subject.customer(), text("through trouble")))
            .await
            .expect_err(&format!("{fault:?} fails the send"));
        let reason = match (&fault, &error) {
            // An HTTP gateway that answers too late may have the message; a phone that does
            // not pick its work up in time has not (the phone bridge hands it over once).
            (Fault::Delay(_), SendError::AnswerLost { reason }) => reason,
            (_, SendError::Retryable { reason, .. }) => reason,
            _ => panic!("{fault:?} may pass: the send must be tried again, got {error:?}"),
        };
        assert!(
            reason.text.len() > 10 && !reason.text.contains('{'),
            "{fault:?}: the reason is a sentence: '{reason}'"
        );
        assert!(
            declared(reason),
            "{fault:?}: the reason is a declared phrase: {reason:?}"
        );
        if let Fault::Delay(d) = fault {
            // Let the slow answer finish so it does not meet the next request.
            tokio::time::sleep(d).await;
        }
    }
}

/// Where an account's templates come from is what the adapter does: a gateway-kept catalog is
/// listed (names and languages, page by page); a registered one or none is refused with words
/// a person can read; templates are offered iff there is a catalog of either kind.
pub async fn the_template_catalog_is_where_capabilities_say<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    let caps = gateway.capabilities();
    assert_eq!(
        caps.templates,
        caps.template_catalog != CatalogSource::None,
        "templates are offered iff they come from somewhere"
    );
    let listed = gateway.list_templates(None).await;
    match caps.template_catalog {
        CatalogSource::Gateway => {
            let page = listed.unwrap_or_else(|e| {
                panic!("{:?} says it lists its templates: {e}", subject.kind())
            });
            assert!(!page.templates.is_empty(), "the simulator has a catalog");
            for t in &page.templates {
                assert!(
                    !t.spec.name.is_empty() && !t.spec.language.is_empty(),
                    "every listed template has a name and a language: {t:?}"
                );
            }
        }
        CatalogSource::Registered | CatalogSource::None => {
            let Err(SendError::Rejected { reason, .. }) = listed else {
                panic!(
                    "{:?} lists no templates, and says so: {listed:?}",
                    subject.kind()
                )
            };
            let known = switchboard_core::phrase::catalog()
                .iter()
                .chain(switchboard_gateways::phrases().iter())
                .any(|def| def.key == reason.key);
            assert!(
                known,
                "the refusal is a phrase the UI translates: {reason:?}"
            );
        }
    }
}

pub async fn malformed_webhooks_are_refused<S: Subject>() {
    let subject = S::start().await;
    let gateway = subject.connect(subject.config(), PATIENCE);
    let caps = gateway.capabilities();
    for endpoint in &caps.webhooks {
        for body in [&b"{not json"[..], b"", b"[1, 2, 3]", b"\"a string\""] {
            let request = WebhookRequest {
                method: "POST".into(),
                query: String::new(),
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.to_vec(),
            };
            match gateway.parse_webhook(endpoint, &request) {
                Err(e) => assert!(
                    e.to_string().len() > 10,
                    "{endpoint}: the refusal says why: {e}"
                ),
                Ok(outcome) => assert!(
                    outcome.events.is_empty(),
                    "{endpoint}: a malformed body {:?} must not become events: {outcome:?}",
                    String::from_utf8_lossy(body)
                ),
            }
        }
    }
    let unknown = WebhookRequest {
        method: "POST".into(),
        body: b"{}".to_vec(),
        ..WebhookRequest::default()
    };
    assert!(
        gateway.parse_webhook("no-such-endpoint", &unknown).is_err(),
        "an endpoint the gateway does not have is refused"
    );
}

/// Parses a phone the way tests write them.
pub fn phone(raw: &str) -> switchboard_core::phone::Phone {
    switchboard_core::phone::Phone::parse(raw).expect("a valid number")
}
