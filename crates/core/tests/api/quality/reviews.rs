//! Quality control: a reviewer's or supervisor's score of a conversation, and its history;
//! a review reads nothing as read and sends no read receipt.

use super::*;

#[tokio::test]
pub async fn review_conversation() {
    let app = TestApp::builder()
        .capabilities(with_read_receipts(text_only()))
        .started(false)
        .open()
        .await;
    let shop = app.add_account("Shop").await;
    let ann = writes(&app, &shop, 1).await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    assign(&app, ann, &mia).await;
    let by = |who: &Caller| call(&app, "review_conversation").by(Some(who.clone()));
    let review = |score: Value, comment: &str| json!({"conversation_id": ann, "score": score, "comment": comment});
    by(&rita)
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (review(json!("five"), ""), BadRequest, "error.bad_request"),
            (
                review(json!(0), ""),
                BadRequest,
                "review.score_out_of_range",
            ),
            (
                review(json!(6), ""),
                BadRequest,
                "review.score_out_of_range",
            ),
            (
                review(json!(3), &"я".repeat(2001)),
                BadRequest,
                "review.comment_too_long",
            ),
            (
                json!({"conversation_id": 999, "score": 3, "comment": ""}),
                NotFound,
                "error.conversation_not_found",
            ),
        ])
        .await;
    by(&mia)
        .refuses(review(json!(5), ""), Forbidden, "error.role_forbidden")
        .await;
    call(&app, "review_conversation")
        .by(None)
        .refuses(review(json!(5), ""), Unauthorized, "error.sign_in_needed")
        .await;

    // Scored: Mia's work (she has it), the comment trimmed, 2000 characters allowed.
    assert_eq!(
        unread(&app, &mia, ann).await,
        1,
        "Ann's message is news to Mia"
    );
    let scored = by(&rita)
        .answers(review(json!(4), &format!("  {}  ", "я".repeat(2000))))
        .await;
    assert_eq!(scored["score"], 4);
    assert_eq!(scored["reviewer"]["name"], "Rita");
    assert_eq!(scored["manager"]["name"], "Mia");
    assert_eq!(
        scored["comment"].as_str().map(|c| c.chars().count()),
        Some(2000)
    );
    assert_eq!(
        unread(&app, &mia, ann).await,
        1,
        "a review never marks anything read for the manager"
    );
    assert!(
        shop.gateway.read_receipts().is_empty(),
        "a review sends the customer no read receipt"
    );

    // Scoring again keeps the first score: a new row, whoever has it now.
    let sue = operator(&app, "Sue", Role::Supervisor).await;
    assign(&app, ann, &sue).await;
    app.advance(Duration::from_secs(60));
    let again = by(&rita).answers(review(json!(2), "worse")).await;
    assert_ne!(again["id"], scored["id"]);
    assert_eq!(
        again["manager"]["name"], "Sue",
        "whose work it is when scored"
    );
    let reviews = call(&app, "conversation_reviews")
        .by(Some(rita.clone()))
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(
        reviews.as_array().map(Vec::len),
        Some(2),
        "the history is kept"
    );
}

#[tokio::test]
pub async fn conversation_reviews() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let ann = writes(&app, &shop, 1).await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let by = |who: &Caller| call(&app, "conversation_reviews").by(Some(who.clone()));
    by(&rita)
        .refuses_each(crate::nameless_or_missing(
            "conversation_id",
            json!(999),
            "error.conversation_not_found",
        ))
        .await;
    by(&mia)
        .refuses(
            json!({"conversation_id": ann}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "conversation_reviews")
        .by(None)
        .refuses(
            json!({"conversation_id": ann}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    assert_eq!(
        by(&rita).answers(json!({"conversation_id": ann})).await,
        json!([])
    );

    for (score, comment) in [(3, "first"), (5, "second")] {
        app.advance(Duration::from_secs(1));
        call(&app, "review_conversation")
            .by(Some(rita.clone()))
            .answers(json!({"conversation_id": ann, "score": score, "comment": comment}))
            .await;
    }
    // A supervisor reads them too, newest first; nobody had the conversation.
    let reviews = call(&app, "conversation_reviews")
        .answers(json!({"conversation_id": ann}))
        .await;
    let comments: Vec<_> = reviews
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["comment"].clone())
        .collect();
    assert_eq!(comments, [json!("second"), json!("first")], "newest first");
    assert_eq!(reviews[0]["manager"], Value::Null);
}
