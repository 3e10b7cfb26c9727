//! The WAMM.chat adapter against its simulator over real HTTP, alone and inside the real
//! engine (SQLite, outbox, poller).

mod adapter;
mod engine;

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Connector, Gateway, GatewayConfig, OutgoingMessage, Secret};
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_gateways::Gateways;
use switchboard_simulator::{WammConfig, WammHandle, WammSimulator};

pub const TOKEN: &str = "wamm-test-token-5f1c0a";

/// A simulator with no history and no customer, states moving every 50 ms.
pub async fn simulator() -> WammHandle {
    start(WammConfig {
        token: TOKEN.to_owned(),
        step: Duration::from_millis(50),
        history: None,
        customer: None,
        ..WammConfig::default()
    })
    .await
}

pub async fn start(config: WammConfig) -> WammHandle {
    WammSimulator::start(config)
        .await
        .expect("the simulator binds 127.0.0.1:0")
}

pub fn config(sim: &WammHandle) -> GatewayConfig {
    GatewayConfig {
        kind: GatewayKind::Wamm,
        // The trailing slash is how people paste URLs; it must not double up in the path.
        base_url: format!("{}/", sim.base_url()),
        sender: "+79990001122".to_owned(),
        secret: Some(Secret::new(TOKEN)),
        options: serde_json::Map::new(),
    }
}

pub fn connect(config: GatewayConfig, timeout: Duration) -> Arc<dyn Gateway> {
    Gateways::with_timeout(timeout)
        .connect(config)
        .expect("this build has a WAMM.chat adapter")
}

pub fn gateway(sim: &WammHandle) -> Arc<dyn Gateway> {
    connect(config(sim), Duration::from_secs(5))
}

pub fn message(to: &str, content: Content) -> OutgoingMessage {
    OutgoingMessage {
        our_id: format!("our-{to}"),
        to: Phone::parse(to).expect("test numbers are valid"),
        content,
        callback_url: None,
    }
}

pub fn text(body: &str) -> Content {
    Content::Text {
        text: body.to_owned(),
    }
}
