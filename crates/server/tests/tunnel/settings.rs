//! The public address settings: saved in the data directory, the tunnel's secret only in the
//! secret store, and the callback URL of every message sent after a change follows it.

use switchboard_core::Engine;
use switchboard_core::api::Empty;
use switchboard_core::host::{Host, SecretStore, Silent, SystemClock};
use switchboard_core::public_address::{PublicAddressSettings, SetPublicAddress, TunnelState};
use switchboard_gateways::Gateways;

use crate::harness::{App, BORE, TUNNEL};
use crate::{on_wire, seen};

const SECRET: &str = "never-in-sqlite-0b7d41";

fn bytes_of(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the data dir").flatten() {
        if entry.path().is_file() {
            all.extend(std::fs::read(entry.path()).unwrap_or_default());
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tunnel_secret_stays_in_the_secret_store_and_settings_persist() {
    // No bore server runs: the tunnel must say it is down, and why.
    let _no_bore_meanwhile = BORE.lock().await;
    let settings = PublicAddressSettings::Tunnel {
        server: "127.0.0.1".into(),
        port: Some(20_123),
    };
    let app = App::start(settings.clone(), Some(SECRET)).await;
    let address = TUNNEL
        .until("the tunnel reports it cannot connect", async || {
            let a = app
                .engine()
                .public_address(&switchboard_core::access::Caller::local(), Empty {})
                .await
                .ok()?;
            matches!(a.tunnel, TunnelState::Down { .. }).then_some(a)
        })
        .await;
    let TunnelState::Down { reason, .. } = &address.tunnel else {
        unreachable!()
    };
    assert!(
        reason.key == "tunnel.unreachable"
            && reason.text.contains("Cannot reach the tunnel server"),
        "{reason}"
    );
    assert!(
        address.warning.is_some(),
        "callbacks cannot arrive: said so"
    );
    assert_eq!(address.settings, settings);
    assert!(address.tunnel_secret_set);
    let json = serde_json::to_string(&address).expect("json");
    assert!(!json.contains(SECRET), "the API never returns the secret");
    assert!(
        !contains(&bytes_of(&app.data_dir), SECRET),
        "the secret is not in the database (nor its WAL)"
    );

    // Removing the secret removes it from the store.
    let cleared = app
        .engine()
        .set_public_address(
            &switchboard_core::access::Caller::local(),
            SetPublicAddress {
                settings: settings.clone(),
                tunnel_secret: Some(String::new()),
            },
        )
        .await
        .expect("the secret is removed");
    assert!(!cleared.tunnel_secret_set);

    // Another process on the same data directory sees the saved settings.
    let url = "https://inbox.example.com/";
    app.engine()
        .set_public_address(
            &switchboard_core::access::Caller::local(),
            SetPublicAddress {
                settings: PublicAddressSettings::Url { url: url.into() },
                tunnel_secret: None,
            },
        )
        .await
        .expect("a URL is saved");
    let other = Engine::open(
        &switchboard_server::datadir::database(&app.data_dir),
        Host {
            secrets: app.secrets.clone() as std::sync::Arc<dyn SecretStore>,
            notifier: std::sync::Arc::new(Silent),
            clock: std::sync::Arc::new(SystemClock),
            events: std::sync::Arc::new(Silent),
        },
        std::sync::Arc::new(Gateways::new()),
    )
    .expect("a second engine opens");
    let seen_there = other
        .public_address(&switchboard_core::access::Caller::local(), Empty {})
        .await
        .expect("answers");
    assert_eq!(
        seen_there.settings,
        PublicAddressSettings::Url {
            url: "https://inbox.example.com".into()
        }
    );
    assert_eq!(
        seen_there.base_url.as_deref(),
        Some("https://inbox.example.com")
    );
    assert_eq!(seen_there.tunnel, TunnelState::Off);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_sent_after_the_address_changed_carry_the_new_callback_url() {
    let app = App::start(PublicAddressSettings::Local, None).await;
    let local = format!("http://{}", app.running.local_addr);
    let address = app.address().await;
    assert_eq!(address.base_url.as_deref(), Some(local.as_str()));
    assert!(
        address
            .warning
            .as_ref()
            .is_some_and(|w| w.text.contains("cannot reach")),
        "a Devino account on a local address is warned about: {:?}",
        address.warning
    );
    let first = app.send_text("before").await;
    let first = app.wait_message(&first.id, "statuses arrive", seen).await;
    assert!(
        on_wire(&app.sim, &first)
            .callback_url
            .is_some_and(|u| u.starts_with(&format!("{local}/hooks/")))
    );

    // Our own "public URL": here the public-only listener, which serves the webhooks too.
    let public = format!("http://{}", app.running.public_addr);
    let changed = app
        .engine()
        .set_public_address(
            &switchboard_core::access::Caller::local(),
            SetPublicAddress {
                settings: PublicAddressSettings::Url {
                    url: public.clone(),
                },
                tunnel_secret: None,
            },
        )
        .await
        .expect("the URL is set");
    assert_eq!(changed.base_url.as_deref(), Some(public.as_str()));
    assert_eq!(changed.warning, None);
    let second = app.send_text("after").await;
    let second = app
        .wait_message(&second.id, "statuses arrive via the new address", seen)
        .await;
    assert!(
        on_wire(&app.sim, &second)
            .callback_url
            .is_some_and(|u| u.starts_with(&format!("{public}/hooks/"))),
        "the message sent after the change carries the new address"
    );
    app.stop().await;
}
