//! contacts: the commands' rules and errors through the API.

#[tokio::test]
pub async fn contact_card() {
    todo!("contact_card: being written")
}

#[tokio::test]
pub async fn set_contact_field() {
    todo!("set_contact_field: being written")
}

#[tokio::test]
pub async fn list_contact_fields() {
    todo!("list_contact_fields: being written")
}

#[tokio::test]
pub async fn save_contact_field() {
    todo!("save_contact_field: being written")
}

#[tokio::test]
pub async fn delete_contact_field() {
    todo!("delete_contact_field: being written")
}
