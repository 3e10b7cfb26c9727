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

use super::corpus_dir;

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

async fn devino(seeds: &mut Seeds) {
    let sim = sim::DevinoSimulator::start(sim::DevinoConfig {
        api_key: KEY.to_owned(),
        senders: vec!["Shop".to_owned()],
        step: STEP,
        max_batch: 100,
        customer: None,
    })
    .await
    .expect("Devino's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let hooks = Recorder::start(None).await;
    let gateway = connect(
        GatewayKind::Devino,
        &proxy.url,
        "Shop",
        KEY,
        serde_json::json!({}),
    );
    let callback = Some(format!("{}/status", hooks.url));
    let ids = send_all(
        gateway.as_ref(),
        vec![
            text("Your order has shipped"),
            image(),
            template("order_shipped", &["Anna", "42"], "ru"),
            text(&"long ".repeat(300)),
        ],
        callback.clone(),
    )
    .await;
    for fault in [
        sim::Fault::Status(503),
        sim::Fault::Status(429),
        sim::Fault::Status(400),
        sim::Fault::Garbage,
    ] {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], callback.clone()).await;
    }
    let stranger = connect(
        GatewayKind::Devino,
        &proxy.url,
        "Nobody",
        "wrong",
        serde_json::json!({}),
    );
    send_all(stranger.as_ref(), vec![text("hi")], None).await;
    let unknown = connect(
        GatewayKind::Devino,
        &proxy.url,
        "Nobody",
        KEY,
        serde_json::json!({}),
    );
    send_all(unknown.as_ref(), vec![text("hi")], None).await;
    settle().await;
    seeds.answers("devino_send", &proxy);
    for request in hooks.requests() {
        seeds.add("devino_status", request.body.clone());
        seeds.engine(GatewayKind::Devino, "status", &request.body);
    }
    for (id, status, code) in [
        (0, "UNDELIVERED", 2305),
        (0, "FAILED", 2301),
        (1, "REJECTED", 0),
        (1, "EXPIRED", 0),
    ] {
        if let Some(body) = ids
            .get(id)
            .and_then(|id| sim.status_callback(id, status, code))
        {
            seeds.json("devino_status", &body);
        }
    }
    for incoming in [
        sim.incoming_text("79031234567", "Is my order ready?"),
        sim.incoming_text("79031234567", "Привет 👋"),
        sim.incoming_media(
            "79031234567",
            "https://example.com/a.png",
            "image/png",
            Some("a.png"),
        ),
    ] {
        let body = serde_json::to_vec(&incoming).expect("json");
        seeds.add("devino_incoming", body.clone());
        seeds.engine(GatewayKind::Devino, "incoming", &body);
    }
    sim.shutdown().await;
}

async fn decision_telecom(seeds: &mut Seeds) {
    let sim = sim::decision_telecom::DecisionTelecomSimulator::start(
        sim::decision_telecom::DecisionTelecomConfig {
            api_key: KEY.to_owned(),
            step: STEP,
        },
    )
    .await
    .expect("DecisionTelecom's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let hooks = Recorder::start(None).await;
    let gateway = connect(
        GatewayKind::DecisionTelecom,
        &proxy.url,
        "Shop",
        KEY,
        serde_json::json!({}),
    );
    let callback = Some(format!("{}/status", hooks.url));
    let ids = send_all(
        gateway.as_ref(),
        vec![
            text("Your order has shipped"),
            image(),
            template("order_shipped", &["Anna", "42"], "en"),
        ],
        callback.clone(),
    )
    .await;
    for code in 0..=9 {
        sim.inject_error(code);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    for fault in [sim::Fault::Status(500), sim::Fault::Garbage] {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    let pending = ids
        .iter()
        .map(|id| PendingMessage {
            gateway_message_id: id.clone(),
            our_id: id.clone(),
            to: Phone::parse(CUSTOMER).expect("a number"),
            status: Status::Sent,
            sent_at: Timestamp::from_millis(0),
        })
        .chain(std::iter::once(PendingMessage {
            gateway_message_id: "999999".to_owned(),
            our_id: "x".to_owned(),
            to: Phone::parse(CUSTOMER).expect("a number"),
            status: Status::Sent,
            sent_at: Timestamp::from_millis(0),
        }))
        .collect();
    let _ = gateway
        .poll(PollRequest {
            cursor: None,
            pending,
        })
        .await;
    let _ = gateway.check().await;
    settle().await;
    seeds.answers("decision_telecom_answer", &proxy);
    for request in hooks.requests() {
        seeds.add("decision_telecom_status", request.body.clone());
        seeds.engine(GatewayKind::DecisionTelecom, "status", &request.body);
    }
    if let Some(id) = ids.first().and_then(|id| id.parse::<u64>().ok()) {
        for status in 0..=7 {
            if let Some(body) = sim.set_status(id, status) {
                seeds.json("decision_telecom_status", &body);
                seeds.engine(
                    GatewayKind::DecisionTelecom,
                    "status",
                    body.to_string().as_bytes(),
                );
            }
        }
    }
    sim.shutdown().await;
}

async fn rapporto(seeds: &mut Seeds) {
    let config = sim::rapporto::RapportoConfig {
        login: "partner".to_owned(),
        password: KEY.to_owned(),
        service_numbers: vec!["Shop".to_owned()],
        step: STEP,
        duplicate_control: false,
        allowed_ips: None,
    };
    let sim = sim::rapporto::RapportoSimulator::start(config)
        .await
        .expect("Rapporto's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let hooks = Recorder::start(None).await;
    let options = serde_json::json!({"login": "partner"});
    let gateway = connect(
        GatewayKind::Rapporto,
        &proxy.url,
        "Shop",
        KEY,
        options.clone(),
    );
    let callback = Some(format!("{}/status", hooks.url));
    let ids = send_all(
        gateway.as_ref(),
        vec![text("Your order has shipped"), image()],
        callback.clone(),
    )
    .await;
    // The same id again: code 10 without duplicate control.
    let again = message(text("Your order has shipped"), callback.clone());
    let _ = gateway.send(&again).await;
    let _ = gateway.send(&again).await;
    use sim::rapporto::Fault;
    let faults = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100]
        .map(Fault::Error)
        .into_iter()
        .chain([
            Fault::Status(500),
            Fault::Status(429),
            Fault::Status(404),
            Fault::Garbage,
        ]);
    for fault in faults {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    let _ = gateway.check().await;
    for (sender, secret, login) in [
        ("Shop", "wrong", "partner"),
        ("Shop", KEY, "stranger"),
        ("Nobody", KEY, "partner"),
    ] {
        let other = connect(
            GatewayKind::Rapporto,
            &proxy.url,
            sender,
            secret,
            serde_json::json!({ "login": login }),
        );
        send_all(other.as_ref(), vec![text("hi")], None).await;
        let _ = other.check().await;
    }
    sim.set_allowed_ips(Some(vec!["192.0.2.1".parse().expect("an address")]));
    send_all(gateway.as_ref(), vec![text("hi")], None).await;
    settle().await;
    seeds.answers("rapporto_send", &proxy);
    for request in hooks.requests() {
        seeds.add("rapporto_status", request.body.clone());
        seeds.engine(GatewayKind::Rapporto, "status", &request.body);
    }
    if let Some(id) = ids.first() {
        for (status, code) in [("DELIVERED", 0), ("UNDELIVERED", 17), ("READ", 0)] {
            if let Some(body) = sim.report(id, status, code) {
                seeds.json("rapporto_status", &body);
            }
        }
    }
    seeds.add(
        "rapporto_status",
        r#"[{"mtNum": "107930572", "id": "our-1", "status": "DELIVERED", "time": "2019-05-10 16:29:30 МСК"}]"#,
    );
    sim.shutdown().await;
}

async fn meta(seeds: &mut Seeds) {
    let hooks = Recorder::start(None).await;
    let config = sim::MetaConfig {
        access_token: KEY.to_owned(),
        app_secret: "seed-app-secret".to_owned(),
        verify_token: "seed-verify-token".to_owned(),
        step: STEP,
        webhook_url: Some(format!("{}/events", hooks.url)),
        ..sim::MetaConfig::default()
    };
    let phone_number_id = config.phone_number_id.clone();
    let sim = sim::MetaSimulator::start(config)
        .await
        .expect("Meta's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let secret = serde_json::json!({
        "access_token": KEY,
        "app_secret": "seed-app-secret",
        "verify_token": "seed-verify-token",
    })
    .to_string();
    let gateway = connect(
        GatewayKind::MetaCloud,
        &proxy.url,
        &phone_number_id,
        &secret,
        serde_json::json!({}),
    );
    let ids = send_all(
        gateway.as_ref(),
        vec![
            text("Your order has shipped"),
            image(),
            template("order_shipped", &["Anna", "42"], "en_US"),
            template("no_such_template", &[], "en_US"),
        ],
        None,
    )
    .await;
    for code in [131047, 131026, 130429, 131056, 190, 100, 4, 131000] {
        sim.inject_error(code);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    for fault in [sim::Fault::Status(500), sim::Fault::Garbage] {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    let _ = gateway.check().await;
    let wrong = connect(
        GatewayKind::MetaCloud,
        &proxy.url,
        &phone_number_id,
        "wrong-token",
        serde_json::json!({}),
    );
    send_all(wrong.as_ref(), vec![text("hi")], None).await;
    settle().await;
    seeds.answers("meta_send", &proxy);
    // Meta's usage header, which the target also reads the body as.
    let usage = r#"{"1234": [{"type": "whatsapp", "call_count": 100, "estimated_time_to_regain_access": 3}]}"#;
    seeds.add(
        "meta_send",
        [429u16.to_be_bytes().as_slice(), usage.as_bytes()].concat(),
    );
    let mut bodies: Vec<Vec<u8>> = hooks.requests().into_iter().map(|r| r.body).collect();
    if let Some(id) = ids.first() {
        for (status, error) in [
            ("delivered", None),
            ("read", None),
            ("failed", Some(131026)),
        ] {
            bodies.extend(sim.status_webhook(id, status, error).map(|w| w.body));
        }
    }
    let media = sim.add_media(b"\xff\xd8\xff\xe0".to_vec(), "image/jpeg");
    bodies.push(sim.incoming_text("79031234567", "Is my order ready?").body);
    bodies.push(
        sim.incoming_image("79031234567", &media, Some("the broken part"))
            .body,
    );
    for body in bodies {
        seeds.engine(GatewayKind::MetaCloud, "events", &body);
        seeds.add("meta_events", body);
    }
    for (token, challenge) in [
        (
            switchboard_gateways::fuzzing::META_VERIFY_TOKEN,
            "1158201444",
        ),
        ("seed-verify-token", "987654321"),
        ("", ""),
    ] {
        seeds.add("meta_handshake", sim.verification_query(token, challenge));
    }
    sim.shutdown().await;
}

async fn phone_bridge(seeds: &mut Seeds) {
    let hooks = Recorder::start(None).await;
    let mut phones = Vec::new();
    for auth in [sim::PhoneAuth::Header, sim::PhoneAuth::Query] {
        phones.push(sim::PhoneSimulator::start(sim::PhoneConfig {
            hooks_url: format!("{}/hooks/seed", hooks.url),
            secret: switchboard_gateways::fuzzing::SECRET.to_owned(),
            auth,
            poll_every: Duration::from_millis(20),
            ..sim::PhoneConfig::default()
        }));
    }
    settle().await;
    for request in hooks.requests().into_iter().take(6) {
        let header = request.authorization.unwrap_or_default();
        seeds.add("phone_bridge_auth", format!("{}\n{header}", request.query));
    }
    seeds.add("phone_bridge_auth", "token=wrong&token=another\nBearer x");
    let phone = &phones[0];
    for body in [
        phone.result_body("m-1", "sent", None),
        phone.result_body("m-2", "failed", Some("Chat did not open")),
        phone.result_body("m-3", "2", None),
        serde_json::json!({"id": 42, "status": "delivered", "at": 1_700_000_000_123_i64}),
    ] {
        seeds.json("phone_bridge_result", &body);
        seeds.engine(
            GatewayKind::PhoneBridge,
            "result",
            body.to_string().as_bytes(),
        );
    }
    for body in [
        phone.incoming_body("+7 903 123-45-67", Some("Anna"), "Hello"),
        phone.incoming_body("+7 903 123-45-67", None, "Is it ready?"),
        serde_json::json!({"title": "+7 903 123-45-67", "text": "hi", "at": "2024-01-10T10:00:00Z", "id": 7}),
    ] {
        seeds.json("phone_bridge_incoming", &body);
        seeds.engine(
            GatewayKind::PhoneBridge,
            "incoming",
            body.to_string().as_bytes(),
        );
    }
    seeds.engine(GatewayKind::PhoneBridge, "next", b"");
    for phone in phones {
        phone.shutdown().await;
    }
}

async fn wamm(seeds: &mut Seeds) {
    for daily_limit in [None, Some(0)] {
        let sim = sim::WammSimulator::start(sim::WammConfig {
            token: KEY.to_owned(),
            step: STEP,
            history: Some((3, 4)),
            daily_limit,
            customer: None,
            ..sim::WammConfig::default()
        })
        .await
        .expect("WAMM's simulator");
        let proxy = Recorder::start(Some(sim.base_url())).await;
        let gateway = connect(
            GatewayKind::Wamm,
            &proxy.url,
            "79001234567",
            KEY,
            serde_json::json!({}),
        );
        send_all(
            gateway.as_ref(),
            vec![
                text("Your order has shipped :sm16:"),
                Content::Media {
                    url: "https://example.com/a.pdf".to_owned(),
                    mime: Some("application/pdf".to_owned()),
                    name: None,
                    caption: None,
                },
            ],
            None,
        )
        .await;
        let _ = gateway.check().await;
        let mut cursor = None;
        for _ in 0..3 {
            if let Ok(result) = gateway
                .poll(PollRequest {
                    cursor: cursor.clone(),
                    pending: Vec::new(),
                })
                .await
            {
                cursor = result.cursor;
            }
        }
        let wrong = connect(
            GatewayKind::Wamm,
            &proxy.url,
            "79001234567",
            "wrong",
            serde_json::json!({}),
        );
        let _ = wrong.check().await;
        seeds.answers("wamm_answer", &proxy);
        sim.shutdown().await;
    }
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
