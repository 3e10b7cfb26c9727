//! tags: the commands' rules and errors through the API.

#[tokio::test]
pub async fn list_tags() {
    todo!("list_tags: being written")
}

#[tokio::test]
pub async fn create_tag() {
    todo!("create_tag: being written")
}

#[tokio::test]
pub async fn update_tag() {
    todo!("update_tag: being written")
}

#[tokio::test]
pub async fn delete_tag() {
    todo!("delete_tag: being written")
}

#[tokio::test]
pub async fn tag_conversation() {
    todo!("tag_conversation: being written")
}
