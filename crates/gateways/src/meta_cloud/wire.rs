//! The JSON body of `POST /{phone_number_id}/messages` for each kind of content.

use serde_json::{Map, Value, json};
use switchboard_core::gateway::OutgoingMessage;
use switchboard_core::message::{ButtonKind, Content, TemplateButton, TemplateHeader};

/// Which Cloud API media object a file travels as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Document => "document",
        }
    }

    /// Audio messages show no caption; the API refuses one.
    pub fn takes_caption(self) -> bool {
        self != Self::Audio
    }

    /// By MIME type first; without one, by the link's extension; a document otherwise, since
    /// WhatsApp shows any file as a document.
    pub fn of(mime: Option<&str>, url: &str) -> Self {
        if let Some(mime) = mime {
            let essence = mime.split(';').next().unwrap_or_default().trim();
            let top = essence.split('/').next().unwrap_or_default();
            return match top.to_ascii_lowercase().as_str() {
                "image" => Self::Image,
                "video" => Self::Video,
                "audio" => Self::Audio,
                _ => Self::Document,
            };
        }
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "jpg" | "jpeg" | "png" => Self::Image,
            "mp4" | "3gp" | "3gpp" => Self::Video,
            "aac" | "amr" | "mp3" | "m4a" | "ogg" | "opus" => Self::Audio,
            _ => Self::Document,
        }
    }
}

/// The file name a document shows: the one given, else the link's last path segment.
pub fn document_name(name: Option<&str>, url: &str) -> Option<String> {
    if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
        return Some(name.to_owned());
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let scheme_less = path.split_once("://").map_or(path, |(_, rest)| rest);
    let (_, tail) = scheme_less.split_once('/')?;
    let last = tail.rsplit('/').next().unwrap_or_default();
    (!last.is_empty()).then(|| last.to_owned())
}

/// The request body for `message`, with `language` as the template language when the
/// message names none.
pub fn request_body(message: &OutgoingMessage, default_language: &str) -> Value {
    let mut body = Map::new();
    body.insert("messaging_product".into(), json!("whatsapp"));
    body.insert("recipient_type".into(), json!("individual"));
    body.insert("to".into(), json!(message.to.digits()));
    match &message.content {
        Content::Text { text } => {
            body.insert("type".into(), json!("text"));
            // Links stay plain text: a preview would fetch the page and show whatever it has.
            body.insert("text".into(), json!({"preview_url": false, "body": text}));
        }
        Content::Media {
            url,
            mime,
            name,
            caption,
        } => {
            let kind = MediaKind::of(mime.as_deref(), url);
            let mut media = Map::new();
            media.insert("link".into(), json!(url));
            if let Some(caption) = caption.as_deref().filter(|c| !c.trim().is_empty())
                && kind.takes_caption()
            {
                media.insert("caption".into(), json!(caption));
            }
            if kind == MediaKind::Document
                && let Some(name) = document_name(name.as_deref(), url)
            {
                media.insert("filename".into(), json!(name));
            }
            body.insert("type".into(), json!(kind.as_str()));
            body.insert(kind.as_str().into(), Value::Object(media));
        }
        Content::Template {
            id,
            params,
            language,
            header,
            buttons,
            ..
        } => {
            let code = language
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .unwrap_or(default_language);
            let mut template = Map::new();
            template.insert("name".into(), json!(id.trim()));
            template.insert("language".into(), json!({"code": code}));
            let components = components(header.as_ref(), params, buttons);
            if !components.is_empty() {
                template.insert("components".into(), Value::Array(components));
            }
            body.insert("type".into(), json!("template"));
            body.insert("template".into(), Value::Object(template));
        }
    }
    Value::Object(body)
}

/// Header, body and button components, each only when it has a parameter to carry.
fn components(
    header: Option<&TemplateHeader>,
    params: &[String],
    buttons: &[TemplateButton],
) -> Vec<Value> {
    let mut components = Vec::new();
    if let Some(header) = header {
        let parameter = match header {
            TemplateHeader::Text { text } => json!({"type": "text", "text": text}),
            TemplateHeader::Image { url } => json!({"type": "image", "image": {"link": url}}),
            TemplateHeader::Video { url } => json!({"type": "video", "video": {"link": url}}),
            TemplateHeader::Document { url, name } => {
                let mut document = Map::new();
                document.insert("link".into(), json!(url));
                if let Some(name) = document_name(name.as_deref(), url) {
                    document.insert("filename".into(), json!(name));
                }
                json!({"type": "document", "document": document})
            }
        };
        components.push(json!({"type": "header", "parameters": [parameter]}));
    }
    if !params.is_empty() {
        let parameters: Vec<Value> = params
            .iter()
            .map(|p| json!({"type": "text", "text": p}))
            .collect();
        components.push(json!({"type": "body", "parameters": parameters}));
    }
    for button in buttons {
        let (sub_type, parameter) = match button.sub_type {
            ButtonKind::Url => ("url", json!({"type": "text", "text": button.value})),
            ButtonKind::QuickReply => (
                "quick_reply",
                json!({"type": "payload", "payload": button.value}),
            ),
        };
        components.push(json!({
            "type": "button",
            "sub_type": sub_type,
            // The reference writes the index as a string.
            "index": button.index.to_string(),
            "parameters": [parameter],
        }));
    }
    components
}
