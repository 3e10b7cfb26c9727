// Gateway accounts and the sync state of the polled ones.
import type { Account } from '../bindings/Account';
import type { SyncStatus } from '../bindings/SyncStatus';
import type { Session } from './session.svelte';

export class Accounts {
  list: Account[] = $state.raw([]);
  /** Sync state of polled accounts, by account id. */
  syncs: Record<number, SyncStatus> = $state.raw({});
  readonly byId: ReadonlyMap<number, Account> = $derived(new Map(this.list.map((a) => [a.id, a])));
  /** The sandbox account, when it is the only kind there is. */
  readonly sandbox: Account | undefined = $derived(
    this.list.length > 0 && this.list.every((a) => a.sandbox) ? this.list[0] : undefined,
  );

  constructor(private readonly session: Session) {}

  async load(): Promise<void> {
    try {
      const api = this.session.api();
      const list = await api.call('list_accounts', {});
      this.list = list;
      const polled = list.filter((a) => a.capabilities.polling !== null);
      const states = await Promise.all(polled.map((a) => api.call('sync_status', { account_id: a.id })));
      this.syncs = Object.fromEntries(states.map((s) => [s.account_id, s]));
    } catch (e) {
      this.session.fail(e);
    }
  }

  reset(): void {
    this.list = [];
    this.syncs = {};
  }

  synced(sync: SyncStatus): void {
    this.syncs = { ...this.syncs, [sync.account_id]: sync };
  }
}
