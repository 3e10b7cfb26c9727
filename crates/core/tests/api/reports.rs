//! reports: the commands' rules and errors through the API.

#[tokio::test]
pub async fn report() {
    todo!("report: being written")
}

#[tokio::test]
pub async fn report_conversations() {
    todo!("report_conversations: being written")
}

#[tokio::test]
pub async fn report_episodes() {
    todo!("report_episodes: being written")
}
