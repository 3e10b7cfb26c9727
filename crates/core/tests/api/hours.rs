//! hours: the team's business hours through the API.

#[tokio::test]
pub async fn business_hours() {
    todo!("business_hours: being written")
}

#[tokio::test]
pub async fn set_business_hours() {
    todo!("set_business_hours: being written")
}
