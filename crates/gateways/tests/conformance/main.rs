//! One conformance suite, run against every gateway adapter and its simulator over real HTTP.
//!
//! Each gateway supplies a [`Subject`]: its simulator and how to make it answer, fail and
//! report. The [`conformance!`] macro turns the generic checks in `suite.rs` into tests for it,
//! so every adapter meets the same bar: each supported kind is sent once, each documented error
//! and status is mapped, replays and reordering change nothing, and garbage, timeouts and
//! malformed webhooks give clear errors.

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Connector, Gateway, GatewayConfig, OutgoingMessage, SendReceipt, WebhookRequest,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_gateways::Gateways;

/// Expands to the whole suite for one subject; call once in the subject's module.
macro_rules! conformance {
    ($subject:ty) => {
        #[tokio::test]
        async fn capabilities_match_what_is_offered() {
            $crate::suite::capabilities_match_what_is_offered::<$subject>().await;
        }

        #[tokio::test]
        async fn each_supported_kind_is_sent_exactly_once() {
            $crate::suite::each_supported_kind_is_sent_exactly_once::<$subject>().await;
        }

        #[tokio::test]
        async fn what_cannot_be_sent_is_refused_before_it_is_queued() {
            $crate::suite::what_cannot_be_sent_is_refused_before_it_is_queued::<$subject>().await;
        }

        #[tokio::test]
        async fn each_documented_error_reads_as_a_sentence() {
            $crate::suite::each_documented_error_reads_as_a_sentence::<$subject>().await;
        }

        #[tokio::test]
        async fn wrong_credentials_are_a_clear_rejection() {
            $crate::suite::wrong_credentials_are_a_clear_rejection::<$subject>().await;
        }

        #[tokio::test]
        async fn each_documented_status_is_mapped() {
            $crate::suite::each_documented_status_is_mapped::<$subject>().await;
        }

        #[tokio::test]
        async fn replays_and_reordering_leave_one_state() {
            $crate::suite::replays_and_reordering_leave_one_state::<$subject>().await;
        }

        #[tokio::test]
        async fn garbage_and_timeouts_are_clear_retryable_errors() {
            $crate::suite::garbage_and_timeouts_are_clear_retryable_errors::<$subject>().await;
        }

        #[tokio::test]
        async fn the_template_catalog_is_where_capabilities_say() {
            $crate::suite::the_template_catalog_is_where_capabilities_say::<$subject>().await;
        }

        #[tokio::test]
        async fn malformed_webhooks_are_refused() {
            $crate::suite::malformed_webhooks_are_refused::<$subject>().await;
        }
    };
}

mod decision_telecom;
mod devino;
mod meta_cloud;
mod phone_bridge;
mod rapporto;
mod suite;
mod wamm;

/// A request to a gateway that does not go as planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The gateway answers with this HTTP status and no usable body.
    Status(u16),
    /// The gateway answers 200 with a body that is not what its documents describe.
    Garbage,
    /// The gateway answers only after this long (longer than the suite's client waits).
    Delay(Duration),
}

/// An error answer the gateway's documents list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentedError {
    /// How the documents name it: "code 7 (24 hours passed)", "REJECTED invalid to" ...
    pub name: String,
    /// Sending again later may succeed (rate limits, the gateway's own trouble).
    pub retryable: bool,
    /// Words the readable reason must contain, in lower case.
    pub says: String,
}

impl DocumentedError {
    pub fn new(name: &str, retryable: bool, says: &str) -> Self {
        Self {
            name: name.to_owned(),
            retryable,
            says: says.to_lowercase(),
        }
    }
}

/// A message the gateway accepted.
#[derive(Clone, Debug)]
pub struct Sent {
    pub message: OutgoingMessage,
    pub receipt: SendReceipt,
}

/// A message as the simulator saw it arrive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The recipient's digits, without `+`.
    pub to: String,
    /// `text`, `media` or `template`, as [`Content::kind`] names them.
    pub kind: &'static str,
}

/// One gateway under test: its simulator, and how to make it answer, fail and report.
#[async_trait::async_trait]
pub trait Subject: Sized + Send + Sync + 'static {
    /// Starts the simulator on 127.0.0.1, port 0.
    async fn start() -> Self;

    /// An account on the simulator whose credentials it accepts.
    fn config(&self) -> GatewayConfig;

    /// The same account with credentials the simulator refuses, and words the rejection must
    /// contain (lower case); `None` when the adapter sends no credentials.
    fn wrong_credentials(&self) -> Option<(GatewayConfig, &'static str)>;

    /// Builds the adapter as the app would; a subject may attach more of its simulator to it
    /// (the phone bridge's simulated phone asks the adapter for work).
    fn connect(&self, config: GatewayConfig, timeout: Duration) -> Arc<dyn Gateway> {
        Gateways::with_timeout(timeout)
            .connect(config)
            .expect("this build has the adapter")
    }

    /// A recipient the simulator delivers to.
    fn customer(&self) -> Phone {
        Phone::parse("+79031234567").expect("a valid number")
    }

    /// One message of each kind and media type the gateway supports.
    fn samples(&self) -> Vec<Content>;

    /// What the simulator accepted so far, oldest first.
    fn accepted(&self) -> Vec<Accepted>;

    /// The faults this gateway can meet (a phone bridge makes no requests of its own).
    fn faults(&self) -> Vec<Fault> {
        vec![
            Fault::Status(500),
            Fault::Status(429),
            Fault::Garbage,
            Fault::Delay(Duration::from_secs(3)),
        ]
    }

    /// Makes the next request to the simulator suffer `fault`.
    fn inject(&self, fault: Fault);

    /// Every error answer the gateway's documents list.
    fn documented_errors(&self) -> Vec<DocumentedError>;

    /// Arranges for `error` and returns the message whose sending meets it.
    async fn provoke(&self, error: &DocumentedError) -> OutgoingMessage;

    /// Every documented status (the gateway's word or number) with what it shows as.
    fn documented_statuses(&self) -> Vec<(String, Status)>;

    /// Has the simulator report `wire` for a message it accepted, and answers what the
    /// adapter makes of that report (from a webhook or a poll).
    async fn report_status(
        &self,
        gateway: &dyn Gateway,
        sent: &Sent,
        wire: &str,
    ) -> Vec<IngestEvent>;

    /// A customer's message, as the adapter receives it; `None` when the gateway delivers
    /// none.
    async fn incoming(
        &self,
        gateway: &dyn Gateway,
        from: &Phone,
        text: &str,
    ) -> Option<Vec<IngestEvent>>;

    /// The gateway message ids of the read receipts the simulator accepted, oldest first. Asked
    /// only of subjects whose adapter offers read receipts, which must say what arrived.
    fn read_receipts(&self) -> Vec<String> {
        Vec::new()
    }

    /// The gateway's kind, from its config.
    fn kind(&self) -> GatewayKind {
        self.config().kind
    }
}

/// An outgoing message with a fresh id of ours.
pub fn outgoing(to: &Phone, content: Content) -> OutgoingMessage {
    OutgoingMessage {
        our_id: uuid_like(),
        to: to.clone(),
        content,
        callback_url: None,
    }
}

/// A media message by link with a declared type.
pub fn media(url: &str, mime: &str, caption: Option<&str>) -> Content {
    Content::Media {
        url: url.to_owned(),
        mime: Some(mime.to_owned()),
        name: None,
        caption: caption.map(str::to_owned),
    }
}

/// A JSON POST to a webhook endpoint, as a gateway makes it.
pub fn json_post(body: &serde_json::Value) -> WebhookRequest {
    WebhookRequest {
        method: "POST".into(),
        query: String::new(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::to_vec(body).expect("json"),
    }
}

/// A subject's status table, written as `(wire, status)` pairs.
pub fn statuses(table: &[(&str, Status)]) -> Vec<(String, Status)> {
    table
        .iter()
        .map(|(wire, status)| ((*wire).to_owned(), status.clone()))
        .collect()
}

/// `WORD:DETAIL` (an error code, a reason) as the suite's status words carry it.
pub fn wire_word(wire: &str) -> (&str, Option<&str>) {
    wire.split_once(':')
        .map_or((wire, None), |(word, detail)| (word, Some(detail)))
}

pub fn text(body: &str) -> Content {
    Content::Text {
        text: body.to_owned(),
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "conformance-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
