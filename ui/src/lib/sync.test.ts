import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../bindings/SyncStatus';
import { syncLine } from './sync';

const base: SyncStatus = {
  account_id: 1,
  polled: true,
  last_poll_at: null,
  last_ok_at: null,
  last_error: null,
  progress: null,
};

describe('syncLine', () => {
  it('says nothing for webhook accounts or caught-up ones', () => {
    expect(syncLine('Shop', undefined)).toBeNull();
    expect(syncLine('Shop', { ...base, polled: false, last_error: 'x' })).toBeNull();
    expect(syncLine('Shop', base)).toBeNull();
  });

  it('shows backfill progress with and without a known total', () => {
    expect(syncLine('Shop', { ...base, progress: { phase: 'Loading history', done: 40, total: 100 } })).toEqual({
      text: 'Shop: Loading history (40 of 100)',
      error: false,
    });
    expect(syncLine('Shop', { ...base, progress: { phase: 'Loading chats', done: 3, total: null } })?.text).toBe(
      'Shop: Loading chats (3)',
    );
  });

  it('puts an error before progress', () => {
    const line = syncLine('Shop', {
      ...base,
      last_error: 'WAMM.chat refused the token',
      progress: { phase: 'Loading history', done: 1, total: 2 },
    });
    expect(line).toEqual({ text: 'Shop: sync failed — WAMM.chat refused the token. Retrying.', error: true });
  });
});
