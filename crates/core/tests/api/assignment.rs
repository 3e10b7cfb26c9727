//! assignment: the commands' rules and errors through the API.

#[tokio::test]
pub async fn take_conversation() {
    todo!("take_conversation: being written")
}

#[tokio::test]
pub async fn set_accepting() {
    todo!("set_accepting: being written")
}
