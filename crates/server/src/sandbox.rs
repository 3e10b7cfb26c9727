//! The sandbox: a simulated Devino gateway inside the app, with a scripted customer who answers,
//! so a newcomer sees the whole loop — send, ticks advance, a reply arrives — with no
//! credentials and nothing leaving the machine.

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::account::{Account, GatewayKind};
use switchboard_core::api::{AccountRef, AddAccount, Empty};
use switchboard_core::{Engine, Error, SANDBOX_API_KEY};
use switchboard_simulator::{DevinoConfig, DevinoHandle, DevinoSimulator, ScriptedCustomer};

pub const ACCOUNT_NAME: &str = "Sandbox (simulated Devino)";
pub const SENDER: &str = "Switchboard";
/// The simulated customer's number (a reserved-looking one no real customer has).
pub const CUSTOMER: &str = "+79000000001";

const REPLIES: &[&str] = &[
    "Hi! I'm the sandbox customer. Everything you send me goes to a simulated gateway on this computer.",
    "Got it, thanks! Watch the ticks on your message: sent, delivered, then blue when I read it.",
    "Sounds good. When you're ready, add your real gateway account.",
];

pub struct Sandbox {
    pub simulator: DevinoHandle,
    pub account: Account,
}

/// Starts the simulator and points the sandbox account at it (creating the account on first run).
pub async fn start(engine: &Arc<Engine>) -> Result<Sandbox, Error> {
    let simulator = DevinoSimulator::start(DevinoConfig {
        api_key: SANDBOX_API_KEY.to_owned(),
        senders: vec![SENDER.to_owned()],
        step: Duration::from_millis(1200),
        max_batch: 100,
        customer: None,
    })
    .await
    .map_err(|e| Error::Unsupported(format!("could not start the sandbox gateway: {e}")))?;
    let existing = engine
        .list_accounts(Empty {})
        .await?
        .into_iter()
        .find(|a| a.sandbox);
    let (account, first_run) = match existing {
        Some(a) => {
            engine
                .set_account_base_url(a.id, simulator.base_url().to_owned())
                .await?;
            (a, false)
        }
        None => {
            let request = AddAccount {
                name: ACCOUNT_NAME.to_owned(),
                gateway: GatewayKind::Devino,
                sender: SENDER.to_owned(),
                base_url: Some(simulator.base_url().to_owned()),
                options: None,
                secret: String::new(),
            };
            (engine.create_account(request, true).await?, true)
        }
    };
    let incoming_url = engine
        .account_webhooks(AccountRef {
            account_id: account.id,
        })
        .await?
        .into_iter()
        .find(|w| w.kind == "incoming")
        .map(|w| w.url)
        .ok_or_else(|| Error::Unsupported("the sandbox gateway has no incoming webhook".into()))?;
    simulator.set_customer(Some(ScriptedCustomer {
        incoming_url: incoming_url.clone(),
        replies: REPLIES[1..].iter().map(|s| (*s).to_owned()).collect(),
        delay: Duration::from_millis(1500),
    }));
    if first_run {
        // Something to look at before the first message is sent.
        let mut hello = simulator.incoming_text(CUSTOMER.trim_start_matches('+'), REPLIES[0]);
        hello.profile_name = Some("Sandbox Customer".to_owned());
        if let Err(e) = simulator.post_incoming(&incoming_url, &hello).await {
            tracing::warn!("the sandbox customer could not say hello: {e}");
        }
    }
    Ok(Sandbox { simulator, account })
}
