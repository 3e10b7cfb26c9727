// The conversation list: pages by keyset cursor, live changes merged in place.
import type { Conversation } from '../bindings/Conversation';
import { appendPage, applyConversation, totalUnread, type Inbox } from '../lib/inbox';
import { Latest, type LiveLog } from '../lib/liveLog';
import type { Session } from './session.svelte';

export const PAGE = 50;

export class InboxStore {
  inbox: Inbox = $state.raw({ conversations: [], next: null });
  loaded = $state(false);
  readonly unread: number = $derived(totalUnread(this.inbox));

  /** A reload makes answers to older page requests moot. */
  private readonly latest = new Latest();
  private loadingMore = false;

  constructor(
    private readonly session: Session,
    private readonly changes: LiveLog<Conversation>,
  ) {}

  /** The first page (at start and after a resync). */
  async load(): Promise<void> {
    const current = this.latest.begin();
    try {
      const request = this.session.api().call('list_conversations', { limit: PAGE });
      const inbox = await this.changes.settle(request, (page): Inbox => page, applyConversation);
      if (!current()) return;
      this.inbox = inbox;
      this.loaded = true;
    } catch (e) {
      this.session.fail(e);
    }
  }

  /** The next page, as the list is scrolled. */
  async loadMore(): Promise<void> {
    const before = this.inbox.next;
    if (before === null || this.loadingMore) return;
    this.loadingMore = true;
    const current = this.latest.peek();
    try {
      const request = this.session.api().call('list_conversations', { before, limit: PAGE });
      const inbox = await this.changes.settle(request, (page) => appendPage(this.inbox, page), applyConversation);
      if (current()) this.inbox = inbox;
    } catch (e) {
      this.session.fail(e);
    } finally {
      this.loadingMore = false;
    }
  }

  apply(conversation: Conversation): void {
    this.inbox = applyConversation(this.inbox, conversation);
  }
}
