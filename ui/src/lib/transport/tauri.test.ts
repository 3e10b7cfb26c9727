// The desktop contract, checked against Tauri's own IPC mock: one `api` command carrying
// `{command, request}`, errors as `{code, message}`, events on `switchboard:event`/`:resync`/
// `:connection`/`:signed_out`, and the shell's own commands for solo and team mode.
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
    const connection: unknown[] = [];
    let signedOut = 0;
    const stop = tauriTransport().subscribe({
      event: (e) => events.push(e),
      resync: () => resyncs++,
      connection: (c) => connection.push(c),
      signedOut: () => signedOut++,
    });
    await new Promise((r) => setTimeout(r, 0));
    await emit('switchboard:event', { type: 'accounts' });
    await emit('switchboard:resync', 1);
    await emit('switchboard:connection', { state: 'reconnecting', retry_in_ms: 4000 });
    await emit('switchboard:signed_out', null);
    expect(events).toEqual([{ type: 'accounts' }]);
    expect(resyncs).toBe(1);
    expect(connection).toEqual([{ state: 'reconnecting', retry_in_ms: 4000 }]);
    expect(signedOut).toBe(1);
    stop();
    await emit('switchboard:event', { type: 'accounts' });
    expect(events.length).toBe(1);
  });

  it('asks the shell how it works and connects to a team server with flat arguments', async () => {
    const { mockIPC } = await import('@tauri-apps/api/mocks');
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, payload });
      if (cmd === 'desktop_state') return { mode: 'unset', server: null, operator: null };
      if (cmd === 'connect_team') {
        return Promise.reject({ code: 'unauthorized', message: 'Wrong login or password' });
      }
      return null;
    });
    const { desktopShell } = await import('./tauri');
    const shell = desktopShell();
    await expect(shell.state()).resolves.toEqual({ mode: 'unset', server: null, operator: null });
    const error = await shell.connectTeam('https://crm.example.com', 'anna', 'pw').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiFailure);
    expect(error).toMatchObject({ code: 'unauthorized' });
    await shell.chooseSolo();
    await shell.leaveTeam();
    expect(seen).toEqual([
      { cmd: 'desktop_state', payload: {} },
      { cmd: 'connect_team', payload: { server: 'https://crm.example.com', login: 'anna', password: 'pw' } },
      { cmd: 'choose_solo', payload: {} },
      { cmd: 'leave_team', payload: {} },
    ]);
  });
});
