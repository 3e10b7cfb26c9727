//! `send` from the command line, with and without `serve` on the same data directory.

use std::time::Duration;

use serde_json::Value;

use crate::harness::*;

fn send(env: &Env, account: &str, to: &str, content: &[&str]) -> Out {
    let mut args = vec!["send", "--account", account, "--to", to];
    args.extend_from_slice(content);
    args.extend_from_slice(&["--json", "--wait", "15"]);
    env.cli(&args)
}

#[track_caller]
fn sent_ok(out: Out) -> Value {
    let out = out.ok();
    let m = out.json();
    check_message(&m);
    assert_eq!(m["direction"], "out");
    assert!(
        ["sent", "delivered", "seen"].contains(&m["status"].as_str().unwrap_or_default()),
        "{m:#}"
    );
    assert_eq!(m["send_state"], "done", "{m:#}");
    assert!(m["gateway_message_id"].is_string(), "{m:#}");
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_without_serve_reaches_the_gateway_once() {
    let sim = simulator(Duration::from_millis(100)).await;
    let env = Env::new();
    env.add_devino("dev", sim.base_url(), SENDER, SIM_KEY);

    let text = sent_ok(send(
        &env,
        "dev",
        "+7 900 111-00-01",
        &["--text", "hello text"],
    ));
    assert_eq!(text["text"], "hello text");
    let media = sent_ok(send(
        &env,
        "dev",
        "+79001110002",
        &[
            "--media",
            "https://example.com/files/brochure.pdf",
            "--caption",
            "our brochure",
        ],
    ));
    let template = sent_ok(send(
        &env,
        "dev",
        "+79001110003",
        &[
            "--template",
            "promo",
            "--param",
            "Alice",
            "--param",
            "10%",
            "--language",
            "en",
        ],
    ));

    let wire = sim.sent();
    for m in [&text, &media, &template] {
        let id = m["id"].as_str().unwrap();
        assert_eq!(times_sent(&sim, id), 1, "{id} in {wire:#?}");
        let on_wire = wire
            .iter()
            .find(|w| w.callback_data.as_deref() == Some(id))
            .unwrap();
        assert_eq!(m["gateway_message_id"], on_wire.message_id.as_str());
        assert_eq!(on_wire.from, SENDER);
        assert_eq!(
            on_wire.callback_url, None,
            "no serve ever ran: there is no callback address"
        );
    }
    let w = |m: &Value| {
        wire.iter()
            .find(|w| w.callback_data.as_deref() == m["id"].as_str())
            .unwrap()
            .clone()
    };
    assert_eq!(w(&text).to, "79001110001");
    assert_eq!(w(&text).text.as_deref(), Some("hello text"));
    let media_wire = w(&media);
    assert_eq!(
        media_wire.content_url.as_deref(),
        Some("https://example.com/files/brochure.pdf")
    );
    assert_eq!(media_wire.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(media_wire.content_name.as_deref(), Some("brochure.pdf"));
    assert_eq!(media_wire.text.as_deref(), Some("our brochure"));
    let template_wire = w(&template);
    assert_eq!(template_wire.template_id.as_deref(), Some("promo"));
    assert_eq!(template_wire.language_code.as_deref(), Some("en"));
    let params = template_wire.template_params.clone().unwrap_or_default();
    assert_eq!(params.get("1").map(String::as_str), Some("Alice"));
    assert_eq!(params.get("2").map(String::as_str), Some("10%"));

    // The thread shows what send printed.
    let thread = env.thread("89001110001");
    assert_eq!(thread.len(), 1, "{thread:#?}");
    check_message(&thread[0]);
    assert_eq!(thread[0]["id"], text["id"]);

    // Devino refuses: our phone check and Devino's agree on every number (8-15 digits, no
    // leading 0), so the refusal comes from a sender the gateway does not know.
    env.add_devino(
        "dev-unknown-sender",
        sim.base_url(),
        "NotRegistered",
        SIM_KEY,
    );
    let refused = send(
        &env,
        "dev-unknown-sender",
        "+79001110004",
        &["--text", "refused message"],
    );
    assert!(!refused.success(), "{refused:#?}");
    let m = refused.json();
    check_message(&m);
    assert_eq!(m["status"], "rejected", "{m:#}");
    assert_eq!(m["send_state"], "failed", "{m:#}");
    assert!(
        m["error"]["message"]
            .as_str()
            .is_some_and(|s| !s.is_empty()),
        "{m:#}"
    );
    assert_eq!(times_sent(&sim, m["id"].as_str().unwrap()), 0);

    // A bad phone: a clear error, nothing queued.
    let messages_before: i64 = env
        .db()
        .query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
        .unwrap();
    let conversations_before = env.json(&["conversations", "--json"]);
    for bad in ["12ab", "1234", "+1234567890123456"] {
        let out = send(&env, "dev", bad, &["--text", "never sent"]);
        assert!(!out.success(), "{bad}: {out:#?}");
        assert!(
            out.stderr.contains("not a phone number") && out.stderr.contains(bad),
            "{bad}: {out:#?}"
        );
        assert!(out.stdout.trim().is_empty(), "{bad}: {out:#?}");
    }
    let messages_after: i64 = env
        .db()
        .query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(messages_before, messages_after);
    assert_eq!(conversations_before, env.json(&["conversations", "--json"]));
    assert!(
        env.json(&["search", "never sent", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert_eq!(sim.sent().len(), 3);
    sim.shutdown().await;
}

/// `search` shows the same message `thread` shows, failed ones included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_shows_outgoing_messages_as_thread_does() {
    let sim = simulator(Duration::from_millis(100)).await;
    let env = Env::new();
    env.add_devino("dev", sim.base_url(), SENDER, SIM_KEY);
    env.add_devino("refusing", sim.base_url(), "NotRegistered", SIM_KEY);
    let sent = sent_ok(send(
        &env,
        "dev",
        "+79002220001",
        &["--text", "kumquat offer"],
    ));
    let refused = send(
        &env,
        "refusing",
        "+79002220002",
        &["--text", "durian offer"],
    );
    assert!(!refused.success());
    let refused = refused.json();

    let mut problems = Vec::new();
    for (word, message, phone) in [
        ("kumquat", &sent, "+79002220001"),
        ("durian", &refused, "+79002220002"),
    ] {
        let out = env.cli(&["search", word, "--json"]);
        if !out.success() {
            problems.push(format!("search {word} failed: {}", out.stderr.trim()));
            continue;
        }
        let hits = out.json();
        let Some(hit) = hits
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["message"]["id"] == message["id"])
            .cloned()
        else {
            problems.push(format!("search {word} misses the message: {hits:#}"));
            continue;
        };
        check_message(&hit["message"]);
        let in_thread = env
            .message_in_thread(phone, message["id"].as_str().unwrap())
            .expect("in the thread");
        for field in [
            "status",
            "send_state",
            "attempts",
            "next_attempt_at",
            "error",
        ] {
            if hit["message"][field] != in_thread[field] {
                problems.push(format!(
                    "search {word}: '{field}' is {} but the thread says {}",
                    hit["message"][field], in_thread[field]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_beside_serve_is_sent_once_and_its_statuses_arrive() {
    let sim = simulator(Duration::from_millis(150)).await;
    let env = Env::new();
    env.add_devino("dev", sim.base_url(), SENDER, SIM_KEY);
    let serve = env.serve(&[]);
    assert!(env.webhook_url("dev", "status").starts_with(&serve.base));

    // Several sends at once, each racing serve's own outbox worker for the claim.
    let phones = ["+79003330001", "+79003330002", "+79003330003"];
    let outs: Vec<Out> = blocking(|| {
        std::thread::scope(|s| {
            let handles: Vec<_> = phones
                .iter()
                .map(|p| {
                    let env = &env;
                    s.spawn(move || send(env, "dev", p, &["--text", "hello from cli"]))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    });
    let failed: Vec<String> = outs
        .iter()
        .zip(phones)
        .filter(|(o, _)| !o.success())
        .map(|(o, p)| {
            let digits = p.trim_start_matches('+');
            let on_wire = sim.sent().iter().filter(|w| w.to == digits).count();
            let state: Option<String> = env
                .db()
                .query_row(
                    "SELECT o.state FROM outbox o JOIN messages m ON m.id = o.message_id
                     JOIN conversations cv ON cv.id = m.conversation_id
                     JOIN contacts c ON c.id = cv.contact_id WHERE c.phone = ?1",
                    [p],
                    |r| r.get(0),
                )
                .ok();
            format!(
                "send to {p} exited {:?} with {:?}; the gateway accepted it {on_wire} time(s); \
                 outbox state {state:?}",
                o.code,
                o.stderr.trim()
            )
        })
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    let sent: Vec<Value> = outs.into_iter().map(sent_ok).collect();

    for (m, phone) in sent.iter().zip(phones) {
        let id = m["id"].as_str().unwrap();
        let seen = wait_for(&format!("{id} to be seen"), || {
            env.message_in_thread(phone, id)
                .filter(|m| m["status"] == "seen")
        })
        .await;
        check_message(&seen);
        let history: Vec<&str> = seen["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["status"].as_str())
            .collect();
        assert!(history.contains(&"delivered"), "{history:?}");
        let wire = sim.sent();
        let on_wire: Vec<_> = wire
            .iter()
            .filter(|w| w.callback_data.as_deref() == Some(id))
            .collect();
        assert_eq!(on_wire.len(), 1, "sent {} times: {wire:#?}", on_wire.len());
        assert_eq!(
            on_wire[0].callback_url.as_deref(),
            Some(env.webhook_url("dev", "status").as_str())
        );
    }
    // Serve's worker looks at the queue every 2 s; give it a look, then count again.
    blocking(|| std::thread::sleep(Duration::from_millis(2500)));
    assert_eq!(sim.sent().len(), phones.len(), "{:#?}", sim.sent());
    sim.shutdown().await;
}
