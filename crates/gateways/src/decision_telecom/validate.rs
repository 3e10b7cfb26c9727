//! The page's field limits, checked before a message is queued so that a manager learns at
//! once what DecisionTelecom would refuse.

use switchboard_core::gateway::{OutgoingMessage, ValidationError};
use switchboard_core::message::{Content, TemplateHeader};
use switchboard_core::phrase::Phrase;

use super::phrases as said;
use super::{MAX_DESTINATION_CHARS, MAX_SENDER_CHARS, MAX_TEXT_CHARS, MEDIA_TYPES};
use crate::wire::phrases as shared;

/// "Correct file extensions: jpg or jpeg, png". The gateway checks the link's extension itself
/// (error 9), so we check the same thing first.
const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];

/// WhatsApp locales: `en`, `fil`, `en_US`, `zh_Hant`.
const LANGUAGE_CODE_CHARS: std::ops::RangeInclusive<usize> = 2..=8;

fn invalid(phrase: Phrase) -> ValidationError {
    ValidationError(phrase)
}

/// Which image a link is for: the message's own, or a template's header.
#[derive(Clone, Copy)]
enum Image {
    Message,
    Header,
}

pub fn message(
    sender: &str,
    namespace: Option<&str>,
    message: &OutgoingMessage,
) -> Result<(), ValidationError> {
    self::sender(sender)?;
    let digits = message.to.digits().chars().count();
    if digits > MAX_DESTINATION_CHARS {
        return Err(invalid(
            said::RECIPIENT_TOO_LONG
                .with("max", MAX_DESTINATION_CHARS)
                .arg("digits", digits),
        ));
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
            ..
        } => {
            template(id, params, language.as_deref(), namespace)?;
            if let Some(header) = header {
                template_header(header)?;
            }
            for button in buttons {
                if button.value.trim().is_empty() {
                    return Err(invalid(said::BUTTON_EMPTY.with("index", button.index)));
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
        return Err(said::NO_SENDER.into());
    }
    if chars > MAX_SENDER_CHARS {
        return Err(invalid(
            said::SENDER_TOO_LONG
                .with("max", MAX_SENDER_CHARS)
                .arg("sender", sender.trim())
                .arg("chars", chars),
        ));
    }
    Ok(())
}

fn text(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        return Err(shared::EMPTY_MESSAGE.into());
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(invalid(
            said::TEXT_TOO_LONG
                .with("max", MAX_TEXT_CHARS)
                .arg("chars", chars),
        ));
    }
    Ok(())
}

fn media(url: &str, mime: Option<&str>, caption: Option<&str>) -> Result<(), ValidationError> {
    if let Some(mime) = mime {
        let essence = mime.split(';').next().unwrap_or_default().trim();
        if !MEDIA_TYPES.iter().any(|m| m.eq_ignore_ascii_case(essence)) {
            return Err(invalid(said::MEDIA_TYPE.with("mime", mime)));
        }
    }
    image_link(url, Image::Message)?;
    // A media message carries `file_url` and nothing else the page documents: a caption in
    // `text` might be dropped silently, and the manager would think the customer read it.
    if caption.is_some_and(|c| !c.trim().is_empty()) {
        return Err(said::CAPTION.into());
    }
    Ok(())
}

/// A link DecisionTelecom can fetch: http(s), a host, and a jpg, jpeg or png file name.
fn image_link(url: &str, what: Image) -> Result<(), ValidationError> {
    let Some(path) = http_path(url) else {
        let not_http = match what {
            Image::Message => said::IMAGE_NOT_HTTP,
            Image::Header => said::HEADER_IMAGE_NOT_HTTP,
        };
        return Err(invalid(not_http.with("url", url)));
    };
    let extension = path
        .rsplit('/')
        .next()
        .and_then(|file| file.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension {
        Some(ext) if IMAGE_EXTENSIONS.contains(&ext.as_str()) => Ok(()),
        _ => {
            let extension = match what {
                Image::Message => said::IMAGE_EXTENSION,
                Image::Header => said::HEADER_IMAGE_EXTENSION,
            };
            Err(invalid(extension.with("url", url)))
        }
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
        return Err(shared::NO_TEMPLATE_NAME.into());
    }
    if namespace.is_none_or(|n| n.trim().is_empty()) {
        return Err(said::NO_NAMESPACE.into());
    }
    for (i, param) in params.iter().enumerate() {
        if param.trim().is_empty() {
            return Err(invalid(said::PARAM_EMPTY.with("n", i + 1)));
        }
    }
    if let Some(language) = language
        && !is_language_code(language)
    {
        return Err(invalid(said::LANGUAGE_CODE.with("language", language)));
    }
    Ok(())
}

fn template_header(header: &TemplateHeader) -> Result<(), ValidationError> {
    match header {
        TemplateHeader::Text { text } if text.trim().is_empty() => {
            Err(said::HEADER_TEXT_EMPTY.into())
        }
        TemplateHeader::Text { .. } => Ok(()),
        TemplateHeader::Image { url } => image_link(url, Image::Header),
        TemplateHeader::Video { url } | TemplateHeader::Document { url, .. } => {
            match http_path(url) {
                Some(_) => Ok(()),
                None => Err(invalid(said::HEADER_FILE_NOT_HTTP.with("url", url))),
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
