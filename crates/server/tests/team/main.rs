//! A team on one `serve` over real HTTP: two managers, a supervisor and a reviewer signed in
//! at once; every command by every role; who sees what (lists, threads, search, media, live
//! events); each operator's own unread count and whose reading sends a read receipt; sessions,
//! cookies, throttling, bodies refused before authentication.

mod harness;
mod roles;

use std::time::Duration;

use harness::{PASSWORD, PATIENCE, Session, Team, client, message_with};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The team of the issue: Mia and Max (managers), Sue (supervisor), Rita (reviewer).
struct Four {
    team: Team,
    mia: Session,
    max: Session,
    sue: Session,
    rita: Session,
}

async fn four() -> Four {
    let team = Team::start().await;
    team.add_operator("mia", "Mia", "manager").await;
    team.add_operator("max", "Max", "manager").await;
    team.add_operator("sue", "Sue", "supervisor").await;
    team.add_operator("rita", "Rita", "reviewer").await;
    let (mia, max, sue, rita) = (
        team.sign_in("mia").await,
        team.sign_in("max").await,
        team.sign_in("sue").await,
        team.sign_in("rita").await,
    );
    Four {
        team,
        mia,
        max,
        sue,
        rita,
    }
}

/// The sandbox customer's conversation, as `who` finds it in their list (none: not there).
async fn customers_conversation(who: &Session) -> Option<Value> {
    let page = who.ok("list_conversations", json!({})).await;
    page["conversations"]
        .as_array()
        .and_then(|list| {
            list.iter()
                .find(|c| c["contact"]["phone"] == switchboard_server::sandbox::CUSTOMER)
        })
        .cloned()
}

/// The customer's conversation once its thread holds `text` (the sandbox's own greeting may
/// carry a later time than a webhook's whole seconds, so the newest is not always ours).
async fn holding(who: &Session, text: &str) -> Option<Value> {
    let conversation = customers_conversation(who).await?;
    let thread = who
        .ok(
            "get_thread",
            json!({"conversation_id": conversation["id"], "limit": 500}),
        )
        .await;
    let found = thread["messages"]
        .as_array()?
        .iter()
        .any(|m| m["text"] == text);
    found.then_some(thread["conversation"].clone())
}

async fn wait_for<T>(mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "it happens within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_manager_reaches_no_colleagues_conversation_by_any_road() {
    let Four {
        team,
        mia,
        max,
        sue,
        ..
    } = four().await;
    let mut max_events = max.events(None).await;
    let mut mia_events = mia.events(None).await;
    team.customer_writes("hello from the customer").await;
    let conversation = wait_for(async || customers_conversation(&sue).await).await;
    let id = conversation["id"].as_i64().expect("an id");
    // Unassigned: both managers see it arrive.
    max_events
        .until(message_with("hello from the customer"))
        .await;
    mia_events
        .until(message_with("hello from the customer"))
        .await;

    sue.ok(
        "assign_conversation",
        json!({"conversation_id": id, "operator_id": mia.id}),
    )
    .await;
    // Max learns it left his list (the event shows it assigned to Mia), then nothing more.
    let mia_id = mia.id;
    max_events
        .until(|e| {
            let v = e.json();
            v["type"] == "conversation" && v["conversation"]["assignee"]["id"] == mia_id
        })
        .await;
    team.customer_writes("a secret for Mia").await;
    mia_events.until(message_with("a secret for Mia")).await;
    team.customer_writes("another one").await;
    mia_events.until(message_with("another one")).await;
    // Max's stream carries nothing of it: the next thing he may see is a team-wide event.
    sue.ok("set_team_settings", json!({"managers_see_all": false}))
        .await;
    let (_, before) = max_events.until(|e| e.json()["type"] == "team").await;
    assert!(
        before.iter().all(|e| !e.data.contains("secret")),
        "nothing of Mia's conversation reached Max: {before:?}"
    );

    assert_eq!(customers_conversation(&max).await, None, "not in his list");
    let (status, _) = max.call("get_thread", json!({"conversation_id": id})).await;
    assert_eq!(status, 404, "not by id");
    let (status, _) = max
        .call(
            "get_thread",
            json!({"phone": switchboard_server::sandbox::CUSTOMER}),
        )
        .await;
    assert_eq!(status, 404, "not by phone");
    let hits = max.ok("search", json!({"query": "secret"})).await;
    assert_eq!(hits, json!([]), "not by search");
    let thread = mia.ok("get_thread", json!({"conversation_id": id})).await;
    let message = thread["messages"][0]["id"]
        .as_str()
        .expect("a message")
        .to_owned();
    let (status, _) = max
        .call("media_content", json!({"message_id": message}))
        .await;
    assert_eq!(status, 404, "not through its messages' media");
    let (status, _) = max.call("mark_read", json!({"conversation_id": id})).await;
    assert_eq!(status, 404);
    let hits = mia.ok("search", json!({"query": "secret"})).await;
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "Mia finds hers");
}

#[tokio::test]
async fn a_reviewers_reading_changes_nobodys_unread_and_sends_no_receipt_a_managers_does() {
    let Four {
        team,
        mia,
        sue,
        rita,
        ..
    } = four().await;
    team.customer_writes("is anyone there?").await;
    let conversation = wait_for(async || holding(&mia, "is anyone there?").await).await;
    let id = conversation["id"].as_i64().expect("an id");
    let unread = conversation["unread"].as_u64().expect("a count");
    assert!(unread >= 1, "new to Mia: {conversation}");
    assert_eq!(conversation["awaiting_reply"], true);

    rita.ok("mark_read", json!({"conversation_id": id})).await;
    sue.ok("mark_read", json!({"conversation_id": id})).await;
    let rita_sees = customers_conversation(&rita).await.expect("listed");
    assert_eq!(rita_sees["unread"], 0, "the reviewer read it");
    let mia_sees = customers_conversation(&mia).await.expect("listed");
    assert_eq!(mia_sees["unread"], unread, "Mia's count is hers");
    // Give a stray receipt time to arrive, were one sent (none must be).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        team.meta().read_receipts().is_empty(),
        "a supervisor's or reviewer's look tells the customer nothing"
    );

    mia.ok("mark_read", json!({"conversation_id": id})).await;
    let receipts = wait_for(async || {
        let r = team.meta().read_receipts();
        (!r.is_empty()).then_some(r)
    })
    .await;
    assert_eq!(receipts.len(), 1, "one receipt, for the manager's reading");
    let mia_sees = customers_conversation(&mia).await.expect("listed");
    assert_eq!(mia_sees["unread"], 0);
}

#[tokio::test]
async fn an_outgoing_message_says_who_sent_it() {
    let Four { team, mia, .. } = four().await;
    let sent = mia
        .ok(
            "send_message",
            json!({"account_id": team.account_id(), "to": switchboard_server::sandbox::CUSTOMER,
                   "content": {"kind": "text", "text": "Mia here"}}),
        )
        .await;
    assert_eq!(sent["operator"]["name"], "Mia");
    let conversation = customers_conversation(&mia).await.expect("listed");
    assert_eq!(conversation["awaiting_reply"], false, "answered");
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_with_the_wait_said() {
    let team = Team::start().await;
    team.add_operator("mia", "Mia", "manager").await;
    let http = client();
    let mut last = (0, Value::Null);
    for _ in 0..12 {
        let r = http
            .post(format!("{}/api/sign_in", team.base()))
            .json(&json!({"login": "mia", "password": "wrong password!"}))
            .send()
            .await
            .expect("answers");
        let status = r.status().as_u16();
        last = (status, r.json().await.unwrap_or(Value::Null));
        if status == 429 {
            break;
        }
        assert_eq!(status, 401, "a wrong password: {}", last.1);
    }
    assert_eq!(last.0, 429, "repeated failures are throttled: {}", last.1);
    assert_eq!(last.1["code"], "too_many_attempts");
    let seconds = last.1["phrase"]["args"]["seconds"].clone();
    assert!(
        seconds
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .is_some_and(|s| s > 0)
            || seconds.as_u64().is_some_and(|s| s > 0),
        "it says how long to wait: {}",
        last.1
    );
    // Even the right password waits: the throttle is about the login, not the guess.
    let r = http
        .post(format!("{}/api/sign_in", team.base()))
        .json(&json!({"login": "MIA", "password": PASSWORD}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 429);
}

#[tokio::test]
async fn a_disabled_operators_session_and_stream_end_at_once() {
    let Four {
        team: _t, mia, sue, ..
    } = four().await;
    let mut stream = mia.events(None).await;
    mia.ok("app_info", json!({})).await;
    sue.ok("update_operator", json!({"id": mia.id, "active": false}))
        .await;
    let (status, answer) = mia.call("app_info", json!({})).await;
    assert_eq!(status, 401, "refused at once: {answer}");
    assert_eq!(answer["code"], "unauthorized");
    // The live stream ends too (after the team event that prompted the check).
    let ended =
        tokio::time::timeout(PATIENCE, async { while stream.next().await.is_some() {} }).await;
    assert!(ended.is_ok(), "the stream of a disabled operator ends");
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let team = Team::start().await;
    team.add_operator("mia", "Mia", "manager").await;
    let mia = team.sign_in("mia").await;
    let team = team.restart().await;
    let mia = Session {
        base: team.base(),
        ..mia
    };
    let info = mia.ok("app_info", json!({})).await;
    assert_eq!(info["operator"]["name"], "Mia");
}

#[tokio::test]
async fn browsers_get_an_http_only_strict_cookie_and_no_credential_is_taken_from_a_url() {
    let team = Team::start().await;
    team.add_operator("mia", "Mia", "manager").await;
    let http = client();
    let r = http
        .post(format!("{}/api/sign_in", team.base()))
        .json(&json!({"login": "mia", "password": PASSWORD}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 200);
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a cookie")
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on loopback: no Secure flag"
    );
    let body: Value = r.json().await.expect("JSON");
    let token = body["token"].as_str().expect("a token").to_owned();
    assert!(token.len() >= 43, "at least 256 bits: {token}");
    let pair = cookie.split(';').next().expect("name=value").to_owned();

    let r = http
        .post(format!("{}/api/app_info", team.base()))
        .header("Cookie", &pair)
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 200, "the cookie signs the browser in");
    for url in [
        format!("{}/api/app_info?token={token}", team.base()),
        format!("{}/api/app_info?session={token}", team.base()),
    ] {
        let r = http
            .post(url)
            .json(&json!({}))
            .send()
            .await
            .expect("answers");
        assert_eq!(r.status(), 401, "never from the URL");
    }
    let r = http
        .post(format!("{}/api/sign_out", team.base()))
        .header("Cookie", &pair)
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 200);
    let cleared = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        cleared.contains("Max-Age=0"),
        "signing out clears it: {cleared}"
    );
    let r = http
        .post(format!("{}/api/app_info", team.base()))
        .header("Cookie", &pair)
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 401, "the session ended");
}

#[tokio::test]
async fn a_body_is_refused_before_it_is_read_unless_the_caller_may_run_the_command() {
    let team = Team::start().await;
    // Announces 100 MB and sends none of it: the answer comes without waiting for the body.
    let mut tcp = tokio::net::TcpStream::connect(team.running.local_addr)
        .await
        .expect("connects");
    let head = format!(
        "POST /api/upload_media HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
        team.running.local_addr
    );
    tcp.write_all(head.as_bytes()).await.expect("sent");
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(PATIENCE, tcp.read(&mut answer))
        .await
        .expect("an answer without the body")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    // A signed-in operator's ordinary command may not send more than a small body.
    team.add_operator("mia", "Mia", "manager").await;
    let mia = team.sign_in("mia").await;
    let big = "x".repeat(2 * 1024 * 1024);
    let (status, _) = mia
        .call("list_conversations", json!({"padding": big}))
        .await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn a_client_that_reconnects_with_last_event_id_gets_what_it_missed() {
    let Four { team, sue, .. } = four().await;
    let mut stream = sue.events(None).await;
    team.customer_writes("first").await;
    let (first, _) = stream.until(message_with("first")).await;
    let id = first.id.clone().expect("events have ids");
    drop(stream);
    team.customer_writes("while away").await;
    team.customer_writes("still away").await;
    wait_for(async || holding(&sue, "still away").await).await;
    let mut resumed = sue.events(Some(&id)).await;
    let (_, before) = resumed.until(message_with("still away")).await;
    assert!(
        before.iter().any(|e| e.data.contains("while away")),
        "what was missed comes first, in order: {before:?}"
    );
    assert!(
        before.iter().all(|e| e.event.as_deref() != Some("resync")),
        "no reload needed"
    );
    // An id from another run (or long gone) asks for a reload.
    let mut stale = sue.events(Some("0-5")).await;
    let first = stale.next().await.expect("an event");
    assert_eq!(first.event.as_deref(), Some("resync"));
}

#[tokio::test]
async fn a_stopping_server_ends_live_streams_instead_of_waiting_out_its_grace() {
    // A grace far longer than this test waits: were streams left open, stopping would take it.
    let network = switchboard_server::serve::Network {
        limits: switchboard_server::listen::Limits {
            shutdown_grace: Duration::from_secs(600),
            ..Default::default()
        },
        ..Default::default()
    };
    let team = Team::start_with(network).await;
    team.add_operator("sue", "Sue", "supervisor").await;
    let sue = team.sign_in("sue").await;
    let mut stream = sue.events(None).await;
    let stopped = tokio::time::timeout(PATIENCE, team.running.shutdown()).await;
    assert!(stopped.is_ok(), "the server stops with a client listening");
    let ended =
        tokio::time::timeout(PATIENCE, async { while stream.next().await.is_some() {} }).await;
    assert!(ended.is_ok(), "the stream ended");
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_browser_came_over_https() {
    // Behind a TLS-terminating proxy on this machine, which says the browser used https.
    let network = switchboard_server::serve::Network {
        behind_proxy: Some("127.0.0.1".parse().expect("an address")),
        ..Default::default()
    };
    let team = Team::start_with(network).await;
    team.add_operator("mia", "Mia", "manager").await;
    let r = client()
        .post(format!("{}/api/sign_in", team.base()))
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-For", "203.0.113.7")
        .json(&json!({"login": "mia", "password": PASSWORD}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 200);
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    let body: Value = r.json().await.expect("JSON");
    let mia = Session {
        base: team.base(),
        token: body["token"].as_str().expect("a token").to_owned(),
        id: body["operator"]["id"].as_i64().expect("an id"),
        http: client(),
    };
    let sessions = mia.ok("list_sessions", json!({})).await;
    assert_eq!(
        sessions[0]["last_address"], "203.0.113.7",
        "the session lists the browser's address the proxy gave, not the proxy's"
    );
}

#[tokio::test]
async fn a_conversation_given_away_after_a_restart_still_leaves_the_managers_list_live() {
    let Four {
        team,
        mia,
        max,
        sue,
        ..
    } = four().await;
    team.customer_writes("before the restart").await;
    let conversation = wait_for(async || holding(&sue, "before the restart").await).await;
    let id = conversation["id"].as_i64().expect("an id");
    sue.ok(
        "assign_conversation",
        json!({"conversation_id": id, "operator_id": mia.id}),
    )
    .await;
    // A new run knows nobody's conversations until something happens to them.
    let team = team.restart().await;
    let (mia, max, sue) = (
        Session {
            base: team.base(),
            ..mia
        },
        Session {
            base: team.base(),
            ..max
        },
        Session {
            base: team.base(),
            ..sue
        },
    );
    let mut mia_events = mia.events(None).await;
    sue.ok(
        "assign_conversation",
        json!({"conversation_id": id, "operator_id": max.id}),
    )
    .await;
    let max_id = max.id;
    mia_events
        .until(|e| {
            let v = e.json();
            v["type"] == "conversation" && v["conversation"]["assignee"]["id"] == max_id
        })
        .await;
}

#[tokio::test]
async fn the_data_directorys_token_works_only_from_this_machine() {
    let network = switchboard_server::serve::Network {
        behind_proxy: Some("127.0.0.1".parse().expect("an address")),
        ..Default::default()
    };
    let team = Team::start_with(network).await;
    let http = client();
    let ask = |forwarded: Option<&'static str>| {
        let mut request = http
            .post(format!("{}/api/app_info", team.base()))
            .bearer_auth(&team.running.token)
            .json(&json!({}));
        if let Some(address) = forwarded {
            request = request.header("X-Forwarded-For", address);
        }
        request.send()
    };
    let here = ask(None).await.expect("answers");
    assert_eq!(here.status(), 200, "a script on this machine");
    let there = ask(Some("203.0.113.7")).await.expect("answers");
    assert_eq!(there.status(), 401, "a client elsewhere, through the proxy");
    let body: Value = there.json().await.expect("JSON");
    assert_eq!(body["phrase"]["key"], "http.local_token_remote");
}

#[tokio::test]
async fn an_unknown_command_from_nobody_is_refused_before_its_body() {
    let team = Team::start().await;
    let r = client()
        .post(format!("{}/api/no_such_command", team.base()))
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_revoked_session_and_a_revoked_key_end_their_event_streams_at_once() {
    let Four { team: _t, mia, .. } = four().await;
    // A second session of Mia's (her laptop), ended from the first.
    let http = client();
    let laptop: Value = http
        .post(format!("{}/api/sign_in", mia.base))
        .json(&json!({"login": "mia", "password": PASSWORD}))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    let laptop = Session {
        base: mia.base.clone(),
        token: laptop["token"].as_str().expect("a token").to_owned(),
        id: mia.id,
        http: client(),
    };
    let key = mia
        .ok("create_api_key", json!({"name": "report script"}))
        .await;
    let script = Session {
        base: mia.base.clone(),
        token: key["token"].as_str().expect("a key").to_owned(),
        id: mia.id,
        http: client(),
    };
    let mut laptop_events = laptop.events(None).await;
    let mut script_events = script.events(None).await;
    let sessions = mia.ok("list_sessions", json!({})).await;
    let other = sessions
        .as_array()
        .and_then(|s| s.iter().find(|s| s["current"] == false))
        .and_then(|s| s["id"].as_i64())
        .expect("the laptop's session");
    mia.ok("revoke_session", json!({"id": other})).await;
    mia.ok("revoke_api_key", json!({"id": key["key"]["id"]}))
        .await;
    // Well within the streams' periodic check (30 s): the revocation ends them.
    for stream in [&mut laptop_events, &mut script_events] {
        let ended = tokio::time::timeout(Duration::from_secs(10), async {
            while stream.next().await.is_some() {}
        })
        .await;
        assert!(ended.is_ok(), "the stream ended with its credential");
    }
}

#[tokio::test]
async fn an_operator_holds_a_bounded_number_of_live_streams_and_gets_them_back() {
    let team = Team::start().await;
    team.add_operator("mia", "Mia", "manager").await;
    let mia = team.sign_in("mia").await;
    let max = switchboard_server::http::api::STREAMS_PER_OPERATOR;
    let mut open = Vec::new();
    for _ in 0..max {
        open.push(mia.events(None).await);
    }
    let refused = mia
        .http
        .get(format!("{}/api/events", mia.base))
        .bearer_auth(&mia.token)
        .send()
        .await
        .expect("answers");
    assert_eq!(refused.status(), 429, "one more than allowed");
    let body: Value = refused.json().await.expect("JSON");
    assert_eq!(body["phrase"]["key"], "http.too_many_streams");
    // A closed one is given back.
    drop(open.pop());
    wait_for(async || {
        let r = mia
            .http
            .get(format!("{}/api/events", mia.base))
            .bearer_auth(&mia.token)
            .send()
            .await
            .ok()?;
        (r.status() == 200).then_some(())
    })
    .await;
}
