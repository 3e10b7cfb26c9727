//! What the Cloud API checks in a `POST /{phone_number_id}/messages` body before it accepts a
//! message: the payload's shape per type, text lengths, links, template components, and the
//! templates the business has (when the simulator was given a list).

use serde_json::{Map, Value};

use super::TemplateSpec;
use super::errors::GraphError;

const MAX_TEXT_CHARS: usize = 4096;
const MAX_CAPTION_CHARS: usize = 1024;
const MIN_PHONE_DIGITS: usize = 8;
const MAX_PHONE_DIGITS: usize = 15;

/// A message the checks let through: its recipient's digits and its wire type.
pub struct Checked {
    pub to: String,
    pub kind: String,
}

pub fn check(body: &Value, templates: &[TemplateSpec]) -> Result<Checked, GraphError> {
    let Value::Object(body) = body else {
        return Err(GraphError::invalid(
            "The parameter messaging_product is required.",
        ));
    };
    match body.get("messaging_product").and_then(Value::as_str) {
        Some("whatsapp") => {}
        Some(_) => {
            return Err(GraphError::invalid(
                "Param messaging_product must be 'whatsapp'",
            ));
        }
        None => {
            return Err(GraphError::invalid(
                "The parameter messaging_product is required.",
            ));
        }
    }
    if let Some(kind) = body.get("recipient_type")
        && kind.as_str() != Some("individual")
    {
        return Err(GraphError::invalid(
            "Param recipient_type must be 'individual'",
        ));
    }
    let to = recipient(body)?;
    let kind = body.get("type").and_then(Value::as_str).unwrap_or("text");
    let part = || {
        body.get(kind)
            .and_then(Value::as_object)
            .ok_or_else(|| GraphError::new(131008, format!("The parameter {kind} is required.")))
    };
    match kind {
        "text" => text(part()?)?,
        "image" | "video" | "audio" | "document" | "sticker" => media(kind, part()?)?,
        "template" => template(part()?, templates)?,
        // Sent by other clients, never by Switchboard: their shape is not checked in depth.
        "interactive" | "location" | "reaction" => {
            part()?;
        }
        "contacts" => {
            if !body.get("contacts").is_some_and(Value::is_array) {
                return Err(GraphError::new(
                    131008,
                    "The parameter contacts is required.",
                ));
            }
        }
        other => {
            return Err(GraphError::invalid(format!(
                "Param type '{other}' is not one of text, image, video, audio, document, \
                 sticker, template, interactive, location, contacts, reaction"
            )));
        }
    }
    Ok(Checked {
        to,
        kind: kind.to_owned(),
    })
}

fn recipient(body: &Map<String, Value>) -> Result<String, GraphError> {
    let raw = body
        .get("to")
        .and_then(Value::as_str)
        .ok_or_else(|| GraphError::new(131008, "The parameter to is required."))?;
    let digits: String = raw.trim().trim_start_matches('+').to_owned();
    let valid = digits.bytes().all(|b| b.is_ascii_digit())
        && (MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len());
    if !valid {
        return Err(GraphError::invalid(format!(
            "Param to '{raw}' is not a valid phone number"
        )));
    }
    Ok(digits)
}

fn text(part: &Map<String, Value>) -> Result<(), GraphError> {
    let body = part
        .get("body")
        .and_then(Value::as_str)
        .filter(|b| !b.trim().is_empty())
        .ok_or_else(|| GraphError::new(131008, "The parameter text['body'] is required."))?;
    if body.chars().count() > MAX_TEXT_CHARS {
        return Err(GraphError::invalid(format!(
            "Param text['body'] must be at most {MAX_TEXT_CHARS} characters long."
        )));
    }
    Ok(())
}

fn media(kind: &str, part: &Map<String, Value>) -> Result<(), GraphError> {
    match (part.get("link").and_then(Value::as_str), part.get("id")) {
        (Some(link), None) => {
            if !is_http_url(link) {
                return Err(GraphError::invalid(format!(
                    "Param {kind}['link'] is not a valid URI."
                )));
            }
        }
        (None, Some(Value::String(id))) if !id.is_empty() => {}
        _ => {
            return Err(GraphError::new(
                131008,
                format!("Param {kind} must have either 'link' or 'id'."),
            ));
        }
    }
    if let Some(caption) = part.get("caption") {
        if matches!(kind, "audio" | "sticker") {
            return Err(GraphError::invalid(format!(
                "Param {kind}['caption'] is not a valid parameter."
            )));
        }
        let chars = caption.as_str().map_or(0, |c| c.chars().count());
        if chars > MAX_CAPTION_CHARS {
            return Err(GraphError::invalid(format!(
                "Param {kind}['caption'] must be at most {MAX_CAPTION_CHARS} characters long."
            )));
        }
    }
    if part.contains_key("filename") && kind != "document" {
        return Err(GraphError::invalid(format!(
            "Param {kind}['filename'] is not a valid parameter."
        )));
    }
    Ok(())
}

fn template(part: &Map<String, Value>, templates: &[TemplateSpec]) -> Result<(), GraphError> {
    let name = part
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| GraphError::new(131008, "The parameter template['name'] is required."))?;
    let language = part
        .get("language")
        .and_then(|l| l.get("code"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            GraphError::new(
                131008,
                "The parameter template['language']['code'] is required.",
            )
        })?;
    let components = match part.get("components") {
        None => &Vec::new(),
        Some(Value::Array(components)) => components,
        Some(_) => {
            return Err(GraphError::invalid(
                "Param template['components'] must be an array.",
            ));
        }
    };
    let mut body_params = 0;
    for (i, component) in components.iter().enumerate() {
        let at = format!("template['components'][{i}]");
        let kind = component
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let parameters = component
            .get("parameters")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                GraphError::new(
                    131008,
                    format!("The parameter {at}['parameters'] is required."),
                )
            })?;
        match kind.to_ascii_lowercase().as_str() {
            "header" => parameters
                .iter()
                .try_for_each(|p| header_parameter(p, &at))?,
            "body" => {
                body_params += parameters.len();
                parameters.iter().try_for_each(|p| text_parameter(p, &at))?;
            }
            "button" => button(component, parameters, &at)?,
            other => {
                return Err(GraphError::invalid(format!(
                    "Param {at}['type'] '{other}' must be one of header, body, button."
                )));
            }
        }
    }
    if templates.is_empty() {
        return Ok(());
    }
    let Some(spec) = templates
        .iter()
        .find(|t| t.name == name && t.language == language)
    else {
        return Err(GraphError::new(
            132001,
            format!("template name ({name}) does not exist in {language}"),
        ));
    };
    if spec.body_params != body_params {
        return Err(GraphError::new(
            132000,
            format!(
                "body: number of localizable_params ({body_params}) does not match the expected \
                 number of params ({})",
                spec.body_params
            ),
        ));
    }
    Ok(())
}

fn text_parameter(parameter: &Value, at: &str) -> Result<(), GraphError> {
    if parameter.get("type").and_then(Value::as_str) != Some("text") {
        return Err(GraphError::new(
            132012,
            format!("{at}: body parameters must be of type text"),
        ));
    }
    let text = parameter
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if text.trim().is_empty() {
        return Err(GraphError::new(
            131008,
            format!("{at}: a text parameter is empty"),
        ));
    }
    if text.contains(['\n', '\r', '\t']) || text.contains("     ") {
        return Err(GraphError::invalid(
            "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
        ));
    }
    Ok(())
}

fn header_parameter(parameter: &Value, at: &str) -> Result<(), GraphError> {
    match parameter.get("type").and_then(Value::as_str) {
        Some("text") => text_parameter(parameter, at),
        Some(kind @ ("image" | "video" | "document")) => {
            let link = parameter
                .get(kind)
                .and_then(|m| m.get("link"))
                .and_then(Value::as_str);
            match link {
                Some(link) if is_http_url(link) => Ok(()),
                _ => Err(GraphError::invalid(format!(
                    "{at}: the {kind} header needs a valid link"
                ))),
            }
        }
        _ => Err(GraphError::new(
            132012,
            format!("{at}: unknown header parameter type"),
        )),
    }
}

fn button(component: &Value, parameters: &[Value], at: &str) -> Result<(), GraphError> {
    let sub_type = component.get("sub_type").and_then(Value::as_str);
    let index = match component.get("index") {
        Some(Value::String(s)) => s.parse::<u32>().ok(),
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        _ => None,
    };
    if index.is_none_or(|i| i > 9) {
        return Err(GraphError::invalid(format!(
            "{at}['index'] must be a number from 0 to 9"
        )));
    }
    let wanted = match sub_type {
        Some("url") => "text",
        Some("quick_reply") => "payload",
        _ => {
            return Err(GraphError::invalid(format!(
                "{at}['sub_type'] must be url or quick_reply"
            )));
        }
    };
    let ok = parameters.len() == 1
        && parameters[0].get("type").and_then(Value::as_str) == Some(wanted)
        && parameters[0]
            .get(wanted)
            .and_then(Value::as_str)
            .is_some_and(|v| !v.is_empty());
    if ok {
        Ok(())
    } else {
        Err(GraphError::invalid(format!(
            "{at}: a {} button takes one '{wanted}' parameter",
            sub_type.unwrap_or_default()
        )))
    }
}

fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .is_empty()
    }) && !url.chars().any(char::is_whitespace)
}
