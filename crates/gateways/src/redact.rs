//! Keeping secrets out of every reason people read. A gateway's answer may echo our request
//! (the key, the password, a token in the URL), and a phone's app may quote its own request.
//!
//! Secrets are cut out *first*, before anything else touches the text: quoting drops markup
//! (`{}[]<>"`), folds whitespace and shortens, and each of those would leave what remains of a
//! secret containing them where a later search could no longer find it. And they are cut out
//! in every form an answer may carry them: as they are, JSON-escaped (by serde, PHP or Python),
//! and percent-encoded (in a URL or a form, by any of the usual encoders).

use std::borrow::Cow;
use std::cmp::Reverse;

use switchboard_core::gateway::{Secret, SendError};
use switchboard_core::phrase::{Phrase, PhraseArg};

/// What stands where a secret was.
pub const REDACTED: &str = "<redacted>";

/// A gateway's answer as it came, for reading, and the same text with the request's secrets
/// cut out, for quoting: reasons quote only [`Answer::quotable`], and words picked out of the
/// parsed answer pass through [`Answer::scrub`] before anything shortens them.
#[derive(Clone, Debug)]
pub struct Answer<'a> {
    text: &'a str,
    quotable: Cow<'a, str>,
    forms: Forms,
}

impl<'a> Answer<'a> {
    /// The answer to a request that carried `secrets`.
    pub fn new(text: &'a str, secrets: &[&str]) -> Self {
        let forms = Forms::of(secrets);
        Self {
            text,
            quotable: forms.cut(text),
            forms,
        }
    }

    /// The answer as it came: what is parsed. Never quote it.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The answer without any secret of the request: what a reason may quote.
    pub fn quotable(&self) -> &str {
        &self.quotable
    }

    /// Words read out of the answer (a description, an error message), without the secrets.
    pub fn scrub<'t>(&self, words: &'t str) -> Cow<'t, str> {
        self.forms.cut(words)
    }
}

/// An answer to a request that carried no secret (and what tests hand the interpreters).
impl<'a> From<&'a str> for Answer<'a> {
    fn from(text: &'a str) -> Self {
        Self::new(text, &[])
    }
}

impl<'a> From<&Answer<'a>> for Answer<'a> {
    fn from(answer: &Answer<'a>) -> Self {
        answer.clone()
    }
}

impl<'a> From<&'a String> for Answer<'a> {
    fn from(text: &'a String) -> Self {
        Self::new(text, &[])
    }
}

/// `text` with every form of every secret replaced by [`REDACTED`]; borrowed when none occurs.
pub fn redact_text<'t>(text: &'t str, secrets: &[impl AsRef<str>]) -> Cow<'t, str> {
    Forms::of(secrets).cut(text)
}

/// Every form of some secrets, the longest first (so that a form containing another is cut
/// out whole): worked out once, searched for in many texts.
#[derive(Clone, Debug, Default)]
pub struct Forms(Vec<String>);

impl Forms {
    pub fn of(secrets: &[impl AsRef<str>]) -> Self {
        let mut forms: Vec<String> = secrets
            .iter()
            .map(AsRef::as_ref)
            .filter(|s| !s.is_empty())
            .flat_map(forms)
            .filter(|f| !f.is_empty())
            .collect();
        forms.sort_by(|a, b| Reverse(a.len()).cmp(&Reverse(b.len())).then(a.cmp(b)));
        forms.dedup();
        Self(forms)
    }

    /// `text` with every form replaced by [`REDACTED`]; borrowed when none occurs.
    pub fn cut<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        for form in &self.0 {
            if out.contains(form.as_str()) {
                out = Cow::Owned(out.replace(form.as_str(), REDACTED));
            }
        }
        out
    }
}

/// Every way `secret` may be written in an answer.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_owned()];
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned();
    let ascii_json = json_ascii(secret);
    for escaped in [json, ascii_json] {
        // PHP's json_encode escapes `/` too; encoders differ in the case of `\u00f6`.
        for form in [escaped.clone(), escaped.replace('/', "\\/")] {
            forms.push(hex_case(&form, "\\u", 4, true));
            forms.push(form);
        }
    }
    for encoding in &ENCODINGS {
        let encoded = percent_encode(secret, encoding);
        forms.push(hex_case(&encoded, "%", 2, false));
        forms.push(encoded);
    }
    // What quoting ([`crate::wire::words`]) makes of each, for text quoted before it reached
    // us (an error the phone's app wrote, a reason made before the secret was known).
    let quoted: Vec<String> = forms.iter().map(|f| without_markup(f)).collect();
    forms.extend(quoted);
    forms
}

/// Secrets inside a phrase: its English text and every argument, nested ones too, so that
/// neither the English nor a translation can show one.
pub fn redact_phrase(phrase: Phrase, secrets: &[&str]) -> Phrase {
    let forms = Forms::of(secrets);
    if forms.0.is_empty() {
        return phrase;
    }
    cut_phrase(phrase, &forms)
}

fn cut_phrase(mut phrase: Phrase, forms: &Forms) -> Phrase {
    phrase.text = forms.cut(&phrase.text).into_owned();
    for value in phrase.args.values_mut() {
        *value = match std::mem::replace(value, PhraseArg::Text(String::new())) {
            PhraseArg::Text(text) => PhraseArg::Text(forms.cut(&text).into_owned()),
            PhraseArg::Phrase(inner) => PhraseArg::Phrase(Box::new(cut_phrase(*inner, forms))),
        };
    }
    phrase
}

/// An error whose reason cannot show `secret`, even where the gateway's answer echoed it.
pub fn redact(error: SendError, secret: &Secret) -> SendError {
    redact_all(error, &[secret.expose()])
}

/// [`redact`] for several secrets at once.
pub fn redact_all(error: SendError, secrets: &[&str]) -> SendError {
    match error {
        SendError::Retryable {
            reason,
            retry_after,
            scope,
        } => SendError::Retryable {
            reason: redact_phrase(reason, secrets),
            retry_after,
            scope,
        },
        SendError::Rejected { code, reason } => SendError::Rejected {
            code,
            reason: redact_phrase(reason, secrets),
        },
        SendError::AnswerLost { reason } => SendError::AnswerLost {
            reason: redact_phrase(reason, secrets),
        },
    }
}

/// Markup characters as spaces and whitespace folded, as quoting does.
pub(crate) fn without_markup(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if "{}[]<>\"".contains(c) { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// JSON string content with everything outside printable ASCII as `\uXXXX` (Python's
/// `json.dumps` by default).
fn json_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// Which bytes an encoder leaves as they are, beside ASCII letters and digits, and whether it
/// writes a space as `+`.
struct Encoding {
    kept: &'static str,
    plus_for_space: bool,
}

const ENCODINGS: [Encoding; 5] = [
    // HTML forms and the `url` crate's query pairs (reqwest's `query`, `form`).
    Encoding {
        kept: "*-._",
        plus_for_space: true,
    },
    // RFC 3986 unreserved characters only.
    Encoding {
        kept: "-._~",
        plus_for_space: false,
    },
    // JavaScript's encodeURIComponent.
    Encoding {
        kept: "-_.!~*'()",
        plus_for_space: false,
    },
    // Python's quote_plus.
    Encoding {
        kept: "_.-~",
        plus_for_space: true,
    },
    // The `url` crate's path segments: only controls, space, `"#<>?`, backtick, braces and
    // non-ASCII are encoded (a token spliced into a path, as WAMM's is).
    Encoding {
        kept: "!$&'()*+,-./:;=@[\\]^_|~%",
        plus_for_space: false,
    },
];

fn percent_encode(s: &str, encoding: &Encoding) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &byte in s.as_bytes() {
        let c = char::from(byte);
        if byte.is_ascii_alphanumeric() || (byte.is_ascii() && encoding.kept.contains(c)) {
            out.push(c);
        } else if byte == b' ' && encoding.plus_for_space {
            out.push('+');
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `text` with the `digits` characters after each `marker` (the hex digits of an escape) in
/// upper or lower case: encoders differ in it.
fn hex_case(text: &str, marker: &str, digits: usize, upper: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        let end = tail
            .char_indices()
            .nth(digits)
            .map_or(tail.len(), |(i, _)| i);
        let (hex, after) = tail.split_at(end);
        out.push_str(&if upper {
            hex.to_ascii_uppercase()
        } else {
            hex.to_ascii_lowercase()
        });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRICKY: &str = r#"p{a}[s]<s> "w/ö+zq"%"#;

    #[test]
    fn a_secret_is_cut_out_in_every_form_an_answer_may_carry_it() {
        let json =
            serde_json::to_string(&serde_json::json!({ "password": TRICKY })).expect("serializes");
        let python = r#"{"password": "p{a}[s]<s> \"w/\u00f6+zq\"%"}"#;
        let php = r#"{"password":"p{a}[s]<s> \"w\/\u00f6+zq\"%"}"#;
        let form = "password=p%7Ba%7D%5Bs%5D%3Cs%3E+%22w%2F%C3%B6%2Bzq%22%25";
        let lower = "token=p%7ba%7d%5bs%5d%3cs%3e%20%22w%2f%c3%b6%2bzq%22%25&x=1";
        let path = "GET /api/msg_to/p%7Ba%7D[s]%3Cs%3E%20%22w/%C3%B6+zq%22%/ failed";
        for text in [json.as_str(), python, php, form, lower, path, TRICKY] {
            let redacted = redact_text(text, &[TRICKY]);
            assert!(
                redacted.contains(REDACTED) && !redacted.contains("zq"),
                "{text} -> {redacted}"
            );
        }
        assert!(
            matches!(redact_text("nothing here", &[TRICKY]), Cow::Borrowed(_)),
            "text without a secret is not copied"
        );
    }

    #[test]
    fn an_answer_is_quoted_without_the_secret_and_read_as_it_came() {
        let body = format!(r#"{{"error": "bad password {TRICKY}"}}"#);
        let answer = Answer::new(&body, &[TRICKY]);
        assert_eq!(answer.text(), body);
        assert_eq!(answer.quotable(), r#"{"error": "bad password <redacted>"}"#);
    }

    #[test]
    fn quoting_first_and_redacting_after_is_what_leaked() {
        // The old order: markup dropped, then the secret searched for: nothing found.
        let quoted = without_markup(&format!("error {TRICKY}"));
        let secret_words = without_markup(TRICKY);
        assert!(quoted.contains(&secret_words));
        let redacted = redact_text(&quoted, &[TRICKY]);
        assert!(
            !redacted.contains("zq"),
            "the markup-free form is cut out too: {redacted}"
        );
    }
}
