//! The sandbox: a simulated gateway inside the app, with a scripted customer who answers where
//! the gateway delivers customers' messages, so a newcomer sees the whole loop — send, ticks
//! advance, a reply arrives — with no credentials and nothing leaving the machine.
//!
//! Devino is the default; `serve --sandbox-gateway KIND` runs any gateway's simulator instead,
//! each speaking that gateway's protocol to the real adapter.

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::Phrase;
use switchboard_core::account::{Account, GatewayKind};
use switchboard_core::api::{AccountRef, AddAccount, Empty};
use switchboard_core::{Engine, Error, SANDBOX_API_KEY};
use switchboard_simulator::decision_telecom::{
    DecisionTelecomConfig, DecisionTelecomHandle, DecisionTelecomSimulator,
};
use switchboard_simulator::meta_cloud::{MetaConfig, MetaHandle, MetaSimulator};
use switchboard_simulator::rapporto::{RapportoConfig, RapportoHandle, RapportoSimulator};
use switchboard_simulator::{
    DevinoConfig, DevinoHandle, DevinoSimulator, PhoneConfig, PhoneCustomer, PhoneHandle,
    PhoneSimulator, ScriptedCustomer, WammConfig, WammCustomer, WammHandle, WammSimulator,
};

pub const SENDER: &str = "Switchboard";
/// The simulated customer's number (a reserved-looking one no real customer has).
pub const CUSTOMER: &str = "+79000000001";
/// The simulated gateways' pace: slow enough to watch each tick change.
const STEP: Duration = Duration::from_millis(1200);

const REPLIES: &[&str] = &[
    "Hi! I'm the sandbox customer. Everything you send me goes to a simulated gateway on this computer.",
    "Got it, thanks! Watch the ticks on your message: sent, delivered, then blue when I read it.",
    "Sounds good. When you're ready, add your real gateway account.",
];

/// The gateways the sandbox can simulate.
pub const KINDS: [GatewayKind; 6] = [
    GatewayKind::Devino,
    GatewayKind::DecisionTelecom,
    GatewayKind::Rapporto,
    GatewayKind::PhoneBridge,
    GatewayKind::MetaCloud,
    GatewayKind::Wamm,
];

/// A running simulator, one per gateway kind.
pub enum Simulator {
    Devino(DevinoHandle),
    DecisionTelecom(DecisionTelecomHandle),
    Rapporto(RapportoHandle),
    PhoneBridge(PhoneHandle),
    MetaCloud(MetaHandle),
    Wamm(WammHandle),
}

impl Simulator {
    pub async fn shutdown(self) {
        match self {
            Self::Devino(s) => s.shutdown().await,
            Self::DecisionTelecom(s) => s.shutdown().await,
            Self::Rapporto(s) => s.shutdown().await,
            Self::PhoneBridge(s) => s.shutdown().await,
            Self::MetaCloud(s) => s.shutdown().await,
            Self::Wamm(s) => s.shutdown().await,
        }
    }
}

pub struct Sandbox {
    pub simulator: Simulator,
    pub account: Account,
}

fn replies() -> Vec<String> {
    REPLIES[1..].iter().map(|s| (*s).to_owned()).collect()
}

/// Starts a simulator of `kind` and points the sandbox account of that kind at it (creating
/// the account on first run).
pub async fn start(engine: &Arc<Engine>, kind: GatewayKind) -> Result<Sandbox, Error> {
    let failed = |e: std::io::Error| {
        Error::Unsupported(Phrase::verbatim(format!(
            "could not start the sandbox gateway: {e}"
        )))
    };
    // Simulators that are servers start first: the account's base URL is theirs.
    let (simulator, base_url) = match kind {
        GatewayKind::Devino => {
            let sim = DevinoSimulator::start(DevinoConfig {
                api_key: SANDBOX_API_KEY.to_owned(),
                senders: vec![SENDER.to_owned()],
                step: STEP,
                max_batch: 100,
                customer: None,
            })
            .await
            .map_err(failed)?;
            let url = sim.base_url().to_owned();
            (Some(Simulator::Devino(sim)), url)
        }
        GatewayKind::DecisionTelecom => {
            let sim = DecisionTelecomSimulator::start(DecisionTelecomConfig {
                api_key: SANDBOX_API_KEY.to_owned(),
                step: STEP,
            })
            .await
            .map_err(failed)?;
            let url = sim.base_url().to_owned();
            (Some(Simulator::DecisionTelecom(sim)), url)
        }
        GatewayKind::Rapporto => {
            let sim = RapportoSimulator::start(RapportoConfig {
                login: SANDBOX_API_KEY.to_owned(),
                password: SANDBOX_API_KEY.to_owned(),
                service_numbers: vec![SENDER.to_owned()],
                step: STEP,
                ..RapportoConfig::default()
            })
            .await
            .map_err(failed)?;
            let url = sim.base_url().to_owned();
            (Some(Simulator::Rapporto(sim)), url)
        }
        // The phone calls us: it starts once the account's addresses are known.
        GatewayKind::PhoneBridge => (None, String::new()),
        GatewayKind::Wamm => {
            // A few chats of history to sync, and a customer whose answers are polled in.
            let sim = WammSimulator::start(WammConfig {
                token: SANDBOX_API_KEY.to_owned(),
                step: STEP,
                customer: Some(WammCustomer {
                    replies: replies(),
                    delay: Duration::from_millis(1500),
                    name: "Sandbox Customer".to_owned(),
                }),
                ..WammConfig::default()
            })
            .await
            .map_err(failed)?;
            let url = sim.base_url().to_owned();
            (Some(Simulator::Wamm(sim)), url)
        }
        GatewayKind::MetaCloud => {
            let sim = MetaSimulator::start(MetaConfig {
                access_token: SANDBOX_API_KEY.to_owned(),
                app_secret: SANDBOX_API_KEY.to_owned(),
                verify_token: SANDBOX_API_KEY.to_owned(),
                step: STEP,
                ..MetaConfig::default()
            })
            .await
            .map_err(failed)?;
            let url = sim.base_url().to_owned();
            (Some(Simulator::MetaCloud(sim)), url)
        }
    };
    let sender = match &simulator {
        // Webhooks name the business's phone number ID; the account's sender must match.
        Some(Simulator::MetaCloud(sim)) => sim.config().phone_number_id.clone(),
        _ => SENDER.to_owned(),
    };
    let (account, created) = sandbox_account(engine, kind, sender, base_url).await?;
    // Its simulator runs here from now on: its webhooks are taken (no other sandbox's are).
    engine.sandbox_runs_for(account.id);
    let hooks = engine
        .account_webhooks(
            &switchboard_core::access::Caller::local(),
            AccountRef {
                account_id: account.id,
            },
        )
        .await?;
    let hook = |kind: &str| hooks.iter().find(|w| w.kind == kind).map(|w| w.url.clone());
    let simulator = match simulator {
        Some(Simulator::Devino(sim)) => {
            let incoming = hook("incoming").ok_or_else(|| {
                Error::Unsupported(Phrase::verbatim(
                    "the sandbox gateway has no incoming webhook",
                ))
            })?;
            sim.set_customer(Some(ScriptedCustomer {
                incoming_url: incoming.clone(),
                replies: replies(),
                delay: Duration::from_millis(1500),
            }));
            Simulator::Devino(sim)
        }
        Some(Simulator::MetaCloud(sim)) => {
            // Statuses and the customer's answers come as signed posts to one endpoint.
            let events = hook("events").ok_or_else(|| {
                Error::Unsupported(Phrase::verbatim(
                    "the Cloud API account has no events webhook",
                ))
            })?;
            sim.set_webhook_url(Some(events.clone()));
            sim.set_customer(Some(ScriptedCustomer {
                incoming_url: events.clone(),
                replies: replies(),
                delay: Duration::from_millis(1500),
            }));
            // The hello comes from the simulator, as Meta would send it: a message the
            // gateway knows (a read receipt for it is taken like any other).
            if created {
                let hello = sim.incoming_text(CUSTOMER, REPLIES[0]);
                if let Err(e) = sim.post_webhook(&events, &hello).await {
                    tracing::warn!("the sandbox customer could not say hello: {e}");
                }
            }
            Simulator::MetaCloud(sim)
        }
        Some(other) => other,
        None => {
            let next = hook("next").ok_or_else(|| {
                Error::Unsupported(Phrase::verbatim("the phone bridge has no 'next' address"))
            })?;
            Simulator::PhoneBridge(PhoneSimulator::start(PhoneConfig {
                hooks_url: next.trim_end_matches("/next").to_owned(),
                secret: SANDBOX_API_KEY.to_owned(),
                poll_every: Duration::from_secs(1),
                customer: Some(PhoneCustomer {
                    replies: replies(),
                    delay: Duration::from_millis(1500),
                    name: Some("Sandbox Customer".to_owned()),
                }),
                ..PhoneConfig::default()
            }))
        }
    };
    if created && kind != GatewayKind::MetaCloud {
        say_hello(engine, &account).await;
    }
    seed_templates(engine, &account).await;
    Ok(Sandbox { simulator, account })
}

/// The sandbox account of `kind`, pointed at `base_url`; created on first run (then `true`:
/// the customer says hello).
async fn sandbox_account(
    engine: &Arc<Engine>,
    kind: GatewayKind,
    sender: String,
    base_url: String,
) -> Result<(Account, bool), Error> {
    let existing = engine
        .list_accounts(&switchboard_core::access::Caller::local(), Empty {})
        .await?
        .into_iter()
        .find(|a| a.sandbox && a.gateway == kind);
    if let Some(account) = existing {
        if !base_url.is_empty() {
            engine.set_account_base_url(account.id, base_url).await?;
        }
        return Ok((account, false));
    }
    let mut options = serde_json::Map::new();
    if kind == GatewayKind::Rapporto {
        options.insert("login".into(), SANDBOX_API_KEY.into());
    }
    if kind == GatewayKind::MetaCloud {
        // The simulated business account whose templates the catalog lists.
        options.insert("waba_id".into(), MetaConfig::default().waba_id.into());
    }
    let request = AddAccount {
        name: format!("Sandbox (simulated {})", kind.display_name()),
        gateway: kind,
        sender,
        base_url: (!base_url.is_empty()).then_some(base_url),
        options: Some(options),
        secret: String::new(),
    };
    let account = engine.create_account(request, true).await?;
    Ok((account, true))
}

/// Templates Devino approved for the sandbox's sender, as a supervisor would import them.
const DEVINO_TEMPLATES: &str = r#"{"templates": [
  {"name": "order_ready", "gateway_id": "10077", "language": "ru", "category": "utility",
   "body": "Здравствуйте, {{1}}! Ваш заказ {{2}} готов к выдаче.", "footer": "Магазин «Ромашка»",
   "params": ["contact.name"]},
  {"name": "payment_reminder", "gateway_id": "10078", "language": "ru", "category": "utility",
   "body": "{{1}}, напоминаем об оплате счёта {{2}} до {{3}}.", "params": ["contact.name"]},
  {"name": "welcome", "gateway_id": "10079", "language": "en", "category": "marketing",
   "body": "Hi {{1}}, thanks for choosing us! Reply to this message any time.",
   "params": ["contact.name"]}
]}"#;

/// Something to choose from in the template form: Devino's registered templates (imported
/// again each run, which changes nothing), Meta's listed by its simulator.
async fn seed_templates(engine: &Arc<Engine>, account: &Account) {
    use switchboard_core::templates::ImportTemplates;
    let me = switchboard_core::access::Caller::local();
    let done = match account.gateway {
        GatewayKind::Devino => engine
            .import_templates(
                &me,
                ImportTemplates {
                    account_id: account.id,
                    json: DEVINO_TEMPLATES.to_owned(),
                },
            )
            .await
            .map(drop),
        GatewayKind::MetaCloud => engine
            .sync_templates(
                &me,
                AccountRef {
                    account_id: account.id,
                },
            )
            .await
            .map(drop),
        _ => Ok(()),
    };
    if let Err(e) = done {
        tracing::warn!("the sandbox's templates: {e}");
    }
}

/// Something to look at before the first message is sent, for gateways with incoming
/// messages: the customer's hello, through the one ingest path.
async fn say_hello(engine: &Arc<Engine>, account: &Account) {
    use switchboard_core::ingest::{GatewayMessage, IngestEvent};
    use switchboard_core::message::{Content, Direction};
    use switchboard_core::phone::Phone;
    if !account.capabilities.history && !has_incoming(account.gateway) {
        return;
    }
    let Ok(phone) = Phone::parse(CUSTOMER) else {
        return;
    };
    let hello = IngestEvent::Message(GatewayMessage {
        gateway_message_id: format!("sandbox-hello-{}", account.id),
        direction: Direction::In,
        phone,
        profile_name: Some("Sandbox Customer".to_owned()),
        content: Content::Text {
            text: REPLIES[0].to_owned(),
        },
        at: engine.now(),
        status: None,
    });
    if let Err(e) = engine.ingest(account.id, vec![hello]).await {
        tracing::warn!("the sandbox customer could not say hello: {e}");
    }
}

/// Gateways whose customers' messages reach us (by webhook or polling).
fn has_incoming(kind: GatewayKind) -> bool {
    !matches!(kind, GatewayKind::DecisionTelecom | GatewayKind::Rapporto)
}

/// Parses `--sandbox-gateway`: a gateway the sandbox can simulate.
pub fn parse_kind(s: &str) -> Result<GatewayKind, String> {
    GatewayKind::parse(s)
        .filter(|k| KINDS.contains(k))
        .ok_or_else(|| {
            let offered: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
            format!("the sandbox simulates {}", offered.join(", "))
        })
}
