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

#[tokio::test]
pub async fn business_hours() {
    todo!("business_hours: being written")
}

#[tokio::test]
pub async fn set_business_hours() {
    todo!("set_business_hours: being written")
}
