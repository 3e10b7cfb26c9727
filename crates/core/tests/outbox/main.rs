//! The outbox end to end inside the core: engines on temp files, fake gateways, a manual
//! clock. Each module is one promise the outbox makes.

mod crash;
mod discard;
mod lease;
mod order;
mod pause;
mod retry;
mod send_now;

use switchboard_core::message::{Message, SendState};
use switchboard_test_support::{TestApp, eventually};

pub const ANN: &str = "+79000000001";
pub const BOB: &str = "+79000000002";

/// Waits until message `id` is in `state`, and returns it.
pub async fn reaches(app: &TestApp, id: &str, state: SendState) -> Message {
    eventually(&format!("message {id} becomes {state}"), async || {
        let m = app.message(id).await;
        (m.send_state == Some(state)).then_some(m)
    })
    .await
}

/// The texts the gateway was asked to send, in order.
pub fn texts(account: &switchboard_test_support::TestAccount) -> Vec<String> {
    account
        .gateway
        .sent()
        .into_iter()
        .map(|m| m.content.preview())
        .collect()
}
