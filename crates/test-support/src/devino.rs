//! A Devino simulator and an account on it: the gateway the server's and the CLI's tests talk
//! to over real HTTP (feature `devino`).

use std::time::Duration;

use switchboard_core::api::AddAccount;
use switchboard_simulator::{DevinoConfig, DevinoHandle, DevinoSimulator};

use crate::devino_account;

/// The API key the simulator takes.
pub const KEY: &str = "sim-secret-key-7f3a9c";
/// The sender name the simulator knows; any other is refused.
pub const SENDER: &str = "Switchboard";

/// A Devino simulator on 127.0.0.1 that takes [`KEY`] and [`SENDER`], and posts each status
/// `step` after the one before.
pub async fn simulator(step: Duration) -> DevinoHandle {
    DevinoSimulator::start(DevinoConfig {
        api_key: KEY.to_owned(),
        senders: vec![SENDER.to_owned()],
        step,
        ..DevinoConfig::default()
    })
    .await
    .expect("the Devino simulator starts")
}

/// The account `name` on `sim`, as `add_account` takes it.
pub fn account(name: &str, sim: &DevinoHandle) -> AddAccount {
    devino_account(name, SENDER, Some(sim.base_url()), KEY)
}
