//! The DecisionTelecom adapter against the DecisionTelecom simulator, over real HTTP: sends,
//! status callbacks through the webhook, status look-ups through `poll`, and `check`.

mod lookups;
mod send;

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Connector, Gateway, GatewayConfig, OutgoingMessage, Secret};
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_gateways::Gateways;
use switchboard_simulator::decision_telecom::{
    DecisionTelecomConfig, DecisionTelecomHandle, DecisionTelecomSimulator,
};

pub const KEY: &str = "dGVzdC1oYXNoLWtleQ==";
pub const SENDER: &str = "Custom Company";

pub async fn simulator(step: Duration) -> DecisionTelecomHandle {
    DecisionTelecomSimulator::start(DecisionTelecomConfig {
        api_key: KEY.to_owned(),
        step,
    })
    .await
    .expect("the simulator binds 127.0.0.1:0")
}

pub fn config(sim: &DecisionTelecomHandle) -> GatewayConfig {
    let mut options = serde_json::Map::new();
    options.insert("namespace".into(), "xxxxx_xxxx_xxx_xxx_xxxxx".into());
    GatewayConfig {
        kind: GatewayKind::DecisionTelecom,
        // The trailing slash is how people paste URLs; it must not double up in the path.
        base_url: format!("{}/", sim.base_url()),
        sender: SENDER.to_owned(),
        secret: Some(Secret::new(KEY)),
        options,
    }
}

pub fn connect(config: GatewayConfig) -> Arc<dyn Gateway> {
    Gateways::with_timeout(Duration::from_secs(5))
        .connect(config)
        .expect("this build has a DecisionTelecom adapter")
}

pub fn message(to: &str, content: Content, callback_url: Option<String>) -> OutgoingMessage {
    OutgoingMessage {
        our_id: format!("our-{to}"),
        to: Phone::parse(to).expect("test numbers are valid"),
        content,
        callback_url,
    }
}

pub fn text(body: &str) -> Content {
    Content::Text {
        text: body.to_owned(),
    }
}

pub use switchboard_test_support::eventually;

/// The webhook receiver standing in for the app, shared with Devino's tests.
#[path = "../devino/receiver.rs"]
mod receiver;
pub use receiver::Receiver;
