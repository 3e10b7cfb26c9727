//! Contact names: the manager's name for a contact wins over WhatsApp profile names, and
//! forgetting it lets profile names back in.

use serde_json::json;

use crate::harness::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_the_manager_gives_wins_over_profile_names_until_it_is_forgotten() {
    let app = App::start().await;
    let incoming_url = app.webhook_url(app.account_id, "incoming").await;
    let post = |text: &str, name: &str| {
        let mut m = app.sim.incoming_text("79161234567", text);
        m.profile_name = Some(name.to_owned());
        serde_json::to_value(&m).expect("json")
    };
    let (status, _) = app.post_json(&incoming_url, &post("Hello", "Ann")).await;
    assert_eq!(status, 200);
    let thread = app
        .call("get_thread", json!({"phone": "+79161234567"}))
        .await;
    let id = thread["conversation"]["id"]
        .as_i64()
        .expect("a conversation");
    assert_eq!(thread["conversation"]["contact"]["name"], "Ann");

    let renamed = app
        .call(
            "rename_contact",
            json!({"conversation_id": id, "name": "  Anna Petrova (wholesale)  "}),
        )
        .await;
    assert_eq!(
        renamed["contact"]["name"], "Anna Petrova (wholesale)",
        "the new name is trimmed and shown at once"
    );

    // A newer message with the profile name must not undo the manager's choice.
    let (status, _) = app.post_json(&incoming_url, &post("Me again", "Ann")).await;
    assert_eq!(status, 200);
    let thread = app.call("get_thread", json!({"conversation_id": id})).await;
    assert_eq!(
        thread["conversation"]["contact"]["name"], "Anna Petrova (wholesale)",
        "a profile name never overwrites the name a manager gave"
    );

    let forgotten = app
        .call(
            "rename_contact",
            json!({"conversation_id": id, "name": " "}),
        )
        .await;
    assert!(
        forgotten["contact"]["name"].is_null(),
        "a blank name forgets the manager's name: {forgotten}"
    );
    let (status, _) = app.post_json(&incoming_url, &post("Third", "Ann P.")).await;
    assert_eq!(status, 200);
    let thread = app.call("get_thread", json!({"conversation_id": id})).await;
    assert_eq!(
        thread["conversation"]["contact"]["name"], "Ann P.",
        "once forgotten, profile names fill the name again"
    );

    let (status, error) = app
        .api(
            "rename_contact",
            json!({"conversation_id": id, "name": "x".repeat(251)}),
        )
        .await;
    assert_eq!(status, 400, "an overlong name is refused: {error}");
    let (status, _) = app
        .api(
            "rename_contact",
            json!({"conversation_id": 999_999, "name": "X"}),
        )
        .await;
    assert_eq!(status, 404);
    app.stop().await;
}
