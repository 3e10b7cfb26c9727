// The search palette's state: what is typed, the results once the typing pauses (only the
// answer to the latest text is shown), and the result the arrow keys are on.
import { groupResults, moveActive, resultItems, type ResultItem, type SearchGroup } from '../lib/search';
import { Latest } from '../lib/liveLog';
import { normalQuery } from '../lib/views';
import type { Session } from './session.svelte';

/** How long typing pauses before the search runs. */
const DELAY_MS = 200;
/** Conversations the inbox search lists, and messages found at most. */
const CONVERSATIONS = 8;
const MESSAGES = 50;

export class SearchStore {
  typed = $state('');
  /** The text the results answer; '' before any search. */
  searched = $state('');
  groups: readonly SearchGroup[] = $state.raw([]);
  items: readonly ResultItem[] = $state.raw([]);
  active = $state(0);
  loading = $state(false);

  private readonly latest = new Latest();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly session: Session) {}

  type(text: string): void {
    this.typed = text;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run(text);
    }, DELAY_MS);
  }

  /** Searches for `text` now: names and phones (in any form) and message text. */
  async run(text: string): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const query = normalQuery(text);
    const current = this.latest.begin();
    if (query === '') {
      this.searched = '';
      this.groups = [];
      this.items = [];
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const api = this.session.api();
      const [page, hits] = await Promise.all([
        api.call('list_conversations', { query, limit: CONVERSATIONS }),
        api.call('search', { query, limit: MESSAGES }),
      ]);
      if (!current()) return;
      this.groups = groupResults(page.conversations, hits);
      this.items = resultItems(this.groups);
      // On the first message found, if any: what the search was most likely for.
      const firstHit = this.items.findIndex((i) => i.messageId !== null);
      this.active = firstHit === -1 ? 0 : firstHit;
      this.searched = query;
    } catch (e) {
      if (current()) this.session.fail(e);
    } finally {
      if (current()) this.loading = false;
    }
  }

  move(by: 1 | -1): void {
    this.active = moveActive(this.active, by, this.items.length);
  }

  get chosen(): ResultItem | null {
    return this.items[this.active] ?? null;
  }

  /** Stops a search waiting for the typing to pause (the palette closed). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.latest.begin();
  }
}
