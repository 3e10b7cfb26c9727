//! Media both ways: local files uploaded, checked and fetched by the gateway from the public
//! media route until they expire; incoming files cached apart from ingest, with retries.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{Value, json};
use sha2::Digest;
use switchboard_core::media::{MB, MediaSettings, MediaState};
use switchboard_core::message::Message;

use switchboard_test_support::eventually;

use crate::harness::App;

/// A PNG as far as any sniffer can tell (signature and header chunk), then a patterned body so
/// a byte out of place shows.
fn png(len: usize) -> Vec<u8> {
    let mut bytes =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    bytes.extend((0..len.saturating_sub(bytes.len())).map(|i| (i * 7 % 251) as u8));
    bytes
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

async fn upload(app: &App, account_id: i64, name: &str, bytes: &[u8]) -> (u16, Value) {
    app.api(
        "upload_media",
        json!({"account_id": account_id, "name": name, "data_base64": b64(bytes)}),
    )
    .await
}

/// What a test file server answers at `/files/{name}`.
#[derive(Clone)]
enum Source {
    File(Vec<u8>),
    Status(u16),
}

/// An HTTP server on 127.0.0.1 standing in for the gateway's file storage.
struct FileServer {
    base: String,
    source: Arc<Mutex<Source>>,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl FileServer {
    async fn start(source: Source) -> Self {
        let source = Arc::new(Mutex::new(source));
        let hits = Arc::new(AtomicUsize::new(0));
        async fn serve(
            State((source, hits)): State<(Arc<Mutex<Source>>, Arc<AtomicUsize>)>,
        ) -> Response {
            hits.fetch_add(1, Ordering::SeqCst);
            let source = source.lock().unwrap_or_else(|p| p.into_inner()).clone();
            match source {
                // Declared as something else: the cache must trust the bytes.
                Source::File(bytes) => {
                    ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
                }
                Source::Status(code) => StatusCode::from_u16(code)
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                    .into_response(),
            }
        }
        let router = axum::Router::new()
            .route("/files/{name}", axum::routing::get(serve))
            .with_state((source.clone(), hits.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Self {
            base,
            source,
            hits,
            task,
        }
    }

    fn url(&self, name: &str) -> String {
        format!("{}/files/{name}", self.base)
    }

    fn set(&self, source: Source) {
        *self.source.lock().unwrap_or_else(|p| p.into_inner()) = source;
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test]
async fn a_local_image_is_fetched_by_the_gateway_byte_for_byte_until_its_url_expires() {
    let app = App::start().await;
    app.sim.fetch_media(true);
    let image = png(40_000);
    let (status, uploaded) = upload(&app, app.account_id, "Cat photo.png", &image).await;
    assert_eq!(status, 200, "the upload is taken: {uploaded}");
    assert_eq!(uploaded["mime"], "image/png");
    assert_eq!(uploaded["size"], image.len());
    let url = uploaded["url"].as_str().expect("a URL").to_owned();
    assert!(
        url.starts_with(&format!("{}/media/", app.base)) && url.ends_with("/Cat_photo.png"),
        "the URL is built on the public base and ends in a safe name: {url}"
    );

    let sent = app
        .send(
            app.account_id,
            "+79001234567",
            json!({"kind": "media", "url": url, "mime": "image/png", "name": "Cat photo.png",
                   "caption": "Our cat"}),
        )
        .await;
    let fetched = eventually("Devino fetches the contentUrl it was given", async || {
        app.sim.fetched().into_iter().find(|f| f.url == url)
    })
    .await;
    assert_eq!(fetched.outcome, Ok(200));
    assert_eq!(
        fetched.bytes, image,
        "the gateway gets the file byte for byte"
    );
    assert_eq!(fetched.sha256, sha256(&image));
    assert_eq!(fetched.content_type.as_deref(), Some("image/png"));
    assert_eq!(fetched.content_length, Some(image.len() as u64));
    let on_wire = app.sim.sent();
    assert_eq!(on_wire[0].content_url.as_deref(), Some(url.as_str()));
    assert_eq!(
        on_wire[0].text.as_deref(),
        Some("Our cat"),
        "the caption goes along"
    );
    assert_eq!(app.message(&sent.id).await.text, "Our cat");

    // A day later the link is dead, and it says nothing more than an unknown one does.
    app.host.clock.advance(Duration::from_secs(25 * 3600));
    let late = app.sim.fetch_now(&url).await;
    assert_eq!(
        late.outcome,
        Ok(404),
        "an expired media URL must not serve the file"
    );
    assert!(late.bytes.len() < 100 && !late.bytes.windows(4).any(|w| w == b"\x89PNG"));
    let token = url
        .split("/media/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_default();
    for guess in [
        format!("{}/media/{}/Cat_photo.png", app.base, "0".repeat(64)),
        format!("{}/media/{token}/..%2F..%2Fswitchboard.db", app.base),
        format!("{}/media/..%2Fswitchboard.db/x", app.base),
        format!("{}/media/%2E%2E/switchboard.db", app.base),
    ] {
        let r = app.http.get(&guess).send().await.expect("answers");
        assert_eq!(r.status().as_u16(), 404, "{guess} must be a bare 404");
        let body = r.bytes().await.unwrap_or_default();
        assert!(
            !body.starts_with(b"SQLite"),
            "{guess} must not leak the database"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn wrong_types_and_oversize_files_are_refused_before_anything_is_queued() {
    let app = App::start().await;
    let before = app.counts();

    // Named as a picture, but the bytes are text: Devino does not take text files.
    let (status, answer) = upload(&app, app.account_id, "holiday.png", b"just some words").await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["code"], "invalid_message");
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("text/plain") && message.contains("image/png"),
        "says what the file is and what Devino takes: {message}"
    );

    // Devino's images stop at 5 MB (its error 2303).
    let (status, answer) = upload(&app, app.account_id, "big.png", &png(5 * MB as usize + 1)).await;
    assert_eq!(status, 422, "{answer}");
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(message.contains("5 MB"), "names the limit: {message}");

    // A document of the same size is fine: the limit is per type.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(5 * MB as usize + 1, b' ');
    let (status, answer) = upload(&app, app.account_id, "contract.pdf", &pdf).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["mime"], "application/pdf");

    // Without a public address the gateway could not fetch it: say what to set up.
    app.engine.set_callback_base(None).await.expect("cleared");
    let (status, answer) = upload(&app, app.account_id, "cat.png", &png(1000)).await;
    assert_eq!(status, 400, "{answer}");
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("public URL") && message.contains("tunnel"),
        "says to set a public URL or start the tunnel: {message}"
    );
    // A gateway out on the internet cannot fetch from this machine's loopback address.
    app.engine
        .set_callback_base(Some(app.base.clone()))
        .await
        .expect("set");
    let local = switchboard_core::access::Caller::local();
    let remote = app.engine.add_account(
        &local,
        switchboard_core::api::AddAccount {
            name: "Devino live".into(),
            gateway: switchboard_core::account::GatewayKind::Devino,
            sender: crate::harness::SENDER.into(),
            base_url: Some("https://api.devino.example".into()),
            options: None,
            secret: "k".into(),
        },
    );
    let remote = remote.await.expect("added").id;
    let (status, answer) = upload(&app, remote, "cat.png", &png(1000)).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or_default()
            .contains("127.0.0.1"),
        "names the address the gateway cannot reach: {answer}"
    );

    assert_eq!(
        app.counts(),
        before,
        "nothing was queued or stored as a message"
    );
    app.stop().await;
}

async fn incoming_file(app: &App, url: &str) -> Message {
    let webhook = app.webhook_url(app.account_id, "incoming").await;
    let incoming = app
        .sim
        .incoming_media("79005550101", url, "image/png", Some("photo.png"));
    let status = app.sim.post_incoming(&webhook, &incoming).await;
    assert_eq!(
        status,
        Ok(200),
        "the webhook is answered at once, download or not"
    );
    let thread = app
        .call(
            "get_thread",
            json!({"phone": "+79005550101", "account_id": app.account_id}),
        )
        .await;
    let last = thread["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned();
    serde_json::from_value(last.unwrap_or(Value::Null)).expect("the message is in the thread")
}

async fn wait_media(app: &App, id: &str, state: MediaState) -> Message {
    app.wait_message(id, &format!("the media is {state:?}"), |m| {
        m.media.as_ref().is_some_and(|x| x.state == state)
    })
    .await
}

/// What the message's media note says, in English; empty without one.
fn media_note(m: &Message) -> String {
    m.media
        .as_ref()
        .and_then(|m| m.note.as_ref())
        .map(|p| p.text.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_incoming_image_is_cached_and_readable_with_its_sniffed_type() {
    let app = App::start().await;
    let image = png(12_345);
    let files = FileServer::start(Source::File(image.clone())).await;
    let message = incoming_file(&app, &files.url("photo")).await;
    let ready = wait_media(&app, &message.id, MediaState::Ready).await;
    let info = ready.media.expect("media info");
    assert_eq!(
        info.mime.as_deref(),
        Some("image/png"),
        "sniffed from the bytes, not the header"
    );
    assert_eq!(info.size, Some(image.len() as u64));

    let content = app
        .call("media_content", json!({"message_id": message.id}))
        .await;
    assert_eq!(content["state"], "ready");
    assert_eq!(content["mime"], "image/png");
    assert_eq!(content["name"], "photo.png");
    let data = content["data_base64"]
        .as_str()
        .expect("the bytes come along");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64"),
        image
    );
    // The cache is private: no public route serves an incoming file.
    let hits = app
        .http
        .get(format!("{}/media/x/photo.png", app.base))
        .send()
        .await;
    assert_eq!(hits.map(|r| r.status().as_u16()).ok(), Some(404));
    app.stop().await;
}

#[tokio::test]
async fn failing_and_oversize_downloads_leave_a_note_and_retry_works_once_fixed() {
    let app = App::start().await;
    app.engine.set_media_settings(MediaSettings {
        incoming_max_bytes: 64 * 1024,
        download_attempts: 2,
        retry_after: Duration::from_millis(50),
        ..MediaSettings::default()
    });
    let files = FileServer::start(Source::Status(503)).await;

    // A server that keeps failing: tried again, then given up with a note.
    let broken = incoming_file(&app, &files.url("a")).await;
    let failed = wait_media(&app, &broken.id, MediaState::Failed).await;
    let note = media_note(&failed);
    assert!(
        note.contains("503") && note.contains("2 tries"),
        "a readable note: {note}"
    );
    assert_eq!(failed.media.as_ref().map(|m| m.attempts), Some(2));
    assert!(
        files.hits.load(Ordering::SeqCst) >= 2,
        "passing failures are tried again"
    );
    let content = app
        .call("media_content", json!({"message_id": broken.id}))
        .await;
    assert_eq!(content["state"], "failed");
    assert!(content["data_base64"].is_null());

    // Fixed at the source: a retry brings it.
    let image = png(3000);
    files.set(Source::File(image.clone()));
    let retried = app
        .call("retry_media", json!({"message_id": broken.id}))
        .await;
    assert_eq!(retried["id"], broken.id.as_str());
    wait_media(&app, &broken.id, MediaState::Ready).await;

    // Too large: refused at once, never half-kept; the message still reads as a file.
    files.set(Source::File(png(65 * 1024)));
    let big = incoming_file(&app, &files.url("b")).await;
    let failed = wait_media(&app, &big.id, MediaState::Failed).await;
    let note = media_note(&failed);
    assert!(note.contains("larger than the 64 KB limit"), "{note}");
    assert_eq!(
        failed.media.as_ref().map(|m| m.attempts),
        Some(1),
        "no point trying again"
    );
    assert_eq!(failed.text, "[file] photo.png");

    // Not an http(s) link: never fetched.
    let odd = incoming_file(&app, "file:///etc/passwd").await;
    let failed = wait_media(&app, &odd.id, MediaState::Failed).await;
    let note = media_note(&failed);
    assert!(note.contains("Only http(s)"), "{note}");

    let (status, _) = app
        .api("retry_media", json!({"message_id": broken.id}))
        .await;
    assert_eq!(status, 409, "a ready file has nothing to retry");
    app.stop().await;
}

#[tokio::test]
async fn a_template_header_takes_an_uploaded_file() {
    use switchboard_simulator::decision_telecom::{
        DecisionTelecomConfig, DecisionTelecomSimulator,
    };
    let app = App::start().await;
    let sim = DecisionTelecomSimulator::start(DecisionTelecomConfig {
        api_key: "dt-key".into(),
        step: Duration::from_millis(30),
    })
    .await
    .expect("the simulator starts");
    let account = app
        .engine
        .add_account(
            &switchboard_core::access::Caller::local(),
            switchboard_core::api::AddAccount {
                name: "DecisionTelecom".into(),
                gateway: switchboard_core::account::GatewayKind::DecisionTelecom,
                sender: "Switchboard".into(),
                base_url: Some(sim.base_url().to_owned()),
                options: json!({"namespace": "ns"}).as_object().cloned(),
                secret: "dt-key".into(),
            },
        )
        .await
        .expect("added")
        .id;
    let image = png(2048);
    let (status, uploaded) = upload(&app, account, "banner.png", &image).await;
    assert_eq!(status, 200, "{uploaded}");
    let url = uploaded["url"].as_str().unwrap_or_default().to_owned();
    app.send(
        account,
        "+380631234567",
        json!({"kind": "template", "id": "media_2_english", "params": ["Ann"], "language": "en_US",
               "header": {"kind": "image", "url": url}, "buttons": []}),
    )
    .await;
    let received = eventually("the template reached the gateway", async || {
        sim.sent().into_iter().next()
    })
    .await;
    let params = received.template_params.unwrap_or_default();
    assert!(
        params.contains(&url),
        "the header links the upload: {params}"
    );
    let served = app.http.get(&url).send().await.expect("answers");
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.bytes().await.unwrap_or_default().to_vec(), image);
    sim.shutdown().await;
    app.stop().await;
}

/// Files are streamed, and only a few at once: gateways fetching more get 503 with
/// `Retry-After`, never a server holding every file in memory at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_few_files_are_served_at_once_and_each_is_streamed_whole() {
    let app = App::start().await;
    // Larger than what loopback sockets buffer: a download not read stays under way.
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    pdf.extend((0..24 * MB as usize).map(|i| (i * 13 % 251) as u8));
    let (status, uploaded) = upload(&app, app.account_id, "catalogue.pdf", &pdf).await;
    assert_eq!(status, 200, "{uploaded}");
    let url = uploaded["url"].as_str().expect("a URL").to_owned();

    let mut under_way = Vec::new();
    for _ in 0..switchboard_server::http::media::MAX_DOWNLOADS {
        let r = app.http.get(&url).send().await.expect("answers");
        assert_eq!(r.status().as_u16(), 200);
        under_way.push(r);
    }
    let refused = app.http.get(&url).send().await.expect("answers");
    assert_eq!(
        refused.status().as_u16(),
        503,
        "one more at once is asked to come back"
    );
    assert!(
        refused.headers().contains_key(header::RETRY_AFTER),
        "and says when"
    );
    drop(refused);

    let first = under_way.remove(0);
    assert_eq!(
        first.content_length(),
        Some(pdf.len() as u64),
        "the length is known before the body is sent"
    );
    let body = first.bytes().await.expect("the whole file");
    assert_eq!(sha256(&body), sha256(&pdf), "byte for byte");
    drop(under_way);
    let again = eventually("a finished download frees its place", async || {
        let r = app.http.get(&url).send().await.expect("answers");
        (r.status().as_u16() == 200).then_some(r)
    })
    .await;
    assert_eq!(again.bytes().await.expect("the file").len(), pdf.len());
    app.stop().await;
}
