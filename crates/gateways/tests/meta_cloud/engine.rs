//! Through the real engine on a SQLite file: an unsigned notification stores nothing; a signed
//! one is stored once, however often Meta delivers it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use switchboard_core::Engine;
use switchboard_core::api::{AccountRef, AddAccount};
use switchboard_core::gateway::WebhookReply;
use switchboard_core::host::{Broadcast, Host, MemorySecrets, Notification, Notifier, SystemClock};
use switchboard_gateways::Gateways;
use switchboard_simulator::MetaHandle;
use tempfile::TempDir;

use crate::{APP_SECRET, TOKEN, VERIFY_TOKEN, full_secret, post, simulator};

struct Silent;

impl Notifier for Silent {
    fn notify(&self, _: &Notification) {}
}

struct Opened {
    engine: Arc<Engine>,
    db: PathBuf,
    /// The account's webhook token: `/hooks/{token}/events`.
    token: String,
    _dir: TempDir,
}

/// An engine on the production connector, which downloads files from the internet only.
async fn open(sim: &MetaHandle) -> Opened {
    open_with(sim, Gateways::new()).await
}

async fn open_with(sim: &MetaHandle, gateways: Gateways) -> Opened {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("switchboard.db");
    let host = Host {
        secrets: Arc::new(MemorySecrets::default()),
        notifier: Arc::new(Silent),
        clock: Arc::new(SystemClock),
        events: Arc::new(Broadcast::new(64)),
    };
    let engine = Engine::open(&db, host, Arc::new(gateways)).expect("the engine opens");
    let account = engine
        .add_account(
            &switchboard_core::access::Caller::local(),
            AddAccount {
                name: "Cloud API".into(),
                gateway: switchboard_core::account::GatewayKind::MetaCloud,
                sender: sim.config().phone_number_id.clone(),
                base_url: Some(sim.base_url().to_owned()),
                options: None,
                secret: full_secret(TOKEN, APP_SECRET).expose().to_owned(),
            },
        )
        .await
        .expect("the account is added");
    engine
        .set_callback_base(Some("http://127.0.0.1:1".into()))
        .await
        .expect("a callback base");
    let urls = engine
        .account_webhooks(
            &switchboard_core::access::Caller::local(),
            AccountRef {
                account_id: account.id,
            },
        )
        .await
        .expect("webhook URLs");
    assert_eq!(urls.len(), 1, "one endpoint for everything: {urls:?}");
    let token = urls[0]
        .url
        .strip_suffix("/events")
        .and_then(|u| u.rsplit('/').next())
        .expect("a URL ending in /hooks/{token}/events")
        .to_owned();
    Opened {
        engine,
        db,
        token,
        _dir: dir,
    }
}

/// Rows in the tables a notification could touch, read the way another process would.
fn counts(db: &Path) -> [i64; 4] {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the database opens read-only");
    ["messages", "status_changes", "contacts", "conversations"].map(|table| {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .expect("a count")
    })
}

#[tokio::test]
async fn a_wrong_signature_stores_nothing_and_a_right_one_stores_once() {
    let sim = simulator().await;
    let opened = open(&sim).await;
    let webhook = sim.incoming_text("79031234567", "Is my order ready?");
    let before = counts(&opened.db);

    let mut forged = post(&webhook);
    for (name, value) in &mut forged.headers {
        if name == "x-hub-signature-256" {
            *value = format!("sha256={}", "ab".repeat(32));
        }
    }
    let refused = opened.engine.webhook(&opened.token, "events", forged).await;
    assert!(
        refused.is_err(),
        "a forged notification is refused: {refused:?}"
    );
    assert_eq!(counts(&opened.db), before, "and nothing of it is stored");

    opened
        .engine
        .webhook(&opened.token, "events", post(&webhook))
        .await
        .expect("a signed notification is stored");
    let once = counts(&opened.db);
    assert_eq!(once[0], before[0] + 1, "one message: {once:?}");
    assert!(
        once[2] > before[2] && once[3] > before[3],
        "a contact and a conversation"
    );

    opened
        .engine
        .webhook(&opened.token, "events", post(&webhook))
        .await
        .expect("Meta's redelivery is acknowledged");
    assert_eq!(counts(&opened.db), once, "a redelivery changes nothing");
}

#[tokio::test]
async fn the_handshake_passes_through_the_engine_with_its_challenge() {
    let sim = simulator().await;
    let opened = open(&sim).await;
    let request = switchboard_core::gateway::WebhookRequest {
        method: "GET".into(),
        query: sim.verification_query(VERIFY_TOKEN, "987654321"),
        ..Default::default()
    };
    let reply = opened
        .engine
        .webhook(&opened.token, "events", request)
        .await
        .expect("the verify token matches");
    assert_eq!(reply, Some(WebhookReply::Text("987654321".into())));
}

/// Posts an incoming image whose file the simulator serves on 127.0.0.1, and waits until the
/// engine has tried to download it.
async fn incoming_image(
    sim: &MetaHandle,
    opened: &Opened,
    jpeg: &[u8],
) -> switchboard_core::api::MediaContent {
    opened.engine.start().await.expect("the workers start");
    let media_id = sim.add_media(jpeg.to_vec(), "image/jpeg");
    let webhook = sim.incoming_image("79031234567", &media_id, Some("the broken part"));
    opened
        .engine
        .webhook(&opened.token, "events", post(&webhook))
        .await
        .expect("stored at once; the file comes later");
    let conn = rusqlite::Connection::open_with_flags(
        &opened.db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("opens");
    let uid: String = conn
        .query_row(
            "SELECT uid FROM messages ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the message is stored");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let c = opened
            .engine
            .media_content(
                &switchboard_core::access::Caller::local(),
                switchboard_core::api::MediaRef {
                    message_id: uid.clone(),
                },
            )
            .await
            .expect("media_content answers");
        if c.state != switchboard_core::media::MediaState::Pending {
            break c;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the download never ended: {c:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_incoming_image_is_resolved_by_its_media_id_and_cached_with_the_token() {
    use base64::Engine as _;
    let sim = simulator().await;
    // The simulator serves its files on 127.0.0.1, which only a test's connector may reach.
    let opened = open_with(&sim, Gateways::allowing_loopback()).await;
    let jpeg = [b"\xff\xd8\xff\xe0\0\x10JFIF\0".as_slice(), &[7u8; 4000]].concat();
    let content = incoming_image(&sim, &opened, &jpeg).await;
    assert_eq!(
        content.state,
        switchboard_core::media::MediaState::Ready,
        "{:?}",
        content.note
    );
    assert_eq!(content.mime.as_deref(), Some("image/jpeg"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.data_base64.unwrap_or_default())
        .expect("base64");
    assert_eq!(
        bytes, jpeg,
        "the bytes behind the media id, fetched with the token"
    );
    opened.engine.shutdown();
}

#[tokio::test]
async fn the_production_connector_never_downloads_from_this_machine() {
    let sim = simulator().await;
    let opened = open(&sim).await;
    let content = incoming_image(&sim, &opened, b"\xff\xd8\xff\xe0").await;
    assert_eq!(content.state, switchboard_core::media::MediaState::Failed);
    let note = content.note.expect("a failed download says why");
    assert!(
        note.text.contains("127.0.0.1") && note.text.contains("never downloaded"),
        "{note}"
    );
    opened.engine.shutdown();
}
