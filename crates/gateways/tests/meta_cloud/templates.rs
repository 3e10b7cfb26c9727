//! The business account's templates through the real engine on a SQLite file: synced from the
//! simulator page by page (never by the `next` URL), kept when a refresh fails, refreshed by
//! the clock, previewed with Meta's own rules, and sent as exactly the documented request.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::access::Caller;
use switchboard_core::api::{AccountRef, AddAccount, SendMessage};
use switchboard_core::host::{Broadcast, Host, MemorySecrets, Notification, Notifier};
use switchboard_core::message::{ButtonKind, Content, TemplateButton, TemplateHeader};
use switchboard_core::templates::{
    ButtonSpecKind, HeaderKind, TemplateCategory, TemplateDraft, TemplateQuery, TemplateStatus,
};
use switchboard_core::{Engine, ErrorCode};
use switchboard_gateways::Gateways;
use switchboard_simulator::meta_cloud::catalog::{CatalogFault, entry, sample};
use switchboard_simulator::{MetaConfig, MetaHandle, MetaSimulator};
use switchboard_test_support::ManualClock;
use tempfile::TempDir;

use crate::{APP_SECRET, TOKEN, VERIFY_TOKEN, full_secret};

struct Silent;

impl Notifier for Silent {
    fn notify(&self, _: &Notification) {}
}

struct Opened {
    engine: Arc<Engine>,
    clock: Arc<ManualClock>,
    account: i64,
    _dir: TempDir,
}

const WABA: &str = "102290129340398";

async fn simulator(catalog: Vec<Value>) -> MetaHandle {
    MetaSimulator::start(MetaConfig {
        access_token: TOKEN.to_owned(),
        app_secret: APP_SECRET.to_owned(),
        verify_token: VERIFY_TOKEN.to_owned(),
        step: Duration::from_millis(30),
        waba_id: WABA.to_owned(),
        catalog,
        ..MetaConfig::default()
    })
    .await
    .expect("the simulator binds 127.0.0.1:0")
}

/// An engine on a temp file with a Cloud API account on `sim` (WABA id set), its clock in the
/// test's hands.
async fn open(sim: &MetaHandle) -> Opened {
    let dir = tempfile::tempdir().expect("a temp dir");
    let clock = Arc::new(ManualClock::new());
    let host = Host {
        secrets: Arc::new(MemorySecrets::default()),
        notifier: Arc::new(Silent),
        clock: clock.clone(),
        events: Arc::new(Broadcast::new(64)),
    };
    let gateways = Gateways::with_timeout(Duration::from_secs(5));
    let engine = Engine::open(&dir.path().join("switchboard.db"), host, Arc::new(gateways))
        .expect("the engine opens");
    let account = add(&engine, sim, "Cloud API", json!({"waba_id": WABA})).await;
    Opened {
        engine,
        clock,
        account,
        _dir: dir,
    }
}

async fn add(engine: &Arc<Engine>, sim: &MetaHandle, name: &str, options: Value) -> i64 {
    engine
        .add_account(
            &Caller::local(),
            AddAccount {
                name: name.into(),
                gateway: switchboard_core::account::GatewayKind::MetaCloud,
                sender: sim.config().phone_number_id.clone(),
                base_url: Some(sim.base_url().to_owned()),
                options: options.as_object().cloned(),
                secret: full_secret(TOKEN, APP_SECRET).expose().to_owned(),
            },
        )
        .await
        .expect("the account is added")
        .id
}

async fn catalog(o: &Opened) -> switchboard_core::templates::TemplateCatalog {
    o.engine
        .list_templates(
            &Caller::local(),
            TemplateQuery {
                account_id: o.account,
                search: None,
            },
        )
        .await
        .expect("the catalog")
}

async fn sync(
    o: &Opened,
) -> Result<switchboard_core::templates::TemplateSync, switchboard_core::Error> {
    o.engine
        .sync_templates(
            &Caller::local(),
            AccountRef {
                account_id: o.account,
            },
        )
        .await
}

/// `n` approved templates named `t000`, `t001` …
fn many(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            entry(
                &format!("{i}"),
                &format!("t{i:03}"),
                "en_US",
                "APPROVED",
                "UTILITY",
                json!([{"type": "BODY", "text": "Hi {{1}}"}]),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_catalog_is_read_page_by_page_by_the_after_cursor_never_by_next() {
    let sim = simulator(many(230)).await;
    let o = open(&sim).await;
    let done = sync(&o).await.expect("synced");
    assert_eq!((done.listed, done.added), (230, 230));
    let requests = sim.catalog_requests();
    assert_eq!(requests.len(), 3, "100 a page: {requests:?}");
    assert_eq!(
        requests[0].get("after"),
        None,
        "the first page has no cursor"
    );
    assert_eq!(
        requests[1].get("after").map(String::as_str),
        Some("QVFIU100")
    );
    assert_eq!(
        requests[2].get("after").map(String::as_str),
        Some("QVFIU200")
    );
    assert!(
        requests.iter().all(|q| q.get("fields").map(String::as_str)
            == Some("name,language,status,category,components")),
        "the fields the catalog keeps are asked for: {requests:?}"
    );
    assert_eq!(
        sim.next_followed(),
        0,
        "the answer's next URL is never requested"
    );
    assert_eq!(catalog(&o).await.templates.len(), 230);
    let again = sync(&o).await.expect("synced again");
    assert_eq!(
        (again.added, again.updated, again.removed),
        (0, 0, 0),
        "the same list changes nothing"
    );
}

#[tokio::test]
async fn statuses_categories_and_components_are_kept() {
    let sim = simulator(sample()).await;
    let o = open(&sim).await;
    sync(&o).await.expect("synced");
    let list = catalog(&o).await;
    assert_eq!(list.synced_at, Some(ManualClock::START));
    assert_eq!(list.sync_error, None);
    let find = |name: &str, language: &str| {
        list.templates
            .iter()
            .find(|t| t.name == name && t.language == language)
            .unwrap_or_else(|| panic!("{name} {language} in {:#?}", list.templates))
    };
    let ready = find("order_ready", "ru");
    assert_eq!(ready.status, TemplateStatus::Approved);
    assert_eq!(ready.category, TemplateCategory::Utility);
    assert_eq!(
        ready.header.as_ref().map(|h| (h.kind, h.text.as_deref())),
        Some((HeaderKind::Text, Some("Заказ {{1}}")))
    );
    assert_eq!(ready.footer.as_deref(), Some("Магазин «Ромашка»"));
    let kinds: Vec<_> = ready.buttons.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [ButtonSpecKind::QuickReply, ButtonSpecKind::PhoneNumber]
    );
    assert_eq!(
        (ready.expects.body, ready.expects.header),
        (2, Some(HeaderKind::Text))
    );
    let collection = find("new_collection", "ru");
    assert_eq!(collection.category, TemplateCategory::Marketing);
    assert_eq!(collection.expects.header, Some(HeaderKind::Image));
    assert_eq!(
        collection.expects.buttons,
        [0],
        "the URL button takes a suffix"
    );
    assert_eq!(
        find("appointment_reminder", "ru").status,
        TemplateStatus::Pending
    );
    assert_eq!(
        find("spring_sale", "en_US").status,
        TemplateStatus::Rejected
    );
    assert_eq!(list.templates.len(), 7);
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_catalog_and_says_why() {
    let sim = simulator(sample()).await;
    let o = open(&sim).await;
    sync(&o).await.expect("synced");
    let before = catalog(&o).await.templates;
    for (fault, says) in [
        (CatalogFault::Garbage, "not its documented JSON"),
        (CatalogFault::Huge(5 * 1024 * 1024), "was not read"),
        (CatalogFault::Status(503), "503"),
    ] {
        sim.inject_catalog_fault(fault.clone());
        o.clock.advance(Duration::from_secs(60));
        let error = sync(&o).await.expect_err("the refresh fails");
        assert_eq!(error.code(), ErrorCode::Gateway, "{fault:?}");
        let phrase = error.phrase();
        assert_eq!(phrase.key, "templates.sync_failed");
        assert!(phrase.text.contains(says), "{fault:?}: {}", phrase.text);
        assert!(!phrase.text.contains(TOKEN), "the token is never said");
        let after = catalog(&o).await;
        assert_eq!(
            after.templates, before,
            "a failed refresh deletes nothing ({fault:?})"
        );
        assert_eq!(
            after.synced_at,
            Some(ManualClock::START),
            "the last success stays"
        );
        assert_eq!(
            after.sync_error.map(|p| p.key).as_deref(),
            Some("templates.sync_failed")
        );
    }
    // A good refresh clears the error.
    o.clock.advance(Duration::from_secs(60));
    sync(&o).await.expect("synced");
    assert_eq!(catalog(&o).await.sync_error, None);
}

#[tokio::test]
async fn the_catalog_is_refreshed_every_few_hours_by_the_clock() {
    let sim = simulator(sample()).await;
    let o = open(&sim).await;
    assert_eq!(
        o.engine.refresh_due_templates().await.expect("a round"),
        1,
        "never synced: due"
    );
    assert_eq!(sim.catalog_requests().len(), 1);
    o.clock.advance(Duration::from_secs(3 * 3600));
    assert_eq!(
        o.engine.refresh_due_templates().await.expect("a round"),
        0,
        "3 hours: not due"
    );
    o.clock.advance(Duration::from_secs(3600));
    assert_eq!(
        o.engine.refresh_due_templates().await.expect("a round"),
        1,
        "4 hours: due"
    );
    assert_eq!(sim.catalog_requests().len(), 2);
    assert_eq!(
        catalog(&o).await.synced_at,
        Some(ManualClock::START.plus_millis(4 * 3600 * 1000))
    );
}

#[tokio::test]
async fn without_a_waba_id_the_refresh_says_what_to_set() {
    let sim = simulator(sample()).await;
    let o = open(&sim).await;
    let bare = add(&o.engine, &sim, "No WABA", json!({})).await;
    let error = o
        .engine
        .sync_templates(&Caller::local(), AccountRef { account_id: bare })
        .await
        .expect_err("no WABA id");
    assert!(
        error
            .phrase()
            .to_string()
            .contains("WhatsApp Business Account ID"),
        "{}",
        error.phrase()
    );
    assert!(sim.catalog_requests().is_empty());
}

fn ready_draft(o: &Opened, template_id: i64, header: &str, params: [&str; 2]) -> TemplateDraft {
    TemplateDraft {
        account_id: o.account,
        template_id,
        params: params.iter().map(|p| (*p).to_owned()).collect(),
        header: Some(TemplateHeader::Text {
            text: header.to_owned(),
        }),
        buttons: vec![],
        conversation_id: None,
    }
}

#[tokio::test]
async fn the_preview_says_metas_header_rules_on_their_fields() {
    let sim = simulator(sample()).await;
    let o = open(&sim).await;
    sync(&o).await.expect("synced");
    let list = catalog(&o).await;
    let id = |name: &str| {
        list.templates
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.id)
            .unwrap_or_default()
    };
    let preview = o
        .engine
        .preview_template(
            &Caller::local(),
            ready_draft(&o, id("order_ready"), "A-7", ["Анна", "ул. Ленина, 1"]),
        )
        .await
        .expect("a preview");
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(
        preview.rendered.body,
        "Анна, ваш заказ готов к выдаче. Пункт выдачи: ул. Ленина, 1."
    );
    assert_eq!(
        preview.rendered.header.and_then(|h| h.text).as_deref(),
        Some("Заказ A-7")
    );
    let long = "7".repeat(61);
    let preview = o
        .engine
        .preview_template(
            &Caller::local(),
            ready_draft(&o, id("order_ready"), &long, ["Анна", "a\tb"]),
        )
        .await
        .expect("a preview");
    let found: Vec<_> = preview
        .problems
        .iter()
        .map(|p| (p.field.as_str(), p.phrase.key.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("params.1", "meta.invalid.param_tab"),
            ("header", "meta.invalid.header_too_long")
        ],
        "Meta's own rules, each on its field"
    );
    let image = |url: &str| TemplateDraft {
        account_id: o.account,
        template_id: id("new_collection"),
        params: vec!["Анна".into(), "20%".into()],
        header: Some(TemplateHeader::Image { url: url.into() }),
        buttons: vec![TemplateButton {
            index: 0,
            sub_type: ButtonKind::Url,
            value: "spring".into(),
        }],
        conversation_id: None,
    };
    for (url, key) in [
        (
            "http://cdn.example/a.jpg",
            Some("meta.invalid.header_file_not_https"),
        ),
        (
            "https://cdn.example/a.gif",
            Some("meta.invalid.header_file_type"),
        ),
        ("https://cdn.example/a.png", None),
    ] {
        let preview = o
            .engine
            .preview_template(&Caller::local(), image(url))
            .await
            .expect("a preview");
        let header: Vec<_> = preview
            .problems
            .iter()
            .filter(|p| p.field == "header")
            .map(|p| p.phrase.key.as_str())
            .collect();
        assert_eq!(header, key.into_iter().collect::<Vec<_>>(), "{url}");
    }
}

#[tokio::test]
async fn a_template_goes_out_as_the_documented_request_with_its_rendering_kept() {
    let sim = simulator(sample()).await;
    let o = open(&sim).await;
    sync(&o).await.expect("synced");
    let send = |content: Content| SendMessage {
        account_id: o.account,
        to: "+7 900 000-00-01".into(),
        content,
    };
    let collection = Content::Template {
        id: "new_collection".into(),
        params: vec!["Анна".into(), "20%".into()],
        language: Some("ru".into()),
        header: Some(TemplateHeader::Image {
            url: "https://cdn.example/spring.jpg".into(),
        }),
        buttons: vec![TemplateButton {
            index: 0,
            sub_type: ButtonKind::Url,
            value: "spring".into(),
        }],
        rendered: None,
    };
    // Refused before anything is queued: a missing parameter, a template not in the catalog.
    let Content::Template {
        id,
        language,
        header,
        buttons,
        ..
    } = collection.clone()
    else {
        unreachable!()
    };
    for (bad, key) in [
        (
            Content::Template {
                id: id.clone(),
                params: vec!["Анна".into()],
                language: language.clone(),
                header: header.clone(),
                buttons: buttons.clone(),
                rendered: None,
            },
            "templates.param_empty",
        ),
        (
            Content::Template {
                id: "no_such".into(),
                params: vec![],
                language: language.clone(),
                header: None,
                buttons: vec![],
                rendered: None,
            },
            "templates.not_in_catalog",
        ),
        (
            Content::Template {
                id: "appointment_reminder".into(),
                params: vec!["завтра".into()],
                language,
                header: None,
                buttons: vec![],
                rendered: None,
            },
            "templates.not_approved",
        ),
    ] {
        let error = o
            .engine
            .send_message(&Caller::local(), send(bad))
            .await
            .expect_err(key);
        assert_eq!(
            (error.code(), error.phrase().key.as_str()),
            (ErrorCode::InvalidMessage, key)
        );
    }
    let queued = o
        .engine
        .send_message(&Caller::local(), send(collection))
        .await
        .expect("queued");
    assert_eq!(
        queued.text,
        "Анна, новая коллекция уже в магазине! Скидка 20% до воскресенья."
    );
    let Content::Template {
        rendered: Some(rendered),
        ..
    } = &queued.content
    else {
        panic!("the rendering is kept: {:?}", queued.content)
    };
    assert_eq!(rendered.name, "new_collection");
    assert_eq!(
        rendered.buttons[0].url.as_deref(),
        Some("https://shop.example/c/spring")
    );
    o.engine.send_next(o.account).await.expect("a round");
    let sent = sim.sent();
    assert_eq!(sent.len(), 1, "only the good one reached Meta: {sent:#?}");
    assert_eq!(
        sent[0].body,
        json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "79000000001",
            "type": "template",
            "template": {
                "name": "new_collection",
                "language": {"code": "ru"},
                "components": [
                    {"type": "header", "parameters": [
                        {"type": "image", "image": {"link": "https://cdn.example/spring.jpg"}}]},
                    {"type": "body", "parameters": [
                        {"type": "text", "text": "Анна"}, {"type": "text", "text": "20%"}]},
                    {"type": "button", "sub_type": "url", "index": "0", "parameters": [
                        {"type": "text", "text": "spring"}]}
                ]
            }
        })
    );
}
