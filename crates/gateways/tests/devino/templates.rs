//! A registered template through the real engine to the Devino simulator: Devino's own rule on
//! parameters (no line breaks, tabs or four spaces) in the preview, and exactly the documented
//! request on the wire.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use switchboard_core::access::Caller;
use switchboard_core::api::{AddAccount, SendMessage};
use switchboard_core::host::{Broadcast, Host, MemorySecrets, Notification, Notifier};
use switchboard_core::message::Content;
use switchboard_core::templates::{
    ButtonSpec, ButtonSpecKind, HeaderKind, HeaderSpec, ImportTemplates, SaveTemplate,
    TemplateDraft, TemplateSpec,
};
use switchboard_core::{Engine, ErrorCode};
use switchboard_gateways::Gateways;
use switchboard_test_support::ManualClock;

use crate::{KEY, SENDER, simulator};

struct Silent;

impl Notifier for Silent {
    fn notify(&self, _: &Notification) {}
}

fn spec() -> TemplateSpec {
    TemplateSpec {
        name: "order_ready".into(),
        gateway_id: Some("10077".into()),
        language: "ru".into(),
        category: None,
        header: None,
        body: "Здравствуйте, {{1}}! Ваш заказ {{2}} готов.".into(),
        footer: Some("Магазин".into()),
        buttons: vec![],
        params: vec![Some("contact.name".into())],
    }
}

/// An engine on a fresh database with one Devino account on the simulator at `base_url`.
async fn engine_on(base_url: &str) -> (tempfile::TempDir, Arc<Engine>, i64) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let host = Host {
        secrets: Arc::new(MemorySecrets::default()),
        notifier: Arc::new(Silent),
        clock: Arc::new(ManualClock::new()),
        events: Arc::new(Broadcast::new(64)),
    };
    let gateways = Gateways::with_timeout(Duration::from_secs(5));
    let engine = Engine::open(&dir.path().join("switchboard.db"), host, Arc::new(gateways))
        .expect("the engine opens");
    let account = engine
        .add_account(
            &Caller::local(),
            AddAccount {
                name: "Devino".into(),
                gateway: switchboard_core::account::GatewayKind::Devino,
                sender: SENDER.into(),
                base_url: Some(base_url.to_owned()),
                options: None,
                secret: KEY.into(),
            },
        )
        .await
        .expect("the account is added")
        .id;
    (dir, engine, account)
}

#[tokio::test]
async fn a_registered_template_is_previewed_with_devinos_rules_and_sent_as_documented() {
    let sim = simulator().await;
    let (_dir, engine, account) = engine_on(sim.base_url()).await;
    let me = Caller::local();
    let template = engine
        .save_template(
            &me,
            SaveTemplate {
                account_id: account,
                id: None,
                template: spec(),
            },
        )
        .await
        .expect("registered");
    let draft = |second: &str| TemplateDraft {
        account_id: account,
        template_id: template.id,
        params: vec!["Анна".into(), second.into()],
        header: None,
        buttons: vec![],
        conversation_id: None,
    };
    for (second, key) in [
        ("A-7\nB", "devino.invalid.param_line_break"),
        ("A-7\tB", "devino.invalid.param_tab"),
        ("A-7    B", "devino.invalid.param_spaces"),
    ] {
        let preview = engine
            .preview_template(&me, draft(second))
            .await
            .expect("a preview");
        let found: Vec<_> = preview
            .problems
            .iter()
            .map(|p| (p.field.as_str(), p.phrase.key.as_str()))
            .collect();
        assert_eq!(found, [("params.1", key)], "{second:?}");
    }
    let preview = engine
        .preview_template(&me, draft("A-7"))
        .await
        .expect("a preview");
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(
        preview.rendered.body,
        "Здравствуйте, Анна! Ваш заказ A-7 готов."
    );

    let send = |second: &str| SendMessage {
        account_id: account,
        to: "+79031234567".into(),
        content: Content::Template {
            id: "10077".into(),
            params: vec!["Анна".into(), second.into()],
            language: Some("ru".into()),
            header: None,
            buttons: vec![],
            rendered: None,
        },
    };
    let error = engine
        .send_message(&me, send("A-7\tB"))
        .await
        .expect_err("refused");
    assert_eq!(
        (error.code(), error.phrase().key.as_str()),
        (ErrorCode::InvalidMessage, "devino.invalid.param_tab"),
        "the same rule refuses the send before it is queued"
    );
    let queued = engine.send_message(&me, send("A-7")).await.expect("queued");
    assert_eq!(queued.text, "Здравствуйте, Анна! Ваш заказ A-7 готов.");
    engine.send_next(account).await.expect("a round");
    let wire = sim.sent();
    assert_eq!(wire.len(), 1, "only the good one went out: {wire:#?}");
    let m = &wire[0];
    assert_eq!(m.template_id.as_deref(), Some("10077"));
    assert_eq!(
        serde_json::to_value(&m.template_params).ok(),
        Some(json!({"1": "Анна", "2": "A-7"}))
    );
    assert_eq!(m.language_code.as_deref(), Some("ru"));
    assert_eq!(m.validity, Some(86_400));
    assert_eq!((m.from.as_str(), m.to.as_str()), (SENDER, "79031234567"));
    assert_eq!(m.text, None, "a template carries no text of its own");
    sim.shutdown().await;
}

/// Devino sends a template's body parameters only, so a registered template whose header or
/// link takes a value could never go out: saving or importing it is refused with Devino's
/// reason, instead of the form discovering it later.
#[tokio::test]
async fn a_template_devino_could_never_send_is_refused_when_registered() {
    let sim = simulator().await;
    let (_dir, engine, account) = engine_on(sim.base_url()).await;
    let me = Caller::local();
    let with_header = TemplateSpec {
        header: Some(HeaderSpec {
            kind: HeaderKind::Text,
            text: Some("Заказ {{1}}".into()),
        }),
        ..spec()
    };
    let with_link = TemplateSpec {
        name: "track".into(),
        buttons: vec![ButtonSpec {
            kind: ButtonSpecKind::Url,
            text: "Отследить".into(),
            url: Some("https://shop.example/t/{{1}}".into()),
            phone_number: None,
        }],
        ..spec()
    };
    let static_header = TemplateSpec {
        name: "static".into(),
        header: Some(HeaderSpec {
            kind: HeaderKind::Text,
            text: Some("Заказ готов".into()),
        }),
        ..spec()
    };
    for (template, key) in [
        (with_header.clone(), "devino.invalid.template_header"),
        (with_link.clone(), "devino.invalid.template_buttons"),
    ] {
        let error = engine
            .save_template(
                &me,
                SaveTemplate {
                    account_id: account,
                    id: None,
                    template,
                },
            )
            .await
            .expect_err("refused");
        assert_eq!(
            (error.code(), error.phrase().key.as_str()),
            (ErrorCode::BadRequest, key)
        );
    }
    let file = serde_json::json!({ "templates": [static_header, with_header, with_link] });
    let outcome = engine
        .import_templates(
            &me,
            ImportTemplates {
                account_id: account,
                json: file.to_string(),
            },
        )
        .await
        .expect("an outcome");
    let problems: Vec<_> = outcome
        .problems
        .iter()
        .map(|p| (p.entry, p.phrase.key.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (2, "devino.invalid.template_header"),
            (3, "devino.invalid.template_buttons")
        ]
    );
    assert_eq!(outcome.added, 0, "all or nothing");
    // A header without a value is the template's own: Devino sends it as registered.
    engine
        .save_template(
            &me,
            SaveTemplate {
                account_id: account,
                id: None,
                template: static_header,
            },
        )
        .await
        .expect("a fixed header is fine");
    sim.shutdown().await;
}
