// The open conversation: its messages (oldest first, older pages on demand), what the manager
// does in it (send, attach, retry, discard, send now), and marking it read.
import type { Activity } from '../bindings/Activity';
import type { ContactCard } from '../bindings/ContactCard';
import type { Conversation } from '../bindings/Conversation';
import type { ConversationStatus } from '../bindings/ConversationStatus';
import type { MediaContent } from '../bindings/MediaContent';
import type { Message } from '../bindings/Message';
import type { ThreadCursor } from '../bindings/ThreadCursor';
import { Latest, LiveLog } from '../lib/liveLog';
import { toBase64 } from '../lib/media';
import { sees } from '../lib/roles';
import { appendNewer, applyLive, prependOlder } from '../lib/thread';
import type { MessageAction } from '../lib/ticks';
import { cardConcerns } from '../lib/contactCard';
import { addActivity } from '../lib/workflow';
import { changeId, mergeConversation, type ConversationChange } from '../lib/unread';
import { PAGE } from './inbox.svelte';
import type { Session } from './session.svelte';

export interface OpenThread {
  conversation: Conversation;
  messages: readonly Message[];
  next: ThreadCursor | null;
  /** Where newer messages start when the page shown does not reach the newest (opened at a
   * search hit); null at the newest. */
  newer: ThreadCursor | null;
  /** The message it was opened at (a search hit), shown marked; null: opened at the newest. */
  focus: string | null;
  /** Its activity lines (assigned, resolved, snoozed, reopened …), oldest first. */
  activity: readonly Activity[];
}

export class ThreadStore {
  /** The conversation asked for (its thread may still be loading). */
  selectedId: number | null = $state(null);
  open: OpenThread | null = $state.raw(null);
  /** The contact card beside the thread is shown (kept from one conversation to the next). */
  cardOpen = $state(false);
  /** The open conversation's contact card, once loaded (null while it loads). */
  card: ContactCard | null = $state.raw(null);

  /** Switching conversations fast: only the last one asked for is shown. */
  private readonly latest = new Latest();
  private readonly markingRead = new Set<number>();
  /** Activity that arrived live while the open thread's activity was being fetched. */
  private readonly activityLog = new LiveLog<Activity>();
  /** Only the last contact card asked for is shown. */
  private readonly latestCard = new Latest();
  /** A card load under way, and whether something changed meanwhile (load once more). */
  private cardLoading = false;
  private cardStale = false;
  /** Where the next opening of a conversation starts: at this message (a search hit). */
  private target: { conversationId: number; messageId: string } | null = null;

  constructor(
    private readonly session: Session,
    private readonly messages: LiveLog<Message>,
    private readonly conversations: LiveLog<ConversationChange>,
    /** A conversation an answer brought (mark_read, assign): the inbox and this thread both take it. */
    private readonly answered: (conversation: Conversation) => void,
    /** The open conversation was given to someone else and this operator may no longer see it. */
    private readonly lost: (conversation: Conversation) => void = () => {},
    private readonly visible: () => boolean = () => document.visibilityState === 'visible',
  ) {}

  /** Lays a recorded change over a conversation, if it is about that one. */
  private static over(conversation: Conversation, change: ConversationChange): Conversation {
    return changeId(change) === conversation.id ? (mergeConversation(conversation, change) ?? conversation) : conversation;
  }

  /** Opens a conversation at one of its messages: the page around it, the message marked. */
  openAt(conversationId: number, messageId: string): void {
    this.target = { conversationId, messageId };
    // Already open: the address does not change, so no screen will ask again.
    if (this.selectedId === conversationId) void this.select(conversationId);
  }

  async select(id: number): Promise<void> {
    this.selectedId = id;
    const around = this.target?.conversationId === id ? this.target.messageId : null;
    this.target = null;
    const current = this.latest.begin();
    if (this.open?.conversation.id !== id) {
      this.open = null;
      this.card = null;
    }
    try {
      const api = this.session.api();
      const request = api.call('get_thread', { conversation_id: id, limit: PAGE, ...(around ? { around } : {}) });
      // Activity lines, with what arrives live meanwhile (a failure is told, and no lines shown).
      const activity = this.activityLog
        .settle(
          api.call('conversation_activity', { conversation_id: id }),
          (list) => addActivity([], list, id),
          (list, a) => addActivity(list, [a], id),
        )
        .catch((e: unknown) => {
          if (current()) this.session.fail(e);
          return [] as readonly Activity[];
        });
      // Messages and the conversation itself may both change while the page is on its way.
      const withMessages = this.messages.settle(
        request,
        (t): OpenThread => ({
          conversation: t.conversation,
          messages: t.messages,
          next: t.next,
          // A server from before issue 14 says nothing of newer pages: its first page is the newest.
          newer: t.newer ?? null,
          focus: around,
          activity: [],
        }),
        (open, m) => ({ ...open, messages: applyLive(open.messages, m, id, open.newer === null) }),
      );
      const open = await this.conversations.settle(
        withMessages,
        (open) => open,
        (open, change) => ({ ...open, conversation: ThreadStore.over(open.conversation, change) }),
      );
      if (!current()) return;
      // The messages are shown at once; the activity lines join them when they come (live
      // ones meanwhile are on `this.open` already).
      const shown = this.open?.conversation.id === id ? this.open.activity : [];
      this.open = { ...open, activity: shown };
      this.markRead(open.conversation);
      if (this.cardOpen) void this.loadCard();
      void activity.then((lines) => {
        const now = this.open;
        if (current() && now?.conversation.id === id) this.open = { ...now, activity: addActivity(now.activity, lines, id) };
      });
    } catch (e) {
      if (current()) this.session.fail(e);
    }
  }

  close(): void {
    this.latest.begin();
    this.latestCard.begin();
    this.selectedId = null;
    this.open = null;
    this.card = null;
  }

  /** Loads again what is shown (after a resync). */
  reload(): void {
    if (this.selectedId !== null) void this.select(this.selectedId);
  }

  async loadOlder(): Promise<void> {
    const open = this.open;
    if (!open || open.next === null) return;
    const current = this.latest.peek();
    try {
      const t = await this.session.api().call('get_thread', {
        conversation_id: open.conversation.id,
        before: open.next,
        limit: PAGE,
      });
      if (!current() || !this.open) return;
      this.open = { ...this.open, messages: prependOlder(this.open.messages, t.messages), next: t.next };
    } catch (e) {
      this.session.fail(e);
    }
  }

  /** Newer messages below a thread opened at a search hit. */
  async loadNewer(): Promise<void> {
    const open = this.open;
    if (!open || open.newer === null) return;
    const current = this.latest.peek();
    try {
      const t = await this.session.api().call('get_thread', {
        conversation_id: open.conversation.id,
        after: open.newer,
        limit: PAGE,
      });
      if (!current() || !this.open) return;
      this.open = { ...this.open, messages: appendNewer(this.open.messages, t.messages), newer: t.newer ?? null };
    } catch (e) {
      this.session.fail(e);
    }
  }

  /** A live or answered message: shown if it belongs to the open thread (and the part of it
   * shown reaches that far). */
  apply(message: Message): void {
    const open = this.open;
    if (!open || open.conversation.id !== message.conversation_id) return;
    const messages = applyLive(open.messages, message, open.conversation.id, open.newer === null);
    if (messages !== open.messages) this.open = { ...open, messages };
  }

  /** A live activity line: shown if it belongs to the open thread (once, by id). */
  applyActivity(activity: Activity): void {
    this.activityLog.record(activity);
    // A field set, a tag put on: the card beside it shows it (notes change nothing there).
    const card = this.card;
    if (
      this.cardOpen &&
      card &&
      activity.change.kind !== 'note' &&
      card.conversations.some((c) => c.id === activity.conversation_id)
    ) {
      void this.loadCard();
    }
    const open = this.open;
    if (!open || open.conversation.id !== activity.conversation_id) return;
    const lines = addActivity(open.activity, [activity], open.conversation.id);
    if (lines !== open.activity) this.open = { ...open, activity: lines };
  }

  /** Resolves, marks pending, snoozes (until a time) or reopens the open conversation. */
  async setStatus(status: ConversationStatus, until?: Date): Promise<boolean> {
    const open = this.open;
    if (!open) return false;
    try {
      const request = this.session.api().call('set_conversation_status', {
        conversation_id: open.conversation.id,
        status,
        ...(until ? { snoozed_until: until.toISOString() } : {}),
      });
      this.answered(await this.conversations.settle(request, (c) => c, ThreadStore.over));
      return true;
    } catch (e) {
      this.session.fail(e);
      return false;
    }
  }

  /** A live or answered change to a conversation: the header follows, and it is read if shown. */
  applyChange(change: ConversationChange): void {
    // A conversation with the card's contact changed (a new one, a status, a tag, a name).
    if (this.cardOpen && this.card && change.kind !== 'read' && cardConcerns(this.card, change.conversation)) {
      void this.loadCard();
    }
    const open = this.open;
    if (!open || open.conversation.id !== changeId(change)) return;
    const conversation = ThreadStore.over(open.conversation, change);
    if (conversation === open.conversation) return;
    const viewer = this.session.viewer;
    if (viewer && !sees(viewer, conversation.assignee)) {
      this.close();
      this.lost(conversation);
      return;
    }
    this.open = { ...open, conversation };
    this.markRead(conversation);
  }

  /** An open conversation is read while the window is visible (for this operator only). */
  markRead(conversation: Conversation): void {
    if (conversation.unread === 0 || !this.visible() || this.markingRead.has(conversation.id)) return;
    this.markingRead.add(conversation.id);
    this.conversations
      .settle(this.session.api().call('mark_read', { conversation_id: conversation.id }), (c) => c, ThreadStore.over)
      .then(this.answered, this.session.fail)
      .finally(() => this.markingRead.delete(conversation.id));
  }

  /** Gives the open conversation to an operator, or to nobody (supervisors). */
  async assign(operatorId: number | null): Promise<boolean> {
    const open = this.open;
    if (!open) return false;
    try {
      const request = this.session
        .api()
        .call('assign_conversation', { conversation_id: open.conversation.id, operator_id: operatorId });
      this.answered(await this.conversations.settle(request, (c) => c, ThreadStore.over));
      return true;
    } catch (e) {
      this.session.fail(e);
      return false;
    }
  }

  /** Takes the open conversation (unassigned, or a colleague's where the team allows). */
  async take(): Promise<boolean> {
    const open = this.open;
    if (!open) return false;
    return this.changeConversation(() =>
      this.session.api().call('take_conversation', { conversation_id: open.conversation.id }),
    );
  }

  /** Puts a tag on the open conversation or takes it off. */
  async tag(tagId: number, tagged: boolean): Promise<boolean> {
    const open = this.open;
    if (!open) return false;
    return this.changeConversation(() =>
      this.session.api().call('tag_conversation', { conversation_id: open.conversation.id, tag_id: tagId, tagged }),
    );
  }

  /** A request answering the conversation: shown in the header and the inbox, never over a
   * newer live state; a refusal is told. */
  private async changeConversation(request: () => Promise<Conversation>): Promise<boolean> {
    try {
      this.answered(await this.conversations.settle(request(), (c) => c, ThreadStore.over));
      return true;
    } catch (e) {
      this.session.fail(e);
      return false;
    }
  }

  /** Shows or hides the contact card (loading it when shown). */
  toggleCard(): void {
    this.cardOpen = !this.cardOpen;
    if (this.cardOpen) void this.loadCard();
  }

  /** Loads the open conversation's contact card again (once at a time; once more if asked meanwhile). */
  async loadCard(): Promise<void> {
    const open = this.open;
    if (!open || !this.cardOpen) return;
    if (this.cardLoading) {
      this.cardStale = true;
      return;
    }
    const id = open.conversation.id;
    const current = this.latestCard.begin();
    this.cardLoading = true;
    this.cardStale = false;
    try {
      const card = await this.session.api().call('contact_card', { conversation_id: id });
      if (current() && this.open?.conversation.id === id) this.card = card;
    } catch (e) {
      if (current()) this.session.fail(e);
    } finally {
      this.cardLoading = false;
    }
    if (this.cardStale) void this.loadCard();
  }

  /** Sets (or clears, with blank) a custom field of the open conversation's contact; rejects
   * with the server's reason for the card to show beside the field. */
  async setField(fieldId: number, value: string): Promise<void> {
    const open = this.open;
    if (!open) return;
    const trimmed = value.trim();
    const card = await this.session.api().call('set_contact_field', {
      conversation_id: open.conversation.id,
      field_id: fieldId,
      value: trimmed === '' ? null : trimmed,
    });
    this.latestCard.begin();
    if (this.open?.conversation.id === open.conversation.id) this.card = card;
  }

  /** Applies the message an action answered with, never over a newer live state. */
  private async act(request: () => Promise<Message>): Promise<boolean> {
    try {
      const apply = (m: Message) => this.apply(m);
      await this.messages.settle(request(), apply, (_, m) => apply(m));
      return true;
    } catch (e) {
      this.session.fail(e);
      return false;
    }
  }

  /** Sent from a thread opened deep in its history: the end is shown, where the message went. */
  private async toNewest(sent: Promise<boolean>): Promise<boolean> {
    const ok = await sent;
    const open = this.open;
    if (ok && open && open.newer !== null && this.selectedId === open.conversation.id) void this.select(open.conversation.id);
    return ok;
  }

  send(text: string): Promise<boolean> {
    const open = this.open;
    if (!open) return Promise.resolve(false);
    return this.toNewest(this.act(() =>
      this.session.api().call('send_message', {
        account_id: open.conversation.account_id,
        to: open.conversation.contact.phone,
        content: { kind: 'text', text },
      }),
    ));
  }

  /** Adds an internal note to the open conversation (never sent); true when it was kept. */
  async addNote(text: string): Promise<boolean> {
    const open = this.open;
    if (!open) return false;
    try {
      const activity = await this.session.api().call('add_note', { conversation_id: open.conversation.id, text });
      this.applyActivity(activity);
      return true;
    } catch (e) {
      this.session.fail(e);
      return false;
    }
  }

  /** Uploads a local file, then sends it with the typed text as its caption. */
  sendFile(file: File, caption: string): Promise<boolean> {
    const open = this.open;
    if (!open) return Promise.resolve(false);
    const api = this.session.api();
    return this.toNewest(this.act(async () => {
      const uploaded = await api.call('upload_media', {
        account_id: open.conversation.account_id,
        name: file.name,
        mime: file.type || undefined,
        data_base64: toBase64(new Uint8Array(await file.arrayBuffer())),
      });
      return api.call('send_message', {
        account_id: open.conversation.account_id,
        to: open.conversation.contact.phone,
        content: {
          kind: 'media',
          url: uploaded.url,
          mime: uploaded.mime,
          name: uploaded.name,
          caption: caption.trim() === '' ? null : caption,
        },
      });
    }));
  }

  /** Retry, discard, send now or cancel (a queued message's cancel is a discard). */
  async perform(action: MessageAction, id: string): Promise<void> {
    const api = this.session.api();
    switch (action) {
      case 'retry':
        await this.act(() => api.call('retry_message', { id }));
        break;
      case 'send_now':
        await this.act(() => api.call('send_now', { id }));
        break;
      case 'discard':
      case 'cancel':
        await this.act(() => api.call('discard_message', { id }));
        break;
    }
  }

  loadMedia(id: string): Promise<MediaContent> {
    return this.session.api().call('media_content', { message_id: id });
  }

  async retryMedia(id: string): Promise<void> {
    await this.act(() => this.session.api().call('retry_media', { message_id: id }));
  }
}
