//! Devino: statuses and incoming messages arrive by webhook.

use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Gateway, GatewayConfig, OutgoingMessage, Secret};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_simulator::devino;
use switchboard_simulator::{DevinoConfig, DevinoHandle, DevinoSimulator};

use crate::{
    Accepted, DocumentedError, Fault, Sent, Subject, json_post, media, outgoing, statuses, text,
    wire_word,
};

const KEY: &str = "conformance-devino-key";
const SENDER: &str = "MyCompany";

pub struct Devino(DevinoHandle);

#[async_trait::async_trait]
impl Subject for Devino {
    async fn start() -> Self {
        let sim = DevinoSimulator::start(DevinoConfig {
            api_key: KEY.to_owned(),
            senders: vec![SENDER.to_owned()],
            // Statuses are reported on the suite's demand, not on the simulator's schedule.
            step: Duration::from_secs(3600),
            max_batch: 100,
            customer: None,
        })
        .await
        .expect("the simulator binds 127.0.0.1:0");
        Self(sim)
    }

    fn config(&self) -> GatewayConfig {
        GatewayConfig {
            kind: GatewayKind::Devino,
            base_url: self.0.base_url().to_owned(),
            sender: SENDER.to_owned(),
            secret: Some(Secret::new(KEY)),
            options: serde_json::Map::new(),
        }
    }

    fn wrong_credentials(&self) -> Option<(GatewayConfig, &'static str)> {
        let mut config = self.config();
        config.secret = Some(Secret::new("not-the-key"));
        Some((config, "api key"))
    }

    fn samples(&self) -> Vec<Content> {
        let mut samples = vec![text("Hello from the conformance suite")];
        samples.extend(
            [
                ("https://example.com/a.jpg", "image/jpeg"),
                ("https://example.com/a.png", "image/png"),
                ("https://example.com/a.pdf", "application/pdf"),
                ("https://example.com/a.mp4", "video/mp4"),
                ("https://example.com/a.ogg", "audio/ogg"),
            ]
            .map(|(url, mime)| media(url, mime, Some("a caption"))),
        );
        samples.push(Content::Template {
            id: "order_shipped".into(),
            params: vec!["Anna".into(), "42".into()],
            language: Some("ru".into()),
            header: None,
            buttons: vec![],
            rendered: None,
        });
        samples
    }

    fn accepted(&self) -> Vec<Accepted> {
        self.0
            .sent()
            .into_iter()
            .map(|m| Accepted {
                to: m.to,
                kind: if m.template_id.is_some() {
                    "template"
                } else if m.content_url.is_some() {
                    "media"
                } else {
                    "text"
                },
            })
            .collect()
    }

    fn inject(&self, fault: Fault) {
        self.0.inject(match fault {
            Fault::Status(code) => devino::Fault::Status(code),
            Fault::Garbage => devino::Fault::Garbage,
            Fault::Delay(d) => devino::Fault::Delay(d),
        });
    }

    fn documented_errors(&self) -> Vec<DocumentedError> {
        vec![
            DocumentedError::new("REJECTED length.too.long", false, "too long"),
            DocumentedError::new("REJECTED must.be.not.null", false, "no text"),
            DocumentedError::new("REJECTED invalid contentUrl", false, "file link is wrong"),
            DocumentedError::new("REJECTED invalid contentType", false, "file type"),
            DocumentedError::new("REJECTED invalid templateParams", false, "tabs"),
            DocumentedError::new("HTTP 429", true, "slow down"),
            DocumentedError::new("HTTP 503", true, "server error"),
        ]
    }

    async fn provoke(&self, error: &DocumentedError) -> OutgoingMessage {
        let to = self.customer();
        let content = match error.name.as_str() {
            "REJECTED length.too.long" => text(&"x".repeat(1001)),
            "REJECTED must.be.not.null" => text(""),
            "REJECTED invalid contentUrl" => media(
                "ftp://example.com/a.pdf",
                "application/pdf",
                Some("a caption"),
            ),
            "REJECTED invalid contentType" => {
                media("https://example.com/a.txt", "text/plain", Some("a caption"))
            }
            "REJECTED invalid templateParams" => Content::Template {
                id: "promo".into(),
                params: vec!["a\tb".into()],
                language: None,
                header: None,
                buttons: vec![],
                rendered: None,
            },
            "HTTP 429" => {
                self.0.inject(devino::Fault::Status(429));
                text("hi")
            }
            "HTTP 503" => {
                self.0.inject(devino::Fault::Status(503));
                text("hi")
            }
            other => panic!("no way to provoke {other}"),
        };
        outgoing(&to, content)
    }

    fn documented_statuses(&self) -> Vec<(String, Status)> {
        statuses(&[
            ("SENT", Status::Sent),
            ("DELIVERED", Status::Delivered),
            ("READ", Status::Seen),
            ("SEEN", Status::Seen),
            ("VIEWED", Status::Seen),
            ("ENQUEUED", Status::Queued),
            ("UNDELIVERED:2305", Status::Failed),
            ("FAILED:2005", Status::Failed),
            ("EXPIRED:2010", Status::Failed),
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
            .status_callback(&sent.receipt.gateway_message_id, word, code)
            .expect("the simulator accepted the message");
        gateway
            .parse_webhook("status", &json_post(&body))
            .expect("the simulator's callback parses")
            .events
    }

    async fn incoming(
        &self,
        gateway: &dyn Gateway,
        from: &Phone,
        text: &str,
    ) -> Option<Vec<IngestEvent>> {
        let message = self.0.incoming_text(from.digits(), text);
        let body = serde_json::to_value(&message).expect("json");
        Some(
            gateway
                .parse_webhook("incoming", &json_post(&body))
                .expect("the simulator's incoming message parses")
                .events,
        )
    }
}

conformance!(Devino);
