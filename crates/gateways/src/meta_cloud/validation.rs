//! What the Cloud API would refuse, said before a message is queued.

use switchboard_core::gateway::ValidationError;
use switchboard_core::message::{ButtonKind, Content, TemplateButton, TemplateHeader};

use super::wire::MediaKind;
use super::{MAX_CAPTION_CHARS, MAX_TEXT_CHARS, accepts_media_type};

/// "Maximum 512 characters" for template names.
const MAX_TEMPLATE_NAME_CHARS: usize = 512;
/// A text header holds at most 60 characters, parameter included.
const MAX_HEADER_TEXT_CHARS: usize = 60;
/// Templates have at most 10 buttons, indexed from 0.
const MAX_BUTTON_INDEX: u32 = 9;

fn invalid(sentence: impl Into<String>) -> ValidationError {
    ValidationError(sentence.into())
}

/// The sender is the phone number ID: digits, as the Meta app's API Setup page shows it.
pub fn phone_number_id(id: &str) -> Result<(), ValidationError> {
    if id.is_empty() {
        return Err(invalid(
            "This WhatsApp Cloud API account has no phone number ID: set the sender to the \
             phone number ID shown in the Meta app's WhatsApp API Setup.",
        ));
    }
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(format!(
            "The sender '{id}' is not a phone number ID: use the ID of digits shown in the Meta \
             app's WhatsApp API Setup, not the phone number itself."
        )));
    }
    Ok(())
}

/// The account option `language`, when set, must be a template language code.
pub fn language_option(
    options: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), ValidationError> {
    match options.get("language") {
        None | Some(serde_json::Value::Null) => Ok(()),
        Some(serde_json::Value::String(code)) if is_language_code(code.trim()) => Ok(()),
        Some(other) => Err(invalid(format!(
            "The account option 'language' ({other}) is not a template language code such as \
             'en_US', 'ru' or 'pt_BR'."
        ))),
    }
}

pub fn content(content: &Content) -> Result<(), ValidationError> {
    match content {
        Content::Text { text } => text_limit(text, "message", MAX_TEXT_CHARS),
        Content::Media {
            url,
            mime,
            name,
            caption,
        } => media(url, mime.as_deref(), name.as_deref(), caption.as_deref()),
        Content::Template {
            id,
            params,
            language,
            header,
            buttons,
        } => template(id, params, language.as_deref(), header.as_ref(), buttons),
    }
}

fn text_limit(text: &str, what: &str, max: usize) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        return Err(invalid(format!("The {what} is empty: write some text.")));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(invalid(format!(
            "WhatsApp Cloud API accepts at most {max} characters; this {what} has {chars}."
        )));
    }
    Ok(())
}

fn media(
    url: &str,
    mime: Option<&str>,
    name: Option<&str>,
    caption: Option<&str>,
) -> Result<(), ValidationError> {
    link(url, "file")?;
    if let Some(mime) = mime
        && !accepts_media_type(mime)
    {
        return Err(invalid(format!(
            "WhatsApp Cloud API does not send files of type '{mime}': it accepts images (JPEG, \
             PNG), video (MP4, 3GPP), audio (AAC, AMR, MP3, MP4, OGG), PDF, text and Microsoft \
             Office documents."
        )));
    }
    let kind = MediaKind::of(mime, url);
    if let Some(name) = name
        && name.trim().is_empty()
    {
        return Err(invalid("The file name is empty: give the file a name."));
    }
    match caption {
        Some(caption) if !caption.trim().is_empty() => {
            if !kind.takes_caption() {
                return Err(invalid(
                    "WhatsApp does not show captions on audio messages: remove the caption or \
                     send it as a text.",
                ));
            }
            text_limit(caption, "caption", MAX_CAPTION_CHARS)
        }
        _ => Ok(()),
    }
}

fn template(
    name: &str,
    params: &[String],
    language: Option<&str>,
    header: Option<&TemplateHeader>,
    buttons: &[TemplateButton],
) -> Result<(), ValidationError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("Choose a template: its name is empty."));
    }
    if name.chars().count() > MAX_TEMPLATE_NAME_CHARS
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(invalid(format!(
            "'{name}' is not a WhatsApp template name: names are lower-case letters, digits and \
             underscores, as in WhatsApp Manager."
        )));
    }
    if let Some(language) = language.map(str::trim).filter(|l| !l.is_empty())
        && !is_language_code(language)
    {
        return Err(invalid(format!(
            "'{language}' is not a template language code: use a code such as 'en_US', 'ru' or \
             'pt_BR'."
        )));
    }
    for (i, param) in params.iter().enumerate() {
        parameter(param, &format!("Template parameter {}", i + 1))?;
    }
    match header {
        Some(TemplateHeader::Text { text }) => {
            parameter(text, "The header parameter")?;
            if text.chars().count() > MAX_HEADER_TEXT_CHARS {
                return Err(invalid(format!(
                    "A template header holds at most {MAX_HEADER_TEXT_CHARS} characters; this \
                     header parameter has {}.",
                    text.chars().count()
                )));
            }
        }
        Some(
            TemplateHeader::Image { url }
            | TemplateHeader::Video { url }
            | TemplateHeader::Document { url, .. },
        ) => link(url, "header file")?,
        None => {}
    }
    for button in buttons {
        if button.index > MAX_BUTTON_INDEX {
            return Err(invalid(format!(
                "Template buttons are numbered 0 to {MAX_BUTTON_INDEX}; {} is not one.",
                button.index
            )));
        }
        let what = match button.sub_type {
            ButtonKind::Url => "The URL button's suffix",
            ButtonKind::QuickReply => "The quick-reply button's payload",
        };
        if button.value.trim().is_empty() {
            return Err(invalid(format!("{what} is empty.")));
        }
    }
    Ok(())
}

/// Meta refuses parameter text that is empty or holds line breaks, tabs or more than four
/// spaces in a row.
fn parameter(text: &str, what: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        return Err(invalid(format!(
            "{what} is empty: WhatsApp needs some text."
        )));
    }
    if text.contains(['\n', '\r']) {
        return Err(invalid(format!(
            "{what} contains a line break, which WhatsApp does not allow in parameters."
        )));
    }
    if text.contains('\t') {
        return Err(invalid(format!(
            "{what} contains a tab, which WhatsApp does not allow in parameters."
        )));
    }
    if text.contains("     ") {
        return Err(invalid(format!(
            "{what} contains more than four spaces in a row, which WhatsApp does not allow."
        )));
    }
    Ok(())
}

/// Media go by a public link that Meta's servers fetch: http or https, a host, no spaces.
fn link(url: &str, what: &str) -> Result<(), ValidationError> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host) if !host.is_empty() && !url.trim().chars().any(char::is_whitespace) => Ok(()),
        _ => Err(invalid(format!(
            "WhatsApp fetches the {what} from a public link starting with http:// or https://; \
             '{url}' is not one."
        ))),
    }
}

/// `en`, `fil`, `en_US`, `zh_HK`: 2-3 letters, optionally `_` and a region.
fn is_language_code(code: &str) -> bool {
    let (lang, region) = code.split_once(['_', '-']).unwrap_or((code, ""));
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && (region.is_empty()
            || ((2..=4).contains(&region.len())
                && region.chars().all(|c| c.is_ascii_alphanumeric())))
}
