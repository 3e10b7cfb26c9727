//! The public address and the built-in tunnel, end to end: a real bore server on 127.0.0.1, the
//! app started as `serve` starts it, and a Devino simulator whose callbacks go to whatever
//! address the app gave it. Conditions are awaited by bounded polling; nothing asserts timing.

mod harness;
mod routes;
mod settings;

use harness::{App, BORE, BORE_SECRET, BoreServer, TUNNEL};
use switchboard_core::event::Event;
use switchboard_core::message::Message;
use switchboard_core::public_address::{PublicAddressSettings, SetPublicAddress, TunnelState};
use switchboard_core::status::Status;
use switchboard_simulator::{CallbackAttempt, DevinoHandle, ReceivedMessage};

fn tunnel_to_localhost() -> PublicAddressSettings {
    PublicAddressSettings::Tunnel {
        server: "127.0.0.1".into(),
        port: None,
    }
}

/// What the simulator received for our message `m`.
fn on_wire(sim: &DevinoHandle, m: &Message) -> ReceivedMessage {
    sim.sent()
        .into_iter()
        .find(|w| w.callback_data.as_deref() == Some(m.id.as_str()))
        .unwrap_or_else(|| panic!("the simulator received message {}", m.id))
}

/// The simulator's attempts to post statuses of the message it knows as `gateway_id`.
fn status_posts(sim: &DevinoHandle, gateway_id: &str) -> Vec<CallbackAttempt> {
    sim.callback_log()
        .into_iter()
        // A number on the wire, as Devino documents it.
        .filter(|a| {
            a.body[0]["messageId"]
                .as_u64()
                .map(|n| n.to_string())
                .as_deref()
                == Some(gateway_id)
        })
        .collect()
}

fn accepted(a: &CallbackAttempt) -> bool {
    matches!(a.outcome, Ok(s) if (200..300).contains(&s))
}

fn seen(m: &Message) -> bool {
    m.status == Status::Seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callbacks_arrive_through_the_tunnel_and_survive_a_bore_restart() {
    let _one_bore_at_a_time = BORE.lock().await;
    let bore = BoreServer::start(Some(BORE_SECRET)).await;
    let app = App::start(tunnel_to_localhost(), Some(BORE_SECRET)).await;
    let mut events = app.running.events.subscribe();

    let url = app.tunnel_up().await;
    assert!(
        url.starts_with("http://127.0.0.1:")
            && url != format!("http://{}", app.running.public_addr),
        "the public address is bore's port, not our listener: {url}"
    );
    let address = app.address().await;
    assert_eq!(address.base_url.as_deref(), Some(url.as_str()));
    assert_eq!(address.warning, None, "an up tunnel needs no warning");
    let mut announced = false;
    while let Ok(e) = events.try_recv() {
        announced |= e == Event::PublicAddress;
    }
    assert!(announced, "the UI hears that the address changed");

    // Statuses come back through the tunnel.
    let first = app.send_text("through the tunnel").await;
    let first = app
        .wait_message(&first.id, "its statuses arrive", seen)
        .await;
    let wire = on_wire(&app.sim, &first);
    let hook = format!("{url}/hooks/");
    assert!(
        wire.callback_url
            .as_deref()
            .is_some_and(|u| u.starts_with(&hook)),
        "the message carries the tunnel's callback URL: {:?}",
        wire.callback_url
    );
    let posts = status_posts(&app.sim, &wire.message_id);
    assert!(!posts.is_empty() && posts.iter().all(|a| a.url.starts_with(&hook)));
    let address = app.address().await;
    assert!(
        address.accounts[0].last_webhook_at.is_some() && address.last_webhook_at.is_some(),
        "the last webhook's time is shown"
    );
    assert!(
        address.accounts[0]
            .webhooks
            .iter()
            .all(|w| w.url.starts_with(&hook))
    );

    // The bore server dies: the tunnel says so, and a callback during the outage is retried.
    bore.kill().await;
    let down = TUNNEL
        .until("the tunnel reports the drop", async || {
            let a = app.address().await;
            matches!(a.tunnel, TunnelState::Down { .. }).then_some(a)
        })
        .await;
    assert!(
        down.warning.as_ref().is_some_and(|w| w.text.contains(&url)),
        "the warning names the dead address: {:?}",
        down.warning
    );
    let second = app.send_text("during the outage").await;
    let gateway_id = TUNNEL
        .until("the outbox sends it while the tunnel is down", async || {
            app.sim
                .sent()
                .into_iter()
                .find(|w| w.callback_data.as_deref() == Some(second.id.as_str()))
                .map(|w| w.message_id)
        })
        .await;
    TUNNEL
        .until(
            "the simulator could not reach the dead address",
            async || {
                status_posts(&app.sim, &gateway_id)
                    .iter()
                    .any(|a| !accepted(a))
                    .then_some(())
            },
        )
        .await;

    // Back on the same control port: the tunnel reconnects on the same public port.
    let _bore = BoreServer::start(Some(BORE_SECRET)).await;
    let second = app
        .wait_message(&second.id, "the retried statuses arrive", seen)
        .await;
    assert_eq!(app.tunnel_up().await, url, "the same public port again");
    let posts = status_posts(&app.sim, &gateway_id);
    for word in ["SENT", "DELIVERED", "READ"] {
        let ok = posts
            .iter()
            .filter(|a| a.body[0]["status"] == word && accepted(a))
            .count();
        // At least once: a 2xx lost with a dying connection makes the simulator post again,
        // which is answered 2xx again without storing anything twice (checked below).
        assert!(
            ok >= 1,
            "{word} was delivered through the tunnel: {posts:#?}"
        );
    }
    for status in [Status::Delivered, Status::Seen] {
        let n = second.history.iter().filter(|c| c.status == status).count();
        assert_eq!(n, 1, "{status:?} is stored once: {:#?}", second.history);
    }

    // A new address: messages sent from then on carry it; the tunnel closes.
    app.engine()
        .set_public_address(
            &switchboard_core::access::Caller::local(),
            SetPublicAddress {
                settings: PublicAddressSettings::Local,
                tunnel_secret: None,
            },
        )
        .await
        .expect("local again");
    let third = app.send_text("after the change").await;
    let third = app
        .wait_message(&third.id, "statuses arrive locally", seen)
        .await;
    let local_hook = format!("http://{}/hooks/", app.running.local_addr);
    assert!(
        on_wire(&app.sim, &third)
            .callback_url
            .is_some_and(|u| u.starts_with(&local_hook)),
        "the message sent after the change carries the local address"
    );
    assert_eq!(app.address().await.tunnel, TunnelState::Off);
    TUNNEL
        .until(
            "no tunnel is left open after it was turned off",
            async || app.http.get(&url).send().await.is_err().then_some(()),
        )
        .await;
    app.stop().await;
}
