//! DecisionTelecom: statuses arrive by webhook and are looked up by polling; both paths are
//! exercised (a wire word `poll:N` is reported through `poll`, a bare `N` through the `status`
//! webhook). DecisionTelecom documents no incoming messages.

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Gateway, GatewayConfig, OutgoingMessage, PendingMessage, PollRequest, Secret, WebhookRequest,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::{Content, TemplateHeader};
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_simulator::decision_telecom::{
    self as sim, DecisionTelecomConfig, DecisionTelecomHandle, DecisionTelecomSimulator,
};

use crate::{Accepted, DocumentedError, Fault, Sent, Subject, media, outgoing, statuses, text};

const KEY: &str = "conformance-decision-key";
const SENDER: &str = "MyCompany";

pub struct DecisionTelecom(DecisionTelecomHandle);

#[async_trait::async_trait]
impl Subject for DecisionTelecom {
    async fn start() -> Self {
        let sim = DecisionTelecomSimulator::start(DecisionTelecomConfig {
            api_key: KEY.to_owned(),
            // Statuses are reported on the suite's demand, not on the simulator's schedule.
            step: std::time::Duration::from_secs(3600),
        })
        .await
        .expect("the simulator binds 127.0.0.1:0");
        Self(sim)
    }

    fn config(&self) -> GatewayConfig {
        let mut options = serde_json::Map::new();
        options.insert("namespace".into(), "conformance_namespace".into());
        GatewayConfig {
            kind: GatewayKind::DecisionTelecom,
            base_url: self.0.base_url().to_owned(),
            sender: SENDER.to_owned(),
            secret: Some(Secret::new(KEY)),
            options,
        }
    }

    fn wrong_credentials(&self) -> Option<(GatewayConfig, &'static str)> {
        let mut config = self.config();
        config.secret = Some(Secret::new("not-the-key"));
        Some((config, "access key"))
    }

    fn samples(&self) -> Vec<Content> {
        vec![
            text("Hello from the conformance suite"),
            media("https://example.com/a.jpg", "image/jpeg", None),
            media("https://example.com/a.png", "image/png", None),
            Content::Template {
                id: "order_shipped".into(),
                params: vec!["Anna".into(), "42".into()],
                language: Some("ru".into()),
                header: Some(TemplateHeader::Image {
                    url: "https://example.com/parcel.jpg".into(),
                }),
                buttons: vec![],
                rendered: None,
            },
        ]
    }

    fn accepted(&self) -> Vec<Accepted> {
        self.0
            .sent()
            .into_iter()
            .map(|m| Accepted {
                to: m.destination_addr,
                kind: match m.message_type {
                    1 => "text",
                    2 => "media",
                    _ => "template",
                },
            })
            .collect()
    }

    fn inject(&self, fault: Fault) {
        self.0.inject(match fault {
            Fault::Status(code) => sim::Fault::Status(code),
            Fault::Garbage => sim::Fault::Garbage,
            Fault::Delay(d) => sim::Fault::Delay(d),
        });
    }

    fn documented_errors(&self) -> Vec<DocumentedError> {
        vec![
            DocumentedError::new("code 0 / 429 rate limit", true, "rate limit"),
            DocumentedError::new("code 1 text", false, "the text"),
            DocumentedError::new("code 1 file_url", false, "image link"),
            DocumentedError::new("code 2 / 500 internal", true, "server error"),
            DocumentedError::new("code 3 / 402 balance", false, "balance is empty"),
            DocumentedError::new("code 4 / 500 internal", true, "server error"),
            DocumentedError::new("code 5 / 500 internal", true, "server error"),
            DocumentedError::new("code 6 / 500 internal", true, "server error"),
            DocumentedError::new("code 7 / 503 24 hours", false, "send an approved template"),
            DocumentedError::new("code 8 / 401 MIME type", false, "wrong file type"),
            DocumentedError::new("code 9 / 401 extension", false, "file extension"),
        ]
    }

    async fn provoke(&self, error: &DocumentedError) -> OutgoingMessage {
        self.0.set_balance_empty(false);
        let to = self.customer();
        let (to, content) = match error.name.as_str() {
            "code 0 / 429 rate limit" => {
                self.0.inject_error(0);
                (to, text("hi"))
            }
            "code 1 text" => (to, text(&"x".repeat(4097))),
            "code 1 file_url" => (to, media("ftp://example.com/a.jpg", "image/jpeg", None)),
            "code 2 / 500 internal"
            | "code 4 / 500 internal"
            | "code 5 / 500 internal"
            | "code 6 / 500 internal" => {
                let code = error.name[5..6].parse().expect("a digit");
                self.0.inject_error(code);
                (to, text("hi"))
            }
            "code 3 / 402 balance" => {
                self.0.set_balance_empty(true);
                (to, text("hi"))
            }
            "code 7 / 503 24 hours" => (
                Phone::parse("+79031237007").expect("valid"),
                text("hi again after a week"),
            ),
            "code 8 / 401 MIME type" => (
                to,
                media("https://example.com/not-an-image.jpg", "image/jpeg", None),
            ),
            "code 9 / 401 extension" => (to, media("https://example.com/a.gif", "image/gif", None)),
            other => panic!("no way to provoke {other}"),
        };
        outgoing(&to, content)
    }

    fn documented_statuses(&self) -> Vec<(String, Status)> {
        // Progress comes both ways: by callback (with the gateway's time) and by look-up (no
        // time: "observed"). The replay check applies every report twice in any order, so it
        // proves the two paths never leave a status twice in the history.
        statuses(&[
            ("0", Status::Sent),
            ("poll:0", Status::Sent),
            ("1", Status::Delivered),
            ("poll:1", Status::Delivered),
            ("2", Status::Rejected),
            ("3", Status::Failed),
            ("4", Status::Failed),
            ("5", Status::Other("deleted".into())),
            ("6", Status::Queued),
            ("9", Status::Other("status 9".into())),
            ("poll:7", Status::Seen),
            ("poll:2", Status::Rejected),
            ("poll:4", Status::Failed),
            ("poll:5", Status::Other("deleted".into())),
            ("poll:6", Status::Queued),
        ])
    }

    async fn report_status(
        &self,
        gateway: &dyn Gateway,
        sent: &Sent,
        wire: &str,
    ) -> Vec<IngestEvent> {
        let (polled, number) = match wire.strip_prefix("poll:") {
            Some(n) => (true, n),
            None => (false, wire),
        };
        let id: u64 = sent
            .receipt
            .gateway_message_id
            .parse()
            .expect("a numeric id");
        let body = self
            .0
            .set_status(id, number.parse().expect("a status number"))
            .expect("the simulator accepted the message");
        if polled {
            let request = PollRequest {
                cursor: None,
                pending: vec![PendingMessage {
                    gateway_message_id: sent.receipt.gateway_message_id.clone(),
                    our_id: sent.message.our_id.clone(),
                    to: sent.message.to.clone(),
                    status: Status::Queued,
                    sent_at: Timestamp::now(),
                }],
            };
            gateway
                .poll(request)
                .await
                .expect("the simulator answers the look-up")
                .events
        } else {
            let request = WebhookRequest {
                method: "POST".into(),
                query: String::new(),
                headers: vec![("content-type".into(), "application/json".into())],
                body: serde_json::to_vec(&body).expect("json"),
            };
            gateway
                .parse_webhook("status", &request)
                .expect("the simulator's callback parses")
                .events
        }
    }

    async fn incoming(&self, _: &dyn Gateway, _: &Phone, _: &str) -> Option<Vec<IngestEvent>> {
        None
    }
}

conformance!(DecisionTelecom);
