//! Each gateway's real traffic, recorded: its adapter sends, checks and polls through a
//! recording proxy in front of its simulator, and the simulator's callbacks are recorded too.

use super::*;

pub(super) async fn devino(seeds: &mut Seeds) {
    let sim = sim::DevinoSimulator::start(sim::DevinoConfig {
        api_key: KEY.to_owned(),
        senders: vec!["Shop".to_owned()],
        step: STEP,
        max_batch: 100,
        customer: None,
    })
    .await
    .expect("Devino's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let hooks = Recorder::start(None).await;
    let gateway = connect(
        GatewayKind::Devino,
        &proxy.url,
        "Shop",
        KEY,
        serde_json::json!({}),
    );
    let callback = Some(format!("{}/status", hooks.url));
    let ids = send_all(
        gateway.as_ref(),
        vec![
            text("Your order has shipped"),
            image(),
            template("order_shipped", &["Anna", "42"], "ru"),
            text(&"long ".repeat(300)),
        ],
        callback.clone(),
    )
    .await;
    for fault in [
        sim::Fault::Status(503),
        sim::Fault::Status(429),
        sim::Fault::Status(400),
        sim::Fault::Garbage,
    ] {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], callback.clone()).await;
    }
    let stranger = connect(
        GatewayKind::Devino,
        &proxy.url,
        "Nobody",
        "wrong",
        serde_json::json!({}),
    );
    send_all(stranger.as_ref(), vec![text("hi")], None).await;
    let unknown = connect(
        GatewayKind::Devino,
        &proxy.url,
        "Nobody",
        KEY,
        serde_json::json!({}),
    );
    send_all(unknown.as_ref(), vec![text("hi")], None).await;
    settle().await;
    seeds.answers("devino_send", &proxy);
    for request in hooks.requests() {
        seeds.add("devino_status", request.body.clone());
        seeds.engine(GatewayKind::Devino, "status", &request.body);
    }
    for (id, status, code) in [
        (0, "UNDELIVERED", 2305),
        (0, "FAILED", 2301),
        (1, "REJECTED", 0),
        (1, "EXPIRED", 0),
    ] {
        if let Some(body) = ids
            .get(id)
            .and_then(|id| sim.status_callback(id, status, code))
        {
            seeds.json("devino_status", &body);
        }
    }
    for incoming in [
        sim.incoming_text("79031234567", "Is my order ready?"),
        sim.incoming_text("79031234567", "Привет 👋"),
        sim.incoming_media(
            "79031234567",
            "https://example.com/a.png",
            "image/png",
            Some("a.png"),
        ),
    ] {
        let body = serde_json::to_vec(&incoming).expect("json");
        seeds.add("devino_incoming", body.clone());
        seeds.engine(GatewayKind::Devino, "incoming", &body);
    }
    sim.shutdown().await;
}

pub(super) async fn decision_telecom(seeds: &mut Seeds) {
    let sim = sim::decision_telecom::DecisionTelecomSimulator::start(
        sim::decision_telecom::DecisionTelecomConfig {
            api_key: KEY.to_owned(),
            step: STEP,
        },
    )
    .await
    .expect("DecisionTelecom's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let hooks = Recorder::start(None).await;
    let gateway = connect(
        GatewayKind::DecisionTelecom,
        &proxy.url,
        "Shop",
        KEY,
        serde_json::json!({}),
    );
    let callback = Some(format!("{}/status", hooks.url));
    let ids = send_all(
        gateway.as_ref(),
        vec![
            text("Your order has shipped"),
            image(),
            template("order_shipped", &["Anna", "42"], "en"),
        ],
        callback.clone(),
    )
    .await;
    for code in 0..=9 {
        sim.inject_error(code);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    for fault in [sim::Fault::Status(500), sim::Fault::Garbage] {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    let pending = ids
        .iter()
        .map(|id| PendingMessage {
            gateway_message_id: id.clone(),
            our_id: id.clone(),
            to: Phone::parse(CUSTOMER).expect("a number"),
            status: Status::Sent,
            sent_at: Timestamp::from_millis(0),
        })
        .chain(std::iter::once(PendingMessage {
            gateway_message_id: "999999".to_owned(),
            our_id: "x".to_owned(),
            to: Phone::parse(CUSTOMER).expect("a number"),
            status: Status::Sent,
            sent_at: Timestamp::from_millis(0),
        }))
        .collect();
    let _ = gateway
        .poll(PollRequest {
            cursor: None,
            pending,
        })
        .await;
    let _ = gateway.check().await;
    settle().await;
    seeds.answers("decision_telecom_answer", &proxy);
    for request in hooks.requests() {
        seeds.add("decision_telecom_status", request.body.clone());
        seeds.engine(GatewayKind::DecisionTelecom, "status", &request.body);
    }
    if let Some(id) = ids.first().and_then(|id| id.parse::<u64>().ok()) {
        for status in 0..=7 {
            if let Some(body) = sim.set_status(id, status) {
                seeds.json("decision_telecom_status", &body);
                seeds.engine(
                    GatewayKind::DecisionTelecom,
                    "status",
                    body.to_string().as_bytes(),
                );
            }
        }
    }
    sim.shutdown().await;
}

pub(super) async fn rapporto(seeds: &mut Seeds) {
    let config = sim::rapporto::RapportoConfig {
        login: "partner".to_owned(),
        password: KEY.to_owned(),
        service_numbers: vec!["Shop".to_owned()],
        step: STEP,
        duplicate_control: false,
        allowed_ips: None,
    };
    let sim = sim::rapporto::RapportoSimulator::start(config)
        .await
        .expect("Rapporto's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let hooks = Recorder::start(None).await;
    let options = serde_json::json!({"login": "partner"});
    let gateway = connect(
        GatewayKind::Rapporto,
        &proxy.url,
        "Shop",
        KEY,
        options.clone(),
    );
    let callback = Some(format!("{}/status", hooks.url));
    let ids = send_all(
        gateway.as_ref(),
        vec![text("Your order has shipped"), image()],
        callback.clone(),
    )
    .await;
    // The same id again: code 10 without duplicate control.
    let again = message(text("Your order has shipped"), callback.clone());
    let _ = gateway.send(&again).await;
    let _ = gateway.send(&again).await;
    use sim::rapporto::Fault;
    let faults = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100]
        .map(Fault::Error)
        .into_iter()
        .chain([
            Fault::Status(500),
            Fault::Status(429),
            Fault::Status(404),
            Fault::Garbage,
        ]);
    for fault in faults {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    let _ = gateway.check().await;
    for (sender, secret, login) in [
        ("Shop", "wrong", "partner"),
        ("Shop", KEY, "stranger"),
        ("Nobody", KEY, "partner"),
    ] {
        let other = connect(
            GatewayKind::Rapporto,
            &proxy.url,
            sender,
            secret,
            serde_json::json!({ "login": login }),
        );
        send_all(other.as_ref(), vec![text("hi")], None).await;
        let _ = other.check().await;
    }
    sim.set_allowed_ips(Some(vec!["192.0.2.1".parse().expect("an address")]));
    send_all(gateway.as_ref(), vec![text("hi")], None).await;
    settle().await;
    seeds.answers("rapporto_send", &proxy);
    for request in hooks.requests() {
        seeds.add("rapporto_status", request.body.clone());
        seeds.engine(GatewayKind::Rapporto, "status", &request.body);
    }
    if let Some(id) = ids.first() {
        for (status, code) in [("DELIVERED", 0), ("UNDELIVERED", 17), ("READ", 0)] {
            if let Some(body) = sim.report(id, status, code) {
                seeds.json("rapporto_status", &body);
            }
        }
    }
    seeds.add(
        "rapporto_status",
        r#"[{"mtNum": "107930572", "id": "our-1", "status": "DELIVERED", "time": "2019-05-10 16:29:30 МСК"}]"#,
    );
    sim.shutdown().await;
}

pub(super) async fn meta(seeds: &mut Seeds) {
    let hooks = Recorder::start(None).await;
    let config = sim::MetaConfig {
        access_token: KEY.to_owned(),
        app_secret: "seed-app-secret".to_owned(),
        verify_token: "seed-verify-token".to_owned(),
        step: STEP,
        webhook_url: Some(format!("{}/events", hooks.url)),
        ..sim::MetaConfig::default()
    };
    let phone_number_id = config.phone_number_id.clone();
    let sim = sim::MetaSimulator::start(config)
        .await
        .expect("Meta's simulator");
    let proxy = Recorder::start(Some(sim.base_url())).await;
    let secret = serde_json::json!({
        "access_token": KEY,
        "app_secret": "seed-app-secret",
        "verify_token": "seed-verify-token",
    })
    .to_string();
    let gateway = connect(
        GatewayKind::MetaCloud,
        &proxy.url,
        &phone_number_id,
        &secret,
        serde_json::json!({}),
    );
    let ids = send_all(
        gateway.as_ref(),
        vec![
            text("Your order has shipped"),
            image(),
            template("order_shipped", &["Anna", "42"], "en_US"),
            template("no_such_template", &[], "en_US"),
        ],
        None,
    )
    .await;
    for code in [131047, 131026, 130429, 131056, 190, 100, 4, 131000] {
        sim.inject_error(code);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    for fault in [sim::Fault::Status(500), sim::Fault::Garbage] {
        sim.inject(fault);
        send_all(gateway.as_ref(), vec![text("again")], None).await;
    }
    let _ = gateway.check().await;
    let wrong = connect(
        GatewayKind::MetaCloud,
        &proxy.url,
        &phone_number_id,
        "wrong-token",
        serde_json::json!({}),
    );
    send_all(wrong.as_ref(), vec![text("hi")], None).await;
    settle().await;
    seeds.answers("meta_send", &proxy);
    // Meta's usage header, which the target also reads the body as.
    let usage = r#"{"1234": [{"type": "whatsapp", "call_count": 100, "estimated_time_to_regain_access": 3}]}"#;
    seeds.add(
        "meta_send",
        [429u16.to_be_bytes().as_slice(), usage.as_bytes()].concat(),
    );
    let mut bodies: Vec<Vec<u8>> = hooks.requests().into_iter().map(|r| r.body).collect();
    if let Some(id) = ids.first() {
        for (status, error) in [
            ("delivered", None),
            ("read", None),
            ("failed", Some(131026)),
        ] {
            bodies.extend(sim.status_webhook(id, status, error).map(|w| w.body));
        }
    }
    let media = sim.add_media(b"\xff\xd8\xff\xe0".to_vec(), "image/jpeg");
    bodies.push(sim.incoming_text("79031234567", "Is my order ready?").body);
    bodies.push(
        sim.incoming_image("79031234567", &media, Some("the broken part"))
            .body,
    );
    for body in bodies {
        seeds.engine(GatewayKind::MetaCloud, "events", &body);
        seeds.add("meta_events", body);
    }
    for (token, challenge) in [
        (
            switchboard_gateways::fuzzing::META_VERIFY_TOKEN,
            "1158201444",
        ),
        ("seed-verify-token", "987654321"),
        ("", ""),
    ] {
        seeds.add("meta_handshake", sim.verification_query(token, challenge));
    }
    sim.shutdown().await;
}

pub(super) async fn phone_bridge(seeds: &mut Seeds) {
    let hooks = Recorder::start(None).await;
    let mut phones = Vec::new();
    for auth in [sim::PhoneAuth::Header, sim::PhoneAuth::Query] {
        phones.push(sim::PhoneSimulator::start(sim::PhoneConfig {
            hooks_url: format!("{}/hooks/seed", hooks.url),
            secret: switchboard_gateways::fuzzing::SECRET.to_owned(),
            auth,
            poll_every: Duration::from_millis(20),
            ..sim::PhoneConfig::default()
        }));
    }
    settle().await;
    for request in hooks.requests().into_iter().take(6) {
        let header = request.authorization.unwrap_or_default();
        seeds.add("phone_bridge_auth", format!("{}\n{header}", request.query));
    }
    seeds.add("phone_bridge_auth", "token=wrong&token=another\nBearer x");
    let phone = &phones[0];
    for body in [
        phone.result_body("m-1", "sent", None),
        phone.result_body("m-2", "failed", Some("Chat did not open")),
        phone.result_body("m-3", "2", None),
        serde_json::json!({"id": 42, "status": "delivered", "at": 1_700_000_000_123_i64}),
    ] {
        seeds.json("phone_bridge_result", &body);
        seeds.engine(
            GatewayKind::PhoneBridge,
            "result",
            body.to_string().as_bytes(),
        );
    }
    for body in [
        phone.incoming_body("+7 903 123-45-67", Some("Anna"), "Hello"),
        phone.incoming_body("+7 903 123-45-67", None, "Is it ready?"),
        serde_json::json!({"title": "+7 903 123-45-67", "text": "hi", "at": "2024-01-10T10:00:00Z", "id": 7}),
    ] {
        seeds.json("phone_bridge_incoming", &body);
        seeds.engine(
            GatewayKind::PhoneBridge,
            "incoming",
            body.to_string().as_bytes(),
        );
    }
    seeds.engine(GatewayKind::PhoneBridge, "next", b"");
    for phone in phones {
        phone.shutdown().await;
    }
}

pub(super) async fn wamm(seeds: &mut Seeds) {
    for daily_limit in [None, Some(0)] {
        let sim = sim::WammSimulator::start(sim::WammConfig {
            token: KEY.to_owned(),
            step: STEP,
            history: Some((3, 4)),
            daily_limit,
            customer: None,
            ..sim::WammConfig::default()
        })
        .await
        .expect("WAMM's simulator");
        let proxy = Recorder::start(Some(sim.base_url())).await;
        let gateway = connect(
            GatewayKind::Wamm,
            &proxy.url,
            "79001234567",
            KEY,
            serde_json::json!({}),
        );
        send_all(
            gateway.as_ref(),
            vec![
                text("Your order has shipped :sm16:"),
                Content::Media {
                    url: "https://example.com/a.pdf".to_owned(),
                    mime: Some("application/pdf".to_owned()),
                    name: None,
                    caption: None,
                },
            ],
            None,
        )
        .await;
        let _ = gateway.check().await;
        let mut cursor = None;
        for _ in 0..3 {
            if let Ok(result) = gateway
                .poll(PollRequest {
                    cursor: cursor.clone(),
                    pending: Vec::new(),
                })
                .await
            {
                cursor = result.cursor;
            }
        }
        let wrong = connect(
            GatewayKind::Wamm,
            &proxy.url,
            "79001234567",
            "wrong",
            serde_json::json!({}),
        );
        let _ = wrong.check().await;
        seeds.answers("wamm_answer", &proxy);
        sim.shutdown().await;
    }
}
