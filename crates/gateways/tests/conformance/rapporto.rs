//! Rapporto: sends carry our id as the partner-side `id`; delivery reports arrive by webhook;
//! no incoming messages are documented.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Gateway, GatewayConfig, OutgoingMessage, Secret, SendError};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_simulator::rapporto::{
    self, InstantContent, RapportoConfig, RapportoHandle, RapportoSimulator,
};

use crate::suite::phone;
use crate::{
    Accepted, DocumentedError, Fault, Sent, Subject, json_post, media, outgoing, statuses, text,
    wire_word,
};

const LOGIN: &str = "conformance-partner";
const PASSWORD: &str = "conformance-password";
const SENDER: &str = "MyCompany";

pub struct Rapporto(RapportoHandle);

async fn simulator(step: Duration) -> RapportoHandle {
    RapportoSimulator::start(RapportoConfig {
        login: LOGIN.to_owned(),
        password: PASSWORD.to_owned(),
        service_numbers: vec![SENDER.to_owned()],
        step,
        duplicate_control: true,
        allowed_ips: None,
    })
    .await
    .expect("the simulator binds 127.0.0.1:0")
}

fn account(sim: &RapportoHandle) -> GatewayConfig {
    let mut options = serde_json::Map::new();
    options.insert("login".to_owned(), LOGIN.into());
    options.insert("ttl".to_owned(), "2880".into());
    GatewayConfig {
        kind: GatewayKind::Rapporto,
        base_url: sim.base_url().to_owned(),
        sender: SENDER.to_owned(),
        secret: Some(Secret::new(PASSWORD)),
        options,
    }
}

#[async_trait::async_trait]
impl Subject for Rapporto {
    async fn start() -> Self {
        // Reports are made on the suite's demand, not on the simulator's schedule.
        Self(simulator(Duration::from_secs(3600)).await)
    }

    fn config(&self) -> GatewayConfig {
        account(&self.0)
    }

    fn wrong_credentials(&self) -> Option<(GatewayConfig, &'static str)> {
        let mut config = self.config();
        config.secret = Some(Secret::new("not-the-password"));
        Some((config, "password"))
    }

    fn samples(&self) -> Vec<Content> {
        vec![
            text("Hello from the conformance suite"),
            media("https://example.com/a.jpg", "image/jpeg", None),
            media("https://example.com/a.png", "image/png", None),
        ]
    }

    fn accepted(&self) -> Vec<Accepted> {
        self.0
            .sent()
            .into_iter()
            .map(|m| Accepted {
                to: m.to,
                kind: match m.content {
                    InstantContent::Text(_) => "text",
                    InstantContent::ImageUrl(_) => "media",
                },
            })
            .collect()
    }

    fn inject(&self, fault: Fault) {
        self.0.inject(match fault {
            Fault::Status(code) => rapporto::Fault::Status(code),
            Fault::Garbage => rapporto::Fault::Garbage,
            Fault::Delay(d) => rapporto::Fault::Delay(d),
        });
    }

    fn documented_errors(&self) -> Vec<DocumentedError> {
        vec![
            DocumentedError::new("code 1 (HTTP 503)", true, "unavailable"),
            DocumentedError::new("code 2 (HTTP 403)", false, "allowed ip addresses"),
            DocumentedError::new("code 3 (HTTP 429)", true, "too many connections"),
            DocumentedError::new("code 4 (HTTP 400)", false, "message is too long"),
            DocumentedError::new("code 5 (HTTP 401)", false, "login"),
            DocumentedError::new("code 6 (HTTP 401)", false, "password"),
            DocumentedError::new("code 7 (HTTP 400)", false, "sender"),
            DocumentedError::new("code 8 (HTTP 406)", false, "phone number"),
            DocumentedError::new("code 9 (HTTP 406)", false, "enable whatsapp"),
            DocumentedError::new("code 10 (HTTP 409)", false, "already accepted"),
            DocumentedError::new("code 11 (HTTP 406)", false, "lifetime"),
            DocumentedError::new("code 100 (HTTP 500)", true, "internal error"),
        ]
    }

    async fn provoke(&self, error: &DocumentedError) -> OutgoingMessage {
        let code: u16 = error
            .name
            .strip_prefix("code ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("named 'code N (...)'");
        match code {
            // What the simulator finds wrong by itself.
            4 => outgoing(&self.customer(), text(&"x".repeat(1001))),
            8 => outgoing(&phone("+123456789"), text("hi")),
            1 => self.with(rapporto::Fault::Status(503)),
            3 => self.with(rapporto::Fault::Status(429)),
            100 => self.with(rapporto::Fault::Status(500)),
            // What this account cannot get wrong on its own: the simulator answers it.
            other => self.with(rapporto::Fault::Error(other)),
        }
    }

    fn documented_statuses(&self) -> Vec<(String, Status)> {
        // The page documents no report; these are the words the adapter accepts.
        statuses(&[
            ("ENQUEUED", Status::Queued),
            ("SENT", Status::Sent),
            ("DELIVERED", Status::Delivered),
            ("DELIVRD", Status::Delivered),
            ("READ", Status::Seen),
            ("UNDELIVERED:1", Status::Failed),
            ("EXPIRED:2", Status::Failed),
            ("REJECTED", Status::Rejected),
            ("SOMETHING_NEW", Status::Other("SOMETHING_NEW".into())),
        ])
    }

    async fn report_status(
        &self,
        gateway: &dyn Gateway,
        sent: &Sent,
        wire: &str,
    ) -> Vec<IngestEvent> {
        let (word, code) = wire_word(wire);
        let code = code.map_or(0, |c| c.parse().expect("a code"));
        let body = self
            .0
            .report(&sent.receipt.gateway_message_id, word, code)
            .expect("the simulator accepted the message");
        gateway
            .parse_webhook("status", &json_post(&body))
            .expect("the simulator's report parses")
            .events
    }

    async fn incoming(&self, _: &dyn Gateway, _: &Phone, _: &str) -> Option<Vec<IngestEvent>> {
        // Rapporto's WhatsApp page documents no incoming messages.
        None
    }
}

impl Rapporto {
    fn with(&self, fault: rapporto::Fault) -> OutgoingMessage {
        self.0.inject(fault);
        outgoing(&self.customer(), text("hi"))
    }
}

conformance!(Rapporto);

fn connect(config: GatewayConfig, timeout: Duration) -> Arc<dyn Gateway> {
    use switchboard_core::gateway::Connector;
    switchboard_gateways::Gateways::with_timeout(timeout)
        .connect(config)
        .expect("this build has the Rapporto adapter")
}

fn customer() -> Phone {
    // A Russian number as managers type it.
    phone("8 (903) 123-45-67")
}

/// Waits (bounded) until `done` holds; the simulator finishes a delayed request on its own.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    switchboard_test_support::eventually(what, async || done().then_some(())).await;
}

#[tokio::test]
async fn a_send_retried_after_a_timeout_is_delivered_once_under_the_same_number() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let gateway = connect(account(&sim), Duration::from_millis(500));
    let message = outgoing(&customer(), text("sent through a timeout"));
    // Rapporto takes the first attempt but answers only after we gave up waiting.
    sim.inject(rapporto::Fault::Delay(Duration::from_millis(1500)));
    let first = gateway
        .send(&message)
        .await
        .expect_err("the answer came too late");
    assert!(
        matches!(&first, SendError::AnswerLost { reason } if reason.text.contains("did not answer")),
        "a timeout loses the answer (Rapporto de-duplicates, so the outbox asks again): {first:?}"
    );
    let receipt = gateway.send(&message).await.expect("the retry is answered");
    eventually("both attempts are answered", || sim.answers().len() == 2).await;

    let sent = sim.sent();
    assert_eq!(
        sent.len(),
        1,
        "two attempts with one id are one message: {sent:?}"
    );
    assert_eq!(sent[0].partner_id.as_deref(), Some(message.our_id.as_str()));
    assert_eq!(sent[0].to, "79031234567", "8 (903) ... went out as 7903...");
    assert_eq!(
        sent[0].ttl_minutes,
        Some(2880),
        "the account's ttl went along"
    );
    assert_eq!(
        receipt.gateway_message_id, sent[0].mt_num,
        "the retry answers the first attempt's message number"
    );
    let answers = sim.answers();
    assert!(
        answers.iter().all(|a| a.mt_num == sent[0].mt_num),
        "every answer names the one message: {answers:?}"
    );
    assert_eq!(answers.iter().filter(|a| a.repeated).count(), 1);
}

#[tokio::test]
async fn without_duplicate_control_a_repeat_is_refused_and_not_sent_twice() {
    let sim = simulator(Duration::from_secs(3600)).await;
    sim.set_duplicate_control(false);
    let gateway = connect(account(&sim), Duration::from_secs(5));
    let message = outgoing(&customer(), text("once"));
    gateway
        .send(&message)
        .await
        .expect("the first attempt is accepted");
    let error = gateway.send(&message).await.expect_err("code 10");
    match error {
        SendError::Rejected { code, reason } => {
            assert_eq!(code.as_deref(), Some("duplicate"));
            assert!(reason.text.contains("most likely sent"), "{reason}");
            assert_eq!(reason.key, "rapporto.error.10");
        }
        other => panic!("sending again would meet code 10 again: {other:?}"),
    }
    assert_eq!(sim.sent().len(), 1);
}

/// A webhook receiver that refuses its first request, then records what it is sent.
async fn receiver() -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let got: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    let refused_once = Arc::new(Mutex::new(false));
    let store = got.clone();
    let app = axum::Router::new().route(
        "/status",
        axum::routing::post(move |axum::Json(body): axum::Json<serde_json::Value>| {
            let store = store.clone();
            let refused_once = refused_once.clone();
            async move {
                let mut refused = refused_once.lock().expect("lock");
                if !*refused {
                    *refused = true;
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                store.lock().expect("lock").push(body);
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let url = format!("http://{}/status", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

#[tokio::test]
async fn reports_posted_to_notify_url_name_the_message_and_our_id() {
    let sim = simulator(Duration::from_millis(20)).await;
    let gateway = connect(account(&sim), Duration::from_secs(5));
    let (url, got) = receiver().await;
    let mut message = outgoing(&customer(), text("report me"));
    message.callback_url = Some(url);
    let receipt = gateway.send(&message).await.expect("sent");
    eventually("three reports arrive", || {
        got.lock().expect("lock").len() == 3
    })
    .await;
    assert!(
        sim.report_log().iter().any(|a| a.outcome == Ok(503)),
        "the refused report was posted again"
    );
    let bodies = got.lock().expect("lock").clone();
    let mut statuses = Vec::new();
    for body in &bodies {
        for event in gateway
            .parse_webhook("status", &json_post(body))
            .expect("parses")
            .events
        {
            let IngestEvent::Status(report) = event else {
                panic!("a report is a status");
            };
            assert_eq!(report.gateway_message_id, receipt.gateway_message_id);
            assert_eq!(
                report.our_id.as_deref(),
                Some(message.our_id.as_str()),
                "our id reconciles a report that beats the send's answer"
            );
            statuses.push(report.change.status);
        }
    }
    assert_eq!(statuses, [Status::Sent, Status::Delivered, Status::Seen]);
}

#[tokio::test]
async fn test_connection_finds_wrong_credentials_without_sending() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let said = connect(account(&sim), Duration::from_secs(5))
        .check()
        .await
        .expect("right credentials pass");
    assert!(said.text.contains("checked on the first send"), "{said}");

    let mut wrong_login = account(&sim);
    wrong_login
        .options
        .insert("login".to_owned(), "someone-else".into());
    let error = connect(wrong_login, Duration::from_secs(5))
        .check()
        .await
        .expect_err("a wrong login fails the check");
    assert!(error.to_string().contains("login"), "{error}");

    let mut no_endpoint = account(&sim);
    no_endpoint.base_url = String::new();
    let error = connect(no_endpoint, Duration::from_secs(5))
        .check()
        .await
        .expect_err("no endpoint");
    assert!(error.to_string().contains("base URL"), "{error}");
    assert!(sim.sent().is_empty(), "checking sent nothing");
}

#[tokio::test]
async fn a_caller_off_the_allowed_list_is_told_which_list_to_fix() {
    let sim = simulator(Duration::from_secs(3600)).await;
    sim.set_allowed_ips(Some(vec!["192.0.2.1".parse().expect("an address")]));
    let error = connect(account(&sim), Duration::from_secs(5))
        .send(&outgoing(&customer(), text("hi")))
        .await
        .expect_err("code 2");
    assert!(
        matches!(&error, SendError::Rejected { code: Some(c), reason }
            if c == "ip_not_allowed" && reason.text.contains("allowed IP addresses")),
        "{error:?}"
    );
}
