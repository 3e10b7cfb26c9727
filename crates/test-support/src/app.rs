//! Engines on a database in a temp directory, one per simulated process.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_core::Engine;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::{AddAccount, SendMessage};
use switchboard_core::gateway::Capabilities;
use switchboard_core::host::Clock;
use switchboard_core::message::{Content, Message};
use switchboard_core::outbox::{Claimant, Liveness};
use switchboard_core::time::Timestamp;
use tempfile::TempDir;

use crate::gateway::{FakeConnector, FakeGateway, text_only};
use crate::host::{ManualClock, TestHost};

/// An engine as a process of its own: `serve`, or a `switchboard send` beside it.
pub struct TestApp {
    pub engine: Arc<Engine>,
    /// This process's host: its recorder sees only this engine's events.
    pub host: TestHost,
    pub connector: Arc<FakeConnector>,
    process: String,
    machine: Arc<Machine>,
}

/// What the processes of one test share: the data directory, the clock, the gateways, and
/// which processes are alive.
struct Machine {
    dir: TempDir,
    clock: Arc<ManualClock>,
    connector: Arc<FakeConnector>,
    processes: Arc<Processes>,
    engines: Mutex<Vec<Arc<Engine>>>,
}

/// The processes that died, for outbox claims (see [`Liveness`]).
#[derive(Default)]
struct Processes {
    dead: Mutex<HashSet<String>>,
    started: Mutex<u32>,
}

impl Processes {
    fn spawn(&self) -> String {
        let mut n = lock(&self.started);
        *n += 1;
        format!("process-{n}")
    }
}

impl Liveness for Processes {
    fn is_gone(&self, claimant: &str) -> bool {
        lock(&self.dead).contains(claimant)
    }
}

/// An account added for a test, with the gateway that answers for it.
#[derive(Clone)]
pub struct TestAccount {
    pub id: i64,
    pub gateway: Arc<FakeGateway>,
}

pub struct TestAppBuilder {
    capabilities: Capabilities,
    start: bool,
}

impl TestAppBuilder {
    /// What every account's gateway can do ([`text_only`] unless set).
    pub fn capabilities(mut self, capabilities: Capabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    /// Whether the outbox workers run; without them a test drives the outbox itself with
    /// `engine.send_next(account)`, one round at a time.
    pub fn started(mut self, start: bool) -> Self {
        self.start = start;
        self
    }

    pub async fn open(self) -> TestApp {
        let machine = Arc::new(Machine {
            dir: tempfile::tempdir().expect("a temp dir for the database"),
            clock: Arc::new(ManualClock::new()),
            connector: FakeConnector::new(self.capabilities),
            processes: Arc::new(Processes::default()),
            engines: Mutex::new(Vec::new()),
        });
        TestApp::on(machine, self.start).await
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            capabilities: text_only(),
            start: true,
        }
    }

    /// An engine with its outbox workers running, on text-only fake gateways.
    pub async fn start() -> Self {
        Self::builder().open().await
    }

    async fn on(machine: Arc<Machine>, start: bool) -> Self {
        let host = TestHost::with_clock(machine.clock.clone());
        let process = machine.processes.spawn();
        let engine = Engine::open_as(
            &machine.dir.path().join("switchboard.db"),
            host.host.clone(),
            machine.connector.clone(),
            Claimant::new(process.clone(), machine.processes.clone()),
        )
        .expect("the engine opens its database");
        if start {
            engine.start().await.expect("the engine starts");
        }
        lock(&machine.engines).push(engine.clone());
        Self {
            engine,
            host,
            connector: machine.connector.clone(),
            process,
            machine,
        }
    }

    /// Another process on the same database, clock and gateways.
    pub async fn another_process(&self, start: bool) -> TestApp {
        Self::on(self.machine.clone(), start).await
    }

    /// This process dies: its outbox claims are abandoned (other processes see it gone), its
    /// workers stop, and a send it has under way never gets recorded.
    pub fn kill(&self) {
        lock(&self.machine.processes.dead).insert(self.process.clone());
        self.engine.shutdown();
    }

    /// Moves the clock every process shares, and has their outboxes look again.
    pub fn advance(&self, by: Duration) {
        self.machine.clock.advance(by);
        for engine in lock(&self.machine.engines).iter() {
            engine.clock_moved();
        }
    }

    pub fn now(&self) -> Timestamp {
        self.machine.clock.now()
    }

    pub fn db_path(&self) -> PathBuf {
        self.machine.dir.path().join("switchboard.db")
    }

    /// Adds an account whose sender is its name, and its gateway.
    pub async fn add_account(&self, name: &str) -> TestAccount {
        let account = self
            .engine
            .add_account(
                &switchboard_core::access::Caller::local(),
                devino_account(name, name, None, "test-secret"),
            )
            .await
            .expect("the account is added");
        TestAccount {
            id: account.id,
            gateway: self.connector.gateway(name),
        }
    }

    /// Queues a text through the API's `send_message`.
    pub async fn send_text(&self, account_id: i64, to: &str, text: &str) -> Message {
        self.engine
            .send_message(
                &switchboard_core::access::Caller::local(),
                SendMessage {
                    account_id,
                    to: to.to_owned(),
                    content: Content::Text {
                        text: text.to_owned(),
                    },
                },
            )
            .await
            .expect("the message is queued")
    }

    pub async fn message(&self, id: &str) -> Message {
        self.engine.message(id).await.expect("the message exists")
    }
}

/// A Devino account `name` sending as `sender` with the key `secret`, at `base_url` (a
/// simulator's) or Devino's own address.
pub fn devino_account(
    name: &str,
    sender: &str,
    base_url: Option<&str>,
    secret: &str,
) -> AddAccount {
    AddAccount {
        name: name.to_owned(),
        gateway: GatewayKind::Devino,
        sender: sender.to_owned(),
        base_url: base_url.map(str::to_owned),
        options: None,
        secret: secret.to_owned(),
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.engine.shutdown();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
