//! `template_params`: a JSON *string* holding the template message in the format of Meta's
//! WhatsApp Business API (`to`, `type`, `template.namespace`, `template.language`,
//! `template.name`, `template.components`), which DecisionTelecom hands to WhatsApp.
//!
//! Built from structs rather than `json!` so that the keys keep Meta's order: the string is
//! what DecisionTelecom's people see when they debug a template with us.

use serde::Serialize;
use switchboard_core::message::{ButtonKind, TemplateButton, TemplateHeader};

/// What the account adds to every template: its namespace and default language.
#[derive(Clone, Copy, Debug)]
pub struct Account<'a> {
    pub namespace: &'a str,
    /// Used when the message names no language.
    pub language: &'a str,
}

/// One template message, as `Content::Template` holds it.
#[derive(Clone, Copy, Debug)]
pub struct Template<'a> {
    pub name: &'a str,
    pub params: &'a [String],
    pub language: Option<&'a str>,
    pub header: Option<&'a TemplateHeader>,
    pub buttons: &'a [TemplateButton],
}

#[derive(Serialize)]
struct Message<'a> {
    to: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    template: Body<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    namespace: &'a str,
    language: Language<'a>,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<Component<'a>>,
}

#[derive(Serialize)]
struct Language<'a> {
    /// Meta's only policy: the template is sent in exactly this language or not at all.
    policy: &'static str,
    code: &'a str,
}

#[derive(Serialize)]
struct Component<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_type: Option<&'static str>,
    /// A string in Meta's format ("0"), though it counts buttons.
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<String>,
    parameters: Vec<Parameter<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Parameter<'a> {
    Text { text: &'a str },
    Image { image: Link<'a> },
    Video { video: Link<'a> },
    Document { document: Document<'a> },
    Payload { payload: &'a str },
}

#[derive(Serialize)]
struct Link<'a> {
    link: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    link: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    filename: Option<&'a str>,
}

/// The `template_params` string for a template to `to` (the recipient's digits).
pub fn template_params(to: &str, account: &Account<'_>, template: &Template<'_>) -> String {
    let mut components = Vec::new();
    if let Some(header) = template.header {
        components.push(Component {
            kind: "header",
            sub_type: None,
            index: None,
            parameters: vec![header_parameter(header)],
        });
    }
    if !template.params.is_empty() {
        components.push(Component {
            kind: "body",
            sub_type: None,
            index: None,
            parameters: template
                .params
                .iter()
                .map(|text| Parameter::Text { text })
                .collect(),
        });
    }
    components.extend(template.buttons.iter().map(button));
    let message = Message {
        to,
        kind: "template",
        template: Body {
            namespace: account.namespace,
            language: Language {
                policy: "deterministic",
                code: template
                    .language
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .unwrap_or(account.language),
            },
            name: template.name.trim(),
            components,
        },
    };
    // Serialising plain structs of strings cannot fail; an empty object would be refused by
    // the gateway with a readable "Invalid Parameter: template_params" anyway.
    serde_json::to_string(&message).unwrap_or_else(|_| "{}".to_owned())
}

fn header_parameter(header: &TemplateHeader) -> Parameter<'_> {
    match header {
        TemplateHeader::Text { text } => Parameter::Text { text },
        TemplateHeader::Image { url } => Parameter::Image {
            image: Link { link: url },
        },
        TemplateHeader::Video { url } => Parameter::Video {
            video: Link { link: url },
        },
        TemplateHeader::Document { url, name } => Parameter::Document {
            document: Document {
                link: url,
                filename: name.as_deref(),
            },
        },
    }
}

/// A dynamic button: a URL button takes its URL's suffix as text, a quick reply its payload.
fn button(button: &TemplateButton) -> Component<'_> {
    let (sub_type, parameter) = match button.sub_type {
        ButtonKind::Url => (
            "url",
            Parameter::Text {
                text: &button.value,
            },
        ),
        ButtonKind::QuickReply => (
            "quick_reply",
            Parameter::Payload {
                payload: &button.value,
            },
        ),
    };
    Component {
        kind: "button",
        sub_type: Some(sub_type),
        index: Some(button.index.to_string()),
        parameters: vec![parameter],
    }
}
