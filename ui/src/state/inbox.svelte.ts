// The conversation list of the view chosen (lib/views.ts): pages by keyset cursor, live changes
// merged in place with each operator's own unread count (lib/unread.ts), coming in and going
// out as they fit the view or no longer do.
import type { Conversation } from '../bindings/Conversation';
import { appendPage, applyChange, totalUnread, type Inbox } from '../lib/inbox';
import { Latest, type LiveLog } from '../lib/liveLog';
import { changeId, mergeConversation, type ConversationChange } from '../lib/unread';
import type { ListFilter } from '../lib/views';
import type { Session } from './session.svelte';

export const PAGE = 50;

export class InboxStore {
  inbox: Inbox = $state.raw({ conversations: [], next: null });
  loaded = $state(false);
  /** The view and search shown (everything the operator may see by default). */
  filter: ListFilter = $state.raw({});
  readonly unread: number = $derived(totalUnread(this.inbox));

  /** A reload makes answers to older page requests moot. */
  private readonly latest = new Latest();
  private loadingMore = false;
  /** Conversations whose unread count is being asked for. */
  private readonly learning = new Set<number>();

  constructor(
    private readonly session: Session,
    private readonly changes: LiveLog<ConversationChange>,
    /** An answer about one conversation for this operator: recorded and shown everywhere. */
    private readonly answered: (conversation: Conversation) => void,
  ) {}

  private readonly merge = (inbox: Inbox, change: ConversationChange): Inbox =>
    applyChange(inbox, change, this.session.viewer, this.filter);

  /** Another view's first page is on its way: the list shown (dimmed) is the one before. */
  switching = $state(false);

  /** Shows another view or search: its first page, in place of what was shown. */
  show(filter: ListFilter): Promise<void> {
    this.filter = filter;
    this.switching = true;
    return this.load();
  }

  /** The first page (at start, after a resync, for another view). */
  async load(): Promise<void> {
    const current = this.latest.begin();
    const filter = this.filter;
    try {
      const request = this.session.api().call('list_conversations', { ...filter, limit: PAGE });
      const inbox = await this.changes.settle(request, (page): Inbox => page, this.merge);
      if (!current()) return;
      this.inbox = inbox;
      this.loaded = true;
      this.switching = false;
    } catch (e) {
      if (!current()) return;
      // The list before was of another view: better none than the wrong one.
      if (this.switching) this.inbox = { conversations: [], next: null };
      this.switching = false;
      this.session.fail(e);
    }
  }

  /** The next page, as the list is scrolled. */
  async loadMore(): Promise<void> {
    const before = this.inbox.next;
    if (before === null || this.loadingMore || this.switching) return;
    this.loadingMore = true;
    const current = this.latest.peek();
    try {
      const request = this.session.api().call('list_conversations', { ...this.filter, before, limit: PAGE });
      const inbox = await this.changes.settle(request, (page) => appendPage(this.inbox, page), this.merge);
      if (current()) this.inbox = inbox;
    } catch (e) {
      this.session.fail(e);
    } finally {
      this.loadingMore = false;
    }
  }

  /** A change to one conversation: a live event, a read elsewhere, or an answer. */
  apply(change: ConversationChange): void {
    const id = changeId(change);
    const had = this.inbox.conversations.some((c) => c.id === id);
    this.inbox = this.merge(this.inbox, change);
    // First seen through a shared event: its unread count for this operator is not known.
    if (change.kind === 'shared' && !had && this.inbox.conversations.some((c) => c.id === id)) void this.learn(id);
  }

  /** Asks for a conversation as this operator sees it (their unread count). */
  async learn(id: number): Promise<void> {
    if (this.learning.has(id)) return;
    this.learning.add(id);
    try {
      const request = this.session.api().call('get_thread', { conversation_id: id, limit: 1 });
      const conversation = await this.changes.settle(
        request,
        (thread) => thread.conversation,
        (c, change) => (changeId(change) === id ? (mergeConversation(c, change) ?? c) : c),
      );
      this.answered(conversation);
    } catch {
      // Gone, or no longer this operator's to see: the next event or load says so.
    } finally {
      this.learning.delete(id);
    }
  }

  /** Forgets everything (signed out). */
  reset(): void {
    this.latest.begin();
    this.inbox = { conversations: [], next: null };
    this.loaded = false;
    this.switching = false;
    this.filter = {};
  }
}
