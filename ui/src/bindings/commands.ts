// Generated from crates/core/src/api/mod.rs. Do not edit.
import type { Account } from "./Account";
import type { AccountRef } from "./AccountRef";
import type { AddAccount } from "./AddAccount";
import type { AppInfo } from "./AppInfo";
import type { ConnectionCheck } from "./ConnectionCheck";
import type { Conversation } from "./Conversation";
import type { ConversationPage } from "./ConversationPage";
import type { ConversationRef } from "./ConversationRef";
import type { Empty } from "./Empty";
import type { GetThread } from "./GetThread";
import type { ListConversations } from "./ListConversations";
import type { MediaContent } from "./MediaContent";
import type { MediaRef } from "./MediaRef";
import type { Message } from "./Message";
import type { MessageRef } from "./MessageRef";
import type { PublicAddress } from "./PublicAddress";
import type { RenameContact } from "./RenameContact";
import type { Search } from "./Search";
import type { SearchHit } from "./SearchHit";
import type { SendMessage } from "./SendMessage";
import type { SetPublicAddress } from "./SetPublicAddress";
import type { SyncStatus } from "./SyncStatus";
import type { Thread } from "./Thread";
import type { UploadMedia } from "./UploadMedia";
import type { UploadedMedia } from "./UploadedMedia";
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
  /** URLs to give the gateway. For supervisors (enforced once team roles arrive). */
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
};

export type Command = keyof Commands;
