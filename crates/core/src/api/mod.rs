//! The one API, declared once.
//!
//! [`api!`] below is the single list of commands. From it come the dispatcher that every
//! transport calls (Tauri IPC, HTTP), the list of command names, and the TypeScript map of
//! command -> request/response types that the UI's `call()` is typed with. Adding a command here
//! adds it everywhere.

mod handlers;
mod media;
mod types;

use std::path::Path;
use std::sync::Arc;

use ts_rs::TS;

pub use crate::auth::{
    AddOperator, ApiKeyInfo, ChangePassword, CreateApiKey, CredentialRef, NewApiKey, SessionInfo,
    SetOperatorPassword, SignIn, SignedIn, UpdateOperator,
};
pub use media::ServedMedia;
pub use types::*;

use crate::access::{Access, Caller, Client};
use crate::engine::Engine;
use crate::error::{ApiError, ErrorCode};

/// Refuses a caller the declared access does not allow: `unauthorized` (401) when nobody is
/// signed in, `forbidden` (403) when their role may not.
fn permit(access: Access, caller: Option<&Caller>) -> Result<(), ApiError> {
    if access.allows(caller.map(Caller::role)) {
        return Ok(());
    }
    Err(match caller {
        None => ApiError::new(ErrorCode::Unauthorized, crate::phrase::core::SIGN_IN_NEEDED),
        Some(c) => ApiError::new(
            ErrorCode::Forbidden,
            crate::phrase::core::ROLE_FORBIDDEN
                .phrase()
                .nest("role", c.role().phrase()),
        ),
    })
}

/// What a handler takes as its caller: `&Caller` for every command that needs someone signed
/// in (the dispatcher has checked that there is one), or the whole `&Client` (signing in needs
/// the client's address, not a caller).
trait Asker<'a>: Sized {
    fn from_client(client: &'a Client) -> Result<Self, ApiError>;
}

impl<'a> Asker<'a> for &'a Caller {
    fn from_client(client: &'a Client) -> Result<Self, ApiError> {
        client.caller.as_ref().ok_or_else(|| {
            ApiError::new(ErrorCode::Unauthorized, crate::phrase::core::SIGN_IN_NEEDED)
        })
    }
}

impl<'a> Asker<'a> for &'a Client {
    fn from_client(client: &'a Client) -> Result<Self, ApiError> {
        Ok(client)
    }
}

macro_rules! api {
    ($( $(#[doc = $doc:literal])* $name:ident ($req:ty) -> $res:ty [$access:ident]; )*) => {
        /// Every command's name, in the order declared.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Every command with who may run it, as declared.
        pub const PERMISSIONS: &[(&str, Access)] = &[$((stringify!($name), Access::$access)),*];

        /// Runs `command` for the client's caller (none: not signed in) with a JSON request and answers
        /// JSON. The command's declared access is checked first: a caller without it is
        /// refused before the request is parsed or any handler runs.
        pub async fn dispatch(
            engine: &Arc<Engine>,
            client: &Client,
            command: &str,
            request: serde_json::Value,
        ) -> Result<serde_json::Value, ApiError> {
            let caller = client.caller.as_ref();
            match command {
                $(stringify!($name) => {
                    permit(Access::$access, caller)?;
                    let request: $req = serde_json::from_value(request).map_err(|e| {
                        ApiError::from(crate::Error::bad_request(format!("{}: {e}", stringify!($name))))
                    })?;
                    let response: $res = engine
                        .$name(<_ as Asker>::from_client(client)?, request)
                        .await
                        .map_err(ApiError::from)?;
                    serde_json::to_value(response)
                        .map_err(ApiError::internal)
                })*
                other => Err(ApiError::new(
                    ErrorCode::BadRequest,
                    crate::phrase::core::UNKNOWN_COMMAND.with("command", other),
                )),
            }
        }

        /// Writes the TypeScript bindings (one file per type, plus `commands.ts`) into `dir`,
        /// with the phrase catalog (`PhraseKey.ts`, `phrases.ts`) of everything the host links:
        /// the core's own phrases and its adapters'.
        pub fn write_bindings(dir: &Path, phrases: &[crate::phrase::PhraseDef]) -> std::io::Result<()> {
            let cfg = ts_rs::Config::new().with_out_dir(dir).with_large_int("number");
            let io = |e: ts_rs::ExportError| std::io::Error::other(e.to_string());
            $(
                export::<$req>(&cfg).map_err(io)?;
                export::<$res>(&cfg).map_err(io)?;
            )*
            export::<crate::event::Event>(&cfg).map_err(io)?;
            export::<ApiError>(&cfg).map_err(io)?;
            write_phrases(dir, phrases)?;
            let mut imports = std::collections::BTreeSet::new();
            let mut entries = String::new();
            $(
                for ty in [<$req as TS>::name(&cfg), <$res as TS>::name(&cfg)] {
                    collect_idents(&ty, &mut imports);
                }
                let docs: &[&str] = &[$($doc),*];
                for line in docs {
                    entries.push_str(&format!("  /**{line} */\n"));
                }
                entries.push_str(&format!(
                    "  {}: {{ request: {}; response: {} }};\n",
                    stringify!($name),
                    <$req as TS>::name(&cfg),
                    <$res as TS>::name(&cfg)
                ));
            )*
            let mut out = String::from("// Generated from crates/core/src/api/mod.rs. Do not edit.\n");
            for ident in &imports {
                out.push_str(&format!("import type {{ {ident} }} from \"./{ident}\";\n"));
            }
            out.push_str("\n/** Every API command with its request and response types. */\nexport type Commands = {\n");
            out.push_str(&entries);
            out.push_str("};\n\nexport type Command = keyof Commands;\n");
            std::fs::write(dir.join("commands.ts"), out)
        }
    };
}

/// The phrase catalog's files, and `Phrase.ts` importing the key type it names.
fn write_phrases(dir: &Path, phrases: &[crate::phrase::PhraseDef]) -> std::io::Result<()> {
    let (keys, table) = crate::phrase::typescript(phrases).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("PhraseKey.ts"), keys)?;
    std::fs::write(dir.join("phrases.ts"), table)?;
    let path = dir.join("Phrase.ts");
    let generated = std::fs::read_to_string(&path)?;
    let import = "import type { PhraseKey } from \"./PhraseKey\";\n";
    if !generated.contains(import) {
        // ts-rs writes the type as given (`#[ts(type = "PhraseKey")]`) without importing it.
        let (head, body) = generated
            .split_once('\n')
            .unwrap_or(("", generated.as_str()));
        std::fs::write(&path, format!("{head}\n{import}{body}"))?;
    }
    Ok(())
}

/// Exports a named type with everything it uses; for unnamed ones (`Vec<T>`, `()`), the named
/// types inside.
fn export<T: TS + 'static + ?Sized>(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    struct Exporter<'a> {
        cfg: &'a ts_rs::Config,
        result: Result<(), ts_rs::ExportError>,
    }
    impl ts_rs::TypeVisitor for Exporter<'_> {
        fn visit<U: TS + 'static + ?Sized>(&mut self) {
            if self.result.is_ok() {
                self.result = export::<U>(self.cfg);
            }
        }
    }
    if T::output_path().is_some() {
        return T::export_all(cfg);
    }
    let mut visitor = Exporter {
        cfg,
        result: Ok(()),
    };
    T::visit_generics(&mut visitor);
    T::visit_dependencies(&mut visitor);
    visitor.result
}

/// Names of generated types used in a TypeScript type expression (`Array<Conversation>` ->
/// `Conversation`), so `commands.ts` can import them.
fn collect_idents(ty: &str, out: &mut std::collections::BTreeSet<String>) {
    const BUILTIN: &[&str] = &[
        "Array", "Record", "string", "number", "boolean", "null", "unknown",
    ];
    for word in ty.split(|c: char| !c.is_alphanumeric() && c != '_') {
        if word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !BUILTIN.contains(&word) {
            out.insert(word.to_owned());
        }
    }
}

api! {
    /// What this app is: version, operator, gateways it can talk to.
    app_info(Empty) -> AppInfo [SignedIn];
    /// The inbox, newest activity first, a page at a time.
    list_conversations(ListConversations) -> ConversationPage [Read];
    /// A conversation's messages, oldest first, a page at a time (older pages via `before`).
    get_thread(GetThread) -> Thread [Read];
    /// Queues a message; it is validated first and sent by the account's outbox.
    send_message(SendMessage) -> crate::message::Message [Reply];
    /// Queues a failed or unconfirmed message again.
    retry_message(MessageRef) -> crate::message::Message [Reply];
    /// Takes an unconfirmed, failed or waiting (not being sent) message out of the outbox for
    /// good; it stays in the thread, marked discarded. Cancelling a waiting message is this.
    discard_message(MessageRef) -> crate::message::Message [Reply];
    /// Sends a waiting message now instead of at its next attempt (lifting its account's
    /// pause); it still goes after earlier messages to the same customer.
    send_now(MessageRef) -> crate::message::Message [Reply];
    /// Marks a conversation read.
    mark_read(ConversationRef) -> crate::conversation::Conversation [Read];
    /// Names a conversation's contact, in the gateway's address book too where it keeps one.
    rename_contact(RenameContact) -> crate::conversation::Conversation [Reply];
    /// Full-text search over message text.
    search(Search) -> Vec<crate::store::SearchHit> [Read];
    list_accounts(Empty) -> Vec<crate::account::Account> [SignedIn];
    /// Adds a gateway account; its secret goes to the keychain, never to the database.
    add_account(AddAccount) -> crate::account::Account [Supervise];
    remove_account(AccountRef) -> () [Supervise];
    /// The URLs to give the gateway for its callbacks.
    account_webhooks(AccountRef) -> Vec<crate::account::WebhookUrl> [Supervise];
    /// Gives an account new callback URLs (a new webhook token) when the old ones may have
    /// been seen: the old URLs keep working for 24 hours, then are refused. Answers the new
    /// URLs to give the gateway.
    rotate_webhook_token(AccountRef) -> Vec<crate::account::WebhookUrl> [Supervise];
    /// Checks an account's address and credentials before it is added ("test connection").
    check_account(AddAccount) -> ConnectionCheck [Supervise];
    /// How a polled account's sync stands: last poll, last error, backfill progress.
    sync_status(AccountRef) -> crate::sync::SyncStatus [SignedIn];
    /// Stores a local file for sending: checked against the gateway's types and sizes, then
    /// served to the gateway at the answered public URL until it expires.
    upload_media(UploadMedia) -> UploadedMedia [Reply];
    /// A message's media file for display: state, note, and the bytes once cached.
    media_content(MediaRef) -> MediaContent [Read];
    /// Downloads a message's failed media again.
    retry_media(MediaRef) -> crate::message::Message [Reply];
    /// Where gateways reach this app, the tunnel's state, each account's callback URLs.
    public_address(Empty) -> crate::public_address::PublicAddress [Supervise];
    /// Changes the public address (local, own URL, or tunnel); callbacks of messages sent
    /// from then on use the new address.
    set_public_address(crate::public_address::SetPublicAddress) -> crate::public_address::PublicAddress [Supervise];
    /// Gives a conversation to an operator, or to nobody.
    assign_conversation(AssignConversation) -> crate::conversation::Conversation [Supervise];
    /// The team's settings: who sees what.
    team_settings(Empty) -> crate::team::TeamSettings [Supervise];
    /// Changes some of the team's settings (what is absent stays); answers them all.
    set_team_settings(crate::team::SetTeamSettings) -> crate::team::TeamSettings [Supervise];
    /// Sets a conversation's status: open, pending (waiting on the customer), snoozed until a
    /// time (then open again by itself), resolved. The customer writing reopens it.
    set_conversation_status(crate::workflow::SetConversationStatus) -> crate::conversation::Conversation [Reply];
    /// A conversation's activity lines: who assigned, resolved, snoozed or reopened it, when.
    conversation_activity(ConversationRef) -> Vec<crate::conversation::Activity> [Read];
    /// Adds an internal note, never sent to the customer; `@login` tells those operators.
    add_note(crate::workflow::AddNote) -> crate::conversation::Activity [Reply];

    // Who works each conversation (crate::assignment).
    /// The caller takes a conversation: an unassigned one, or a colleague's where the team lets
    /// managers take over (supervisors always may). Logged either way.
    take_conversation(ConversationRef) -> crate::conversation::Conversation [Reply];
    /// The caller starts or stops taking new chats (auto-assignment skips those who do not).
    set_accepting(crate::assignment::SetAccepting) -> crate::operator::Operator [Reply];

    // Tags (crate::tags).
    list_tags(Empty) -> Vec<crate::tags::Tag> [Read];
    /// Adds a tag to the team's list: supervisors, and managers where the team allows.
    create_tag(crate::tags::NewTag) -> crate::tags::Tag [Reply];
    update_tag(crate::tags::UpdateTag) -> crate::tags::Tag [Supervise];
    /// Deletes a tag, taking it off every conversation.
    delete_tag(crate::tags::TagRef) -> () [Supervise];
    /// Puts a tag on a conversation or takes it off.
    tag_conversation(crate::tags::TagConversation) -> crate::conversation::Conversation [Reply];

    // Canned replies (crate::canned).
    /// The caller's own canned replies and the team's.
    list_canned(Empty) -> Vec<crate::canned::CannedReply> [Reply];
    /// Adds or changes a canned reply: one's own, or the team's (supervisors).
    save_canned(crate::canned::SaveCanned) -> crate::canned::CannedReply [Reply];
    delete_canned(crate::canned::CannedRef) -> () [Reply];
    /// A canned reply filled in for a conversation, with the variables that have no value.
    render_canned(crate::canned::RenderCanned) -> crate::canned::RenderedCanned [Reply];

    // Message templates (crate::templates).
    /// An account's templates: the gateway's as last refreshed, or those registered here.
    /// Refused for gateways that send no templates.
    list_templates(crate::templates::TemplateQuery) -> crate::templates::TemplateCatalog [Read];
    /// What the customer would see of a template message being written, what the template
    /// takes, and each field's problems; the form asks again as the manager types.
    preview_template(crate::templates::TemplateDraft) -> crate::templates::TemplatePreview [Reply];
    /// Adds or changes a registered template (gateways that list none of their own).
    save_template(crate::templates::SaveTemplate) -> crate::templates::Template [Supervise];
    /// Takes a registered template out of the catalog.
    delete_template(crate::templates::TemplateRef) -> () [Supervise];
    /// Registers the templates of a JSON file: all or nothing, with each entry's problems;
    /// importing the same file again changes nothing.
    import_templates(crate::templates::ImportTemplates) -> crate::templates::ImportOutcome [Supervise];
    /// An account's registered templates as the JSON file `import_templates` reads.
    export_templates(AccountRef) -> crate::templates::TemplateExport [Supervise];
    /// Refreshes an account's templates from the gateway now; a failure keeps the list.
    sync_templates(AccountRef) -> crate::templates::TemplateSync [Supervise];

    // The contact card (crate::contacts).
    /// A conversation's contact: name, phone, custom fields, every conversation with them.
    contact_card(ConversationRef) -> crate::contacts::ContactCard [Read];
    set_contact_field(crate::contacts::SetContactField) -> crate::contacts::ContactCard [Reply];
    list_contact_fields(Empty) -> Vec<crate::contacts::ContactField> [Read];
    /// Defines a custom contact field, or changes one.
    save_contact_field(crate::contacts::SaveContactField) -> crate::contacts::ContactField [Supervise];
    /// Deletes a custom field with every contact's value of it.
    delete_contact_field(crate::contacts::FieldRef) -> () [Supervise];

    // Views, several at once, starting a conversation (crate::views).
    /// The sidebar's counts for the caller's views.
    view_counts(Empty) -> crate::views::ViewCounts [Read];
    /// Assigns, tags, untags or sets the status of several conversations at once.
    bulk_update(crate::views::BulkUpdate) -> crate::views::BulkOutcome [Supervise];
    /// Writes first to a customer (a phone in any common form) from an account.
    start_conversation(crate::views::StartConversation) -> crate::conversation::Conversation [Reply];

    // Reports (crate::reports): computed from the stored facts at query time, one way.
    /// The figures for a period and filters: cards, a row per operator, a row per day. A
    /// manager gets only their own.
    report(crate::reports::ReportFilter) -> crate::reports::Report [Read];
    /// The conversations behind one number of the report.
    report_conversations(crate::reports::ReportDrill) -> Vec<crate::conversation::Conversation> [Read];
    /// One row per episode in the period.
    report_episodes(crate::reports::ReportFilter) -> Vec<crate::reports::Episode> [Read];
    /// The report as a table to save (the operators', or one row per episode); audited.
    export_report(crate::reports::ReportExport) -> crate::export::ExportTable [Read];
    /// The team's business hours (none: calendar time only).
    business_hours(Empty) -> Option<crate::reports::BusinessHours> [Read];
    /// Sets or clears the business hours; reports recompute the past with them.
    set_business_hours(crate::reports::SetBusinessHours) -> Option<crate::reports::BusinessHours> [Supervise];
    /// A conversation's transcript as a table, to save as CSV or print (audited, with which).
    export_transcript(crate::export::ExportTranscript) -> crate::export::ExportTable [Read];

    // Quality control, the audit log, the live board.
    /// Scores a conversation 1–5 with a comment; never marks anything read.
    review_conversation(crate::review::NewReview) -> crate::review::Review [Review];
    conversation_reviews(ConversationRef) -> Vec<crate::review::Review> [Review];
    /// The audit log, newest first, filtered; nothing edits or deletes an entry.
    audit_log(crate::audit::AuditQuery) -> crate::audit::AuditPage [Supervise];
    /// The audit entries a query finds, as a table to save (itself audited).
    export_audit(crate::audit::AuditQuery) -> crate::export::ExportTable [Supervise];
    /// Who is accepting chats, open conversations per manager, customers waiting longest.
    live_board(Empty) -> crate::board::Board [Supervise];

    // Signing in, sessions, API keys and operators (crate::auth).
    /// Signs in with a login and password: a new session and its token (shown once). Wrong
    /// logins and passwords are answered alike; after a few failures, attempts wait.
    sign_in(SignIn) -> SignedIn [Public];
    /// Ends the session the request came with (with an API key there is none: nothing to do).
    sign_out(Empty) -> () [SignedIn];
    /// The caller's own sessions.
    list_sessions(Empty) -> Vec<SessionInfo> [SignedIn];
    /// Ends one of the caller's own sessions.
    revoke_session(CredentialRef) -> () [SignedIn];
    /// The caller's own API keys (never their tokens).
    list_api_keys(Empty) -> Vec<ApiKeyInfo> [SignedIn];
    /// A new API key of the caller's; its token is shown in this answer only.
    create_api_key(CreateApiKey) -> NewApiKey [SignedIn];
    revoke_api_key(CredentialRef) -> () [SignedIn];
    /// The caller's new password, given the current one; their other sessions end.
    change_password(ChangePassword) -> () [SignedIn];
    list_operators(Empty) -> Vec<crate::operator::Operator> [Supervise];
    add_operator(AddOperator) -> crate::operator::Operator [Supervise];
    /// Renames, gives a role to, disables or enables an operator; disabling ends their
    /// sessions. Nobody disables or demotes themselves or the last supervisor who can sign in.
    update_operator(UpdateOperator) -> crate::operator::Operator [Supervise];
    /// A new password for an operator; their sessions end.
    set_operator_password(SetOperatorPassword) -> () [Supervise];
}
