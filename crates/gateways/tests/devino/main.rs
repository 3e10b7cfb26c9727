//! The Devino adapter against the Devino simulator, over real HTTP.

mod callbacks;
mod receiver;
mod send;
mod templates;
mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Connector, Gateway, GatewayConfig, OutgoingMessage, Secret};
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_gateways::Gateways;
use switchboard_simulator::{DevinoConfig, DevinoHandle, DevinoSimulator};

pub const KEY: &str = "test-key-QWxhZGRpbjpvcGVu";
pub const SENDER: &str = "MyCompany";

pub async fn simulator() -> DevinoHandle {
    DevinoSimulator::start(DevinoConfig {
        api_key: KEY.to_owned(),
        senders: vec![SENDER.to_owned()],
        step: Duration::from_millis(30),
        max_batch: 100,
        customer: None,
    })
    .await
    .expect("the simulator binds 127.0.0.1:0")
}

pub fn config(sim: &DevinoHandle) -> GatewayConfig {
    GatewayConfig {
        kind: GatewayKind::Devino,
        // The trailing slash is how people paste URLs; it must not double up in the path.
        base_url: format!("{}/", sim.base_url()),
        sender: SENDER.to_owned(),
        secret: Some(Secret::new(KEY)),
        options: serde_json::Map::new(),
    }
}

pub fn connect(config: GatewayConfig, timeout: Duration) -> Arc<dyn Gateway> {
    Gateways::with_timeout(timeout)
        .connect(config)
        .expect("this build has a Devino adapter")
}

pub fn gateway(sim: &DevinoHandle) -> Arc<dyn Gateway> {
    connect(config(sim), Duration::from_secs(5))
}

pub fn message(our_id: &str, to: &str, content: Content) -> OutgoingMessage {
    OutgoingMessage {
        our_id: our_id.to_owned(),
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

pub use switchboard_test_support::eventually;

#[test]
fn the_connector_offers_every_gateway_and_devino_as_documented() {
    let gateways = Gateways::new();
    let caps = gateways
        .capabilities(GatewayKind::Devino)
        .expect("Devino is built in");
    assert_eq!(caps.max_text_len, 1000);
    assert!(caps.enforces_24h_window && caps.templates && !caps.idempotent_send);
    assert_eq!(caps.webhooks, ["status", "incoming"]);
    assert!(caps.media_types.iter().any(|m| m == "image/jpeg"));
    for kind in GatewayKind::ALL {
        assert!(
            gateways.capabilities(kind).is_some(),
            "{kind:?} has an adapter, so the add-account form offers it"
        );
    }
}
