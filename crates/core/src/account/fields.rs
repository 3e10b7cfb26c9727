//! What an account of each gateway needs from the person adding it: declared once here, shown
//! by the add-account form, checked when the account is added.

use crate::phrase::{Phrase, PhraseDef};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::GatewayKind;

/// The add-account form of one gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountFields {
    /// What the gateway calls the sender, e.g. "Sender name", "Phone number ID".
    pub sender_label: Phrase,
    pub sender_hint: Phrase,
    /// What the secret is, e.g. "API key", "Password".
    pub secret_label: Phrase,
    pub secret_hint: Phrase,
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
    pub label: Phrase,
    pub hint: Phrase,
    pub required: bool,
}

fn option(key: &str, label: PhraseDef, hint: PhraseDef, required: bool) -> OptionField {
    OptionField {
        key: key.to_owned(),
        label: label.phrase(),
        hint: hint.phrase(),
        required,
    }
}

fn fields(
    sender: (PhraseDef, PhraseDef),
    secret: (PhraseDef, PhraseDef),
    base_url: BaseUrl,
    options: Vec<OptionField>,
) -> AccountFields {
    AccountFields {
        sender_label: sender.0.phrase(),
        sender_hint: sender.1.phrase(),
        secret_label: secret.0.phrase(),
        secret_hint: secret.1.phrase(),
        base_url,
        options,
    }
}

/// The add-account form's words, per gateway.
pub mod said {
    crate::phrases! {
        DEVINO_SENDER = "account.devino.sender": "Sender name";
        DEVINO_SENDER_HINT = "account.devino.sender_hint": "A sender name Devino allowed for your account";
        DEVINO_SECRET = "account.devino.secret": "API key";
        DEVINO_SECRET_HINT = "account.devino.secret_hint": "From Devino's personal account (sent as Authorization: Key …)";
        DT_SENDER = "account.decision_telecom.sender": "Sender (source_addr)";
        DT_SENDER_HINT = "account.decision_telecom.sender_hint": "Your WhatsApp sender, at most 20 characters";
        DT_SECRET = "account.decision_telecom.secret": "Access key";
        DT_SECRET_HINT = "account.decision_telecom.secret_hint": "The Base64 access key your account manager gave you";
        DT_NAMESPACE = "account.decision_telecom.namespace": "Template namespace";
        DT_NAMESPACE_HINT = "account.decision_telecom.namespace_hint": "Your WhatsApp Business template namespace, for template messages";
        RAPPORTO_SENDER = "account.rapporto.sender": "Service number";
        RAPPORTO_SENDER_HINT = "account.rapporto.sender_hint": "The sender name (serviceNumber) Rapporto set up for you";
        RAPPORTO_SECRET = "account.rapporto.secret": "Password";
        RAPPORTO_SECRET_HINT = "account.rapporto.secret_hint": "Your Rapporto API password";
        RAPPORTO_LOGIN = "account.rapporto.login": "Login";
        RAPPORTO_LOGIN_HINT = "account.rapporto.login_hint": "Your Rapporto API login";
        RAPPORTO_TTL = "account.rapporto.ttl": "Lifetime, minutes";
        RAPPORTO_TTL_HINT = "account.rapporto.ttl_hint": "How long Rapporto keeps trying: 1440, 2880 … 10080; empty for the account default";
        WAMM_SENDER = "account.wamm.sender": "WhatsApp number";
        WAMM_SENDER_HINT = "account.wamm.sender_hint": "The number of the phone connected to WAMM.chat";
        WAMM_SECRET = "account.wamm.secret": "API token";
        WAMM_SECRET_HINT = "account.wamm.secret_hint": "The token from your WAMM.chat account";
        WAMM_TIMEZONE = "account.wamm.timezone": "Time zone";
        WAMM_TIMEZONE_HINT = "account.wamm.timezone_hint": "WAMM.chat's times carry no zone: Europe/Moscow (default) or an offset like +03:00";
        PHONE_SENDER = "account.phone_bridge.sender": "Phone number";
        PHONE_SENDER_HINT = "account.phone_bridge.sender_hint": "The WhatsApp number of the phone that sends for you";
        PHONE_SECRET = "account.phone_bridge.secret": "Phone token";
        PHONE_SECRET_HINT = "account.phone_bridge.secret_hint": "A long random word; the phone's automation app sends it with every request";
        PHONE_PICKUP = "account.phone_bridge.pickup_timeout": "Pick-up wait, seconds";
        PHONE_PICKUP_HINT = "account.phone_bridge.pickup_timeout_hint": "How long a message waits for the phone before it is retried (default 60)";
        META_SENDER = "account.meta_cloud.sender": "Phone number ID";
        META_SENDER_HINT = "account.meta_cloud.sender_hint": "From Meta's app dashboard: WhatsApp › API Setup";
        META_SECRET = "account.meta_cloud.secret": "Credentials";
        META_SECRET_HINT = "account.meta_cloud.secret_hint": "JSON with access_token, app_secret and verify_token; the app secret checks webhook signatures";
        META_LANGUAGE = "account.meta_cloud.language": "Template language";
        META_LANGUAGE_HINT = "account.meta_cloud.language_hint": "The language code templates are sent in when none is given, e.g. en_US or ru";
        META_WABA = "account.meta_cloud.waba_id": "WhatsApp Business Account ID";
        META_WABA_HINT = "account.meta_cloud.waba_id_hint": "From WhatsApp Manager or the app's API Setup page (digits): the message templates are listed under it";
    }
}

impl GatewayKind {
    pub fn fields(self) -> AccountFields {
        match self {
            Self::Devino => fields(
                (said::DEVINO_SENDER, said::DEVINO_SENDER_HINT),
                (said::DEVINO_SECRET, said::DEVINO_SECRET_HINT),
                BaseUrl::Default,
                vec![],
            ),
            Self::DecisionTelecom => fields(
                (said::DT_SENDER, said::DT_SENDER_HINT),
                (said::DT_SECRET, said::DT_SECRET_HINT),
                BaseUrl::Default,
                vec![option(
                    "namespace",
                    said::DT_NAMESPACE,
                    said::DT_NAMESPACE_HINT,
                    false,
                )],
            ),
            Self::Rapporto => fields(
                (said::RAPPORTO_SENDER, said::RAPPORTO_SENDER_HINT),
                (said::RAPPORTO_SECRET, said::RAPPORTO_SECRET_HINT),
                BaseUrl::Required,
                vec![
                    option(
                        "login",
                        said::RAPPORTO_LOGIN,
                        said::RAPPORTO_LOGIN_HINT,
                        true,
                    ),
                    option("ttl", said::RAPPORTO_TTL, said::RAPPORTO_TTL_HINT, false),
                ],
            ),
            Self::Wamm => fields(
                (said::WAMM_SENDER, said::WAMM_SENDER_HINT),
                (said::WAMM_SECRET, said::WAMM_SECRET_HINT),
                BaseUrl::Default,
                vec![option(
                    "timezone",
                    said::WAMM_TIMEZONE,
                    said::WAMM_TIMEZONE_HINT,
                    false,
                )],
            ),
            Self::PhoneBridge => fields(
                (said::PHONE_SENDER, said::PHONE_SENDER_HINT),
                (said::PHONE_SECRET, said::PHONE_SECRET_HINT),
                BaseUrl::NotUsed,
                vec![option(
                    "pickup_timeout_s",
                    said::PHONE_PICKUP,
                    said::PHONE_PICKUP_HINT,
                    false,
                )],
            ),
            Self::MetaCloud => fields(
                (said::META_SENDER, said::META_SENDER_HINT),
                (said::META_SECRET, said::META_SECRET_HINT),
                BaseUrl::Default,
                vec![
                    option(
                        "language",
                        said::META_LANGUAGE,
                        said::META_LANGUAGE_HINT,
                        false,
                    ),
                    // Templates are listed under the business account, not the phone number.
                    option("waba_id", said::META_WABA, said::META_WABA_HINT, false),
                ],
            ),
        }
    }
}
