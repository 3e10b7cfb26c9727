//! WhatsApp Cloud API: statuses and incoming messages arrive as signed webhooks at one
//! endpoint, `events`; the simulator builds and signs them on demand.

use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Gateway, GatewayConfig, OutgoingMessage, Secret, WebhookRequest};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::{ButtonKind, Content, TemplateButton, TemplateHeader};
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_simulator::meta_cloud::{self, SignedWebhook};
use switchboard_simulator::{MetaConfig, MetaHandle, MetaSimulator};

use crate::{
    Accepted, DocumentedError, Fault, Sent, Subject, media, outgoing, statuses, text, wire_word,
};

const TOKEN: &str = "EAAconformanceToken";
const APP_SECRET: &str = "conformance-app-secret";
const VERIFY_TOKEN: &str = "conformance-verify";

pub struct MetaCloud(MetaHandle);

fn secret(access_token: &str) -> Secret {
    Secret::new(
        serde_json::json!({
            "access_token": access_token,
            "app_secret": APP_SECRET,
            "verify_token": VERIFY_TOKEN,
        })
        .to_string(),
    )
}

fn post(webhook: &SignedWebhook) -> WebhookRequest {
    WebhookRequest {
        method: "POST".into(),
        query: String::new(),
        headers: webhook.headers(),
        body: webhook.body.clone(),
    }
}

fn template(name: &str, params: &[&str]) -> Content {
    Content::Template {
        id: name.to_owned(),
        params: params.iter().map(|p| (*p).to_owned()).collect(),
        language: Some("en_US".into()),
        header: None,
        buttons: vec![],
        rendered: None,
    }
}

#[async_trait::async_trait]
impl Subject for MetaCloud {
    async fn start() -> Self {
        let sim = MetaSimulator::start(MetaConfig {
            access_token: TOKEN.to_owned(),
            app_secret: APP_SECRET.to_owned(),
            verify_token: VERIFY_TOKEN.to_owned(),
            // Statuses are reported on the suite's demand, not on the simulator's schedule.
            step: Duration::from_secs(3600),
            ..MetaConfig::default()
        })
        .await
        .expect("the simulator binds 127.0.0.1:0");
        Self(sim)
    }

    fn config(&self) -> GatewayConfig {
        GatewayConfig {
            kind: GatewayKind::MetaCloud,
            base_url: self.0.base_url().to_owned(),
            sender: self.0.config().phone_number_id.clone(),
            secret: Some(secret(TOKEN)),
            // The business account its templates are listed under.
            options: serde_json::json!({"waba_id": self.0.config().waba_id})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        }
    }

    fn wrong_credentials(&self) -> Option<(GatewayConfig, &'static str)> {
        let mut config = self.config();
        config.secret = Some(secret("EAAnotTheToken"));
        Some((config, "access token"))
    }

    fn samples(&self) -> Vec<Content> {
        let mut samples = vec![text("Hello from the conformance suite")];
        samples.extend([
            media("https://example.com/a.jpg", "image/jpeg", Some("a caption")),
            media("https://example.com/a.png", "image/png", None),
            media(
                "https://example.com/a.pdf",
                "application/pdf",
                Some("a caption"),
            ),
            media(
                "https://example.com/a.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                None,
            ),
            media("https://example.com/a.mp4", "video/mp4", Some("a caption")),
            media("https://example.com/a.3gp", "video/3gpp", None),
            media("https://example.com/a.ogg", "audio/ogg", None),
            media("https://example.com/a.mp3", "audio/mpeg", None),
        ]);
        samples.push(Content::Template {
            id: "order_shipped".into(),
            params: vec!["Anna".into(), "42".into()],
            language: Some("en_US".into()),
            header: Some(TemplateHeader::Image {
                url: "https://example.com/parcel.jpg".into(),
            }),
            buttons: vec![TemplateButton {
                index: 0,
                sub_type: ButtonKind::Url,
                value: "track/42".into(),
            }],
            rendered: None,
        });
        samples.push(template("hello_world", &[]));
        samples
    }

    fn accepted(&self) -> Vec<Accepted> {
        self.0
            .sent()
            .into_iter()
            .map(|m| Accepted {
                kind: match m.kind.as_str() {
                    "text" => "text",
                    "template" => "template",
                    _ => "media",
                },
                to: m.to,
            })
            .collect()
    }

    fn read_receipts(&self) -> Vec<String> {
        self.0
            .read_receipts()
            .into_iter()
            .map(|r| r.message_id)
            .collect()
    }

    fn inject(&self, fault: Fault) {
        self.0.inject(match fault {
            Fault::Status(code) => meta_cloud::Fault::Status(code),
            Fault::Garbage => meta_cloud::Fault::Garbage,
            Fault::Delay(d) => meta_cloud::Fault::Delay(d),
        });
    }

    fn documented_errors(&self) -> Vec<DocumentedError> {
        vec![
            DocumentedError::new("130429", true, "rate limit"),
            DocumentedError::new("131056", true, "pair rate limit"),
            DocumentedError::new("80007", true, "rate limit"),
            DocumentedError::new("4", true, "too many api calls"),
            DocumentedError::new("131000", true, "something went wrong"),
            DocumentedError::new("131016", true, "temporarily unavailable"),
            DocumentedError::new("HTTP 503", true, "server error"),
            DocumentedError::new("190", false, "access token"),
            DocumentedError::new("10", false, "permission"),
            DocumentedError::new("100 text too long", false, "4096 characters"),
            DocumentedError::new("131047", false, "24 hours"),
            DocumentedError::new("131026", false, "undeliverable"),
            DocumentedError::new("131030 allowed list", false, "allowed list"),
            DocumentedError::new("131051", false, "does not support this message type"),
            DocumentedError::new("131052", false, "download"),
            DocumentedError::new("131053", false, "media file"),
            DocumentedError::new(
                "132000 parameter count",
                false,
                "does not match the template",
            ),
            DocumentedError::new("132001 no such template", false, "does not exist"),
            DocumentedError::new("132005", false, "too long"),
            DocumentedError::new("132007", false, "character policy"),
            DocumentedError::new("132012", false, "wrong format"),
            DocumentedError::new("132015", false, "paused"),
            DocumentedError::new("132016", false, "disabled"),
            DocumentedError::new("133010", false, "not registered"),
        ]
    }

    async fn provoke(&self, error: &DocumentedError) -> OutgoingMessage {
        let to = self.customer();
        let content = match error.name.as_str() {
            "HTTP 503" => {
                self.0.inject(meta_cloud::Fault::Status(503));
                text("hi")
            }
            "100 text too long" => text(&"x".repeat(4097)),
            "131030 allowed list" => {
                let stranger = Phone::parse("+79035131030").expect("a valid number");
                return outgoing(&stranger, text("hi"));
            }
            "132000 parameter count" => template("order_shipped", &["only one"]),
            "132001 no such template" => template("no_such_template", &[]),
            code => {
                let code = code
                    .parse()
                    .unwrap_or_else(|_| panic!("no way to provoke {code}"));
                self.0.inject_error(code);
                text("hi")
            }
        };
        outgoing(&to, content)
    }

    fn documented_statuses(&self) -> Vec<(String, Status)> {
        statuses(&[
            ("sent", Status::Sent),
            ("delivered", Status::Delivered),
            ("read", Status::Seen),
            ("failed:131026", Status::Failed),
            ("failed:131047", Status::Failed),
            ("failed:130429", Status::Failed),
            ("failed:131049", Status::Failed),
            ("deleted", Status::Other("deleted".into())),
            ("warning", Status::Other("warning".into())),
        ])
    }

    async fn report_status(
        &self,
        gateway: &dyn Gateway,
        sent: &Sent,
        wire: &str,
    ) -> Vec<IngestEvent> {
        let (word, code) = wire_word(wire);
        let code = code.map(|c| c.parse().expect("a code"));
        let webhook = self
            .0
            .status_webhook(&sent.receipt.gateway_message_id, word, code)
            .expect("the simulator accepted the message");
        gateway
            .parse_webhook("events", &post(&webhook))
            .expect("the simulator's signed webhook parses")
            .events
    }

    async fn incoming(
        &self,
        gateway: &dyn Gateway,
        from: &Phone,
        text: &str,
    ) -> Option<Vec<IngestEvent>> {
        let webhook = self.0.incoming_text(from.digits(), text);
        Some(
            gateway
                .parse_webhook("events", &post(&webhook))
                .expect("the simulator's signed webhook parses")
                .events,
        )
    }
}

conformance!(MetaCloud);
