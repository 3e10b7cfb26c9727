//! One team server as `switchboard serve --sandbox --sandbox-gateway meta_cloud` starts it, on a
//! temp data directory and port 0, with operators made through the API as the CLI makes them;
//! and HTTP clients that sign in as them.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::access::Client;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::dispatch;
use switchboard_core::host::Silent;
use switchboard_server::sandbox::Simulator;
use switchboard_server::serve::{self, Running, ServeOptions};
use switchboard_simulator::meta_cloud::MetaHandle;
use switchboard_test_support::TestSecrets;
use tempfile::TempDir;
use tokio::net::TcpListener;

/// Every operator's password in these tests.
pub const PASSWORD: &str = "correct horse battery";

/// A hang guard for things that happen in well under a second.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Team {
    pub running: Running,
    pub dir: TempDir,
    pub secrets: Arc<TestSecrets>,
}

impl Team {
    pub async fn start() -> Self {
        Self::start_with(serve::Network::default()).await
    }

    pub async fn start_with(network: serve::Network) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let secrets = Arc::new(TestSecrets::default());
        let running = launch(&dir, secrets.clone(), "127.0.0.1:0", network).await;
        Self {
            running,
            dir,
            secrets,
        }
    }

    /// Stops the server and starts it again on the same data directory and port.
    pub async fn restart(self) -> Self {
        let addr = self.running.local_addr;
        self.running.shutdown().await.expect("it stops");
        let running = launch(
            &self.dir,
            self.secrets.clone(),
            &addr.to_string(),
            serve::Network::default(),
        )
        .await;
        Self { running, ..self }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.running.local_addr)
    }

    pub fn meta(&self) -> &MetaHandle {
        match self.running.sandbox.as_ref().map(|s| &s.simulator) {
            Some(Simulator::MetaCloud(sim)) => sim,
            _ => panic!("the sandbox simulates the Cloud API"),
        }
    }

    pub fn account_id(&self) -> i64 {
        self.running
            .sandbox
            .as_ref()
            .map(|s| s.account.id)
            .expect("a sandbox account")
    }

    /// Adds an operator as `switchboard operator add` does (in-process, as the local
    /// operator); their id.
    pub async fn add_operator(&self, login: &str, name: &str, role: &str) -> i64 {
        let answer = dispatch(
            &self.running.engine,
            &Client::local(),
            "add_operator",
            json!({"login": login, "name": name, "role": role, "password": PASSWORD}),
        )
        .await
        .unwrap_or_else(|e| panic!("{login} is added: {e:?}"));
        answer["id"].as_i64().expect("an id")
    }

    /// Signs `login` in over HTTP, as a script does (bearer token).
    pub async fn sign_in(&self, login: &str) -> Session {
        let http = client();
        let answer = http
            .post(format!("{}/api/sign_in", self.base()))
            .json(&json!({"login": login, "password": PASSWORD}))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(answer.status(), 200, "{login} signs in");
        let body: Value = answer.json().await.expect("JSON");
        Session {
            base: self.base(),
            token: body["token"].as_str().expect("a token").to_owned(),
            id: body["operator"]["id"].as_i64().expect("an operator"),
            http,
        }
    }

    /// The customer writes through the simulator's signed webhook, as Meta would.
    pub async fn customer_writes(&self, text: &str) {
        let hooks = dispatch(
            &self.running.engine,
            &Client::local(),
            "account_webhooks",
            json!({"account_id": self.account_id()}),
        )
        .await
        .expect("the sandbox has webhooks");
        let url = hooks
            .as_array()
            .and_then(|h| h.first())
            .and_then(|h| h["url"].as_str())
            .expect("a webhook URL")
            .to_owned();
        let webhook = self
            .meta()
            .incoming_text(switchboard_server::sandbox::CUSTOMER, text);
        let status = self
            .meta()
            .post_webhook(&url, &webhook)
            .await
            .expect("the webhook is delivered");
        assert_eq!(status, 200, "the webhook is taken");
    }
}

async fn launch(
    dir: &TempDir,
    secrets: Arc<TestSecrets>,
    addr: &str,
    network: serve::Network,
) -> Running {
    let listener = TcpListener::bind(addr).await.expect("bind");
    serve::start_on_network(
        dir.path(),
        secrets,
        Arc::new(Silent),
        listener,
        ServeOptions {
            listen: "127.0.0.1:0".parse().expect("an address"),
            sandbox: true,
            sandbox_gateway: GatewayKind::MetaCloud,
            public_url: None,
        },
        network,
    )
    .await
    .unwrap_or_else(|e| panic!("the team server starts: {e}"))
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .expect("a client")
}

/// An operator signed in over HTTP.
pub struct Session {
    pub base: String,
    pub token: String,
    pub id: i64,
    pub http: reqwest::Client,
}

impl Session {
    /// `POST /api/{command}` with this session; the status and the JSON answer.
    pub async fn call(&self, command: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/api/{command}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("the server answers");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// The answer to a command that must succeed.
    pub async fn ok(&self, command: &str, body: Value) -> Value {
        let (status, answer) = self.call(command, body.clone()).await;
        assert_eq!(status, 200, "{command} {body}: {answer}");
        answer
    }

    /// This operator's live events, from now (or after `last_event_id`).
    pub async fn events(&self, last_event_id: Option<&str>) -> Events {
        let mut request = self
            .http
            .get(format!("{}/api/events", self.base))
            .bearer_auth(&self.token);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.expect("the stream opens");
        assert_eq!(response.status(), 200, "the event stream opens");
        Events {
            response,
            buffer: String::new(),
        }
    }
}

/// A server-sent event as received.
#[derive(Debug, Clone)]
pub struct Sse {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
}

impl Sse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap_or(Value::Null)
    }
}

pub struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    /// The next event (keep-alive comments skipped); none when the stream ended.
    pub async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut sse = Sse {
                    id: None,
                    event: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        sse.id = Some(v.trim().to_owned());
                        any = true;
                    } else if let Some(v) = line.strip_prefix("event:") {
                        sse.event = Some(v.trim().to_owned());
                        any = true;
                    } else if let Some(v) = line.strip_prefix("data:") {
                        if !sse.data.is_empty() {
                            sse.data.push('\n');
                        }
                        sse.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        any = true;
                    }
                }
                if any {
                    return Some(sse);
                }
                continue;
            }
            match tokio::time::timeout(PATIENCE, self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(Ok(None)) | Ok(Err(_)) => return None,
                Err(_) => panic!("no event within {PATIENCE:?}"),
            }
        }
    }

    /// Events until one `matches`; that one, with those before it.
    pub async fn until(&mut self, matches: impl Fn(&Sse) -> bool) -> (Sse, Vec<Sse>) {
        let mut before = Vec::new();
        loop {
            let event = self.next().await.expect("the stream goes on");
            if matches(&event) {
                return (event, before);
            }
            before.push(event);
        }
    }
}

/// A message event whose text contains `text`.
pub fn message_with(text: &str) -> impl Fn(&Sse) -> bool + '_ {
    move |e| {
        let v = e.json();
        v["type"] == "message"
            && v["message"]["text"]
                .as_str()
                .is_some_and(|t| t.contains(text))
    }
}
