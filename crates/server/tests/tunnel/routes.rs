//! Through the tunnel, only the public routes (webhooks, media) answer: the API, its event
//! stream and the web UI are not there, whatever token is sent.

use crate::harness::{App, BORE, BoreServer};
use crate::tunnel_to_localhost;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_public_routes_are_reachable_through_the_tunnel() {
    let _one_bore_at_a_time = BORE.lock().await;
    let _bore = BoreServer::start(None).await;
    let app = App::start(tunnel_to_localhost(), None).await;
    let url = app.tunnel_up().await;
    let token = app.running.token.clone();
    let local = format!("http://{}", app.running.local_addr);

    // The same requests work locally, so a 404 through the tunnel means "not exposed".
    let answer = app
        .http
        .post(format!("{local}/api/list_conversations"))
        .bearer_auth(&token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("the local API answers");
    assert_eq!(answer.status(), 200, "the API works on the local listener");

    let requests = [
        ("GET", "/".to_owned()),
        ("GET", format!("/?token={token}")),
        ("GET", "/assets/index.js".to_owned()),
        ("POST", "/api/list_conversations".to_owned()),
        ("POST", "/api/app_info".to_owned()),
        ("POST", "/api/set_public_address".to_owned()),
        ("GET", format!("/api/events?token={token}")),
    ];
    for (method, path) in requests {
        let request = match method {
            "GET" => app.http.get(format!("{url}{path}")),
            _ => app
                .http
                .post(format!("{url}{path}"))
                .json(&serde_json::json!({})),
        };
        let answer = request
            .bearer_auth(&token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path} through the tunnel: {e}"));
        let status = answer.status().as_u16();
        let headers = format!("{:?}", answer.headers());
        let body = answer.text().await.unwrap_or_default();
        assert_eq!(
            status, 404,
            "{method} {path} is not reachable through the tunnel: {body}"
        );
        assert!(
            !body.contains(&token) && !headers.contains(&token),
            "{method} {path}: the token never comes back through the tunnel"
        );
    }

    // What answers there is the webhook router.
    let answer = app
        .http
        .post(format!("{url}/hooks/not-an-account/status"))
        .json(&serde_json::json!([]))
        .send()
        .await
        .expect("the webhook route answers through the tunnel");
    assert_eq!(answer.status(), 404);
    let body = answer.text().await.unwrap_or_default();
    assert!(
        body.contains("no account has this webhook address"),
        "{body}"
    );
    app.stop().await;
}
