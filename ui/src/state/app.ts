// The stores, wired together: one instance for the page. Live events go to the store that owns
// what changed, after being recorded for requests under way (see lib/liveLog.ts); conversation
// changes keep each operator's own unread count (lib/unread.ts).
import type { Account } from '../bindings/Account';
import type { Conversation } from '../bindings/Conversation';
import type { Event } from '../bindings/Event';
import type { Message } from '../bindings/Message';
import { LiveLog } from '../lib/liveLog';
import { ApiFailure, startTransport, type DesktopState } from '../lib/transport';
import type { ConversationChange } from '../lib/unread';
import { Accounts } from './accounts.svelte';
import { CatalogStore } from './catalog.svelte';
import { InboxStore } from './inbox.svelte';
import { MentionsStore } from './mentions.svelte';
import { PublicAddressStore } from './publicAddress.svelte';
import { paths, router } from './router.svelte';
import { Session, type Gate } from './session.svelte';
import { TeamStore } from './team.svelte';
import { catalogChanged } from './templates.svelte';
import { ThreadStore } from './thread.svelte';
import { BulkStore, ViewsStore } from './views.svelte';

/** How soon a desktop that could not reach its team server tries again. */
const UNREACHABLE_RETRY_MS = 3000;

/** The desktop shell's state when it is too old to say (it only works solo). */
const SOLO: DesktopState = { mode: 'solo', server: null, operator: null };

export interface SwitchboardOptions {
  /** Whether the window is seen (an open conversation is read only then); tests say. */
  visible?: () => boolean;
}

export class Switchboard {
  readonly session = new Session();
  readonly accounts = new Accounts(this.session);
  readonly address = new PublicAddressStore(this.session);
  readonly team = new TeamStore(this.session);
  readonly catalog = new CatalogStore(this.session);
  private readonly conversationChanges = new LiveLog<ConversationChange>();
  private readonly messageChanges = new LiveLog<Message>();
  readonly inbox = new InboxStore(this.session, this.conversationChanges, (c) => this.answered(c));
  readonly thread = new ThreadStore(
    this.session,
    this.messageChanges,
    this.conversationChanges,
    (c) => this.answered(c),
    (c) => this.lost(c),
    () => (this.options.visible ? this.options.visible() : document.visibilityState === 'visible'),
  );
  readonly mentions = new MentionsStore(this.session, (id) => router.go(paths.conversation(id)));
  readonly views = new ViewsStore(this.session, this.inbox, (c) => this.answered(c));
  readonly bulk = new BulkStore(
    this.session,
    (c) => this.answered(c),
    () => this.views.refreshCounts(),
  );
  private unsubscribe: () => void = () => {};

  constructor(private readonly options: SwitchboardOptions = {}) {
    this.session.onSignedOut = () => void this.signedOut();
  }

  /** A change to one conversation, recorded for requests under way, then shown. */
  private changed(change: ConversationChange): void {
    this.conversationChanges.record(change);
    this.inbox.apply(change);
    this.thread.applyChange(change);
  }

  /** An answer about a conversation for this operator (their own unread count). */
  private answered(conversation: Conversation): void {
    this.changed({ kind: 'own', conversation });
  }

  /** The open conversation went to someone else, out of this manager's sight. */
  private lost(conversation: Conversation): void {
    const name = conversation.assignee?.name;
    if (name !== undefined) this.session.tell({ ui: 'thread.assignedAway', values: { name } });
    router.go(paths.inbox);
  }

  /** Screens that follow live events of their own (the live board) while they are shown. */
  private readonly watchers = new Set<(event: Event) => void>();

  /** Calls `listener` with every live event until the returned function is called. */
  readonly watch = (listener: (event: Event) => void): (() => void) => {
    this.watchers.add(listener);
    return () => void this.watchers.delete(listener);
  };

  readonly onEvent = (event: Event): void => {
    for (const watcher of this.watchers) watcher(event);
    switch (event.type) {
      case 'message':
        this.messageChanges.record(event.message);
        this.thread.apply(event.message);
        break;
      case 'conversation':
        this.changed({ kind: 'shared', conversation: event.conversation });
        this.views.refreshCounts();
        break;
      case 'activity':
        this.thread.applyActivity(event.activity);
        break;
      case 'mentioned':
        // Already reading that conversation: seen at once.
        if (this.thread.open?.conversation.id !== event.conversation_id) this.mentions.add(event);
        break;
      case 'read':
        if (event.operator_id === this.session.appInfo?.operator.id) {
          this.changed({ kind: 'read', conversationId: event.conversation_id, unread: event.unread });
        }
        break;
      case 'team':
        void this.teamChanged();
        break;
      case 'accounts':
        void this.accounts.load().then(() => this.views.keepValid(null, this.accounts.list.map((a) => a.id)));
        this.views.refreshCounts();
        if (this.session.can.supervise) void this.address.load();
        break;
      case 'public_address':
        if (this.session.can.supervise) void this.address.load();
        break;
      case 'sync':
        this.accounts.synced(event.sync);
        break;
      case 'tags':
        // A renamed or deleted tag shows on list entries too; a view of a deleted one ends.
        void this.catalog.loadTags().then(() => {
          if (!this.views.keepValid(this.catalog.tags.map((t) => t.id), null)) return this.inbox.load();
        });
        this.views.refreshCounts();
        break;
      case 'canned':
        void this.catalog.loadCanned();
        break;
      case 'overdue':
        // Sent to supervisors alone, when the team asks to be told rather than requeue.
        this.session.tell(
          event.assignee
            ? { ui: 'overdue.assigned', values: { minutes: event.minutes, name: event.assignee.name } }
            : { ui: 'overdue.unassigned', values: { minutes: event.minutes } },
        );
        break;
      case 'contact_fields':
        void this.catalog.loadFields();
        break;
      case 'templates':
        catalogChanged(event.account_id);
        break;
    }
  };

  /** Events may have been missed: reload what is shown. */
  readonly resync = (): void => {
    void this.loadAll();
    this.thread.reload();
  };

  private loadAll(): Promise<unknown> {
    const supervise = this.session.can.supervise;
    if (!supervise) this.address.reset();
    return Promise.all([
      this.accounts.load(),
      this.inbox.load(),
      this.views.loadCounts(),
      supervise ? this.address.load() : null,
      this.team.load(),
      this.catalog.load(),
    ]);
  }

  /** Operators, roles or who sees what changed: who am I now, and what do I see. */
  private async teamChanged(): Promise<void> {
    try {
      this.session.appInfo = await this.session.api().call('app_info', {});
    } catch (e) {
      this.session.fail(e);
      return;
    }
    await this.loadAll();
    this.thread.reload();
  }

  accountAdded(account: Account): void {
    this.session.tell({ ui: 'app.accountAdded', values: { name: account.name } });
    void this.accounts.load();
  }

  /** Connects and opens the app, or what comes before it; returns how to stop. */
  start(): () => void {
    let stopped = false;
    const clock = setInterval(() => (this.session.now = new Date()), 30_000);
    const visible = () => {
      const open = this.thread.open;
      if (open && document.visibilityState === 'visible') this.thread.markRead(open.conversation);
    };
    document.addEventListener('visibilitychange', visible);
    void (async () => {
      const started = await startTransport();
      if (stopped) return;
      this.session.transport = started.transport;
      this.session.desktop = started.desktop;
      if (started.desktop) {
        // A shell that cannot say works solo (it predates team mode).
        const state = await started.desktop.state().catch(() => SOLO);
        if (stopped) return;
        this.session.server = state.mode === 'team' ? state.server : null;
        if (state.mode === 'unset' || (state.mode === 'team' && state.operator === null)) {
          this.session.gate = { kind: 'desktop', state, ended: state.mode === 'team' };
          return;
        }
      }
      await this.enter();
    })();
    return () => {
      stopped = true;
      clearInterval(clock);
      document.removeEventListener('visibilitychange', visible);
      this.unsubscribe();
    };
  }

  /** Opens the app for whoever the transport is signed in as (none: the sign-in). */
  async enter(): Promise<void> {
    const session = this.session;
    // Retrying quietly keeps "unreachable" on screen rather than flickering to "connecting".
    if (session.gate.kind !== 'unreachable') session.gate = { kind: 'starting' };
    try {
      session.appInfo = await session.api().call('app_info', {});
    } catch (e) {
      const failure = ApiFailure.from(e);
      // Not signed in: the guard in session.api() already asked for the sign-in.
      if (failure.code !== 'unauthorized') {
        session.gate = { kind: 'unreachable', said: failure.said };
        // A desktop whose team server is down tries again by itself (the server may be
        // restarting); a browser's page is reloaded by its user.
        if (session.desktop && session.server !== null) {
          setTimeout(() => {
            if (session.gate.kind === 'unreachable') void this.enter();
          }, UNREACHABLE_RETRY_MS);
        }
      }
      return;
    }
    session.gate = { kind: 'ready' };
    // The first page is of the view the address names (reloading keeps it).
    this.views.start();
    this.unsubscribe();
    // Subscribe first so nothing committed between the first loads and the stream is missed.
    this.unsubscribe = session.api().subscribe({
      event: this.onEvent,
      resync: this.resync,
      connection: (state) => (session.connection = state),
      signedOut: () => void this.signedOut(),
    });
    await this.loadAll();
  }

  /** Signs in from the browser's form; rejects with what to tell (wrong password …). */
  async signIn(login: string, password: string): Promise<void> {
    await this.session.api().call('sign_in', { login, password });
    await this.enter();
  }

  /** The desktop works on its own from now on. */
  async chooseSolo(): Promise<void> {
    const desktop = this.session.desktop;
    if (!desktop) return;
    await desktop.chooseSolo();
    this.session.server = null;
    await this.enter();
  }

  /** The desktop connects to a team server; rejects with what to tell. */
  async connectTeam(server: string, login: string, password: string): Promise<void> {
    const desktop = this.session.desktop;
    if (!desktop) return;
    await desktop.connectTeam(server, login, password);
    this.session.server = (await desktop.state().catch(() => null))?.server ?? server;
    await this.enter();
  }

  /** The solo desktop offers to connect to a team server instead (it stays solo until then:
   * "Work on this computer" comes back to it). */
  offerTeam(): void {
    if (this.session.desktop) this.leave({ kind: 'desktop', state: SOLO, ended: false });
  }

  /** Signs out (a browser) or leaves the team server (the desktop): the start again. */
  async signOut(): Promise<void> {
    const desktop = this.session.desktop;
    if (desktop) {
      try {
        await desktop.leaveTeam();
      } catch (e) {
        this.session.fail(e);
        return;
      }
      this.leave({ kind: 'desktop', state: await desktop.state().catch(() => SOLO), ended: false });
      this.session.server = null;
      return;
    }
    await this.session
      .api()
      .call('sign_out', {})
      .catch(() => {});
    this.leave({ kind: 'signIn', ended: false });
  }

  /** The server refused the session (ended, revoked, the operator disabled). */
  private async signedOut(): Promise<void> {
    const gate = this.session.gate;
    if (gate.kind === 'signIn' || gate.kind === 'desktop') return;
    const ended = gate.kind === 'ready';
    const desktop = this.session.desktop;
    if (desktop) {
      const state = await desktop.state().catch(() => SOLO);
      this.leave({ kind: 'desktop', state, ended });
    } else {
      this.leave({ kind: 'signIn', ended });
    }
  }

  /** Stops the stream and forgets what the operator saw; the address stays for later. */
  private leave(gate: Gate): void {
    this.unsubscribe();
    this.unsubscribe = () => {};
    this.thread.close();
    this.inbox.reset();
    this.views.reset();
    this.bulk.reset();
    this.accounts.reset();
    this.address.reset();
    this.team.reset();
    this.mentions.reset();
    this.session.appInfo = null;
    this.session.connection = null;
    this.session.notice = null;
    this.session.gate = gate;
  }
}

export const app = new Switchboard();
