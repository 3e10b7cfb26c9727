//! Words for people, in a form every UI can translate.
//!
//! Whatever Switchboard tells a person (an error, a gateway's refusal, a sync's progress) is a
//! [`Phrase`]: a stable key, its arguments, and the English text for logs, the CLI and scripts.
//! The UI renders the key and arguments in the user's language, so a Russian manager never
//! meets an English sentence built in Rust.
//!
//! Each crate declares its phrases once with [`phrases!`], which also lists them for the
//! generator of the UI's bindings (`PhraseKey.ts`, `phrases.ts`): a phrase the UI has no
//! translation for is a type error there, not a raw key on screen.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A phrase as declared: its key and English text, with `{name}` placeholders for arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseDef {
    pub key: &'static str,
    pub english: &'static str,
}

/// Declares phrases as constants, and `ALL`, the list the bindings generator reads.
///
/// ```text
/// switchboard_core::phrases! {
///     /// Devino's billing refusal.
///     BILLING = "devino.billing": "Devino requires payment: top up the Devino balance";
/// }
/// ```
#[macro_export]
macro_rules! phrases {
    ($( $(#[doc = $doc:literal])* $name:ident = $key:literal : $english:literal; )*) => {
        $(
            $(#[doc = $doc])*
            pub const $name: $crate::phrase::PhraseDef =
                $crate::phrase::PhraseDef { key: $key, english: $english };
        )*
        /// Every phrase declared in this module.
        pub const ALL: &[$crate::phrase::PhraseDef] = &[$($name),*];
    };
}

/// Something said to a person: the UI translates `key` with `args`; `text` is the English.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct Phrase {
    #[ts(type = "PhraseKey")]
    pub key: String,
    pub args: BTreeMap<String, PhraseArg>,
    /// The English rendering, for logs, the CLI and scripts.
    pub text: String,
    /// The declared English, while the phrase is being built (not sent: `text` is).
    #[serde(skip)]
    #[ts(skip)]
    template: Option<&'static str>,
}

/// An argument: words as they are (a name, a number, a gateway's own words), or a phrase of its
/// own that the UI translates too (a gateway's refusal inside "the test failed: {reason}").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum PhraseArg {
    Text(String),
    Phrase(Box<Phrase>),
}

impl fmt::Display for PhraseArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) => f.write_str(t),
            Self::Phrase(p) => f.write_str(&p.text),
        }
    }
}

impl PartialEq for Phrase {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && self.args == other.args && self.text == other.text
    }
}

impl Eq for Phrase {}

impl PhraseDef {
    /// The phrase with no arguments (yet): add them with [`Phrase::arg`].
    pub fn phrase(&self) -> Phrase {
        Phrase {
            key: self.key.to_owned(),
            args: BTreeMap::new(),
            text: self.english.to_owned(),
            template: Some(self.english),
        }
    }

    /// The phrase with one argument.
    pub fn with(&self, name: &str, value: impl fmt::Display) -> Phrase {
        self.phrase().arg(name, value)
    }

    /// The names of the `{placeholders}` in the English text, in order of appearance.
    pub fn placeholders(&self) -> Vec<&'static str> {
        placeholders(self.english)
    }
}

impl Phrase {
    /// Sets an argument and renders the English text again.
    pub fn arg(self, name: &str, value: impl fmt::Display) -> Self {
        self.set(name, PhraseArg::Text(value.to_string()))
    }

    /// Sets an argument that is a phrase of its own, translated with this one.
    pub fn nest(self, name: &str, phrase: Phrase) -> Self {
        self.set(name, PhraseArg::Phrase(Box::new(phrase)))
    }

    fn set(mut self, name: &str, value: PhraseArg) -> Self {
        self.args.insert(name.to_owned(), value);
        if let Some(template) = self.template {
            self.text = render(template, &self.args);
        }
        self
    }

    /// The argument `name` as text, if given.
    pub fn arg_text(&self, name: &str) -> Option<String> {
        self.args.get(name).map(ToString::to_string)
    }

    /// Words that carry no translation: text from outside (a gateway's own words) or meant
    /// only for the CLI. The UI shows them as they are, inside a translated frame where it can.
    pub fn verbatim(text: impl Into<String>) -> Self {
        VERBATIM.with("text", text.into())
    }

    pub fn is(&self, def: &PhraseDef) -> bool {
        self.key == def.key
    }
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&PhraseDef> for Phrase {
    fn from(def: &PhraseDef) -> Self {
        def.phrase()
    }
}

impl From<PhraseDef> for Phrase {
    fn from(def: PhraseDef) -> Self {
        def.phrase()
    }
}

/// Fills `{name}` placeholders in one pass, so an argument's own braces are never expanded.
/// An argument whose name ends in `bytes` is a byte count, shown as a size (`5 MB`); the UI
/// formats it the same way in the user's language.
pub fn render(template: &str, args: &BTreeMap<String, PhraseArg>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, args.get(&after[..close])?)))
        {
            Some((close, value)) => {
                let name = &after[..close];
                match (name.ends_with("bytes"), value) {
                    (true, PhraseArg::Text(t)) if t.parse::<u64>().is_ok() => {
                        out.push_str(&crate::media::human_size(t.parse().unwrap_or_default()))
                    }
                    _ => out.push_str(&value.to_string()),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `{name}` placeholders of an English text.
pub fn placeholders(english: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = english;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

/// Checks a catalog: keys unique and well-formed, placeholders well-formed. Each crate's tests
/// call it on its `ALL`; the bindings generator calls it on all of them together.
pub fn check_catalog(all: &[PhraseDef]) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for def in all {
        if !seen.insert(def.key) {
            return Err(format!("phrase key '{}' is declared twice", def.key));
        }
        let ok_key = !def.key.is_empty()
            && def
                .key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_');
        if !ok_key {
            return Err(format!(
                "phrase key '{}' is not lower.dotted_snake",
                def.key
            ));
        }
        if def.english.trim().is_empty() {
            return Err(format!("phrase '{}' has no English text", def.key));
        }
        if def.english.matches('{').count() != def.english.matches('}').count()
            || def.english.matches('{').count() != placeholders(def.english).len()
        {
            return Err(format!(
                "phrase '{}' has a malformed placeholder: {}",
                def.key, def.english
            ));
        }
    }
    Ok(())
}

/// The TypeScript the UI's i18n is typed with: `PhraseKey.ts` (every key) and `phrases.ts`
/// (each key's English text and argument names).
pub fn typescript(all: &[PhraseDef]) -> Result<(String, String), String> {
    check_catalog(all)?;
    let mut defs: Vec<&PhraseDef> = all.iter().collect();
    defs.sort_by_key(|d| d.key);
    let header =
        "// Generated from the phrase catalogs (crates/*/src/**/phrases.rs). Do not edit.\n";
    let mut keys = String::from(header);
    keys.push_str(
        "\n/** Every phrase the core and the gateways can say. */\nexport type PhraseKey =\n",
    );
    for def in &defs {
        keys.push_str(&format!("  | {}\n", json(def.key)));
    }
    keys.push_str(";\n");

    let mut table = String::from(header);
    table.push_str("import type { PhraseKey } from \"./PhraseKey\";\n\n");
    table.push_str("/** Each phrase's English text; `{name}` stands for an argument. */\n");
    table.push_str("export const english: Record<PhraseKey, string> = {\n");
    for def in &defs {
        table.push_str(&format!("  {}: {},\n", json(def.key), json(def.english)));
    }
    table.push_str("};\n\n/** Each phrase's argument names. */\n");
    table.push_str("export const phraseArgs: Record<PhraseKey, readonly string[]> = {\n");
    for def in &defs {
        let names: Vec<String> = dedup(def.placeholders()).iter().map(|n| json(n)).collect();
        table.push_str(&format!("  {}: [{}],\n", json(def.key), names.join(", ")));
    }
    table.push_str("};\n");
    Ok((keys, table))
}

fn dedup(names: Vec<&str>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

fn json(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// The core's own phrases.
pub mod core {
    crate::phrases! {
        /// Words with no translation (a gateway's own words, CLI-only text).
        VERBATIM = "verbatim": "{text}";
        BAD_REQUEST = "error.bad_request": "The request is not valid: {detail}";
        UNKNOWN_COMMAND = "error.unknown_command": "There is no command '{command}'";
        INTERNAL = "error.internal": "Something went wrong inside Switchboard: {detail}";
        STORAGE = "error.storage": "The database failed: {detail}";
        STORAGE_TOO_NEW = "error.storage_too_new": "The database file {path} was written by a newer Switchboard (schema {found}, this build knows {known})";
        STORAGE_CORRUPT = "error.storage_corrupt": "Stored data is damaged: {detail}";
        SECRETS_UNAVAILABLE = "error.secrets_unavailable": "No keychain is available to keep the secret: {detail}";
        SECRETS_FAILED = "error.secrets_failed": "The keychain failed: {detail}";
        CHECK_UNAVAILABLE = "gateway.check_unavailable": "{gateway} has no way to check credentials without sending a message; they are checked on the first send";
        MEDIA_DOWNLOAD_UNSUPPORTED = "gateway.media_download_unsupported": "{gateway} cannot download media";
        NO_ADAPTER = "error.no_adapter": "This build has no adapter for {gateway}";
        ACCOUNT_NOT_FOUND = "error.account_not_found": "There is no account with id {id}";
        ACCOUNT_NAME_NOT_FOUND = "error.account_name_not_found": "There is no account named '{name}'";
        THREAD_UNSPECIFIED = "error.thread_unspecified": "Say which conversation: its id, or a phone number";
        CONVERSATION_NOT_FOUND = "error.conversation_not_found": "This conversation does not exist";
        MESSAGE_NOT_FOUND = "error.message_not_found": "This message does not exist";
        REVIEWER_CANNOT_SEND = "error.reviewer_cannot_send": "{operator} is a reviewer and cannot send messages";
        SIGN_IN_NEEDED = "error.sign_in_needed": "Sign in first: this needs an operator's session or API key";
        ROLE_FORBIDDEN = "error.role_forbidden": "Your role ({role}) does not allow this";
        ROLE_MANAGER = "role.manager": "manager";
        ROLE_SUPERVISOR = "role.supervisor": "supervisor";
        ROLE_REVIEWER = "role.reviewer": "reviewer";
        OPERATOR_NOT_FOUND = "error.operator_not_found": "There is no operator {id}";
        NOTE_EMPTY = "error.note_empty": "Write something in the note";
        NOTE_TOO_LONG = "error.note_too_long": "A note holds at most {max} characters";
        SNOOZE_NEEDS_TIME = "error.snooze_needs_time": "Say until when to snooze the conversation";
        SNOOZE_IN_THE_PAST = "error.snooze_in_the_past": "A snooze must end in the future";
        SNOOZE_TOO_LONG = "error.snooze_too_long": "A snooze ends within a year";
        UNTIL_ONLY_FOR_SNOOZE = "error.until_only_for_snooze": "Only a snoozed conversation has an end time";
        ASSIGNEE_REVIEWER = "error.assignee_reviewer": "{name} is a reviewer and answers no customers: give the conversation to a manager or a supervisor";
        ASSIGNEE_INACTIVE = "error.assignee_inactive": "{name} is disabled and cannot be given conversations";
        RETRY_NOT_ALLOWED = "error.retry_not_allowed": "Only a failed or unconfirmed message can be retried";
        DISCARD_NOT_ALLOWED = "error.discard_not_allowed": "Only an unconfirmed, failed or waiting message can be discarded";
        SEND_NOW_NOT_ALLOWED = "error.send_now_not_allowed": "Only a message waiting in the outbox can be sent now";
        CONTACT_NAME_TOO_LONG = "error.contact_name_too_long": "A contact name has at most {max} characters";
        CONTACT_SYNC_REFUSED = "error.contact_sync_refused": "{gateway} did not take the change, so nothing was changed: {reason}";
        ACCOUNT_NAME_MISSING = "error.account_name_missing": "An account needs a name";
        ACCOUNT_NAME_TAKEN = "error.account_name_taken": "An account named '{name}' already exists";
        ACCOUNT_SECRET_MISSING = "error.account_secret_missing": "The gateway's secret (API key or password) is empty";
        ACCOUNT_FIELD_MISSING = "error.account_field_missing": "A {gateway} account needs this: {field} ({hint})";
        ACCOUNT_BASE_URL_MISSING = "error.account_base_url_missing": "{gateway} publishes no address: enter the API URL from your contract";
        ACCOUNT_BASE_URL_SCHEME = "error.account_base_url_scheme": "The base URL must start with http:// or https://: {url}";
        NO_PUBLIC_ADDRESS = "error.no_public_address": "No public address is known yet: start `switchboard serve` (or set one: `switchboard public-address set`) first";
        WEBHOOK_STATUS = "webhook.status": "Delivery statuses (sent with every message as its callback URL)";
        WEBHOOK_INCOMING = "webhook.incoming": "Incoming customer messages (give this to the gateway's support)";
        WEBHOOK_OTHER = "webhook.other": "The gateway's '{endpoint}' callbacks";
        DOWNLOAD_GAVE_UP = "media.download_gave_up": "Could not download the file after {tries} tries: {reason}";
        DOWNLOAD_RETRYING = "media.download_retrying": "Download failed, trying again: {reason}";
        DOWNLOAD_NO_FILE = "media.download_no_file": "The message names no file to download";
        DOWNLOAD_NO_ACCOUNT = "media.download_no_account": "The account is gone";
        DOWNLOAD_TIMEOUT = "media.download_timeout": "No complete answer within {seconds} s";
        DOWNLOAD_TOO_LARGE = "media.download_too_large": "The file is larger than {max_bytes}, so it was not downloaded";
        DOWNLOAD_WRITE_FAILED = "media.download_write_failed": "Could not write the file: {detail}";
        MEDIA_NEEDS_ADDRESS = "media.needs_address": "Media are fetched by the gateway from a public address: set a public URL or start the tunnel. This app has no address yet.";
        MEDIA_ADDRESS_UNREACHABLE = "media.address_unreachable": "Media are fetched by the gateway from a public address: set a public URL or start the tunnel. This app is only reachable at {base}, which {gateway} cannot reach.";
        MEDIA_TYPE_REFUSED = "media.type_refused": "{gateway} does not take this kind of file: {name} is {mime}. It takes: {accepted}";
        MEDIA_TYPE_MISNAMED = "media.type_misnamed": "{gateway} does not take this kind of file: {name} is {mime} (though it is named as {claimed}). It takes: {accepted}";
        MEDIA_TOO_LARGE = "media.too_large": "{name} is {size_bytes}; {gateway} takes {mime} files up to {max_bytes}";
        SEND_GAVE_UP = "outbox.gave_up": "Gave up after {attempts} attempts: {reason}";
        SEND_ANSWER_LOST = "outbox.answer_lost": "The gateway's answer was lost ({reason}): it may or may not have the message. Retry it or discard it.";
        SEND_UNCONFIRMED = "outbox.unconfirmed": "Switchboard stopped while sending this message: the gateway may or may not have it. Retry it or discard it.";
        GATEWAY_ASKED_RETRY = "outbox.gateway_asked_retry": "The gateway asked to send it again later";
        GATEWAY_REPORTED = "outbox.gateway_reported": "The gateway reported '{status}'";
        ACCOUNT_GONE = "error.account_gone": "The account was removed";
        DOWNLOAD_AGAIN = "media.download_again": "Trying again…";
        MEDIA_TEXT_ONLY = "media.text_only": "{gateway} sends text only: files cannot be sent from this account";
        MEDIA_BAD_BASE64 = "media.bad_base64": "The file is not valid base64: {detail}";
        MEDIA_EMPTY = "media.empty": "{name} is empty";
        MEDIA_NOT_STORED = "media.not_stored": "Could not store the file: {detail}";
        MEDIA_NOT_KEPT = "media.not_kept": "This file is not kept here (an upload is kept 24 hours)";
        MEDIA_NONE = "media.none": "This message has no file";
        MEDIA_TOO_LARGE_TO_SHOW = "media.too_large_to_show": "Too large to show here ({size_bytes})";
        MEDIA_FILE_GONE = "media.file_gone": "The file is gone";
        MEDIA_UNREADABLE = "media.unreadable": "The cached file cannot be read: {detail}";
        MEDIA_RETRY_NOT_ALLOWED = "media.retry_not_allowed": "Only a message whose file failed to download can retry it";
        PUBLIC_LOCAL = "public_address.warning_local": "Callbacks point at this computer ({base}): a gateway on the internet cannot reach it, so statuses and incoming messages will not arrive. Set a public URL or a tunnel.";
        PUBLIC_NOT_RUNNING = "public_address.warning_not_running": "The tunnel runs only while Switchboard runs (the desktop app or its server); until then callbacks cannot arrive.";
        PUBLIC_CONNECTING = "public_address.warning_connecting": "Connecting to the tunnel server {server}: until the tunnel is up, callbacks to {base} cannot arrive.";
        PUBLIC_DOWN = "public_address.warning_down": "The tunnel is down: callbacks to {base} cannot arrive until it reconnects. Gateways that retry will deliver them then.";
        PUBLIC_CLEARTEXT = "public_address.warning_cleartext": "Callbacks go to {base} over plain HTTP: anyone on the way can read the webhook addresses, and for Devino, DecisionTelecom and Rapporto an address is all it takes to post into this inbox. Put HTTPS in front (a public https:// URL), then give the gateways new addresses (rotate the account's webhook token).";
        PUBLIC_NO_ADDRESS_YET = "public_address.no_address_yet": "no address yet";
        PUBLIC_URL_SCHEME = "public_address.url_scheme": "The public URL must start with https:// or http://: '{url}'";
        PUBLIC_URL_SHAPE = "public_address.url_shape": "'{url}' is not a base URL such as https://inbox.example.com (no query or fragment)";
        PUBLIC_SERVER_SHAPE = "public_address.server_shape": "The tunnel server is a host name or IP address such as bore.example.com (its control port is always 7835; the public port is a separate setting): '{server}'";
        SETTINGS_NOT_SAVED = "error.settings_not_saved": "Could not save the settings: {detail}";
        PHONE_EMPTY = "phone.empty": "The phone number is empty";
        PHONE_BAD_CHARACTERS = "phone.bad_characters": "'{phone}' is not a phone number: only digits, spaces, brackets, dots and dashes are allowed, with an optional leading +";
        PHONE_BAD_LENGTH = "phone.bad_length": "'{phone}' is not a phone number in international format: it needs 8 to 15 digits starting with the country code";
    }
}

pub use self::core::VERBATIM;

/// Every phrase the core can say, for the bindings generator (hosts add their adapters').
pub fn catalog() -> Vec<PhraseDef> {
    [
        core::ALL,
        crate::account::fields::said::ALL,
        crate::auth::said::ALL,
        crate::assignment::said::ALL,
        crate::tags::said::ALL,
        crate::canned::said::ALL,
        crate::contacts::said::ALL,
        crate::views::said::ALL,
        crate::reports::said::ALL,
        crate::reports::schedule::said::ALL,
        crate::review::said::ALL,
        crate::audit::said::ALL,
        crate::export::said::ALL,
        crate::templates::said::ALL,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_fill_the_english_text() {
        let p = core::PHONE_BAD_LENGTH.with("phone", "123");
        assert_eq!(p.key, "phone.bad_length");
        assert_eq!(p.arg_text("phone").as_deref(), Some("123"));
        assert!(p.text.starts_with("'123' is not a phone number"));
        assert_eq!(p.to_string(), p.text);
        let nested = core::BAD_REQUEST.with("detail", "{detail} {x}");
        assert_eq!(nested.text, "The request is not valid: {detail} {x}");
    }

    #[test]
    fn nested_phrases_render_inside_their_frame() {
        let inner = core::PHONE_EMPTY.phrase();
        let outer = core::BAD_REQUEST.phrase().nest("detail", inner.clone());
        assert_eq!(
            outer.text,
            "The request is not valid: The phone number is empty"
        );
        let json = serde_json::to_value(&outer).unwrap();
        assert_eq!(json["args"]["detail"]["key"], "phone.empty");
        assert_eq!(serde_json::from_value::<Phrase>(json).unwrap(), outer);
    }

    #[test]
    fn the_core_catalog_is_well_formed() {
        check_catalog(&catalog()).unwrap();
        assert_eq!(placeholders("a {x} b {y_2} {x}"), vec!["x", "y_2", "x"]);
    }

    #[test]
    fn a_malformed_catalog_is_refused() {
        let twice = [core::VERBATIM, core::VERBATIM];
        assert!(check_catalog(&twice).is_err());
        let bad = [PhraseDef {
            key: "x",
            english: "broken {",
        }];
        assert!(check_catalog(&bad).is_err());
    }

    #[test]
    fn phrases_round_trip_through_json() {
        let p = core::STORAGE.with("detail", "disk full");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Phrase>(&json).unwrap(), p);
    }
}
