//! WhatsApp message templates: each account's catalog, a preview of what the customer will see,
//! and the checks a template message passes before it is queued.
//!
//! Where a catalog comes from is the gateway's to say ([`crate::gateway::CatalogSource`]):
//! Meta's Cloud API lists the business account's templates and Switchboard keeps a copy
//! (synced on demand and every few hours); Devino and DecisionTelecom list none, so
//! supervisors register the templates approved there, one by one or as a JSON file
//! ([`TemplateFile`]); the other gateways send no templates at all.
//!
//! A template's shape (how many parameters its body, header and buttons take) is derived here
//! from its `{{n}}` placeholders, once, for every gateway; what a gateway refuses in a filled
//! parameter stays in that gateway's own `Gateway::validate`, which the preview asks.

pub(crate) mod commands;
pub(crate) mod preview;
pub mod render;
pub mod spec;
pub(crate) mod sync;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::gateway::CatalogSource;
use crate::message::{Content, TemplateButton, TemplateHeader};
use crate::phrase::Phrase;
use crate::time::Timestamp;

/// What the templates' commands say to people.
pub mod said {
    crate::phrases! {
        UNSUPPORTED = "templates.unsupported": "{gateway} sends no message templates";
        NOT_FOUND = "templates.not_found": "This template does not exist";
        SYNCED_READ_ONLY = "templates.synced_read_only": "{gateway} keeps this account's templates: change them there and refresh the list here";
        NOT_SYNCED = "templates.not_synced": "{gateway} lists no templates: a supervisor registers the ones approved there (or imports them from a file)";
        SYNC_FAILED = "templates.sync_failed": "Could not refresh the templates from {gateway}; the list kept is from before: {reason}";
        NO_WABA = "templates.no_waba": "Set the account's WhatsApp Business Account ID first: the templates are listed under it";
        NAME_EMPTY = "templates.name_empty": "A template needs a name";
        NAME_TOO_LONG = "templates.name_too_long": "A template name has at most {max} characters";
        GATEWAY_ID_BAD = "templates.gateway_id_bad": "The gateway's template ID has 1 to {max} characters, without spaces: '{id}'";
        LANGUAGE_BAD = "templates.language_bad": "'{language}' is not a language code such as ru, en or en_US";
        BODY_EMPTY = "templates.body_empty": "Write the template's text";
        BODY_TOO_LONG = "templates.body_too_long": "A template's text has at most {max} characters ({chars} now)";
        FOOTER_TOO_LONG = "templates.footer_too_long": "A template's footer has at most {max} characters";
        HEADER_TEXT_TOO_LONG = "templates.header_text_too_long": "A text header has at most {max} characters";
        HEADER_TEXT_MISSING = "templates.header_text_missing": "A text header needs its text";
        PLACEHOLDERS_GAP = "templates.placeholders_gap": "Number the parameters from 1 in order, without gaps: this text has {found}";
        HEADER_PLACEHOLDERS = "templates.header_placeholders": "A text header takes at most one parameter";
        TOO_MANY_BUTTONS = "templates.too_many_buttons": "A template has at most {max} buttons";
        BUTTON_TEXT_BAD = "templates.button_text_bad": "Button {n} needs a text of at most {max} characters";
        BUTTON_URL_BAD = "templates.button_url_bad": "Button {n} needs an https:// link, with at most one parameter, at its end";
        BUTTON_PHONE_BAD = "templates.button_phone_bad": "Button {n} needs a phone number";
        PARAM_SOURCE_BAD = "templates.param_source_bad": "Parameter {n} is filled from '{source}', which is none of contact.name, contact.phone, operator.name or contact.<field>";
        PARAM_SOURCES_EXTRA = "templates.param_sources_extra": "The text has {count} parameters but {given} are mapped";
        TAKEN = "templates.taken": "There is a template {name} in {language} already";
        IMPORT_NOT_JSON = "templates.import_not_json": "The file is not a template list in Switchboard's JSON: {detail}";
        IMPORT_TOO_LARGE = "templates.import_too_large": "The file holds {count} templates; at most {max} are imported at once";
        IMPORT_TWICE = "templates.import_twice": "{name} in {language} is in the file twice";
        IMPORT_REFUSED = "templates.import_refused": "Nothing was imported: {count} templates have problems";
        NOT_IN_CATALOG = "templates.not_in_catalog": "{name} ({language}) is not among this account's templates: refresh or register it first";
        NOT_APPROVED = "templates.not_approved": "{name} is {status} at the gateway: only approved templates can be sent";
        PARAMS_COUNT = "templates.params_count": "The template takes {expected} parameters; {given} are filled in";
        PARAM_EMPTY = "templates.param_empty": "Fill in parameter {n}";
        BODY_RENDERED_TOO_LONG = "templates.body_rendered_too_long": "With its parameters the text has {chars} characters; WhatsApp takes at most {max}";
        HEADER_NEEDED = "templates.header_needed": "The header needs {kind}";
        HEADER_FIXED = "templates.header_fixed": "This template's header is fixed: there is nothing to fill in";
        HEADER_KIND = "templates.header_kind": "The header is {expected}, not {given}";
        HEADER_KIND_UNSENDABLE = "templates.header_kind_unsendable": "Switchboard cannot send templates with a {kind} header";
        BUTTON_SUFFIX_NEEDED = "templates.button_suffix_needed": "Fill in the end of the link of button '{text}'";
        BUTTON_NOT_DYNAMIC = "templates.button_not_dynamic": "Button {n} takes no parameter";
        STATUS_APPROVED = "templates.status.approved": "approved";
        STATUS_PENDING = "templates.status.pending": "waiting for review";
        STATUS_REJECTED = "templates.status.rejected": "rejected";
        STATUS_PAUSED = "templates.status.paused": "paused";
        STATUS_DISABLED = "templates.status.disabled": "disabled";
        STATUS_OTHER = "templates.status.other": "not usable";
        KIND_TEXT = "templates.kind.text": "a text";
        KIND_IMAGE = "templates.kind.image": "an image";
        KIND_VIDEO = "templates.kind.video": "a video";
        KIND_DOCUMENT = "templates.kind.document": "a document";
        KIND_LOCATION = "templates.kind.location": "a location";
    }
}

/// Whether a template came from the gateway's own list or was registered here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateSource {
    Synced,
    Registered,
}

/// Where a template stands at the gateway. Only `approved` ones are sent; a registered
/// template is taken to be approved (it is registered because the gateway approved it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateStatus {
    Approved,
    /// Meta's `PENDING`, `IN_APPEAL`.
    Pending,
    Rejected,
    Paused,
    /// Meta's `DISABLED`, `PENDING_DELETION`, `DELETED`, `ARCHIVED`, `LIMIT_EXCEEDED`.
    Disabled,
    /// A status this build does not know.
    Other,
}

/// WhatsApp's template categories (they price conversations differently).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateCategory {
    Marketing,
    #[default]
    Utility,
    Authentication,
    /// A category this build does not know (Meta's retired `TRANSACTIONAL`, ...).
    Other,
}

/// What a template's header shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HeaderKind {
    Text,
    Image,
    Video,
    Document,
    /// Meta's location header: listed, never sendable from here.
    Location,
}

/// A template's header as declared: a text (with at most one `{{1}}`) or a kind of file, whose
/// link is given with each message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeaderSpec {
    pub kind: HeaderKind,
    /// For `text` headers: the text, e.g. `Order {{1}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ButtonSpecKind {
    /// Opens `url`; a `{{1}}` at its end is filled with each message (a dynamic suffix).
    Url,
    /// Answers with its text.
    QuickReply,
    /// Calls `phone_number`.
    PhoneNumber,
    /// Copies a code (authentication templates).
    CopyCode,
    /// A button this build does not know; shown with its text.
    Other,
}

/// A template's button as declared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ButtonSpec {
    pub kind: ButtonSpecKind,
    pub text: String,
    /// For `url` buttons: the link, e.g. `https://shop.example/track/{{1}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
    /// For `phone_number` buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone_number: Option<String>,
}

/// How many values a template takes, derived from its `{{n}}` placeholders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateExpects {
    /// Body parameters, `{{1}}` to `{{body}}`.
    pub body: u32,
    /// What the header takes with each message: a text parameter, a file's link, or nothing.
    pub header: Option<HeaderKind>,
    /// The indexes (from 0, as `TemplateButton::index`) of the URL buttons whose link ends in
    /// `{{1}}`: each takes a suffix.
    pub buttons: Vec<u32>,
}

/// One template of an account's catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Template {
    /// Ours, stable while the template is kept.
    pub id: i64,
    pub account_id: i64,
    pub source: TemplateSource,
    /// Its name in the catalog (Meta's template name; a registered template's own name).
    pub name: String,
    /// What messages name it by at the gateway (`Content::Template::id`): Meta's name,
    /// Devino's template ID, DecisionTelecom's name.
    pub gateway_id: String,
    /// e.g. `ru`, `en_US`.
    pub language: String,
    pub category: TemplateCategory,
    pub status: TemplateStatus,
    pub header: Option<HeaderSpec>,
    /// The text, with `{{1}}` … where the parameters go.
    pub body: String,
    pub footer: Option<String>,
    pub buttons: Vec<ButtonSpec>,
    /// For each body parameter in order, where its value comes from when a conversation is
    /// given (`contact.name`, `contact.phone`, `operator.name`, `contact.<custom field>`), or
    /// none: the manager types it. Registered templates only; synced ones have none.
    pub params: Vec<Option<String>>,
    pub expects: TemplateExpects,
    pub updated_at: Timestamp,
}

/// An account's catalog as the template picker shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateCatalog {
    pub account_id: i64,
    /// `gateway`: refreshed from the gateway (supervisors: `sync_templates`); `registered`:
    /// supervisors add, import and export them.
    pub source: CatalogSource,
    /// By name, then language. Every status: only `approved` ones can be sent.
    pub templates: Vec<Template>,
    /// The last successful refresh from the gateway.
    pub synced_at: Option<Timestamp>,
    /// Why the last refresh failed, when it did (the list is then from `synced_at`).
    pub sync_error: Option<Phrase>,
}

/// An account's catalog, optionally only the templates whose name or text holds `search`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateQuery {
    pub account_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub search: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateRef {
    pub template_id: i64,
}

/// A registered template as a supervisor writes it, and as one entry of a [`TemplateFile`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateSpec {
    pub name: String,
    /// The gateway's ID for it (Devino's template ID); the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub gateway_id: Option<String>,
    pub language: String,
    #[serde(default)]
    #[ts(optional)]
    pub category: Option<TemplateCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub header: Option<HeaderSpec>,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub footer: Option<String>,
    #[serde(default)]
    pub buttons: Vec<ButtonSpec>,
    /// Where each body parameter's value comes from (see [`Template::params`]); may be shorter
    /// than the parameters, never longer.
    #[serde(default)]
    pub params: Vec<Option<String>>,
}

/// Adds a registered template to an account (no `id`) or changes one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SaveTemplate {
    pub account_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub template: TemplateSpec,
}

/// The JSON file supervisors import and export, for Devino and DecisionTelecom accounts:
///
/// ```json
/// {"templates": [
///   {"name": "order_ready", "gateway_id": "41882", "language": "ru", "category": "utility",
///    "header": {"kind": "text", "text": "Заказ {{1}}"},
///    "body": "Здравствуйте, {{1}}! Заказ {{2}} готов.",
///    "footer": "Магазин",
///    "buttons": [{"kind": "url", "text": "Отследить", "url": "https://shop.example/t/{{1}}"},
///                {"kind": "quick_reply", "text": "Спасибо"}],
///    "params": ["contact.name", null]}
/// ]}
/// ```
///
/// Each entry is a [`TemplateSpec`]: `name`, `language` and `body` are required; `gateway_id`
/// defaults to the name, `category` to `utility`; `header.kind` is one of `text` (with
/// `text`), `image`, `video`, `document`; `buttons[].kind` one of `url` (with `url`),
/// `quick_reply`, `phone_number` (with `phone_number`), `copy_code`; `params[i]` fills
/// `{{i+1}}` from `contact.name`, `contact.phone`, `operator.name` or `contact.<field>`. A
/// bare array of entries is read too. Templates are matched by (name, language): importing
/// the same file again changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateFile {
    pub templates: Vec<TemplateSpec>,
}

/// Imports a [`TemplateFile`] (its text, as read from the file) into an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportTemplates {
    pub account_id: i64,
    pub json: String,
}

/// An account's registered templates as a [`TemplateFile`], to save (`application/json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateExport {
    /// A file name, e.g. `templates-devino-shop.json`.
    pub name: String,
    pub mime: String,
    /// The file's text: pretty-printed JSON that `import_templates` reads back.
    pub json: String,
}

/// What an import did. It is all or nothing: with any problem, nothing is imported and every
/// entry's problems are listed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub added: u32,
    pub updated: u32,
    /// Entries equal to the template kept already.
    pub unchanged: u32,
    pub problems: Vec<ImportProblem>,
}

/// What is wrong with one entry of an imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProblem {
    /// The entry's position in the file, from 1; 0 for the file as a whole.
    pub entry: u32,
    /// The entry's name and language, when it has them.
    pub name: Option<String>,
    pub language: Option<String>,
    pub phrase: Phrase,
}

/// What a refresh from the gateway found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateSync {
    /// Templates the gateway listed.
    pub listed: u32,
    pub added: u32,
    pub updated: u32,
    /// Kept here but no longer listed by the gateway: taken out of the catalog.
    pub removed: u32,
    pub synced_at: Timestamp,
}

/// A template message being written: the preview command's question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateDraft {
    pub account_id: i64,
    pub template_id: i64,
    /// Body parameters in order (`{{1}}` first). An empty one is filled from the template's
    /// mapping when `conversation_id` is given.
    #[serde(default)]
    pub params: Vec<String>,
    /// The header's text parameter or file link, when it takes one.
    #[serde(default)]
    #[ts(optional)]
    pub header: Option<TemplateHeader>,
    /// Suffixes of the dynamic URL buttons (`index` from `expects.buttons`).
    #[serde(default)]
    pub buttons: Vec<TemplateButton>,
    /// The conversation it is for: parameters mapped from the contact card are filled in.
    #[serde(default)]
    #[ts(optional)]
    pub conversation_id: Option<i64>,
}

/// A header as the customer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedHeader {
    pub kind: HeaderKind,
    /// The text, parameter filled in (text headers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
    /// The file's link (media headers), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
}

/// A button as the customer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedButton {
    pub kind: ButtonSpecKind,
    pub text: String,
    /// The link with its suffix filled in (`url` buttons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone_number: Option<String>,
}

/// A template message as the customer sees it. Kept with a sent message
/// (`Content::Template::rendered`), so its bubble shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedTemplate {
    /// The template's name in the catalog.
    pub name: String,
    pub language: String,
    pub header: Option<RenderedHeader>,
    /// The text, parameters filled in; an unfilled one stays `{{n}}`.
    pub body: String,
    pub footer: Option<String>,
    pub buttons: Vec<RenderedButton>,
}

/// A problem with one field of the template form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldProblem {
    /// `template` (the template itself), `params` (their number), `params.N` (the body
    /// parameter at index N, from 0), `header`, `buttons.N` (the button at index N).
    pub field: String,
    pub phrase: Phrase,
}

/// The preview command's answer: exactly what the customer would see, what the template
/// takes, and what is wrong. With no problems, `content` is the message to give `send_message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplatePreview {
    pub rendered: RenderedTemplate,
    pub expects: TemplateExpects,
    /// The body parameters used, after filling from the contact card.
    pub params: Vec<String>,
    pub problems: Vec<FieldProblem>,
    /// The message to send (`kind: template`), as `send_message` takes it.
    pub content: Content,
}

/// A template as the gateway lists it, before it joins the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedTemplate {
    pub status: TemplateStatus,
    pub category: TemplateCategory,
    pub spec: TemplateSpec,
}

/// One page of a gateway's template list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplatePage {
    pub templates: Vec<ListedTemplate>,
    /// Where the next page starts (the gateway's own cursor); none: this was the last.
    pub next: Option<String>,
}

/// Each state's one mapping to its column.
macro_rules! column {
    ($ty:ty { $($variant:ident = $text:literal),* $(,)? } else $fallback:expr) => {
        impl $ty {
            pub fn column(self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }

            pub(crate) fn from_column(text: &str) -> Self {
                match text { $($text => Self::$variant,)* _ => $fallback }
            }
        }
    };
}

column!(TemplateStatus {
    Approved = "approved", Pending = "pending", Rejected = "rejected", Paused = "paused",
    Disabled = "disabled", Other = "other",
} else Self::Other);

column!(TemplateCategory {
    Marketing = "marketing", Utility = "utility", Authentication = "authentication",
    Other = "other",
} else Self::Other);

impl TemplateSource {
    pub fn column(self) -> &'static str {
        match self {
            Self::Synced => "synced",
            Self::Registered => "registered",
        }
    }

    pub(crate) fn from_column(text: &str) -> Option<Self> {
        match text {
            "synced" => Some(Self::Synced),
            "registered" => Some(Self::Registered),
            _ => None,
        }
    }
}

impl TemplateStatus {
    /// The status in words, for "{name} is {status}".
    pub fn phrase(self) -> Phrase {
        match self {
            Self::Approved => said::STATUS_APPROVED,
            Self::Pending => said::STATUS_PENDING,
            Self::Rejected => said::STATUS_REJECTED,
            Self::Paused => said::STATUS_PAUSED,
            Self::Disabled => said::STATUS_DISABLED,
            Self::Other => said::STATUS_OTHER,
        }
        .phrase()
    }
}

impl HeaderKind {
    /// "a text", "an image" …, for "The header needs {kind}".
    pub fn phrase(self) -> Phrase {
        match self {
            Self::Text => said::KIND_TEXT,
            Self::Image => said::KIND_IMAGE,
            Self::Video => said::KIND_VIDEO,
            Self::Document => said::KIND_DOCUMENT,
            Self::Location => said::KIND_LOCATION,
        }
        .phrase()
    }

    /// The kind of a header parameter a message carries.
    pub fn of(header: &TemplateHeader) -> Self {
        match header {
            TemplateHeader::Text { .. } => Self::Text,
            TemplateHeader::Image { .. } => Self::Image,
            TemplateHeader::Video { .. } => Self::Video,
            TemplateHeader::Document { .. } => Self::Document,
        }
    }
}

impl TemplateSpec {
    /// What messages name the template by at the gateway: its gateway ID, else its name.
    pub fn sent_as(&self) -> &str {
        self.gateway_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .unwrap_or(&self.name)
    }
}

impl Template {
    pub(crate) fn from_spec(
        id: i64,
        account_id: i64,
        source: TemplateSource,
        status: TemplateStatus,
        category: TemplateCategory,
        spec: TemplateSpec,
        updated_at: Timestamp,
    ) -> Self {
        Self {
            id,
            account_id,
            source,
            gateway_id: spec.sent_as().to_owned(),
            expects: render::expects(&spec),
            name: spec.name,
            language: spec.language,
            category,
            status,
            header: spec.header,
            body: spec.body,
            footer: spec.footer,
            buttons: spec.buttons,
            params: spec.params,
            updated_at,
        }
    }

    /// The template as written (and exported): what a [`TemplateFile`] entry holds.
    pub fn spec(&self) -> TemplateSpec {
        TemplateSpec {
            name: self.name.clone(),
            gateway_id: (self.gateway_id != self.name).then(|| self.gateway_id.clone()),
            language: self.language.clone(),
            category: Some(self.category),
            header: self.header.clone(),
            body: self.body.clone(),
            footer: self.footer.clone(),
            buttons: self.buttons.clone(),
            params: self.params.clone(),
        }
    }
}
