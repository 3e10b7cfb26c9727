//! What a registered template must be, checked when a supervisor saves one and for each entry
//! of an imported file: every problem is said, not only the first.

use super::render::placeholders;
use super::{ButtonSpecKind, HeaderKind, TemplateSpec, said};
use crate::phrase::Phrase;

/// Meta's "maximum 512 characters" for names, the longest any gateway documents.
pub const MAX_NAME_CHARS: usize = 512;
/// WhatsApp's limits on a template's parts.
pub const MAX_BODY_CHARS: usize = 1024;
pub const MAX_FOOTER_CHARS: usize = 60;
pub const MAX_HEADER_CHARS: usize = 60;
pub const MAX_BUTTONS: usize = 10;
pub const MAX_BUTTON_TEXT_CHARS: usize = 25;
/// The most entries one import takes: a catalog, not a data dump.
pub const MAX_IMPORT: usize = 1000;
/// The largest file one import reads.
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;

/// `en`, `ru`, `fil`, `en_US`, `zh_Hant`: 2-3 letters, optionally `_` or `-` and a region.
pub fn is_language_code(code: &str) -> bool {
    let (lang, region) = code.split_once(['_', '-']).unwrap_or((code, ""));
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && (region.is_empty()
            || ((2..=4).contains(&region.len())
                && region.chars().all(|c| c.is_ascii_alphanumeric())))
}

/// Where a parameter may be filled from: the contact's name or phone, the operator's name, a
/// custom contact field (`contact.<key>`).
pub fn is_param_source(source: &str) -> bool {
    let source = source.trim();
    matches!(source, "contact.name" | "contact.phone" | "operator.name")
        || source.strip_prefix("contact.").is_some_and(|key| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
        })
}

/// `spec` trimmed as it is kept: names, language and texts without surrounding spaces, empty
/// optional texts as none.
pub fn tidy(mut spec: TemplateSpec) -> TemplateSpec {
    let trim_opt = |o: Option<String>| o.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    spec.name = spec.name.trim().to_owned();
    spec.language = spec.language.trim().to_owned();
    spec.body = spec.body.trim().to_owned();
    spec.gateway_id = trim_opt(spec.gateway_id).filter(|id| *id != spec.name);
    spec.footer = trim_opt(spec.footer);
    if let Some(h) = spec.header.as_mut() {
        h.text = trim_opt(h.text.take());
    }
    for b in &mut spec.buttons {
        b.text = b.text.trim().to_owned();
        b.url = trim_opt(b.url.take());
        b.phone_number = trim_opt(b.phone_number.take());
    }
    spec.params = spec.params.into_iter().map(trim_opt).collect();
    while spec.params.last().is_some_and(Option::is_none) {
        spec.params.pop();
    }
    spec
}

/// Everything wrong with a (tidied) registered template, in the order of the form.
pub fn problems(spec: &TemplateSpec) -> Vec<Phrase> {
    let mut out = Vec::new();
    let chars = |s: &str| s.chars().count();
    if spec.name.is_empty() {
        out.push(said::NAME_EMPTY.phrase());
    } else if chars(&spec.name) > MAX_NAME_CHARS {
        out.push(said::NAME_TOO_LONG.with("max", MAX_NAME_CHARS));
    }
    if let Some(id) = &spec.gateway_id
        && (chars(id) > MAX_NAME_CHARS || id.chars().any(char::is_whitespace))
    {
        out.push(
            said::GATEWAY_ID_BAD
                .with("max", MAX_NAME_CHARS)
                .arg("id", crate::text::one_line(id, 80)),
        );
    }
    if !is_language_code(&spec.language) {
        out.push(said::LANGUAGE_BAD.with("language", crate::text::one_line(&spec.language, 40)));
    }
    if spec.body.is_empty() {
        out.push(said::BODY_EMPTY.phrase());
    } else if chars(&spec.body) > MAX_BODY_CHARS {
        out.push(
            said::BODY_TOO_LONG
                .with("max", MAX_BODY_CHARS)
                .arg("chars", chars(&spec.body)),
        );
    }
    let numbers = placeholders(&spec.body);
    let highest = numbers.iter().copied().max().unwrap_or(0);
    if (1..=highest).any(|n| !numbers.contains(&n)) {
        let mut found: Vec<u32> = numbers.clone();
        found.sort_unstable();
        found.dedup();
        let listed: Vec<String> = found.iter().map(|n| format!("{{{{{n}}}}}")).collect();
        out.push(said::PLACEHOLDERS_GAP.with("found", listed.join(", ")));
    }
    if spec
        .footer
        .as_deref()
        .is_some_and(|f| chars(f) > MAX_FOOTER_CHARS)
    {
        out.push(said::FOOTER_TOO_LONG.with("max", MAX_FOOTER_CHARS));
    }
    if let Some(header) = &spec.header {
        match (header.kind, header.text.as_deref()) {
            (HeaderKind::Text, None) => out.push(said::HEADER_TEXT_MISSING.phrase()),
            (HeaderKind::Text, Some(text)) => {
                if chars(text) > MAX_HEADER_CHARS {
                    out.push(said::HEADER_TEXT_TOO_LONG.with("max", MAX_HEADER_CHARS));
                }
                if placeholders(text).iter().any(|&n| n != 1) {
                    out.push(said::HEADER_PLACEHOLDERS.phrase());
                }
            }
            (HeaderKind::Location, _) => out.push(
                said::HEADER_KIND_UNSENDABLE
                    .phrase()
                    .nest("kind", HeaderKind::Location.phrase()),
            ),
            _ => {}
        }
    }
    if spec.buttons.len() > MAX_BUTTONS {
        out.push(said::TOO_MANY_BUTTONS.with("max", MAX_BUTTONS));
    }
    for (i, b) in spec.buttons.iter().enumerate() {
        let n = i + 1;
        if b.text.is_empty() || chars(&b.text) > MAX_BUTTON_TEXT_CHARS {
            out.push(
                said::BUTTON_TEXT_BAD
                    .with("n", n)
                    .arg("max", MAX_BUTTON_TEXT_CHARS),
            );
        }
        match b.kind {
            ButtonSpecKind::Url if !url_button_ok(b.url.as_deref()) => {
                out.push(said::BUTTON_URL_BAD.with("n", n));
            }
            ButtonSpecKind::PhoneNumber if b.phone_number.is_none() => {
                out.push(said::BUTTON_PHONE_BAD.with("n", n));
            }
            _ => {}
        }
    }
    if spec.params.len() > highest as usize {
        out.push(
            said::PARAM_SOURCES_EXTRA
                .with("count", highest)
                .arg("given", spec.params.len()),
        );
    }
    for (i, source) in spec.params.iter().enumerate() {
        if let Some(source) = source
            && !is_param_source(source)
        {
            out.push(
                said::PARAM_SOURCE_BAD
                    .with("n", i + 1)
                    .arg("source", crate::text::one_line(source, 80)),
            );
        }
    }
    out
}

/// An https link, without spaces, whose only placeholder (if any) is `{{1}}` at its end.
fn url_button_ok(url: Option<&str>) -> bool {
    let Some(url) = url else { return false };
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let numbers = placeholders(url);
    !host.is_empty()
        && !url.chars().any(char::is_whitespace)
        && match numbers.as_slice() {
            [] => true,
            [1] => url.trim_end().ends_with("}}"),
            _ => false,
        }
}

/// Reads an imported file: `{"templates": [...]}` or a bare array of entries. A file that is
/// not one is one problem; an entry that is not a template is that entry's problem.
pub fn read_file(json: &str) -> Result<Vec<Result<TemplateSpec, Phrase>>, Phrase> {
    if json.len() > MAX_IMPORT_BYTES {
        let detail = format!("larger than {} MB", MAX_IMPORT_BYTES / (1024 * 1024));
        return Err(said::IMPORT_NOT_JSON.with("detail", detail));
    }
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| said::IMPORT_NOT_JSON.with("detail", e))?;
    let entries = match value {
        serde_json::Value::Array(entries) => entries,
        serde_json::Value::Object(mut file) => match file.remove("templates") {
            Some(serde_json::Value::Array(entries)) => entries,
            _ => return Err(said::IMPORT_NOT_JSON.with("detail", "no \"templates\" list")),
        },
        _ => return Err(said::IMPORT_NOT_JSON.with("detail", "not an object or a list")),
    };
    if entries.len() > MAX_IMPORT {
        return Err(said::IMPORT_TOO_LARGE
            .with("count", entries.len())
            .arg("max", MAX_IMPORT));
    }
    Ok(entries
        .into_iter()
        .map(|entry| {
            serde_json::from_value::<TemplateSpec>(entry)
                .map_err(|e| said::IMPORT_NOT_JSON.with("detail", e))
        })
        .collect())
}

#[cfg(test)]
mod tests;
