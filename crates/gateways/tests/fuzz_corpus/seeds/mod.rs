//! The seed corpora, taken from the simulators' real traffic: every adapter sends, checks and
//! polls through a recording proxy in front of its simulator (the answers are the answer
//! parsers' seeds), the simulators post their callbacks to a recording server (the webhook
//! parsers' seeds), and what the simulators build for tests (incoming messages, reports,
//! signed notifications) is added. Every test run makes the seeds and checks that each fuzz
//! target gets some; to write new ones into the committed corpora (when a simulator or a
//! target changes):
//!
//! ```sh
//! UPDATE_FUZZ_SEEDS=1 cargo test -p switchboard-gateways --test fuzz_corpus seed_corpora
//! ```
//!
//! Existing files are kept: the corpora only grow (fuzzing adds to them too).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Connector, Gateway, GatewayConfig, OutgoingMessage, PendingMessage, PollRequest, Secret,
};
use switchboard_core::message::{Content, TemplateHeader};
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_gateways::Gateways;
use switchboard_simulator as sim;

mod gateways;

use super::corpus_dir;
use gateways::{decision_telecom, devino, meta, phone_bridge, rapporto, wamm};

const KEY: &str = "seed-key";
const CUSTOMER: &str = "+79031234567";
const STEP: Duration = Duration::from_millis(5);

/// A request the recorder saw.
#[derive(Clone, Debug)]
struct Seen {
    query: String,
    authorization: Option<String>,
    body: Vec<u8>,
}

/// An answer the recorder passed back: status, `Retry-After`, body.
type Answered = (u16, Option<String>, Vec<u8>);

#[derive(Default)]
struct Log {
    requests: Vec<Seen>,
    answers: Vec<Answered>,
}

/// Records every request; forwards it to `target` and records the answer when there is one,
/// answers `{}` otherwise (a webhook receiver).
struct Recorder {
    url: String,
    log: Arc<Mutex<Log>>,
}

#[derive(Clone)]
struct Recording {
    target: Option<String>,
    log: Arc<Mutex<Log>>,
    http: reqwest::Client,
}

async fn record(
    State(state): State<Recording>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    state.log.lock().expect("the log").requests.push(Seen {
        query: uri.query().unwrap_or_default().to_owned(),
        authorization: header("authorization"),
        body: body.to_vec(),
    });
    let Some(target) = &state.target else {
        return (StatusCode::OK, "{}").into_response();
    };
    // A gateway whose base URL is a whole endpoint (Rapporto's) is posted to at the root.
    let path = uri
        .path_and_query()
        .map_or("", |p| p.as_str())
        .trim_start_matches('/');
    let url = match path {
        "" => target.clone(),
        path => format!("{target}/{path}"),
    };
    let mut request = state.http.request(method, url).body(body.to_vec());
    for (name, value) in &headers {
        if name != "host" && name != "content-length" {
            request = request.header(name, value);
        }
    }
    let Ok(answer) = request.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = answer.status();
    let retry_after = answer
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let content_type = answer.headers().get("content-type").cloned();
    let bytes = answer.bytes().await.unwrap_or_default().to_vec();
    state.log.lock().expect("the log").answers.push((
        status.as_u16(),
        retry_after.clone(),
        bytes.clone(),
    ));
    let mut response = (status, bytes).into_response();
    if let Some(content_type) = content_type {
        response.headers_mut().insert("content-type", content_type);
    }
    if let Some(wait) = retry_after.and_then(|w| w.parse().ok()) {
        response.headers_mut().insert("retry-after", wait);
    }
    response
}

impl Recorder {
    async fn start(target: Option<&str>) -> Self {
        let log = Arc::new(Mutex::new(Log::default()));
        let state = Recording {
            target: target.map(|t| t.trim_end_matches('/').to_owned()),
            log: log.clone(),
            http: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("a client"),
        };
        let app = Router::new().fallback(record).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, log }
    }

    fn requests(&self) -> Vec<Seen> {
        self.log.lock().expect("the log").requests.clone()
    }

    fn answers(&self) -> Vec<Answered> {
        self.log.lock().expect("the log").answers.clone()
    }
}

/// Seeds by target.
#[derive(Default)]
struct Seeds(BTreeMap<&'static str, Vec<Vec<u8>>>);

impl Seeds {
    fn add(&mut self, target: &'static str, seed: impl Into<Vec<u8>>) {
        self.0.entry(target).or_default().push(seed.into());
    }

    fn json(&mut self, target: &'static str, value: &serde_json::Value) {
        self.add(target, value.to_string());
    }

    /// Every answer the proxy passed back, as `target`'s seeds; their waits as Retry-After's.
    fn answers(&mut self, target: &'static str, recorder: &Recorder) {
        for (status, retry_after, body) in recorder.answers() {
            self.add(target, [status.to_be_bytes().as_slice(), &body].concat());
            if let Some(wait) = retry_after {
                self.add("retry_after", wait);
            }
        }
    }

    /// A webhook body also as the engine target's input: account, endpoint, body.
    fn engine(&mut self, kind: GatewayKind, endpoint: &str, body: &[u8]) {
        let account = super::engine::KINDS
            .iter()
            .position(|k| *k == kind)
            .expect("a kind with webhooks");
        let endpoints = Gateways::new()
            .capabilities(kind)
            .expect("capabilities")
            .webhooks;
        let endpoint = endpoints
            .iter()
            .position(|e| e == endpoint)
            .expect("a webhook of the kind");
        let input = super::engine::one_request(account as u8, endpoint as u8, body);
        self.add("engine_webhook", input);
    }

    /// Conversations for the engine target: each three requests in a row, as one input.
    fn engine_conversations(&mut self) {
        let singles = self.0.get("engine_webhook").cloned().unwrap_or_default();
        for three in singles.chunks(3) {
            self.add("engine_webhook", three.concat());
        }
    }

    fn write(self) {
        for (target, seeds) in self.0 {
            let dir = corpus_dir(target);
            std::fs::create_dir_all(&dir).expect("the corpus directory");
            for seed in seeds {
                let path = dir.join(format!("seed-{:016x}", fnv(&seed)));
                if !path.exists() {
                    std::fs::write(&path, &seed).expect("a seed is written");
                }
            }
        }
    }
}

/// A stable name for a seed.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn connect(
    kind: GatewayKind,
    base_url: &str,
    sender: &str,
    secret: &str,
    options: serde_json::Value,
) -> Arc<dyn Gateway> {
    Gateways::allowing_loopback()
        .connect(GatewayConfig {
            kind,
            base_url: base_url.to_owned(),
            sender: sender.to_owned(),
            secret: Some(Secret::new(secret)),
            options: options.as_object().cloned().unwrap_or_default(),
        })
        .expect("an adapter")
}

fn message(content: Content, callback: Option<String>) -> OutgoingMessage {
    OutgoingMessage {
        our_id: format!(
            "seed-{}",
            fnv(format!("{content:?}{callback:?}").as_bytes())
        ),
        to: Phone::parse(CUSTOMER).expect("a number"),
        content,
        callback_url: callback,
    }
}

fn text(text: &str) -> Content {
    Content::Text {
        text: text.to_owned(),
    }
}

fn image() -> Content {
    Content::Media {
        url: "https://example.com/photo.jpg".to_owned(),
        mime: Some("image/jpeg".to_owned()),
        name: Some("photo.jpg".to_owned()),
        caption: None,
    }
}

fn template(id: &str, params: &[&str], language: &str) -> Content {
    Content::Template {
        id: id.to_owned(),
        params: params.iter().map(|p| (*p).to_owned()).collect(),
        language: Some(language.to_owned()),
        header: None::<TemplateHeader>,
        buttons: Vec::new(),
        rendered: None,
    }
}

/// Sends each of `contents`, keeping the receipts' ids.
async fn send_all(
    gateway: &dyn Gateway,
    contents: Vec<Content>,
    callback: Option<String>,
) -> Vec<String> {
    let mut ids = Vec::new();
    for content in contents {
        if let Ok(receipt) = gateway.send(&message(content, callback.clone())).await {
            ids.push(receipt.gateway_message_id);
        }
    }
    ids
}

/// Lets the simulators' callbacks arrive.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

fn static_seeds(seeds: &mut Seeds) {
    for wait in [
        "120",
        "0",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "-1",
        "1.5",
        "99999999999999999999",
    ] {
        seeds.add("retry_after", wait);
    }
    for number in [
        "+7 903 123-45-67",
        "8 (903) 123-45-67",
        "0049 30 1234567",
        "79031234567",
        "+1 (555) 010-9999",
        "+7\u{a0}903\u{a0}123",
    ] {
        seeds.add("phone", number);
    }
    let files: [&[u8]; 9] = [
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        b"\xff\xd8\xff\xe0\0\x10JFIF\0",
        b"GIF89a\x01\0\x01\0",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        b"OggS\0\x02\0\0\0\0\0\0\0\0",
        b"\0\0\0\x18ftypisom\0\0\x02\0",
        b"\0\0\0\x14ftyp3gp5\0\0\0\0",
        b"PK\x03\x04\x14\0\x06\0",
        "Привет, это текст\n".as_bytes(),
    ];
    for file in files {
        seeds.add("sniff", file);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_corpora_reach_every_fuzz_target() {
    let mut seeds = Seeds::default();
    devino(&mut seeds).await;
    decision_telecom(&mut seeds).await;
    rapporto(&mut seeds).await;
    meta(&mut seeds).await;
    phone_bridge(&mut seeds).await;
    wamm(&mut seeds).await;
    static_seeds(&mut seeds);
    seeds.engine_conversations();
    for (target, found) in &seeds.0 {
        eprintln!("{target}: {} seeds", found.len());
    }
    let targets_dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/fuzz_targets");
    let targets: Vec<String> = std::fs::read_dir(&targets_dir)
        .expect("fuzz/fuzz_targets")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    assert!(!targets.is_empty(), "the fuzz targets are found");
    for target in &targets {
        assert!(
            seeds.0.get(target.as_str()).is_some_and(|s| !s.is_empty()),
            "the simulators' traffic seeds the fuzz target {target}"
        );
    }
    // Tests never write tracked files unless asked.
    if std::env::var_os("UPDATE_FUZZ_SEEDS").is_some() {
        seeds.write();
    }
}
