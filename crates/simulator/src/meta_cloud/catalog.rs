//! The business account's message templates: `GET /{version}/{waba_id}/message_templates`, in
//! the documented shape (`data`, `paging.cursors.before/after`, `paging.next` while more
//! remain), a page of `limit` (25 unless asked, at most 100) at a time.
//!
//! `paging.next` points at this simulator's `/trap/` path, which only counts requests: a client
//! that follows it instead of asking again with the `after` cursor is caught.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::errors::GraphError;
use super::{Shared, TemplateSpec, VERSION};

/// What the next template list request meets instead of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogFault {
    /// 200 with an HTML page.
    Garbage,
    /// 200 with a body of this many bytes (a JSON string that never ends sooner).
    Huge(usize),
    /// This HTTP status with an empty body.
    Status(u16),
    /// The answer only after this long.
    Delay(Duration),
}

const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 100;

/// A template entry as the Graph API lists it.
pub fn entry(
    id: &str,
    name: &str,
    language: &str,
    status: &str,
    category: &str,
    components: Value,
) -> Value {
    json!({"id": id, "name": name, "language": language, "status": status,
           "category": category, "components": components})
}

/// A realistic catalog: English and Russian utility templates, one with a text header
/// parameter, one with an image header, URL buttons with a dynamic suffix, one waiting for
/// review and one rejected.
pub fn sample() -> Vec<Value> {
    vec![
        entry(
            "1001",
            "hello_world",
            "en_US",
            "APPROVED",
            "UTILITY",
            json!([
                {"type": "HEADER", "format": "TEXT", "text": "Hello World"},
                {"type": "BODY", "text": "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API."},
                {"type": "FOOTER", "text": "WhatsApp Business Platform sample message"}
            ]),
        ),
        entry(
            "1002",
            "order_shipped",
            "en_US",
            "APPROVED",
            "UTILITY",
            json!([
                {"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped."},
                {"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Track", "url": "https://shop.example/track/{{1}}"}]}
            ]),
        ),
        entry(
            "1003",
            "order_shipped",
            "ru",
            "APPROVED",
            "UTILITY",
            json!([
                {"type": "BODY", "text": "Здравствуйте, {{1}}! Заказ {{2}} отправлен."},
                {"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Отследить", "url": "https://shop.example/track/{{1}}"}]}
            ]),
        ),
        entry(
            "1004",
            "order_ready",
            "ru",
            "APPROVED",
            "UTILITY",
            json!([
                {"type": "HEADER", "format": "TEXT", "text": "Заказ {{1}}"},
                {"type": "BODY", "text": "{{1}}, ваш заказ готов к выдаче. Пункт выдачи: {{2}}."},
                {"type": "FOOTER", "text": "Магазин «Ромашка»"},
                {"type": "BUTTONS", "buttons": [
                    {"type": "QUICK_REPLY", "text": "Спасибо"},
                    {"type": "PHONE_NUMBER", "text": "Позвонить", "phone_number": "+74950000000"}]}
            ]),
        ),
        entry(
            "1005",
            "new_collection",
            "ru",
            "APPROVED",
            "MARKETING",
            json!([
                {"type": "HEADER", "format": "IMAGE"},
                {"type": "BODY", "text": "{{1}}, новая коллекция уже в магазине! Скидка {{2}} до воскресенья."},
                {"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Каталог", "url": "https://shop.example/c/{{1}}"}]}
            ]),
        ),
        entry(
            "1006",
            "appointment_reminder",
            "ru",
            "PENDING",
            "UTILITY",
            json!([
                {"type": "BODY", "text": "Напоминаем: запись на {{1}}."}
            ]),
        ),
        entry(
            "1007",
            "spring_sale",
            "en_US",
            "REJECTED",
            "MARKETING",
            json!([
                {"type": "BODY", "text": "Everything -50%!"}
            ]),
        ),
    ]
}

/// The approved templates of a catalog, for the send checks: name, language, body parameters.
pub fn approved(catalog: &[Value]) -> Vec<TemplateSpec> {
    catalog
        .iter()
        .filter(|t| t.get("status").and_then(Value::as_str) == Some("APPROVED"))
        .filter_map(|t| {
            let name = t.get("name")?.as_str()?;
            let language = t.get("language")?.as_str()?;
            let body = t.get("components")?.as_array()?.iter().find_map(|c| {
                (c.get("type")?.as_str()? == "BODY").then(|| c.get("text")?.as_str())?
            })?;
            Some(TemplateSpec::new(name, language, placeholders(body)))
        })
        .collect()
}

/// The highest `{{n}}` of a text.
fn placeholders(text: &str) -> usize {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}")?.0.trim().parse::<usize>().ok())
        .max()
        .unwrap_or(0)
}

fn cursor(offset: usize) -> String {
    format!("QVFIU{offset}")
}

fn offset(cursor: &str) -> Option<usize> {
    cursor.strip_prefix("QVFIU")?.parse().ok()
}

pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    Path((_version, waba_id)): Path<(String, String)>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let fault = shared.state().catalog_faults.pop_front();
    match fault {
        Some(CatalogFault::Garbage) => {
            return (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response();
        }
        Some(CatalogFault::Huge(bytes)) => {
            let body = format!("{{\"data\": \"{}\"}}", "x".repeat(bytes));
            return (StatusCode::OK, body).into_response();
        }
        Some(CatalogFault::Status(code)) => {
            return StatusCode::from_u16(code)
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                .into_response();
        }
        Some(CatalogFault::Delay(pause)) => tokio::time::sleep(pause).await,
        None => {}
    }
    let expected = format!("Bearer {}", shared.config.access_token);
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == expected);
    if !authorized {
        return GraphError::documented(190).into_response();
    }
    if waba_id != shared.config.waba_id {
        return GraphError::unknown_object(&waba_id).into_response();
    }
    shared.state().catalog_requests.push(query.clone());
    let limit = query
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT);
    let start = match query.get("after") {
        None => 0,
        Some(after) => match offset(after) {
            Some(n) => n,
            None => return GraphError::invalid("Invalid cursor: after").into_response(),
        },
    };
    let catalog = &shared.config.catalog;
    let page: Vec<Value> = catalog.iter().skip(start).take(limit).cloned().collect();
    let end = start + page.len();
    let mut paging = json!({"cursors": {"before": cursor(start), "after": cursor(end)}});
    if end < catalog.len() {
        // Where Meta would point: a whole URL. This one is a trap that only counts visits.
        paging["next"] = json!(format!(
            "{}/trap/{VERSION}/{waba_id}/message_templates?limit={limit}&after={}",
            shared.host,
            cursor(end)
        ));
    }
    (
        StatusCode::OK,
        axum::Json(json!({"data": page, "paging": paging})),
    )
        .into_response()
}

/// A visit to a `paging.next` URL: counted, answered 410.
pub(super) async fn trap(State(shared): State<Arc<Shared>>) -> Response {
    shared.state().next_followed += 1;
    StatusCode::GONE.into_response()
}
