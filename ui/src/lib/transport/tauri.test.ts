// The desktop contract, checked against Tauri's own IPC mock: one `api` command carrying
// `{command, request}`, errors as `{code, message}`, events on `switchboard:event`/`:resync`.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../bindings/Event';
import { ApiFailure } from './types';

beforeAll(() => {
  // Tauri's mocks install themselves on `window`; the unit tests run in Node.
  (globalThis as { window?: unknown }).window ??= globalThis;
});

afterEach(async () => {
  const { clearMocks } = await import('@tauri-apps/api/mocks');
  clearMocks();
});

describe('tauriTransport', () => {
  it('runs commands through the one `api` IPC command', async () => {
    const { mockIPC } = await import('@tauri-apps/api/mocks');
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, payload });
      return { version: '1', operator: { id: 1, name: 'Me', role: 'manager' }, gateways: [], callback_base: null };
    });
    const { tauriTransport } = await import('./tauri');
    const info = await tauriTransport().call('app_info', {});
    expect(info.operator.name).toBe('Me');
    expect(seen).toEqual([{ cmd: 'api', payload: { command: 'app_info', request: {} } }]);
  });

  it('rejects with the ApiError the shell sends', async () => {
    const { mockIPC } = await import('@tauri-apps/api/mocks');
    mockIPC(() => Promise.reject({ code: 'not_found', message: 'no conversation with id 9' }));
    const { tauriTransport } = await import('./tauri');
    const error = await tauriTransport().call('mark_read', { conversation_id: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiFailure);
    expect(error).toMatchObject({ code: 'not_found', message: 'no conversation with id 9' });
  });

  it('delivers switchboard:event payloads and switchboard:resync until unsubscribed', async () => {
    const { mockIPC } = await import('@tauri-apps/api/mocks');
    mockIPC(() => undefined, { shouldMockEvents: true });
    const { emit } = await import('@tauri-apps/api/event');
    const { tauriTransport } = await import('./tauri');
    const events: Event[] = [];
    let resyncs = 0;
    const stop = tauriTransport().subscribe((e) => events.push(e), () => resyncs++);
    await new Promise((r) => setTimeout(r, 0));
    await emit('switchboard:event', { type: 'accounts' });
    await emit('switchboard:resync', 1);
    expect(events).toEqual([{ type: 'accounts' }]);
    expect(resyncs).toBe(1);
    stop();
    await emit('switchboard:event', { type: 'accounts' });
    expect(events.length).toBe(1);
  });
});
