//! Incoming messages posted to serve's webhook, read back with `conversations`, `thread`,
//! `search`; and the sandbox a newcomer starts with.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incoming_messages_show_in_conversations_thread_and_search() {
    let sim = simulator(Duration::from_millis(100)).await;
    let env = Env::new();
    env.add_devino("dev", sim.base_url(), SENDER, SIM_KEY);
    let serve = env.serve(&[]);
    let incoming = env.webhook_url("dev", "incoming");
    assert!(incoming.starts_with(&format!("{}/hooks/", serve.base)));

    let mut message = sim.incoming_text("79001234567", "Do you sell pineapples wholesale?");
    message.profile_name = Some("Ivan Petrov".to_owned());
    let answer = sim.post_incoming(&incoming, &message).await;
    assert_eq!(answer, Ok(200), "log:\n{}", serve.log());
    // Devino posts again when unsure: stored once.
    assert_eq!(sim.post_incoming(&incoming, &message).await, Ok(200));
    let gateway_id = message.incoming_message_id.to_string();
    let log = serve.log();
    assert!(
        log.contains("a new message arrived"),
        "serve says a message arrived: {log}"
    );
    for personal in ["pineapples", "Ivan", "9001234567"] {
        assert!(
            !log.contains(personal),
            "customers' words, names and numbers stay out of the log ({personal}): {log}"
        );
    }

    let conversations = env.json(&["conversations", "--json"]);
    let list = conversations.as_array().expect("array");
    assert_eq!(list.len(), 1, "{conversations:#}");
    let c = &list[0];
    assert_eq!(c["contact"]["phone"], "+79001234567");
    assert_eq!(c["contact"]["name"], "Ivan Petrov");
    assert_eq!(c["account_name"], "dev");
    assert_eq!(c["unread"], 1, "{c:#}");
    assert_eq!(
        c["last_message"]["text"],
        "Do you sell pineapples wholesale?"
    );
    assert_eq!(c["last_message"]["direction"], "in");

    for phone in ["8 (900) 123-45-67", "+7 900 123 45 67", "79001234567"] {
        let thread = env
            .cli(&["thread", phone, "--account", "dev", "--json"])
            .ok();
        let messages = thread.json();
        let messages = messages.as_array().expect("array");
        assert_eq!(messages.len(), 1, "{phone}: {messages:#?}");
        let m = &messages[0];
        check_message(m);
        assert_eq!(m["direction"], "in");
        assert_eq!(m["text"], "Do you sell pineapples wholesale?");
        assert_eq!(m["gateway_message_id"], gateway_id.as_str());
        let expected_ms = message.ts;
        let shown: jiff::Timestamp = m["timestamp"].as_str().unwrap().parse().unwrap();
        assert_eq!(shown.as_millisecond(), expected_ms, "the gateway's time");
    }
    let unknown = env.cli(&["thread", "+79009999999", "--json"]);
    assert!(!unknown.success(), "{unknown:#?}");

    let hits = env.json(&["search", "pineapple", "--json"]);
    let hits = hits.as_array().expect("array");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    check_message(&hits[0]["message"]);
    assert_eq!(hits[0]["contact"]["phone"], "+79001234567");
    assert_eq!(
        hits[0]["message"]["gateway_message_id"],
        gateway_id.as_str()
    );
    assert!(
        hits[0]["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("[pineapples]")),
        "{hits:#?}"
    );
    assert!(
        env.json(&["search", "bananas", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty)
    );

    // A wrong token or endpoint is refused without storing anything.
    let bad = incoming.replace("/hooks/", "/hooks/x");
    assert_eq!(sim.post_incoming(&bad, &message).await, Ok(404));
    let garbage = serve
        .http
        .post(&incoming)
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status().as_u16(), 400);
    assert_eq!(
        env.json(&["conversations", "--json"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_without_accounts_runs_the_sandbox() {
    const CUSTOMER: &str = "+79000000001";
    let env = Env::new();
    let serve = env.serve(&[]);
    let printed = wait_for("serve to print the sandbox banner", || {
        let p = serve.printed();
        p.contains("Stop:").then_some(p)
    })
    .await;
    assert!(printed.contains("SANDBOX"), "{printed}");

    let accounts = env.json(&["account", "list", "--json"]);
    let accounts = accounts.as_array().expect("array");
    assert_eq!(accounts.len(), 1, "{accounts:#?}");
    assert_eq!(accounts[0]["sandbox"], true);
    let account_id = accounts[0]["id"].as_i64().unwrap();

    let conversations = env.json(&["conversations", "--json"]);
    let hello = conversations
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contact"]["phone"] == CUSTOMER)
        .unwrap_or_else(|| panic!("no hello from the sandbox customer: {conversations:#}"))
        .clone();
    assert_eq!(hello["sandbox"], true);
    assert_eq!(hello["last_message"]["direction"], "in");

    // The API needs the token.
    let anonymous = serve
        .http
        .post(format!("{}/api/list_accounts", serve.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);

    let (status, sent) = serve
        .api(
            "send_message",
            json!({"account_id": account_id, "to": CUSTOMER,
                   "content": {"kind": "text", "text": "hi"}}),
        )
        .await;
    assert_eq!(status, 200, "{sent:#}");
    check_message(&sent);
    let id = sent["id"].as_str().unwrap().to_owned();

    let thread = wait_for("the message to be seen and the customer to answer", || {
        let thread = env.thread(CUSTOMER);
        let seen = thread
            .iter()
            .any(|m| m["id"] == id && m["status"] == "seen");
        let incoming = thread.iter().filter(|m| m["direction"] == "in").count();
        (seen && incoming >= 2).then_some(thread)
    })
    .await;
    for m in &thread {
        check_message(m);
    }
    let ours = thread.iter().position(|m| m["id"] == id).unwrap();
    let reply: &Value = thread[ours + 1..]
        .iter()
        .find(|m| m["direction"] == "in")
        .expect("a reply after our message");
    assert!(
        reply["text"].as_str().is_some_and(|t| !t.is_empty()),
        "{reply:#}"
    );
}
