//! WAMM.chat: no webhooks; statuses and incoming messages are polled.

use std::sync::Mutex;
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Gateway, GatewayConfig, OutgoingMessage, PendingMessage, PollRequest, Secret,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_simulator::wamm;
use switchboard_simulator::{WammConfig, WammHandle, WammSimulator};

use crate::suite::phone;
use crate::{Accepted, DocumentedError, Fault, Sent, Subject, media, outgoing, statuses, text};

const TOKEN: &str = "conformance-wamm-token";

pub struct Wamm {
    sim: WammHandle,
    /// The adapter's bookmark between polls, as the core would keep it.
    cursor: Mutex<Option<String>>,
}

impl Wamm {
    async fn poll(&self, gateway: &dyn Gateway, pending: Vec<PendingMessage>) -> Vec<IngestEvent> {
        let cursor = self.cursor.lock().expect("not poisoned").clone();
        let result = gateway
            .poll(PollRequest { cursor, pending })
            .await
            .expect("the simulator answers polls");
        *self.cursor.lock().expect("not poisoned") = result.cursor;
        result.events
    }
}

#[async_trait::async_trait]
impl Subject for Wamm {
    async fn start() -> Self {
        let sim = WammSimulator::start(WammConfig {
            token: TOKEN.to_owned(),
            timezone: "Europe/Moscow".to_owned(),
            // States are set on the suite's demand, not on the simulator's schedule.
            step: Duration::from_secs(3600),
            history: None,
            daily_limit: None,
            customer: None,
        })
        .await
        .expect("the simulator binds 127.0.0.1:0");
        Self {
            sim,
            cursor: Mutex::new(None),
        }
    }

    fn config(&self) -> GatewayConfig {
        let mut options = serde_json::Map::new();
        options.insert("timezone".into(), "Europe/Moscow".into());
        GatewayConfig {
            kind: GatewayKind::Wamm,
            base_url: self.sim.base_url().to_owned(),
            // WAMM sends from the linked phone; the core wants its number for display.
            sender: "+79990001122".to_owned(),
            secret: Some(Secret::new(TOKEN)),
            options,
        }
    }

    fn wrong_credentials(&self) -> Option<(GatewayConfig, &'static str)> {
        let mut config = self.config();
        config.secret = Some(Secret::new("not-the-token"));
        Some((config, "api token"))
    }

    fn samples(&self) -> Vec<Content> {
        let mut samples = vec![text("Hello from the conformance suite\nSecond line")];
        samples.extend(
            [
                ("https://example.com/a.jpg", "image/jpeg"),
                ("https://example.com/a.png", "image/png"),
                ("https://example.com/a.pdf", "application/pdf"),
                ("https://example.com/a.mp4", "video/mp4"),
                ("https://example.com/a.ogg", "audio/ogg"),
            ]
            .map(|(url, mime)| media(url, mime, None)),
        );
        samples
    }

    fn accepted(&self) -> Vec<Accepted> {
        self.sim
            .sent()
            .into_iter()
            .map(|m| Accepted {
                to: m.phone,
                kind: if m.tip_msg == "file_link" {
                    "media"
                } else {
                    "text"
                },
            })
            .collect()
    }

    fn inject(&self, fault: Fault) {
        self.sim.inject(match fault {
            Fault::Status(code) => wamm::Fault::Status(code),
            Fault::Garbage => wamm::Fault::Garbage,
            Fault::Delay(d) => wamm::Fault::Delay(d),
        });
    }

    fn documented_errors(&self) -> Vec<DocumentedError> {
        vec![
            DocumentedError::new("acc not authorized", false, "not connected to whatsapp"),
            DocumentedError::new("phone fail", false, "phone number"),
            DocumentedError::new("no WhatsApp on the number", false, "has no whatsapp"),
            DocumentedError::new(
                "phone not checked for WhatsApp, please retry",
                true,
                "not finished checking",
            ),
            DocumentedError::new("check_phone fail execution", true, "could not check"),
            DocumentedError::new("text fail", false, "empty"),
            DocumentedError::new("text fail, more 1500", false, "at most 1500"),
            DocumentedError::new("url fail", false, "file link"),
            DocumentedError::new("30 messages a day", true, "30 messages a day"),
            DocumentedError::new("HTTP 500", true, "server error"),
            DocumentedError::new("HTTP 429", true, "slow down"),
        ]
    }

    async fn provoke(&self, error: &DocumentedError) -> OutgoingMessage {
        self.sim.set_authorized(true);
        self.sim.set_daily_limit(None);
        let to = self.customer();
        match error.name.as_str() {
            "acc not authorized" => {
                self.sim.set_authorized(false);
                outgoing(&to, text("hi"))
            }
            "phone fail" | "phone not checked for WhatsApp, please retry" => {
                self.sim.fail_next_send(&error.name);
                outgoing(&to, text("hi"))
            }
            "no WhatsApp on the number" => outgoing(&phone("+79031230000"), text("hi")),
            "check_phone fail execution" => outgoing(&phone("+79031230503"), text("hi")),
            "text fail" => outgoing(&to, text("")),
            "text fail, more 1500" => outgoing(&to, text(&"x".repeat(1501))),
            "url fail" => outgoing(
                &to,
                media("ftp://example.com/a.pdf", "application/pdf", None),
            ),
            "30 messages a day" => {
                self.sim.set_daily_limit(Some(self.sim.sent_count()));
                outgoing(&to, text("one too many"))
            }
            "HTTP 500" => {
                self.sim.inject(wamm::Fault::Status(500));
                outgoing(&to, text("hi"))
            }
            "HTTP 429" => {
                self.sim.inject(wamm::Fault::Status(429));
                outgoing(&to, text("hi"))
            }
            other => panic!("no way to provoke {other}"),
        }
    }

    fn documented_statuses(&self) -> Vec<(String, Status)> {
        statuses(&[
            ("sending", Status::Queued),
            ("sent", Status::Sent),
            ("delivered", Status::Delivered),
            ("received", Status::Delivered),
            ("viewed", Status::Seen),
            ("error", Status::Failed),
            ("something_new", Status::Other("something_new".into())),
        ])
    }

    async fn report_status(
        &self,
        gateway: &dyn Gateway,
        sent: &Sent,
        wire: &str,
    ) -> Vec<IngestEvent> {
        assert!(
            self.sim.set_state(&sent.receipt.gateway_message_id, wire),
            "the simulator accepted the message"
        );
        let pending = PendingMessage {
            gateway_message_id: sent.receipt.gateway_message_id.clone(),
            our_id: sent.message.our_id.clone(),
            to: sent.message.to.clone(),
            status: Status::Sent,
            sent_at: Timestamp::now(),
        };
        self.poll(gateway, vec![pending]).await
    }

    async fn incoming(
        &self,
        gateway: &dyn Gateway,
        from: &Phone,
        text: &str,
    ) -> Option<Vec<IngestEvent>> {
        self.sim
            .add_incoming(from.digits(), text, Some("Олег Иванов"));
        Some(self.poll(gateway, vec![]).await)
    }
}

conformance!(Wamm);
