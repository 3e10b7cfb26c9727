//! The business account's message templates: `GET /{waba_id}/message_templates` (WhatsApp
//! Business Management API), a page at a time.
//!
//! Pages are asked for by the `after` cursor against the account's own base URL. The answer's
//! `paging.next` is a whole URL: it is read only as "there is another page" and never
//! requested, since it could point anywhere and the request would carry the access token.

use std::time::Duration;

use serde_json::Value;
use switchboard_core::gateway::SendError;
use switchboard_core::media::MB;
use switchboard_core::templates::{
    ButtonSpec, ButtonSpecKind, HeaderKind, HeaderSpec, ListedTemplate, TemplateCategory,
    TemplatePage, TemplateSpec, TemplateStatus,
};

use super::credentials::Credentials;
use super::phrases as said;
use super::send::{self, Answer, CLOUD_API};
use crate::wire::{network_error, not_documented, rejected};

/// Templates asked for per page (Meta's default is 25).
pub const PAGE_LIMIT: u32 = 100;
/// The most a page's answer may weigh: a hundred templates take a few hundred kilobytes.
pub const MAX_PAGE_BYTES: usize = 4 * MB as usize;
/// The fields the catalog keeps.
const FIELDS: &str = "name,language,status,category,components";

/// The option naming the WhatsApp Business Account the templates are listed under.
pub const WABA_OPTION: &str = "waba_id";

/// The account's WABA id: digits. None set, or one that is not digits, is said as such.
pub fn waba_id(options: &serde_json::Map<String, Value>) -> Result<&str, SendError> {
    let id = options
        .get(WABA_OPTION)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            rejected(
                "waba_id",
                switchboard_core::templates::said::NO_WABA.phrase(),
            )
        })?;
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(rejected("waba_id", said::NOT_WABA.with("id", id)));
    }
    Ok(id)
}

/// The URL of one page: the base URL's own host, the WABA id in the path, the cursor as a
/// query parameter (percent-encoded).
pub fn page_url(base: &str, waba_id: &str, after: Option<&str>) -> Result<reqwest::Url, SendError> {
    let mut url =
        reqwest::Url::parse(&format!("{base}/{waba_id}/message_templates")).map_err(|e| {
            rejected(
                "base_url",
                switchboard_core::phrase::VERBATIM.with("text", e),
            )
        })?;
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("fields", FIELDS)
            .append_pair("limit", &PAGE_LIMIT.to_string());
        if let Some(after) = after {
            query.append_pair("after", after);
        }
    }
    Ok(url)
}

/// Asks for one page and reads it, the body read up to [`MAX_PAGE_BYTES`].
pub async fn fetch(
    http: &reqwest::Client,
    url: reqwest::Url,
    credentials: &Credentials,
    timeout: Duration,
) -> Result<TemplatePage, SendError> {
    let mut response = http
        .get(url)
        .bearer_auth(credentials.access_token.expose())
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| network_error(CLOUD_API, &e, timeout))?;
    let status = response.status().as_u16();
    if response
        .content_length()
        .is_some_and(|n| n > MAX_PAGE_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| network_error(CLOUD_API, &e, timeout))?
    {
        if body.len() + chunk.len() > MAX_PAGE_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let text = String::from_utf8_lossy(&body);
    let answer = Answer::new(&text, &credentials.secrets());
    if !(200..=299).contains(&status) {
        return Err(credentials.redact_error(send::error(status, None, answer)));
    }
    read_page(answer.text())
        .ok_or_else(|| credentials.redact_error(not_documented(CLOUD_API, &answer)))
}

fn too_large() -> SendError {
    rejected(
        "too_large",
        said::TEMPLATES_TOO_LARGE.with("max_bytes", MAX_PAGE_BYTES),
    )
}

/// A page as documented: `{"data": [...], "paging": {"cursors": {"after"}, "next"?}}`. `None`
/// when the answer is not one. Entries without a name or a language are left out.
pub fn read_page(text: &str) -> Option<TemplatePage> {
    let answer: Value = serde_json::from_str(text).ok()?;
    let data = answer.get("data")?.as_array()?;
    let templates = data.iter().filter_map(template).collect();
    let paging = answer.get("paging");
    let more = paging
        .and_then(|p| p.get("next"))
        .is_some_and(|n| !n.is_null());
    let after = paging
        .and_then(|p| p.get("cursors"))
        .and_then(|c| c.get("after"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|a| !a.is_empty());
    Some(TemplatePage {
        templates,
        next: if more { after.map(str::to_owned) } else { None },
    })
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn template(entry: &Value) -> Option<ListedTemplate> {
    let name = text(entry, "name")?;
    let language = text(entry, "language")?;
    let mut spec = TemplateSpec {
        name,
        gateway_id: None,
        language,
        category: None,
        header: None,
        body: String::new(),
        footer: None,
        buttons: Vec::new(),
        params: Vec::new(),
    };
    let components = entry.get("components").and_then(Value::as_array);
    for component in components.into_iter().flatten() {
        let kind = text(component, "type")
            .unwrap_or_default()
            .to_ascii_uppercase();
        match kind.as_str() {
            "HEADER" => spec.header = header(component),
            "BODY" => spec.body = text(component, "text").unwrap_or_default(),
            "FOOTER" => spec.footer = text(component, "text"),
            "BUTTONS" => {
                let buttons = component.get("buttons").and_then(Value::as_array);
                spec.buttons = buttons.into_iter().flatten().map(button).collect();
            }
            _ => {}
        }
    }
    let category = match text(entry, "category")
        .unwrap_or_default()
        .to_ascii_uppercase()
        .as_str()
    {
        "MARKETING" => TemplateCategory::Marketing,
        "UTILITY" => TemplateCategory::Utility,
        "AUTHENTICATION" => TemplateCategory::Authentication,
        _ => TemplateCategory::Other,
    };
    spec.category = Some(category);
    Some(ListedTemplate {
        status: status(&text(entry, "status").unwrap_or_default()),
        category,
        spec,
    })
}

/// Meta's template statuses, as documented, in the catalog's words.
pub fn status(meta: &str) -> TemplateStatus {
    match meta.to_ascii_uppercase().as_str() {
        "APPROVED" => TemplateStatus::Approved,
        "PENDING" | "IN_APPEAL" => TemplateStatus::Pending,
        "REJECTED" => TemplateStatus::Rejected,
        "PAUSED" => TemplateStatus::Paused,
        "DISABLED" | "PENDING_DELETION" | "DELETED" | "ARCHIVED" | "LIMIT_EXCEEDED" => {
            TemplateStatus::Disabled
        }
        _ => TemplateStatus::Other,
    }
}

fn header(component: &Value) -> Option<HeaderSpec> {
    let kind = match text(component, "format")?.to_ascii_uppercase().as_str() {
        "TEXT" => HeaderKind::Text,
        "IMAGE" => HeaderKind::Image,
        "VIDEO" => HeaderKind::Video,
        "DOCUMENT" => HeaderKind::Document,
        "LOCATION" => HeaderKind::Location,
        _ => return None,
    };
    let text = (kind == HeaderKind::Text)
        .then(|| text(component, "text"))
        .flatten();
    Some(HeaderSpec { kind, text })
}

fn button(value: &Value) -> ButtonSpec {
    let kind = match text(value, "type")
        .unwrap_or_default()
        .to_ascii_uppercase()
        .as_str()
    {
        "URL" => ButtonSpecKind::Url,
        "QUICK_REPLY" => ButtonSpecKind::QuickReply,
        "PHONE_NUMBER" => ButtonSpecKind::PhoneNumber,
        "COPY_CODE" | "OTP" => ButtonSpecKind::CopyCode,
        _ => ButtonSpecKind::Other,
    };
    ButtonSpec {
        kind,
        text: text(value, "text").unwrap_or_default(),
        url: text(value, "url"),
        phone_number: text(value, "phone_number"),
    }
}
