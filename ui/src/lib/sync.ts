import type { SyncStatus } from '../bindings/SyncStatus';

/**
 * The line the sidebar shows for a polled account's sync, or null when there is nothing to say
 * (caught up, no error). An error wins over progress: a stalled backfill must not look busy.
 */
export function syncLine(accountName: string, sync: SyncStatus | undefined): { text: string; error: boolean } | null {
  if (!sync || !sync.polled) return null;
  if (sync.last_error) return { text: `${accountName}: sync failed — ${sync.last_error}. Retrying.`, error: true };
  const p = sync.progress;
  if (!p) return null;
  const count = p.total !== null ? `${p.done} of ${p.total}` : `${p.done}`;
  return { text: `${accountName}: ${p.phase} (${count})`, error: false };
}
