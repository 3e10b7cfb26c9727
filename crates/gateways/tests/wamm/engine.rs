//! The whole product path: the engine's poller drives the adapter against a simulator holding
//! 10,000 messages, and a message sent through the engine shows once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_core::Engine;
use switchboard_core::api::{AddAccount, GetThread, ListConversations, SendMessage};
use switchboard_core::event::Event;
use switchboard_core::gateway::SyncProgress;
use switchboard_core::host::{Broadcast, Host, MemorySecrets, Silent, SystemClock};
use switchboard_core::message::{Direction, Message};
use switchboard_core::status::Status;
use switchboard_gateways::Gateways;
use switchboard_gateways::wamm::smileys;
use switchboard_simulator::wamm::{history_from_me, history_name, history_phone, history_text};
use switchboard_simulator::{WammConfig, WammCustomer, WammHandle};

use crate::{TOKEN, start, text};

const CONTACTS: usize = 100;
const PER_CONTACT: usize = 100;
const REPLY: &str = "Спасибо, всё получил :sm14:";

struct Running {
    engine: Arc<Engine>,
    account_id: i64,
    progress: Arc<Mutex<Vec<SyncProgress>>>,
    _dir: tempfile::TempDir,
}

async fn engine_on(sim: &WammHandle) -> Running {
    let dir = tempfile::tempdir().expect("a temp dir");
    let events = Arc::new(Broadcast::new(1 << 16));
    let mut feed = events.subscribe();
    let host = Host {
        secrets: Arc::new(MemorySecrets::default()),
        notifier: Arc::new(Silent),
        clock: Arc::new(SystemClock),
        events,
    };
    let engine = Engine::open(
        &dir.path().join("switchboard.db"),
        host,
        Arc::new(Gateways::new()),
    )
    .expect("the engine opens a real SQLite file");
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match feed.recv().await {
                Ok(Event::Sync { sync }) => {
                    if let Some(p) = sync.progress {
                        seen.lock().expect("not poisoned").push(p);
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
    let mut options = serde_json::Map::new();
    options.insert("timezone".into(), "Europe/Moscow".into());
    let account = engine
        .add_account(
            &switchboard_core::access::Caller::local(),
            AddAccount {
                name: "WAMM".into(),
                gateway: switchboard_core::account::GatewayKind::Wamm,
                sender: "+79990001122".into(),
                base_url: Some(sim.base_url().to_owned()),
                options: Some(options),
                secret: TOKEN.into(),
            },
        )
        .await
        .expect("the account is added");
    engine.start().await.expect("the engine starts");
    Running {
        engine,
        account_id: account.id,
        progress,
        _dir: dir,
    }
}

async fn thread(run: &Running, phone: &str) -> Option<(Option<String>, Vec<Message>)> {
    let thread = run
        .engine
        .get_thread(
            &switchboard_core::access::Caller::local(),
            GetThread {
                phone: Some(format!("+{phone}")),
                account_id: Some(run.account_id),
                limit: Some(500),
                ..GetThread::default()
            },
        )
        .await
        .ok()?;
    Some((thread.conversation.contact.name, thread.messages))
}

async fn total_messages(run: &Running) -> usize {
    let mut total = 0;
    for c in 0..CONTACTS {
        if let Some((_, messages)) = thread(run, &history_phone(c)).await {
            total += messages.len();
        }
    }
    total
}

/// Waits (up to a minute, checking twice a second) until `probe` holds.
async fn until<F, Fut>(what: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while !probe().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting: {what}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_messages_land_once_in_order_and_a_sent_message_shows_once() {
    let sim = start(WammConfig {
        token: TOKEN.to_owned(),
        step: Duration::from_millis(100),
        history: Some((CONTACTS, PER_CONTACT)),
        customer: Some(WammCustomer {
            replies: vec![REPLY.to_owned()],
            // WAMM's times are whole seconds: a person answers seconds after reading, so the
            // answer's time is after our message's (which has milliseconds) by the gateway's
            // clock too.
            delay: Duration::from_millis(1500),
            name: "Customer Zero".to_owned(),
        }),
        ..WammConfig::default()
    })
    .await;
    let run = engine_on(&sim).await;

    until("the whole history is stored", || async {
        total_messages(&run).await >= CONTACTS * PER_CONTACT
    })
    .await;

    for c in 0..CONTACTS {
        let (name, messages) = thread(&run, &history_phone(c))
            .await
            .expect("every contact has a thread");
        assert_eq!(
            name,
            history_name(c),
            "contact {c}: the chat name is the contact's name, and a bare number is no name"
        );
        assert_eq!(
            messages.len(),
            PER_CONTACT,
            "contact {c}: each message once"
        );
        for (k, m) in messages.iter().enumerate() {
            assert_eq!(
                m.text,
                smileys(&history_text(c, k)),
                "contact {c}: the thread is in the gateway's order, smileys shown as emoji"
            );
            let expected = if history_from_me(c, k) {
                Direction::Out
            } else {
                Direction::In
            };
            assert_eq!(
                m.direction, expected,
                "contact {c} message {k}: from_me decides"
            );
        }
    }
    let progress = run.progress.lock().expect("not poisoned").clone();
    assert!(
        progress
            .iter()
            .any(|p| p.total == Some(CONTACTS as u32) && p.done < CONTACTS as u32),
        "the backfill reported its progress over all {CONTACTS} contacts: {progress:?}"
    );
    let sync = run
        .engine
        .sync_status(
            &switchboard_core::access::Caller::local(),
            switchboard_core::api::AccountRef {
                account_id: run.account_id,
            },
        )
        .await
        .expect("the account's sync state");
    assert!(sync.polled && sync.last_error.is_none(), "{sync:?}");

    // Our message goes out through the outbox; the history poll then sees it as from_me=1,
    // which must be the same message, and the customer's answer comes in by polling too.
    let to = history_phone(0);
    run.engine
        .send_message(
            &switchboard_core::access::Caller::local(),
            SendMessage {
                account_id: run.account_id,
                to: format!("+{to}"),
                content: text("Когда удобно созвониться?"),
            },
        )
        .await
        .expect("the message is queued");
    until("the customer's answer is polled in", || async {
        thread(&run, &to).await.is_some_and(|(_, messages)| {
            messages
                .iter()
                .any(|m| m.direction == Direction::In && m.text == smileys(REPLY))
        })
    })
    .await;
    until("our message shows as seen", || async {
        thread(&run, &to).await.is_some_and(|(_, messages)| {
            messages.iter().any(|m| {
                m.direction == Direction::Out && m.status == Status::Seen && m.operator.is_some()
            })
        })
    })
    .await;

    let (_, messages) = thread(&run, &to).await.expect("the thread");
    let ours: Vec<&Message> = messages
        .iter()
        .filter(|m| m.text == "Когда удобно созвониться?")
        .collect();
    assert_eq!(ours.len(), 1, "sent once, shown once: {ours:#?}");
    let sent = sim.sent();
    assert_eq!(sent.len(), 1, "the gateway got it once");
    assert_eq!(
        ours[0].gateway_message_id.as_deref(),
        Some(sent[0].msg_id.as_str()),
        "our message carries the gateway's msg_id"
    );
    let last = messages.last().expect("messages");
    assert_eq!(
        last.text,
        smileys(REPLY),
        "the answer comes last, by the gateway's clock"
    );
    assert_eq!(
        messages.len(),
        PER_CONTACT + 2,
        "the history, our message and the answer, nothing twice"
    );
    let conversations = run
        .engine
        .list_conversations(
            &switchboard_core::access::Caller::local(),
            ListConversations {
                account_id: Some(run.account_id),
                limit: Some(200),
                ..ListConversations::default()
            },
        )
        .await
        .expect("the list");
    assert_eq!(
        conversations.conversations.len(),
        CONTACTS,
        "one conversation per contact"
    );
    assert_eq!(
        total_messages(&run).await,
        CONTACTS * PER_CONTACT + 2,
        "later polls added nothing twice"
    );
    run.engine.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_renamed_in_the_inbox_is_renamed_in_wamm_and_forgetting_deletes_it() {
    let sim = start(WammConfig {
        token: TOKEN.to_owned(),
        step: Duration::from_millis(100),
        history: Some((2, 3)),
        customer: None,
        ..WammConfig::default()
    })
    .await;
    let run = engine_on(&sim).await;
    let phone = history_phone(0);
    until("the history is polled in", || async {
        thread(&run, &phone)
            .await
            .is_some_and(|(_, m)| m.len() == 3)
    })
    .await;
    let conversation = run
        .engine
        .get_thread(
            &switchboard_core::access::Caller::local(),
            GetThread {
                phone: Some(format!("+{phone}")),
                account_id: Some(run.account_id),
                ..GetThread::default()
            },
        )
        .await
        .expect("the thread")
        .conversation;

    let renamed = run
        .engine
        .rename_contact(
            &switchboard_core::access::Caller::local(),
            switchboard_core::api::RenameContact {
                conversation_id: conversation.id,
                name: Some("Ivan (wholesale)".to_owned()),
            },
        )
        .await
        .expect("renamed");
    assert_eq!(renamed.contact.name.as_deref(), Some("Ivan (wholesale)"));
    assert!(
        sim.contacts()
            .contains(&(phone.clone(), "Ivan (wholesale)".to_owned())),
        "contact_to put the name in WAMM's address book: {:?}",
        sim.contacts()
    );

    // A change WAMM fails changes nothing on either side.
    sim.set_authorized(false);
    let refused = run
        .engine
        .rename_contact(
            &switchboard_core::access::Caller::local(),
            switchboard_core::api::RenameContact {
                conversation_id: conversation.id,
                name: Some("Someone else".to_owned()),
            },
        )
        .await;
    assert!(
        refused.is_err(),
        "a gateway that fails the change fails the rename"
    );
    let (name, _) = thread(&run, &phone).await.expect("the thread");
    assert_eq!(
        name.as_deref(),
        Some("Ivan (wholesale)"),
        "nothing changed here either"
    );
    sim.set_authorized(true);

    run.engine
        .rename_contact(
            &switchboard_core::access::Caller::local(),
            switchboard_core::api::RenameContact {
                conversation_id: conversation.id,
                name: None,
            },
        )
        .await
        .expect("forgotten");
    assert!(
        !sim.contacts().iter().any(|(p, _)| *p == phone),
        "contact_delete removed it from WAMM's address book: {:?}",
        sim.contacts()
    );
}
