import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../bindings/SyncStatus';
import { en, phrase, ru } from './fixtures';
import { syncLine } from './sync';

const base: SyncStatus = {
  account_id: 1,
  polled: true,
  last_poll_at: null,
  last_ok_at: null,
  last_error: null,
  progress: null,
};
const loading = phrase('verbatim', 'Loading history', { text: 'Loading history' });

describe('syncLine', () => {
  it('says nothing for webhook accounts or caught-up ones', () => {
    expect(syncLine('Shop', undefined, en)).toBeNull();
    expect(syncLine('Shop', { ...base, polled: false, last_error: phrase('phone.empty', 'x') }, en)).toBeNull();
    expect(syncLine('Shop', base, en)).toBeNull();
  });

  it('shows backfill progress with and without a known total', () => {
    expect(syncLine('Shop', { ...base, progress: { phase: loading, done: 40, total: 100 } }, en)).toEqual({
      text: 'Shop: Loading history (40 of 100)',
      error: false,
    });
    expect(syncLine('Shop', { ...base, progress: { phase: loading, done: 3, total: null } }, en)?.text).toBe(
      'Shop: Loading history (3)',
    );
    expect(syncLine('Shop', { ...base, progress: { phase: loading, done: 4000, total: 12000 } }, ru)?.text).toBe(
      'Shop: Loading history (4\u00a0000 из 12\u00a0000)',
    );
  });

  it('puts an error before progress, in the reader’s language', () => {
    const failing = {
      ...base,
      last_error: phrase('phone.empty', 'The phone number is empty'),
      progress: { phase: loading, done: 1, total: 2 },
    };
    expect(syncLine('Shop', failing, en)).toEqual({
      text: 'Shop: sync failed — The phone number is empty. Retrying.',
      error: true,
    });
    expect(syncLine('Shop', failing, ru)?.text).toBe(
      'Shop: синхронизация не удалась — Номер телефона не указан. Повторим попытку.',
    );
  });
});
