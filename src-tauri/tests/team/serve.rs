//! Against the real `switchboard serve` (its sandbox customer, its sessions, its event log):
//! the line breaking while the server runs, and the server restarting.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::access::Client;
use switchboard_desktop::team::backoff::Backoff;
use switchboard_desktop::team::relay::Timing;
use switchboard_desktop::team::session::Session;
use switchboard_server::secrets::SecretsFile;
use switchboard_server::serve::{self, LogNotifier, Running, ServeOptions};
use tokio::net::TcpListener;

use crate::proxy::Proxy;
use crate::window::{Told, online, reconnecting, recorder};
use crate::{WAIT, server};

const LOGIN: &str = "anna";
const PASSWORD: &str = "a passphrase long enough";
const CUSTOMER: &str = "+79000000001";

struct TeamServer {
    dir: tempfile::TempDir,
    addr: SocketAddr,
    running: Option<Running>,
}

impl TeamServer {
    /// A sandbox server with one manager, as an administrator sets a team up.
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let running = run(dir.path(), listener).await;
        let mut team = Self {
            addr: running.local_addr,
            dir,
            running: Some(running),
        };
        team.local(
            "add_operator",
            json!({"login": LOGIN, "name": "Anna", "role": "manager", "password": PASSWORD}),
        )
        .await;
        team
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await.unwrap_or_else(|e| panic!("{e}"));
        }
    }

    /// The same data directory on the same port: sessions are in the database, the event log
    /// starts anew.
    async fn start_again(&mut self) {
        let listener = TcpListener::bind(self.addr)
            .await
            .unwrap_or_else(|e| panic!("the port is taken: {e}"));
        self.running = Some(run(self.dir.path(), listener).await);
    }

    /// A command run on the server's own engine, as its administrator's CLI does.
    async fn local(&mut self, command: &str, request: Value) -> Value {
        let running = self.running.as_ref().unwrap_or_else(|| panic!("stopped"));
        switchboard_core::api::dispatch(&running.engine, &Client::local(), command, request)
            .await
            .unwrap_or_else(|e| panic!("{command}: {e}"))
    }

    /// The sandbox customer writes (to the server itself, not through the desktop's line).
    async fn customer_writes(&mut self, text: &str) {
        let accounts = self.local("list_accounts", json!({})).await;
        let account = accounts
            .as_array()
            .and_then(|a| a.iter().find(|a| a["sandbox"] == true))
            .cloned()
            .unwrap_or_else(|| panic!("no sandbox account: {accounts}"));
        let hooks = self
            .local("account_webhooks", json!({"account_id": account["id"]}))
            .await;
        let url = hooks
            .as_array()
            .and_then(|h| h.iter().find(|h| h["kind"] == "incoming"))
            .and_then(|h| h["url"].as_str())
            .unwrap_or_else(|| panic!("no incoming webhook: {hooks}"))
            .to_owned();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        let posted = reqwest::Client::new()
            .post(url)
            .json(&json!({
                "incomingMessageId": now,
                "to": account["sender"],
                "from": CUSTOMER.trim_start_matches('+'),
                "ts": now,
                "text": text,
                "profileName": "Sandbox Customer",
            }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("webhook: {e}"));
        assert!(posted.status().is_success(), "webhook: {}", posted.status());
    }

    async fn sandbox_account(&mut self) -> Value {
        let accounts = self.local("list_accounts", json!({})).await;
        accounts
            .as_array()
            .and_then(|a| a.iter().find(|a| a["sandbox"] == true))
            .map(|a| a["id"].clone())
            .unwrap_or_else(|| panic!("no sandbox account: {accounts}"))
    }
}

async fn run(dir: &std::path::Path, listener: TcpListener) -> Running {
    serve::start_on(
        dir,
        Arc::new(SecretsFile::new(dir.join("secrets.json"))),
        Arc::new(LogNotifier),
        listener,
        ServeOptions {
            listen: "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")),
            sandbox: true,
            sandbox_gateway: switchboard_core::account::GatewayKind::Devino,
            public_url: None,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("serve: {e}"))
}

fn mentions(told: &Told, text: &str) -> bool {
    matches!(told, Told::Event(event) if event.to_string().contains(text))
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_line_broke_the_window_catches_up_without_reloading() {
    let mut team = TeamServer::start().await;
    let proxy = Proxy::start(team.addr).await;
    let through_proxy = server(&format!("http://{}", proxy.addr));
    let signed_in = through_proxy
        .sign_in(LOGIN, PASSWORD)
        .await
        .unwrap_or_else(|e| panic!("sign in: {e}"));
    assert_eq!(signed_in.operator.login.as_deref(), Some(LOGIN));
    let (window, mut told) = recorder();
    let timing = Timing {
        backoff: Backoff::new(Duration::from_millis(200), Duration::from_millis(400)),
        ..Timing::default()
    };
    let session = Session::resume(
        through_proxy,
        Some(signed_in.token),
        Some(signed_in.operator),
        window,
        timing,
    );
    session.start();
    told.until("online", WAIT, online).await;

    let account_id = team.sandbox_account().await;
    let sent = "Sent from the desktop, through the team server";
    session
        .call(
            "send_message",
            json!({"account_id": account_id, "to": CUSTOMER, "content": {"kind": "text", "text": sent}}),
        )
        .await
        .unwrap_or_else(|e| panic!("send: {e}"));
    told.until("the sent message's event", WAIT, |t| mentions(t, sent))
        .await;

    proxy.cut();
    told.until("reconnecting", WAIT, reconnecting).await;
    let away = "Written while the desktop's line was down";
    team.customer_writes(away).await;
    proxy.restore();
    let (_, between) = told
        .until("the message written meanwhile", WAIT, |t| mentions(t, away))
        .await;
    assert!(
        between.iter().any(online),
        "online again before the missed event: {between:?}"
    );
    assert!(
        !between.iter().any(|t| matches!(t, Told::Resync(_))),
        "the server resumed after Last-Event-ID: nothing to reload ({between:?})"
    );
    session.stop();
    team.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restarted_server_is_found_again_and_the_window_reloads() {
    let mut team = TeamServer::start().await;
    let (window, mut told) = recorder();
    let to_team = server(&team.url());
    let signed_in = to_team
        .sign_in(LOGIN, PASSWORD)
        .await
        .unwrap_or_else(|e| panic!("sign in: {e}"));
    // The default timing: what a user's desktop does.
    let session = Session::resume(
        to_team,
        Some(signed_in.token),
        Some(signed_in.operator),
        window,
        Timing::default(),
    );
    session.start();
    told.until("online", WAIT, online).await;

    team.stop().await;
    told.until("reconnecting", WAIT, reconnecting).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    team.start_again().await;
    let back = tokio::time::Instant::now();
    let away = "Written while the server was restarting";
    team.customer_writes(away).await;
    told.until("online again", Duration::from_secs(40), online)
        .await;
    let reconnected = back.elapsed();
    let (_, _) = told
        .until(
            "a reload: this run's event log cannot resume the last one's ids",
            WAIT,
            |t| matches!(t, Told::Resync(_)),
        )
        .await;
    println!(
        "reconnected {} ms after the server was back",
        reconnected.as_millis()
    );
    assert!(
        reconnected <= Duration::from_secs(5),
        "after 2 s down, the next attempt is at most 4 s away: {reconnected:?}"
    );
    let thread = session
        .call("list_conversations", json!({}))
        .await
        .unwrap_or_else(|e| panic!("the session outlives the restart: {e}"));
    assert!(
        thread.to_string().contains(away),
        "reloading shows what was written meanwhile: {thread}"
    );
    session.stop();
    team.stop().await;
}
