//! The WhatsApp Cloud API adapter against its simulator and the real engine, over real HTTP:
//! webhook signatures, the subscription handshake, storage through `Engine::webhook`, retries,
//! the credentials check and read receipts.

mod engine;
mod read_receipts;
mod signatures;
mod templates;
mod traffic;

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Connector, Gateway, GatewayConfig, Secret, WebhookRequest};
use switchboard_gateways::Gateways;
use switchboard_simulator::meta_cloud::SignedWebhook;
use switchboard_simulator::{MetaConfig, MetaHandle, MetaSimulator};

pub const TOKEN: &str = "EAAtestTokenZm9vYmFy";
pub const APP_SECRET: &str = "test-app-secret-5f3c";
pub const VERIFY_TOKEN: &str = "test-verify-token";

pub async fn simulator() -> MetaHandle {
    MetaSimulator::start(MetaConfig {
        access_token: TOKEN.to_owned(),
        app_secret: APP_SECRET.to_owned(),
        verify_token: VERIFY_TOKEN.to_owned(),
        step: Duration::from_millis(30),
        ..MetaConfig::default()
    })
    .await
    .expect("the simulator binds 127.0.0.1:0")
}

pub fn full_secret(access_token: &str, app_secret: &str) -> Secret {
    Secret::new(
        serde_json::json!({
            "access_token": access_token,
            "app_secret": app_secret,
            "verify_token": VERIFY_TOKEN,
        })
        .to_string(),
    )
}

pub fn config(sim: &MetaHandle, secret: Secret) -> GatewayConfig {
    GatewayConfig {
        kind: GatewayKind::MetaCloud,
        // The trailing slash is how people paste URLs; it must not double up in the path.
        base_url: format!("{}/", sim.base_url()),
        sender: sim.config().phone_number_id.clone(),
        secret: Some(secret),
        options: serde_json::Map::new(),
    }
}

pub fn connect(config: GatewayConfig) -> Arc<dyn Gateway> {
    Gateways::with_timeout(Duration::from_secs(5))
        .connect(config)
        .expect("this build has a Cloud API adapter")
}

pub fn gateway(sim: &MetaHandle) -> Arc<dyn Gateway> {
    connect(config(sim, full_secret(TOKEN, APP_SECRET)))
}

pub fn post(webhook: &SignedWebhook) -> WebhookRequest {
    WebhookRequest {
        method: "POST".into(),
        query: String::new(),
        headers: webhook.headers(),
        body: webhook.body.clone(),
    }
}
