//! A template's shape from its `{{n}}` placeholders, its text with the parameters filled in,
//! and the problems of a filled-in form that hold for every gateway.

use super::{
    ButtonSpecKind, FieldProblem, HeaderKind, RenderedButton, RenderedHeader, RenderedTemplate,
    Template, TemplateExpects, TemplateSpec, TemplateStatus, said,
};
use crate::message::{ButtonKind, TemplateButton, TemplateHeader};
use crate::phrase::Phrase;

/// WhatsApp's limit on a template's body, parameters filled in.
pub const MAX_BODY_CHARS: usize = 1024;

/// The numbers of the `{{n}}` placeholders in `text`, in order of appearance (spaces inside
/// the braces tolerated, as WhatsApp shows them: `{{ 1 }}`).
pub fn placeholders(text: &str) -> Vec<u32> {
    spans(text).into_iter().map(|(_, n)| n).collect()
}

/// Each `{{n}}` in `text`: its byte range and number.
fn spans(text: &str) -> Vec<(std::ops::Range<usize>, u32)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let inner = open + 2;
        let Some(close) = text[inner..].find("}}").map(|i| inner + i) else {
            break;
        };
        let digits = text[inner..close].trim();
        match digits.parse::<u32>() {
            Ok(n) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                out.push((open..close + 2, n));
                from = close + 2;
            }
            // `{{{1}}}` or `{{ not a number {{1}}`: look again from the next brace.
            _ => from = open + 1,
        }
    }
    out
}

/// `text` with each `{{n}}` replaced by the `n`th value; a missing or empty value leaves the
/// placeholder, so nobody mistakes a half-filled text for a finished one.
pub fn fill(text: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, n) in spans(text) {
        out.push_str(&text[at..range.start]);
        let value = (n as usize)
            .checked_sub(1)
            .and_then(|i| values.get(i))
            .filter(|v| !v.trim().is_empty());
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&text[range.clone()]),
        }
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn highest(text: &str) -> u32 {
    placeholders(text).into_iter().max().unwrap_or(0)
}

/// How many values a template takes: body parameters up to its highest `{{n}}`, the header's
/// (a text header with a placeholder, or any file header), and the suffix of each URL button
/// whose link has one.
pub fn expects(spec: &TemplateSpec) -> TemplateExpects {
    let header = spec.header.as_ref().and_then(|h| match h.kind {
        HeaderKind::Text => h
            .text
            .as_deref()
            .is_some_and(|t| highest(t) > 0)
            .then_some(HeaderKind::Text),
        kind => Some(kind),
    });
    let buttons = spec
        .buttons
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            b.kind == ButtonSpecKind::Url && b.url.as_deref().is_some_and(|u| highest(u) > 0)
        })
        .map(|(i, _)| i as u32)
        .collect();
    TemplateExpects {
        body: highest(&spec.body),
        header,
        buttons,
    }
}

/// The message's values, as a form holds them.
#[derive(Clone, Copy)]
pub struct Filled<'a> {
    pub params: &'a [String],
    pub header: Option<&'a TemplateHeader>,
    pub buttons: &'a [TemplateButton],
}

impl Filled<'_> {
    fn suffix(&self, index: u32) -> Option<&str> {
        self.buttons
            .iter()
            .find(|b| b.index == index && b.sub_type == ButtonKind::Url)
            .map(|b| b.value.as_str())
    }
}

/// What the customer sees of `template` filled in with `filled`.
pub fn render(template: &Template, filled: Filled<'_>) -> RenderedTemplate {
    let header = template.header.as_ref().map(|h| {
        let given = filled.header;
        let text = match (h.kind, given) {
            (HeaderKind::Text, Some(TemplateHeader::Text { text })) => h
                .text
                .as_deref()
                .map(|t| fill(t, std::slice::from_ref(text))),
            _ => h.text.clone(),
        };
        let url = match given {
            Some(
                TemplateHeader::Image { url }
                | TemplateHeader::Video { url }
                | TemplateHeader::Document { url, .. },
            ) if h.kind != HeaderKind::Text => Some(url.clone()),
            _ => None,
        };
        RenderedHeader {
            kind: h.kind,
            text,
            url,
        }
    });
    let buttons = template
        .buttons
        .iter()
        .enumerate()
        .map(|(i, b)| RenderedButton {
            kind: b.kind,
            text: b.text.clone(),
            url: b.url.as_deref().map(|u| match filled.suffix(i as u32) {
                Some(suffix) => fill(u, &[suffix.to_owned()]),
                None => u.to_owned(),
            }),
            phone_number: b.phone_number.clone(),
        })
        .collect();
    RenderedTemplate {
        name: template.name.clone(),
        language: template.language.clone(),
        header,
        body: fill(&template.body, filled.params),
        footer: template.footer.clone(),
        buttons,
    }
}

fn problem(field: impl Into<String>, phrase: Phrase) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        phrase,
    }
}

/// What is wrong with `filled` for `template` whatever the gateway: the template not
/// sendable, parameters missing or extra, a header or button value missing or not wanted,
/// the filled body too long. The gateway's own rules are asked separately.
pub fn problems(template: &Template, filled: Filled<'_>) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    if template.status != TemplateStatus::Approved {
        out.push(problem(
            "template",
            said::NOT_APPROVED
                .with("name", &template.name)
                .nest("status", template.status.phrase()),
        ));
    }
    let expects = &template.expects;
    let (expected, given) = (expects.body as usize, filled.params.len());
    if given > expected {
        out.push(problem(
            "params",
            said::PARAMS_COUNT
                .with("expected", expected)
                .arg("given", given),
        ));
    }
    for i in 0..expected {
        if filled.params.get(i).is_none_or(|p| p.trim().is_empty()) {
            out.push(problem(
                format!("params.{i}"),
                said::PARAM_EMPTY.with("n", i + 1),
            ));
        }
    }
    let body = fill(&template.body, filled.params).chars().count();
    if body > MAX_BODY_CHARS {
        out.push(problem(
            "params",
            said::BODY_RENDERED_TOO_LONG
                .with("chars", body)
                .arg("max", MAX_BODY_CHARS),
        ));
    }
    match (expects.header, filled.header) {
        (Some(HeaderKind::Location), _) => out.push(problem(
            "template",
            said::HEADER_KIND_UNSENDABLE
                .phrase()
                .nest("kind", HeaderKind::Location.phrase()),
        )),
        (None, Some(_)) => out.push(problem("header", said::HEADER_FIXED.phrase())),
        (Some(kind), None) => out.push(problem(
            "header",
            said::HEADER_NEEDED.phrase().nest("kind", kind.phrase()),
        )),
        (Some(kind), Some(given)) if HeaderKind::of(given) != kind => out.push(problem(
            "header",
            said::HEADER_KIND
                .phrase()
                .nest("expected", kind.phrase())
                .nest("given", HeaderKind::of(given).phrase()),
        )),
        (Some(_), Some(given)) if header_value(given).trim().is_empty() => out.push(problem(
            "header",
            said::HEADER_NEEDED
                .phrase()
                .nest("kind", HeaderKind::of(given).phrase()),
        )),
        _ => {}
    }
    for &index in &expects.buttons {
        if filled.suffix(index).is_none_or(|s| s.trim().is_empty()) {
            let text = template
                .buttons
                .get(index as usize)
                .map(|b| b.text.as_str())
                .unwrap_or_default();
            out.push(problem(
                format!("buttons.{index}"),
                said::BUTTON_SUFFIX_NEEDED.with("text", text),
            ));
        }
    }
    for b in filled.buttons {
        if !expects.buttons.contains(&b.index) {
            out.push(problem(
                format!("buttons.{}", b.index),
                said::BUTTON_NOT_DYNAMIC.with("n", b.index + 1),
            ));
        }
    }
    out
}

/// A header parameter's text or link.
fn header_value(header: &TemplateHeader) -> &str {
    match header {
        TemplateHeader::Text { text } => text,
        TemplateHeader::Image { url }
        | TemplateHeader::Video { url }
        | TemplateHeader::Document { url, .. } => url,
    }
}

#[cfg(test)]
mod tests;
