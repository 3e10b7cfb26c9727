//! views: the commands' rules and errors through the API.

#[tokio::test]
pub async fn view_counts() {
    todo!("view_counts: being written")
}

#[tokio::test]
pub async fn bulk_update() {
    todo!("bulk_update: being written")
}

#[tokio::test]
pub async fn start_conversation() {
    todo!("start_conversation: being written")
}
