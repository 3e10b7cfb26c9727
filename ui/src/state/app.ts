// The stores, wired together: one instance for the page. Live events go to the store that owns
// what changed, after being recorded for requests under way (see lib/liveLog.ts).
import type { Account } from '../bindings/Account';
import type { Conversation } from '../bindings/Conversation';
import type { Event } from '../bindings/Event';
import type { Message } from '../bindings/Message';
import { LiveLog } from '../lib/liveLog';
import { startTransport } from '../lib/transport';
import { Accounts } from './accounts.svelte';
import { InboxStore } from './inbox.svelte';
import { PublicAddressStore } from './publicAddress.svelte';
import { Session } from './session.svelte';
import { ThreadStore } from './thread.svelte';

export class Switchboard {
  readonly session = new Session();
  readonly accounts = new Accounts(this.session);
  readonly address = new PublicAddressStore(this.session);
  private readonly conversationChanges = new LiveLog<Conversation>();
  private readonly messageChanges = new LiveLog<Message>();
  readonly inbox = new InboxStore(this.session, this.conversationChanges);
  readonly thread = new ThreadStore(this.session, this.messageChanges, this.conversationChanges, (c) =>
    this.conversationChanged(c),
  );

  private conversationChanged(conversation: Conversation): void {
    this.inbox.apply(conversation);
    this.thread.applyConversation(conversation);
  }

  readonly onEvent = (event: Event): void => {
    switch (event.type) {
      case 'message':
        this.messageChanges.record(event.message);
        this.thread.apply(event.message);
        break;
      case 'conversation':
        this.conversationChanges.record(event.conversation);
        this.conversationChanged(event.conversation);
        break;
      case 'accounts':
        void this.accounts.load();
        void this.address.load();
        break;
      case 'public_address':
        void this.address.load();
        break;
      case 'sync':
        this.accounts.synced(event.sync);
        break;
    }
  };

  /** Events may have been missed: reload what is shown. */
  readonly resync = (): void => {
    void this.accounts.load();
    void this.inbox.load();
    void this.address.load();
    this.thread.reload();
  };

  accountAdded(account: Account): void {
    this.session.tell({ ui: 'app.accountAdded', values: { name: account.name } });
    void this.accounts.load();
  }

  /** Connects and loads the first screens; returns how to stop. */
  start(): () => void {
    let unsubscribe = () => {};
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
      if (started.transport === null) {
        this.session.blocked = 'app.blocked.noToken';
        return;
      }
      this.session.transport = started.transport;
      // Subscribe first so nothing committed between the first load and the stream is missed.
      unsubscribe = started.transport.subscribe(this.onEvent, this.resync);
      try {
        this.session.appInfo = await started.transport.call('app_info', {});
      } catch (e) {
        this.session.fail(e);
      }
      await Promise.all([this.accounts.load(), this.inbox.load(), this.address.load()]);
    })();
    return () => {
      stopped = true;
      clearInterval(clock);
      document.removeEventListener('visibilitychange', visible);
      unsubscribe();
    };
  }
}

export const app = new Switchboard();
