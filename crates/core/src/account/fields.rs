//! What an account of each gateway needs from the person adding it: declared once here, shown
//! by the add-account form, checked when the account is added.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::GatewayKind;

/// The add-account form of one gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountFields {
    /// What the gateway calls the sender, e.g. "Sender name", "Phone number ID".
    pub sender_label: String,
    pub sender_hint: String,
    /// What the secret is, e.g. "API key", "Password".
    pub secret_label: String,
    pub secret_hint: String,
    pub base_url: BaseUrl,
    /// Settings beyond sender, secret and base URL (never secrets).
    pub options: Vec<OptionField>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BaseUrl {
    /// The documented address, used when none is given (tests and proxies give another).
    Default,
    /// The documents give no address: the user's contract does.
    Required,
    /// The gateway calls us; there is nothing to call.
    NotUsed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OptionField {
    /// The key in the account's options (`--option key=value` on the command line).
    pub key: String,
    pub label: String,
    pub hint: String,
    pub required: bool,
}

fn option(key: &str, label: &str, hint: &str, required: bool) -> OptionField {
    OptionField {
        key: key.to_owned(),
        label: label.to_owned(),
        hint: hint.to_owned(),
        required,
    }
}

fn fields(
    sender: (&str, &str),
    secret: (&str, &str),
    base_url: BaseUrl,
    options: Vec<OptionField>,
) -> AccountFields {
    AccountFields {
        sender_label: sender.0.to_owned(),
        sender_hint: sender.1.to_owned(),
        secret_label: secret.0.to_owned(),
        secret_hint: secret.1.to_owned(),
        base_url,
        options,
    }
}

impl GatewayKind {
    pub fn fields(self) -> AccountFields {
        match self {
            Self::Devino => fields(
                (
                    "Sender name",
                    "A sender name Devino allowed for your account",
                ),
                (
                    "API key",
                    "From Devino's personal account (sent as Authorization: Key …)",
                ),
                BaseUrl::Default,
                vec![],
            ),
            Self::DecisionTelecom => fields(
                (
                    "Sender (source_addr)",
                    "Your WhatsApp sender, at most 20 characters",
                ),
                (
                    "Access key",
                    "The Base64 access key your account manager gave you",
                ),
                BaseUrl::Default,
                vec![option(
                    "namespace",
                    "Template namespace",
                    "Your WhatsApp Business template namespace, for template messages",
                    false,
                )],
            ),
            Self::Rapporto => fields(
                (
                    "Service number",
                    "The sender name (serviceNumber) Rapporto set up for you",
                ),
                ("Password", "Your Rapporto API password"),
                BaseUrl::Required,
                vec![
                    option("login", "Login", "Your Rapporto API login", true),
                    option(
                        "ttl",
                        "Lifetime, minutes",
                        "How long Rapporto keeps trying: 1440, 2880 … 10080; empty for the account default",
                        false,
                    ),
                ],
            ),
            Self::Wamm => fields(
                (
                    "WhatsApp number",
                    "The number of the phone connected to WAMM.chat",
                ),
                ("API token", "The token from your WAMM.chat account"),
                BaseUrl::Default,
                vec![option(
                    "timezone",
                    "Time zone",
                    "WAMM.chat's times carry no zone: Europe/Moscow (default) or an offset like +03:00",
                    false,
                )],
            ),
            Self::PhoneBridge => fields(
                (
                    "Phone number",
                    "The WhatsApp number of the phone that sends for you",
                ),
                (
                    "Phone token",
                    "A long random word; the phone's automation app sends it with every request",
                ),
                BaseUrl::NotUsed,
                vec![option(
                    "pickup_timeout_s",
                    "Pick-up wait, seconds",
                    "How long a message waits for the phone before it is retried (default 60)",
                    false,
                )],
            ),
            Self::MetaCloud => fields(
                (
                    "Phone number ID",
                    "From Meta's app dashboard: WhatsApp › API Setup",
                ),
                (
                    "Credentials",
                    "JSON: {\"access_token\": …, \"app_secret\": …, \"verify_token\": …}; the app secret checks webhook signatures",
                ),
                BaseUrl::Default,
                vec![option(
                    "language",
                    "Template language",
                    "The language code templates are sent in when none is given, e.g. en_US or ru",
                    false,
                )],
            ),
        }
    }
}
