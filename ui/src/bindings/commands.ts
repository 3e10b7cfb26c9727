// Generated from crates/core/src/api/mod.rs. Do not edit.
import type { Account } from "./Account";
import type { AccountRef } from "./AccountRef";
import type { Activity } from "./Activity";
import type { AddAccount } from "./AddAccount";
import type { AddNote } from "./AddNote";
import type { AddOperator } from "./AddOperator";
import type { ApiKeyInfo } from "./ApiKeyInfo";
import type { AppInfo } from "./AppInfo";
import type { AssignConversation } from "./AssignConversation";
import type { AuditPage } from "./AuditPage";
import type { AuditQuery } from "./AuditQuery";
import type { Board } from "./Board";
import type { BulkOutcome } from "./BulkOutcome";
import type { BulkUpdate } from "./BulkUpdate";
import type { BusinessHours } from "./BusinessHours";
import type { CannedRef } from "./CannedRef";
import type { CannedReply } from "./CannedReply";
import type { ChangePassword } from "./ChangePassword";
import type { ConnectionCheck } from "./ConnectionCheck";
import type { ContactCard } from "./ContactCard";
import type { ContactField } from "./ContactField";
import type { Conversation } from "./Conversation";
import type { ConversationPage } from "./ConversationPage";
import type { ConversationRef } from "./ConversationRef";
import type { CreateApiKey } from "./CreateApiKey";
import type { CredentialRef } from "./CredentialRef";
import type { Empty } from "./Empty";
import type { Episode } from "./Episode";
import type { ExportTable } from "./ExportTable";
import type { ExportTranscript } from "./ExportTranscript";
import type { FieldRef } from "./FieldRef";
import type { GetThread } from "./GetThread";
import type { ImportOutcome } from "./ImportOutcome";
import type { ImportTemplates } from "./ImportTemplates";
import type { ListConversations } from "./ListConversations";
import type { MediaContent } from "./MediaContent";
import type { MediaRef } from "./MediaRef";
import type { Message } from "./Message";
import type { MessageRef } from "./MessageRef";
import type { NewApiKey } from "./NewApiKey";
import type { NewReview } from "./NewReview";
import type { NewTag } from "./NewTag";
import type { Operator } from "./Operator";
import type { PublicAddress } from "./PublicAddress";
import type { RenameContact } from "./RenameContact";
import type { RenderCanned } from "./RenderCanned";
import type { RenderedCanned } from "./RenderedCanned";
import type { Report } from "./Report";
import type { ReportDrill } from "./ReportDrill";
import type { ReportExport } from "./ReportExport";
import type { ReportFilter } from "./ReportFilter";
import type { Review } from "./Review";
import type { SaveCanned } from "./SaveCanned";
import type { SaveContactField } from "./SaveContactField";
import type { SaveTemplate } from "./SaveTemplate";
import type { Search } from "./Search";
import type { SearchHit } from "./SearchHit";
import type { SendMessage } from "./SendMessage";
import type { SessionInfo } from "./SessionInfo";
import type { SetAccepting } from "./SetAccepting";
import type { SetBusinessHours } from "./SetBusinessHours";
import type { SetContactField } from "./SetContactField";
import type { SetConversationStatus } from "./SetConversationStatus";
import type { SetOperatorPassword } from "./SetOperatorPassword";
import type { SetPublicAddress } from "./SetPublicAddress";
import type { SetTeamSettings } from "./SetTeamSettings";
import type { SignIn } from "./SignIn";
import type { SignedIn } from "./SignedIn";
import type { StartConversation } from "./StartConversation";
import type { SyncStatus } from "./SyncStatus";
import type { Tag } from "./Tag";
import type { TagConversation } from "./TagConversation";
import type { TagRef } from "./TagRef";
import type { TeamSettings } from "./TeamSettings";
import type { Template } from "./Template";
import type { TemplateCatalog } from "./TemplateCatalog";
import type { TemplateDraft } from "./TemplateDraft";
import type { TemplateExport } from "./TemplateExport";
import type { TemplatePreview } from "./TemplatePreview";
import type { TemplateQuery } from "./TemplateQuery";
import type { TemplateRef } from "./TemplateRef";
import type { TemplateSync } from "./TemplateSync";
import type { Thread } from "./Thread";
import type { UpdateOperator } from "./UpdateOperator";
import type { UpdateTag } from "./UpdateTag";
import type { UploadMedia } from "./UploadMedia";
import type { UploadedMedia } from "./UploadedMedia";
import type { ViewCounts } from "./ViewCounts";
import type { WebhookUrl } from "./WebhookUrl";

/** Every API command with its request and response types. */
export type Commands = {
  /** What this app is: version, operator, gateways it can talk to. */
  app_info: { request: Empty; response: AppInfo };
  /** The inbox, newest activity first, a page at a time. */
  list_conversations: { request: ListConversations; response: ConversationPage };
  /** A conversation's messages, oldest first, a page at a time (older pages via `before`). */
  get_thread: { request: GetThread; response: Thread };
  /** Queues a message; it is validated first and sent by the account's outbox. */
  send_message: { request: SendMessage; response: Message };
  /** Queues a failed or unconfirmed message again. */
  retry_message: { request: MessageRef; response: Message };
  /** Takes an unconfirmed, failed or waiting (not being sent) message out of the outbox for */
  /** good; it stays in the thread, marked discarded. Cancelling a waiting message is this. */
  discard_message: { request: MessageRef; response: Message };
  /** Sends a waiting message now instead of at its next attempt (lifting its account's */
  /** pause); it still goes after earlier messages to the same customer. */
  send_now: { request: MessageRef; response: Message };
  /** Marks a conversation read. */
  mark_read: { request: ConversationRef; response: Conversation };
  /** Names a conversation's contact, in the gateway's address book too where it keeps one. */
  rename_contact: { request: RenameContact; response: Conversation };
  /** Full-text search over message text. */
  search: { request: Search; response: Array<SearchHit> };
  list_accounts: { request: Empty; response: Array<Account> };
  /** Adds a gateway account; its secret goes to the keychain, never to the database. */
  add_account: { request: AddAccount; response: Account };
  remove_account: { request: AccountRef; response: null };
  /** The URLs to give the gateway for its callbacks. */
  account_webhooks: { request: AccountRef; response: Array<WebhookUrl> };
  /** Gives an account new callback URLs (a new webhook token) when the old ones may have */
  /** been seen: the old URLs keep working for 24 hours, then are refused. Answers the new */
  /** URLs to give the gateway. */
  rotate_webhook_token: { request: AccountRef; response: Array<WebhookUrl> };
  /** Checks an account's address and credentials before it is added ("test connection"). */
  check_account: { request: AddAccount; response: ConnectionCheck };
  /** How a polled account's sync stands: last poll, last error, backfill progress. */
  sync_status: { request: AccountRef; response: SyncStatus };
  /** Stores a local file for sending: checked against the gateway's types and sizes, then */
  /** served to the gateway at the answered public URL until it expires. */
  upload_media: { request: UploadMedia; response: UploadedMedia };
  /** A message's media file for display: state, note, and the bytes once cached. */
  media_content: { request: MediaRef; response: MediaContent };
  /** Downloads a message's failed media again. */
  retry_media: { request: MediaRef; response: Message };
  /** Where gateways reach this app, the tunnel's state, each account's callback URLs. */
  public_address: { request: Empty; response: PublicAddress };
  /** Changes the public address (local, own URL, or tunnel); callbacks of messages sent */
  /** from then on use the new address. */
  set_public_address: { request: SetPublicAddress; response: PublicAddress };
  /** Gives a conversation to an operator, or to nobody. */
  assign_conversation: { request: AssignConversation; response: Conversation };
  /** The team's settings: who sees what. */
  team_settings: { request: Empty; response: TeamSettings };
  /** Changes some of the team's settings (what is absent stays); answers them all. */
  set_team_settings: { request: SetTeamSettings; response: TeamSettings };
  /** Sets a conversation's status: open, pending (waiting on the customer), snoozed until a */
  /** time (then open again by itself), resolved. The customer writing reopens it. */
  set_conversation_status: { request: SetConversationStatus; response: Conversation };
  /** A conversation's activity lines: who assigned, resolved, snoozed or reopened it, when. */
  conversation_activity: { request: ConversationRef; response: Array<Activity> };
  /** Adds an internal note, never sent to the customer; `@login` tells those operators. */
  add_note: { request: AddNote; response: Activity };
  /** The caller takes a conversation: an unassigned one, or a colleague's where the team lets */
  /** managers take over (supervisors always may). Logged either way. */
  take_conversation: { request: ConversationRef; response: Conversation };
  /** The caller starts or stops taking new chats (auto-assignment skips those who do not). */
  set_accepting: { request: SetAccepting; response: Operator };
  list_tags: { request: Empty; response: Array<Tag> };
  /** Adds a tag to the team's list: supervisors, and managers where the team allows. */
  create_tag: { request: NewTag; response: Tag };
  update_tag: { request: UpdateTag; response: Tag };
  /** Deletes a tag, taking it off every conversation. */
  delete_tag: { request: TagRef; response: null };
  /** Puts a tag on a conversation or takes it off. */
  tag_conversation: { request: TagConversation; response: Conversation };
  /** The caller's own canned replies and the team's. */
  list_canned: { request: Empty; response: Array<CannedReply> };
  /** Adds or changes a canned reply: one's own, or the team's (supervisors). */
  save_canned: { request: SaveCanned; response: CannedReply };
  delete_canned: { request: CannedRef; response: null };
  /** A canned reply filled in for a conversation, with the variables that have no value. */
  render_canned: { request: RenderCanned; response: RenderedCanned };
  /** An account's templates: the gateway's as last refreshed, or those registered here. */
  /** Refused for gateways that send no templates. */
  list_templates: { request: TemplateQuery; response: TemplateCatalog };
  /** What the customer would see of a template message being written, what the template */
  /** takes, and each field's problems; the form asks again as the manager types. */
  preview_template: { request: TemplateDraft; response: TemplatePreview };
  /** Adds or changes a registered template (gateways that list none of their own). */
  save_template: { request: SaveTemplate; response: Template };
  /** Takes a registered template out of the catalog. */
  delete_template: { request: TemplateRef; response: null };
  /** Registers the templates of a JSON file: all or nothing, with each entry's problems; */
  /** importing the same file again changes nothing. */
  import_templates: { request: ImportTemplates; response: ImportOutcome };
  /** An account's registered templates as the JSON file `import_templates` reads. */
  export_templates: { request: AccountRef; response: TemplateExport };
  /** Refreshes an account's templates from the gateway now; a failure keeps the list. */
  sync_templates: { request: AccountRef; response: TemplateSync };
  /** A conversation's contact: name, phone, custom fields, every conversation with them. */
  contact_card: { request: ConversationRef; response: ContactCard };
  set_contact_field: { request: SetContactField; response: ContactCard };
  list_contact_fields: { request: Empty; response: Array<ContactField> };
  /** Defines a custom contact field, or changes one. */
  save_contact_field: { request: SaveContactField; response: ContactField };
  /** Deletes a custom field with every contact's value of it. */
  delete_contact_field: { request: FieldRef; response: null };
  /** The sidebar's counts for the caller's views. */
  view_counts: { request: Empty; response: ViewCounts };
  /** Assigns, tags, untags or sets the status of several conversations at once. */
  bulk_update: { request: BulkUpdate; response: BulkOutcome };
  /** Writes first to a customer (a phone in any common form) from an account. */
  start_conversation: { request: StartConversation; response: Conversation };
  /** The figures for a period and filters: cards, a row per operator, a row per day. A */
  /** manager gets only their own. */
  report: { request: ReportFilter; response: Report };
  /** The conversations behind one number of the report. */
  report_conversations: { request: ReportDrill; response: Array<Conversation> };
  /** One row per episode in the period. */
  report_episodes: { request: ReportFilter; response: Array<Episode> };
  /** The report as a table to save (the operators', or one row per episode); audited. */
  export_report: { request: ReportExport; response: ExportTable };
  /** The team's business hours (none: calendar time only). */
  business_hours: { request: Empty; response: BusinessHours | null };
  /** Sets or clears the business hours; reports recompute the past with them. */
  set_business_hours: { request: SetBusinessHours; response: BusinessHours | null };
  /** A conversation's transcript as a table, to save as CSV or print (audited, with which). */
  export_transcript: { request: ExportTranscript; response: ExportTable };
  /** Scores a conversation 1–5 with a comment; never marks anything read. */
  review_conversation: { request: NewReview; response: Review };
  conversation_reviews: { request: ConversationRef; response: Array<Review> };
  /** The audit log, newest first, filtered; nothing edits or deletes an entry. */
  audit_log: { request: AuditQuery; response: AuditPage };
  /** The audit entries a query finds, as a table to save (itself audited). */
  export_audit: { request: AuditQuery; response: ExportTable };
  /** Who is accepting chats, open conversations per manager, customers waiting longest. */
  live_board: { request: Empty; response: Board };
  /** Signs in with a login and password: a new session and its token (shown once). Wrong */
  /** logins and passwords are answered alike; after a few failures, attempts wait. */
  sign_in: { request: SignIn; response: SignedIn };
  /** Ends the session the request came with (with an API key there is none: nothing to do). */
  sign_out: { request: Empty; response: null };
  /** The caller's own sessions. */
  list_sessions: { request: Empty; response: Array<SessionInfo> };
  /** Ends one of the caller's own sessions. */
  revoke_session: { request: CredentialRef; response: null };
  /** The caller's own API keys (never their tokens). */
  list_api_keys: { request: Empty; response: Array<ApiKeyInfo> };
  /** A new API key of the caller's; its token is shown in this answer only. */
  create_api_key: { request: CreateApiKey; response: NewApiKey };
  revoke_api_key: { request: CredentialRef; response: null };
  /** The caller's new password, given the current one; their other sessions end. */
  change_password: { request: ChangePassword; response: null };
  list_operators: { request: Empty; response: Array<Operator> };
  add_operator: { request: AddOperator; response: Operator };
  /** Renames, gives a role to, disables or enables an operator; disabling ends their */
  /** sessions. Nobody disables or demotes themselves or the last supervisor who can sign in. */
  update_operator: { request: UpdateOperator; response: Operator };
  /** A new password for an operator; their sessions end. */
  set_operator_password: { request: SetOperatorPassword; response: null };
};

export type Command = keyof Commands;
