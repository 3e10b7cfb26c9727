//! canned: the commands' rules and errors through the API.

#[tokio::test]
pub async fn list_canned() {
    todo!("list_canned: being written")
}

#[tokio::test]
pub async fn save_canned() {
    todo!("save_canned: being written")
}

#[tokio::test]
pub async fn delete_canned() {
    todo!("delete_canned: being written")
}

#[tokio::test]
pub async fn render_canned() {
    todo!("render_canned: being written")
}
