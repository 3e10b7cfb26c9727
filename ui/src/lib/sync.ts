import type { SyncStatus } from '../bindings/SyncStatus';
import type { Translator } from '../i18n';
import { withStop } from './said';

/**
 * The line the sidebar shows for a polled account's sync, or null when there is nothing to say
 * (caught up, no error). An error wins over progress: a stalled backfill must not look busy.
 */
export function syncLine(
  accountName: string,
  sync: SyncStatus | undefined,
  tr: Translator,
): { text: string; error: boolean } | null {
  if (!sync || !sync.polled) return null;
  if (sync.last_error) {
    const error = withStop(tr.phrase(sync.last_error));
    return { text: tr.t('inbox.sync.failed', { account: accountName, error }), error: true };
  }
  const p = sync.progress;
  if (!p) return null;
  const phase = tr.phrase(p.phase);
  return {
    text:
      p.total !== null
        ? tr.t('inbox.sync.progress', { account: accountName, phase, done: p.done, total: p.total })
        : tr.t('inbox.sync.progressOpen', { account: accountName, phase, done: p.done }),
    error: false,
  };
}
