//! What the Cloud API would refuse, said before a message is queued.

use switchboard_core::gateway::ValidationError;
use switchboard_core::message::{ButtonKind, Content, TemplateButton, TemplateHeader};

use switchboard_core::phrase::{Phrase, PhraseDef};

use super::phrases as said;
use super::wire::MediaKind;
use super::{MAX_CAPTION_CHARS, MAX_TEXT_CHARS, accepts_media_type};
use crate::wire::phrases as shared;

/// "Maximum 512 characters" for template names.
const MAX_TEMPLATE_NAME_CHARS: usize = 512;
/// A text header holds at most 60 characters, parameter included.
const MAX_HEADER_TEXT_CHARS: usize = 60;
/// Templates have at most 10 buttons, indexed from 0.
const MAX_BUTTON_INDEX: u32 = 9;

fn invalid(phrase: Phrase) -> ValidationError {
    ValidationError(phrase)
}

/// What a text limit is about: the message's own text, or a file's caption.
#[derive(Clone, Copy)]
enum Text {
    Message,
    Caption,
}

/// Which parameter a check is about: a body parameter (numbered from 1) or the header's.
#[derive(Clone, Copy)]
enum Parameter {
    Body(usize),
    Header,
}

/// Which link a check is about: the file of a media message, or a template header's.
#[derive(Clone, Copy)]
enum Link {
    File,
    HeaderFile,
}

/// The sender is the phone number ID: digits, as the Meta app's API Setup page shows it.
pub fn phone_number_id(id: &str) -> Result<(), ValidationError> {
    if id.is_empty() {
        return Err(said::NO_PHONE_NUMBER_ID.into());
    }
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(said::NOT_PHONE_NUMBER_ID.with("id", id)));
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
        Some(other) => Err(invalid(said::LANGUAGE_OPTION.with("value", other))),
    }
}

pub fn content(content: &Content) -> Result<(), ValidationError> {
    match content {
        Content::Text { text } => text_limit(text, Text::Message),
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
            ..
        } => template(id, params, language.as_deref(), header.as_ref(), buttons),
    }
}

fn text_limit(text: &str, what: Text) -> Result<(), ValidationError> {
    let (empty, too_long, max) = match what {
        Text::Message => (shared::EMPTY_MESSAGE, said::TEXT_TOO_LONG, MAX_TEXT_CHARS),
        Text::Caption => (
            shared::EMPTY_CAPTION,
            said::CAPTION_TOO_LONG,
            MAX_CAPTION_CHARS,
        ),
    };
    if text.trim().is_empty() {
        return Err(empty.into());
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(invalid(too_long.with("max", max).arg("chars", chars)));
    }
    Ok(())
}

fn media(
    url: &str,
    mime: Option<&str>,
    name: Option<&str>,
    caption: Option<&str>,
) -> Result<(), ValidationError> {
    link(url, Link::File)?;
    if let Some(mime) = mime
        && !accepts_media_type(mime)
    {
        return Err(invalid(said::MEDIA_TYPE.with("mime", mime)));
    }
    let kind = MediaKind::of(mime, url);
    if let Some(name) = name
        && name.trim().is_empty()
    {
        return Err(shared::EMPTY_FILE_NAME.into());
    }
    match caption {
        Some(caption) if !caption.trim().is_empty() => {
            if !kind.takes_caption() {
                return Err(said::AUDIO_CAPTION.into());
            }
            text_limit(caption, Text::Caption)
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
        return Err(shared::NO_TEMPLATE_NAME.into());
    }
    if name.chars().count() > MAX_TEMPLATE_NAME_CHARS
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(invalid(said::TEMPLATE_NAME.with("name", name)));
    }
    if let Some(language) = language.map(str::trim).filter(|l| !l.is_empty())
        && !is_language_code(language)
    {
        return Err(invalid(said::LANGUAGE_CODE.with("language", language)));
    }
    for (i, param) in params.iter().enumerate() {
        parameter(param, Parameter::Body(i + 1))?;
    }
    match header {
        Some(TemplateHeader::Text { text }) => {
            parameter(text, Parameter::Header)?;
            if text.chars().count() > MAX_HEADER_TEXT_CHARS {
                return Err(invalid(
                    said::HEADER_TOO_LONG
                        .with("max", MAX_HEADER_TEXT_CHARS)
                        .arg("chars", text.chars().count()),
                ));
            }
        }
        Some(
            TemplateHeader::Image { url }
            | TemplateHeader::Video { url }
            | TemplateHeader::Document { url, .. },
        ) => {
            link(url, Link::HeaderFile)?;
            header_file(header_kind(header), url)?;
        }
        None => {}
    }
    for button in buttons {
        if button.index > MAX_BUTTON_INDEX {
            return Err(invalid(
                said::BUTTON_INDEX
                    .with("max", MAX_BUTTON_INDEX)
                    .arg("index", button.index),
            ));
        }
        if button.value.trim().is_empty() {
            return Err(match button.sub_type {
                ButtonKind::Url => said::URL_BUTTON_EMPTY,
                ButtonKind::QuickReply => said::QUICK_REPLY_EMPTY,
            }
            .into());
        }
    }
    Ok(())
}

/// Meta refuses parameter text that is empty or holds line breaks, tabs or more than four
/// spaces in a row.
fn parameter(text: &str, what: Parameter) -> Result<(), ValidationError> {
    // Each problem said of a body parameter, and of the header's.
    let (body, header): (PhraseDef, PhraseDef) = if text.trim().is_empty() {
        (said::PARAM_EMPTY, said::HEADER_EMPTY)
    } else if text.contains(['\n', '\r']) {
        (said::PARAM_LINE_BREAK, said::HEADER_LINE_BREAK)
    } else if text.contains('\t') {
        (said::PARAM_TAB, said::HEADER_TAB)
    } else if text.contains("     ") {
        (said::PARAM_SPACES, said::HEADER_SPACES)
    } else {
        return Ok(());
    };
    Err(invalid(match what {
        Parameter::Body(n) => body.with("n", n),
        Parameter::Header => header.phrase(),
    }))
}

/// Media go by a public link that Meta's servers fetch: http or https, a host, no spaces.
fn link(url: &str, what: Link) -> Result<(), ValidationError> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host) if !host.is_empty() && !url.trim().chars().any(char::is_whitespace) => Ok(()),
        _ => {
            let not_http = match what {
                Link::File => said::FILE_NOT_HTTP,
                Link::HeaderFile => said::HEADER_FILE_NOT_HTTP,
            };
            Err(invalid(not_http.with("url", url)))
        }
    }
}

/// Which kind of file a header parameter is, for [`header_file`].
fn header_kind(header: Option<&TemplateHeader>) -> &'static [&'static str] {
    match header {
        Some(TemplateHeader::Image { .. }) => &["jpg", "jpeg", "png"],
        Some(TemplateHeader::Video { .. }) => &["mp4", "3gp", "3gpp"],
        Some(TemplateHeader::Document { .. }) => &["pdf"],
        _ => &[],
    }
}

/// Template header media (Meta's template components reference): fetched over https only,
/// images JPEG or PNG, videos MP4 or 3GPP, documents PDF. A link whose file name has another
/// extension is refused; one without an extension (an upload's address) is left to Meta.
fn header_file(accepted: &[&str], url: &str) -> Result<(), ValidationError> {
    let url = url.trim();
    if !url.to_ascii_lowercase().starts_with("https://") {
        return Err(invalid(said::HEADER_FILE_NOT_HTTPS.with("url", url)));
    }
    let path = url["https://".len()..]
        .split(['?', '#'])
        .next()
        .unwrap_or_default();
    let file = path
        .split_once('/')
        .map_or("", |(_, p)| p)
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension {
        Some(ext) if !accepted.contains(&ext.as_str()) => {
            let listed: Vec<String> = accepted.iter().map(|e| e.to_ascii_uppercase()).collect();
            Err(invalid(
                said::HEADER_FILE_TYPE
                    .with("accepted", listed.join(", "))
                    .arg("url", url),
            ))
        }
        _ => Ok(()),
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
