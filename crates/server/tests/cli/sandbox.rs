//! The sandbox on each gateway's simulator: `serve --sandbox-gateway KIND` runs the real
//! adapter against a simulator speaking that gateway's protocol, and a message sent to the
//! sandbox customer goes all the way (ticks, and a reply where the gateway delivers replies).

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_test_support::Waiting;

use crate::harness::*;

const CUSTOMER: &str = "+79000000001";

/// Sends a text to the sandbox customer on `kind`'s sandbox and waits until its status is
/// `reaches` and, when `replies`, the customer answered.
async fn round_trip(kind: &str, reaches: &str, replies: bool) {
    let env = Env::new();
    let serve = env.serve(&["--sandbox-gateway", kind]);
    wait_for("serve to print its banner", || {
        serve.printed().contains("Stop:").then_some(())
    })
    .await;
    let (_, accounts) = serve.api("list_accounts", json!({})).await;
    let account = accounts
        .as_array()
        .and_then(|a| a.iter().find(|a| a["gateway"] == kind))
        .unwrap_or_else(|| panic!("{kind}: a sandbox account: {accounts:#}\n{}", serve.log()))
        .clone();
    assert_eq!(account["sandbox"], true, "{account:#}");
    let (status, sent) = serve
        .api(
            "send_message",
            json!({"account_id": account["id"], "to": CUSTOMER,
                   "content": {"kind": "text", "text": "Hello from the sandbox test"}}),
        )
        .await;
    assert_eq!(status, 200, "{kind}: {sent:#}");
    let id = sent["id"].as_str().expect("an id").to_owned();
    let round_trip = Waiting {
        patience: Duration::from_secs(30),
        ..PATIENCE
    };
    let last = round_trip
        .try_until(async || {
            let thread = blocking(|| env.thread(CUSTOMER));
            let ours = thread.iter().find(|m| m["id"] == id.as_str());
            let answered = thread
                .iter()
                .any(|m| m["direction"] == "in" && !is_hello(m));
            let done = ours.is_some_and(|m| m["status"] == reaches) && (!replies || answered);
            done.then_some(())
        })
        .await;
    if last.is_none() {
        panic!(
            "{kind}: our message should reach {reaches}{}: {:#?}\n{}",
            if replies {
                " and the customer answer"
            } else {
                ""
            },
            env.thread(CUSTOMER),
            serve.log()
        );
    }
    // The template form has something to offer: Devino's registered templates, Meta's listed
    // by its simulator.
    let (status, catalog) = serve
        .api("list_templates", json!({"account_id": account["id"]}))
        .await;
    let names: Vec<&str> = catalog["templates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    match kind {
        "devino" => assert_eq!(
            names,
            ["order_ready", "payment_reminder", "welcome"],
            "{catalog:#}"
        ),
        "meta_cloud" => assert!(
            names.contains(&"order_ready") && names.contains(&"new_collection"),
            "{status}: {catalog:#}\n{}",
            serve.log()
        ),
        _ => {}
    }
}

fn is_hello(m: &Value) -> bool {
    m["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("Hi! I'm the sandbox customer"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_runs_on_devino() {
    round_trip("devino", "seen", true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_runs_on_decision_telecom() {
    round_trip("decision_telecom", "seen", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_runs_on_rapporto() {
    round_trip("rapporto", "seen", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_runs_on_a_phone_bridge() {
    round_trip("phone_bridge", "sent", true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_sandbox_gateway_is_refused_with_the_choices() {
    let env = Env::new();
    let out = env.cli(&["serve", "--sandbox-gateway", "telegram"]);
    assert!(!out.success(), "{out:#?}");
    assert!(
        out.stderr.contains("devino"),
        "the choices are named: {out:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_runs_on_the_cloud_api() {
    round_trip("meta_cloud", "seen", true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_runs_on_wamm() {
    round_trip("wamm", "seen", true).await;
}
