//! The page's field limits, checked before a message is queued so that a manager learns at
//! once what DecisionTelecom would refuse.

use switchboard_core::gateway::{OutgoingMessage, ValidationError};
use switchboard_core::message::{Content, TemplateHeader};

use super::{MAX_DESTINATION_CHARS, MAX_SENDER_CHARS, MAX_TEXT_CHARS, MEDIA_TYPES};

/// "Correct file extensions: jpg or jpeg, png". The gateway checks the link's extension itself
/// (error 9), so we check the same thing first.
const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];

/// WhatsApp locales: `en`, `fil`, `en_US`, `zh_Hant`.
const LANGUAGE_CODE_CHARS: std::ops::RangeInclusive<usize> = 2..=8;

fn invalid(sentence: impl Into<String>) -> ValidationError {
    ValidationError(sentence.into())
}

pub fn message(
    sender: &str,
    namespace: Option<&str>,
    message: &OutgoingMessage,
) -> Result<(), ValidationError> {
    self::sender(sender)?;
    let digits = message.to.digits().chars().count();
    if digits > MAX_DESTINATION_CHARS {
        return Err(invalid(format!(
            "DecisionTelecom accepts recipient numbers of at most {MAX_DESTINATION_CHARS} \
             digits; this one has {digits}."
        )));
    }
    match &message.content {
        Content::Text { text } => self::text(text),
        Content::Media {
            url, mime, caption, ..
        } => media(url, mime.as_deref(), caption.as_deref()),
        Content::Template {
            id,
            params,
            language,
            header,
            buttons,
        } => {
            template(id, params, language.as_deref(), namespace)?;
            if let Some(header) = header {
                template_header(header)?;
            }
            for button in buttons {
                if button.value.trim().is_empty() {
                    return Err(invalid(format!(
                        "The parameter of template button {} is empty: fill it in.",
                        button.index
                    )));
                }
            }
            Ok(())
        }
    }
}

/// `source_addr`: the account's sender name, at most 20 characters.
pub fn sender(sender: &str) -> Result<(), ValidationError> {
    let chars = sender.trim().chars().count();
    if chars == 0 {
        return Err(invalid(
            "This DecisionTelecom account has no sender name: set the sender in the account \
             settings.",
        ));
    }
    if chars > MAX_SENDER_CHARS {
        return Err(invalid(format!(
            "DecisionTelecom accepts sender names of at most {MAX_SENDER_CHARS} characters; \
             '{}' has {chars}: shorten the sender in the account settings.",
            sender.trim()
        )));
    }
    Ok(())
}

fn text(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        return Err(invalid("The message is empty: write some text."));
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(invalid(format!(
            "DecisionTelecom accepts at most {MAX_TEXT_CHARS} characters; this message has \
             {chars}."
        )));
    }
    Ok(())
}

fn media(url: &str, mime: Option<&str>, caption: Option<&str>) -> Result<(), ValidationError> {
    if let Some(mime) = mime {
        let essence = mime.split(';').next().unwrap_or_default().trim();
        if !MEDIA_TYPES.iter().any(|m| m.eq_ignore_ascii_case(essence)) {
            return Err(invalid(format!(
                "DecisionTelecom sends only JPEG and PNG images, not files of type '{mime}'."
            )));
        }
    }
    image_link(url, "image")?;
    // A media message carries `file_url` and nothing else the page documents: a caption in
    // `text` might be dropped silently, and the manager would think the customer read it.
    if caption.is_some_and(|c| !c.trim().is_empty()) {
        return Err(invalid(
            "DecisionTelecom sends an image without a caption: remove the caption and send \
             the text as a separate message.",
        ));
    }
    Ok(())
}

/// A link DecisionTelecom can fetch: http(s), a host, and a jpg, jpeg or png file name.
fn image_link(url: &str, what: &str) -> Result<(), ValidationError> {
    let Some(path) = http_path(url) else {
        return Err(invalid(format!(
            "DecisionTelecom fetches the {what} by a link starting with http:// or https://; \
             '{url}' is not one."
        )));
    };
    let extension = path
        .rsplit('/')
        .next()
        .and_then(|file| file.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension {
        Some(ext) if IMAGE_EXTENSIONS.contains(&ext.as_str()) => Ok(()),
        _ => Err(invalid(format!(
            "DecisionTelecom needs the {what} link to end in .jpg, .jpeg or .png; '{url}' does \
             not."
        ))),
    }
}

/// The path of an http(s) URL with a host and no spaces; `None` for anything else.
fn http_path(url: &str) -> Option<&str> {
    if url.chars().any(char::is_whitespace) {
        return None;
    }
    let scheme_len = ["https://", "http://"]
        .iter()
        .find(|s| {
            url.get(..s.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(s))
        })?
        .len();
    let rest = url.get(scheme_len..)?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    (!host.is_empty()).then_some(path)
}

fn template(
    id: &str,
    params: &[String],
    language: Option<&str>,
    namespace: Option<&str>,
) -> Result<(), ValidationError> {
    if id.trim().is_empty() {
        return Err(invalid("Choose a template: its name is empty."));
    }
    if namespace.is_none_or(|n| n.trim().is_empty()) {
        return Err(invalid(
            "DecisionTelecom templates need the account's WhatsApp Business namespace: set the \
             account option 'namespace' (your DecisionTelecom manager can tell it).",
        ));
    }
    for (i, param) in params.iter().enumerate() {
        if param.trim().is_empty() {
            return Err(invalid(format!(
                "Template parameter {} is empty: WhatsApp refuses empty parameters.",
                i + 1
            )));
        }
    }
    if let Some(language) = language
        && !is_language_code(language)
    {
        return Err(invalid(format!(
            "'{language}' is not a WhatsApp language code: use a code such as 'en', 'ru' or \
             'en_US'."
        )));
    }
    Ok(())
}

fn template_header(header: &TemplateHeader) -> Result<(), ValidationError> {
    match header {
        TemplateHeader::Text { text } if text.trim().is_empty() => {
            Err(invalid("The template's header text is empty: fill it in."))
        }
        TemplateHeader::Text { .. } => Ok(()),
        TemplateHeader::Image { url } => image_link(url, "header image"),
        TemplateHeader::Video { url } | TemplateHeader::Document { url, .. } => {
            match http_path(url) {
                Some(_) => Ok(()),
                None => Err(invalid(format!(
                    "WhatsApp fetches the template's header file by a link starting with \
                     http:// or https://; '{url}' is not one."
                ))),
            }
        }
    }
}

fn is_language_code(code: &str) -> bool {
    LANGUAGE_CODE_CHARS.contains(&code.chars().count())
        && code
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && code.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}
