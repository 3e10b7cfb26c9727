//! Only Meta, which knows the app secret, can have a POST parsed; only someone who knows the
//! verify token gets the handshake's challenge back.

use switchboard_core::gateway::{Secret, WebhookError, WebhookReply, WebhookRequest};
use switchboard_core::ingest::IngestEvent;
use switchboard_simulator::meta_cloud::sign;

use crate::{TOKEN, VERIFY_TOKEN, config, connect, full_secret, gateway, post, simulator};

fn unauthenticated(result: Result<impl std::fmt::Debug, WebhookError>, what: &str) -> String {
    match result {
        Err(WebhookError::Unauthenticated(why)) => why,
        other => panic!("{what} must be refused as unauthenticated, got {other:?}"),
    }
}

#[tokio::test]
async fn only_a_body_signed_with_the_app_secret_is_parsed() {
    let sim = simulator().await;
    let meta = gateway(&sim);
    let webhook = sim.incoming_text("79031234567", "hello");

    let events = meta
        .parse_webhook("events", &post(&webhook))
        .expect("Meta's signature is accepted")
        .events;
    assert!(
        matches!(events.as_slice(), [IngestEvent::Message(m)] if m.content.preview() == "hello"),
        "{events:?}"
    );

    let mut wrong = post(&webhook);
    wrong.headers.retain(|(k, _)| k != "x-hub-signature-256");
    let missing = unauthenticated(meta.parse_webhook("events", &wrong), "a missing signature");
    assert!(missing.contains("X-Hub-Signature-256"), "{missing}");

    wrong.headers.push((
        "x-hub-signature-256".into(),
        format!("sha256={}", "0".repeat(64)),
    ));
    unauthenticated(meta.parse_webhook("events", &wrong), "a wrong signature");

    let other_body = sim.incoming_text("79031234567", "something else");
    let mut swapped = post(&webhook);
    swapped.body = other_body.body.clone();
    unauthenticated(
        meta.parse_webhook("events", &swapped),
        "a signature over a different body",
    );

    let mut foreign = post(&webhook);
    foreign.headers = vec![(
        "x-hub-signature-256".into(),
        sign("another-app", &webhook.body),
    )];
    unauthenticated(
        meta.parse_webhook("events", &foreign),
        "a body signed with another app's secret",
    );

    // The adapter's own secret being wrong is the same as Meta's signature being wrong.
    let misconfigured = connect(config(&sim, full_secret(TOKEN, "not-the-app-secret")));
    unauthenticated(
        misconfigured.parse_webhook("events", &post(&webhook)),
        "a body checked with the wrong app secret",
    );
}

#[tokio::test]
async fn a_plain_access_token_account_refuses_posts_and_says_to_add_the_app_secret() {
    let sim = simulator().await;
    let meta = connect(config(&sim, Secret::new(TOKEN)));
    let webhook = sim.incoming_text("79031234567", "hello");
    let why = unauthenticated(
        meta.parse_webhook("events", &post(&webhook)),
        "an unverifiable body",
    );
    assert!(
        why.contains("app_secret"),
        "the refusal says what to add: {why}"
    );
    assert!(!why.contains(TOKEN), "never the token: {why}");
}

fn handshake(query: String) -> WebhookRequest {
    WebhookRequest {
        method: "GET".into(),
        query,
        ..WebhookRequest::default()
    }
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_only_for_the_verify_token() {
    let sim = simulator().await;
    let meta = gateway(&sim);
    let challenge = "1158201444 &=challenge";
    let outcome = meta
        .parse_webhook(
            "events",
            &handshake(sim.verification_query(VERIFY_TOKEN, challenge)),
        )
        .expect("the right verify token");
    assert_eq!(
        outcome.reply.as_ref().map(WebhookReply::body),
        Some(challenge),
        "echoed, decoded, as plain text"
    );
    assert!(outcome.events.is_empty());

    let wrong = meta.parse_webhook(
        "events",
        &handshake(sim.verification_query("guessed-token", challenge)),
    );
    unauthenticated(wrong, "a wrong verify token");
    let not_subscribe = meta.parse_webhook(
        "events",
        &handshake(format!(
            "hub.mode=unsubscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1"
        )),
    );
    unauthenticated(not_subscribe, "a handshake that is not a subscription");

    // Without a verify token in the secret, nobody passes.
    let without = connect(config(&sim, Secret::new(TOKEN)));
    unauthenticated(
        without.parse_webhook(
            "events",
            &handshake(sim.verification_query(VERIFY_TOKEN, "1")),
        ),
        "a handshake on an account without a verify token",
    );
}
