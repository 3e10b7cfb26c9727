//! `switchboard public-address`: showing and changing where gateways reach the app.

use crate::harness::{Env, SIM_KEY};

const TUNNEL_SECRET: &str = "bore-secret-from-stdin-93a1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_address_is_shown_and_set_from_the_command_line() {
    let env = Env::new();
    let fresh = env.json(&["public-address", "--json"]);
    assert_eq!(fresh["settings"]["mode"], "local", "{fresh:#}");
    assert_eq!(fresh["tunnel"]["state"], "off", "{fresh:#}");

    let set = env
        .cli_stdin(
            &[
                "public-address",
                "set",
                "--tunnel",
                "bore.example.com",
                "--tunnel-port",
                "40100",
                "--tunnel-secret-stdin",
                "--json",
            ],
            &format!("{TUNNEL_SECRET}\n"),
        )
        .ok();
    let tunnel = set.json();
    assert_eq!(tunnel["settings"]["mode"], "tunnel");
    assert_eq!(tunnel["settings"]["server"], "bore.example.com");
    assert_eq!(tunnel["settings"]["port"], 40100);
    assert_eq!(tunnel["tunnel_secret_set"], true);
    // No serve runs: the tunnel is not running, and the warning says where it runs.
    assert_eq!(tunnel["tunnel"]["state"], "not_running", "{tunnel:#}");
    assert!(
        tunnel["warning"]["text"]
            .as_str()
            .is_some_and(|w| w.contains("only while"))
    );
    let text = env.cli(&["public-address"]).ok();
    assert!(
        text.stdout
            .contains("tunnel via the bore server bore.example.com"),
        "{text:#?}"
    );
    for out in [&set, &text] {
        assert!(!out.stdout.contains(TUNNEL_SECRET) && !out.stderr.contains(TUNNEL_SECRET));
    }
    let db = std::fs::read(env.db_path()).expect("the database");
    assert!(
        !db.windows(TUNNEL_SECRET.len())
            .any(|w| w == TUNNEL_SECRET.as_bytes()),
        "the tunnel secret is not in the database"
    );
    let secrets = std::fs::read_to_string(env.data.join("secrets.json")).expect("secrets.json");
    assert!(secrets.contains(TUNNEL_SECRET), "it is in the secret store");

    // The user's own URL is what callback URLs are built from at once.
    env.add_devino("Shop", "http://127.0.0.1:9", "Switchboard", SIM_KEY);
    env.cli(&[
        "public-address",
        "set",
        "--url",
        "https://inbox.example.com/",
    ])
    .ok();
    let hooks = env.json(&["account", "webhooks", "Shop", "--json"]);
    let urls: Vec<&str> = hooks
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["url"].as_str())
        .collect();
    assert!(
        !urls.is_empty()
            && urls
                .iter()
                .all(|u| u.starts_with("https://inbox.example.com/hooks/")),
        "{hooks:#}"
    );

    let bad = env.cli(&["public-address", "set", "--tunnel", "bore.example.com:7835"]);
    assert!(!bad.success());
    assert!(bad.stderr.contains("7835"), "says why: {}", bad.stderr);
    let none = env.cli(&["public-address", "set"]);
    assert!(!none.success(), "a mode must be named");
}

/// Callback URLs over plain HTTP carry the webhook token readable: `public-address` and
/// `account webhooks` say so, and `account rotate-webhook` gives the account new ones.
#[test]
fn plain_http_is_warned_about_and_the_token_can_be_replaced() {
    let env = Env::new();
    env.add_devino("Shop", "http://127.0.0.1:9", "Switchboard", SIM_KEY);
    env.cli(&["public-address", "set", "--url", "http://inbox.example.com"])
        .ok();
    let shown = env.cli(&["public-address"]).ok();
    assert!(
        shown.stdout.contains("WARNING:") && shown.stdout.contains("plain HTTP"),
        "{shown:#?}"
    );
    let old = env.webhook_url("Shop", "incoming");
    let listed = env.cli(&["account", "webhooks", "Shop", "--json"]).ok();
    assert!(
        listed.stderr.contains("plain HTTP"),
        "the warning goes to standard error, beside the JSON: {listed:#?}"
    );
    listed.json();

    let rotated = env.cli(&["account", "rotate-webhook", "Shop"]).ok();
    let new = env.webhook_url("Shop", "incoming");
    assert_ne!(old, new, "the account has a new address");
    assert!(
        rotated.stdout.contains(&new) && rotated.stdout.contains("24 hours"),
        "it prints the new addresses and how long the old ones work: {rotated:#?}"
    );
    let json = env
        .cli(&["account", "rotate-webhook", "Shop", "--json"])
        .ok()
        .json();
    assert_eq!(json[0]["kind"], "status", "{json:#}");

    env.cli(&[
        "public-address",
        "set",
        "--url",
        "https://inbox.example.com",
    ])
    .ok();
    let safe = env.cli(&["account", "webhooks", "Shop"]).ok();
    assert!(!safe.stderr.contains("WARNING"), "{safe:#?}");
    let gone = env.cli(&["account", "rotate-webhook", "Nobody"]);
    assert!(
        !gone.success() && gone.stderr.contains("Nobody"),
        "{gone:#?}"
    );
}
