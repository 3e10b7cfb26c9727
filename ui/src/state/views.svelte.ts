// The inbox list's tools: the view chosen (kept in the address), the search box, the live
// counts beside the views, the operator's own "accepting new chats" switch, starting a
// conversation, and a supervisor's actions on several conversations at once (lib/views.ts).
import type { BulkAction } from '../bindings/BulkAction';
import type { Conversation } from '../bindings/Conversation';
import type { ViewCounts } from '../bindings/ViewCounts';
import type { Said } from '../i18n';
import { displayName } from '../lib/inbox';
import { Latest } from '../lib/liveLog';
import { ApiFailure } from '../lib/transport';
import {
  DEFAULT_VIEW,
  keepShown,
  normalQuery,
  parseView,
  sameView,
  toggled,
  toggledAll,
  viewFilter,
  viewKey,
  type View,
} from '../lib/views';
import type { InboxStore } from './inbox.svelte';
import { router } from './router.svelte';
import type { Session } from './session.svelte';

/** How long counts wait for more events before asking (a burst asks once). */
export const COUNTS_DELAY_MS = 250;
/** How long the search box waits for the typing to pause. */
export const SEARCH_DELAY_MS = 300;
/** The address's parameter that names the view. */
const VIEW_PARAM = 'view';

export class ViewsStore {
  view: View = $state.raw(DEFAULT_VIEW);
  /** The search box as typed. */
  typed = $state('');
  /** The search the list shows (the typed text once the typing paused). */
  query = $state('');
  counts: ViewCounts | null = $state.raw(null);
  /** The last counts request failed: the badges show what they had. */
  countsFailed = $state(false);
  /** `set_accepting` is under way. */
  accepting = $state(false);

  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  private countsLoading = false;
  private countsAgain = false;
  private readonly countsLatest = new Latest();
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly session: Session,
    private readonly inbox: InboxStore,
    /** An answer about one conversation for this operator: recorded and shown everywhere. */
    private readonly answered: (conversation: Conversation) => void,
  ) {}

  /** Shows another view (the search stays). */
  choose(view: View): void {
    if (sameView(view, this.view)) return;
    this.view = view;
    router.setParam(VIEW_PARAM, sameView(view, DEFAULT_VIEW) ? null : viewKey(view));
    void this.inbox.show(viewFilter(this.view, this.query));
  }

  /**
   * The address named a view (reloaded, back or forward): shows it. An address without one (a
   * link followed) keeps the view shown and names it again.
   */
  follow(key: string | null): void {
    const view = parseView(key);
    if (view !== null) {
      this.choose(view);
    } else if (!sameView(this.view, DEFAULT_VIEW)) {
      router.setParam(VIEW_PARAM, viewKey(this.view));
    }
  }

  /** The view the address names, before the first load (so the first page is of it). */
  start(): void {
    const view = parseView(router.param(VIEW_PARAM));
    this.view = view ?? DEFAULT_VIEW;
    this.inbox.filter = viewFilter(this.view, this.query);
  }

  /** The search box changed: the list follows once the typing pauses. */
  type(text: string): void {
    this.typed = text;
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      this.search(text);
    }, SEARCH_DELAY_MS);
  }

  /** Searches at once (Enter, the clear button). */
  search(text: string): void {
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    this.typed = text;
    const query = normalQuery(text);
    if (query === this.query) return;
    this.query = query;
    void this.inbox.show(viewFilter(this.view, this.query));
  }

  /**
   * A tag or an account went away: a view of it shows the default instead (and says so by
   * answering true: the list is loading). Null: that list is not known, nothing to check.
   */
  keepValid(tagIds: readonly number[] | null, accountIds: readonly number[] | null): boolean {
    const v = this.view;
    const gone =
      (v.kind === 'tag' && tagIds !== null && !tagIds.includes(v.id)) ||
      (v.kind === 'account' && accountIds !== null && !accountIds.includes(v.id));
    if (gone) this.choose(DEFAULT_VIEW);
    return gone;
  }

  /** Counts again soon: events in a burst ask once, and one request at a time. */
  refreshCounts(): void {
    if (this.countsTimer !== null) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      void this.loadCounts();
    }, COUNTS_DELAY_MS);
  }

  async loadCounts(): Promise<void> {
    if (this.countsLoading) {
      this.countsAgain = true;
      return;
    }
    this.countsLoading = true;
    const current = this.countsLatest.peek();
    try {
      const counts = await this.session.api().call('view_counts', {});
      if (!current()) return;
      this.counts = counts;
      this.countsFailed = false;
    } catch (e) {
      // Counts are asked for in the background, on every change: a failure marks the badges
      // stale rather than covering the screen with notices (an ended session still signs out).
      if (current()) this.countsFailed = ApiFailure.from(e).code !== 'unauthorized';
    } finally {
      this.countsLoading = false;
      if (this.countsAgain && current()) {
        this.countsAgain = false;
        this.refreshCounts();
      }
    }
  }

  /** The operator takes new chats or stops; the switch shows the server's answer. */
  async setAccepting(accepting: boolean): Promise<void> {
    if (this.accepting) return;
    this.accepting = true;
    try {
      const operator = await this.session.api().call('set_accepting', { accepting });
      const info = this.session.appInfo;
      if (info && info.operator.id === operator.id) this.session.appInfo = { ...info, operator };
    } catch (e) {
      this.session.fail(e);
    } finally {
      this.accepting = false;
    }
  }

  /** Writes first to a customer; rejects with the server's reason (shown in the dialog). */
  async startConversation(accountId: number, phone: string, text: string): Promise<Conversation> {
    const conversation = await this.session
      .api()
      .call('start_conversation', { account_id: accountId, phone: phone.trim(), content: { kind: 'text', text } });
    this.answered(conversation);
    this.refreshCounts();
    return conversation;
  }

  /** Forgets the view, the search and the counts (signed out). */
  reset(): void {
    this.countsLatest.begin();
    if (this.countsTimer !== null) clearTimeout(this.countsTimer);
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.countsTimer = null;
    this.searchTimer = null;
    this.countsAgain = false;
    this.counts = null;
    this.countsFailed = false;
    this.typed = '';
    this.query = '';
    this.view = DEFAULT_VIEW;
    router.setParam(VIEW_PARAM, null);
  }
}

/** One conversation a bulk action could not change, and why. */
export interface BulkFailureShown {
  id: number;
  /** The contact as the row showed it (customer text: rendered as text). */
  name: string;
  said: Said;
}

export interface BulkResult {
  updated: number;
  failed: BulkFailureShown[];
}

/** A supervisor's selection of rows and the actions on it. */
export class BulkStore {
  selecting = $state(false);
  selected: ReadonlySet<number> = $state.raw(new Set());
  busy = $state(false);
  result: BulkResult | null = $state.raw(null);

  constructor(
    private readonly session: Session,
    private readonly answered: (conversation: Conversation) => void,
    private readonly changed: () => void,
  ) {}

  begin(): void {
    this.selecting = true;
    this.selected = new Set();
    this.result = null;
  }

  end(): void {
    this.selecting = false;
    this.selected = new Set();
    this.result = null;
  }

  toggle(id: number): void {
    this.selected = toggled(this.selected, id);
  }

  toggleAll(shown: readonly Conversation[]): void {
    this.selected = toggledAll(this.selected, shown);
  }

  /** Applies an action to the rows selected and still shown; the outcome stays on screen. */
  async apply(action: BulkAction, shown: readonly Conversation[]): Promise<void> {
    const ids = [...keepShown(this.selected, shown)];
    if (ids.length === 0 || this.busy) return;
    this.busy = true;
    try {
      const outcome = await this.session.api().call('bulk_update', { conversation_ids: ids, action });
      for (const c of outcome.updated) this.answered(c);
      const names = new Map(shown.map((c) => [c.id, displayName(c.contact)]));
      this.result = {
        updated: outcome.updated.length,
        failed: outcome.failed.map((f) => ({
          id: f.conversation_id,
          name: names.get(f.conversation_id) ?? `#${f.conversation_id}`,
          said: ApiFailure.from(f.error).said,
        })),
      };
      // What failed stays selected, to try again or look at.
      this.selected = new Set(outcome.failed.map((f) => f.conversation_id));
      this.changed();
    } catch (e) {
      this.session.fail(e);
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.end();
    this.busy = false;
  }
}
