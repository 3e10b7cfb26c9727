import { describe, expect, it } from 'vitest';
import type { PublicAddress } from '../bindings/PublicAddress';
import { en, phrase, ru } from './fixtures';
import { addressRequest, addressSummary, formOf, lastWebhookText, tunnelLine } from './publicAddress';

const now = new Date('2025-05-01T12:00:00Z');

describe('addressRequest', () => {
  const form = { ...formOf({ mode: 'local' }) };

  it('builds each mode', () => {
    expect(addressRequest(form)).toEqual({ settings: { mode: 'local' } });
    expect(addressRequest({ ...form, mode: 'url', url: ' https://inbox.example.com ' })).toEqual({
      settings: { mode: 'url', url: 'https://inbox.example.com' },
    });
    expect(addressRequest({ ...form, mode: 'tunnel', server: 'bore.example.com', port: '40100', secret: 's' })).toEqual({
      settings: { mode: 'tunnel', server: 'bore.example.com', port: 40100 },
      tunnel_secret: 's',
    });
  });

  it('keeps a saved secret unless a new one is typed or removal is asked for', () => {
    const tunnel = { ...form, mode: 'tunnel' as const, server: 'bore.example.com' };
    expect(addressRequest(tunnel)).toEqual({ settings: { mode: 'tunnel', server: 'bore.example.com' } });
    expect(addressRequest({ ...tunnel, secret: 'typed', removeSecret: true })).toMatchObject({ tunnel_secret: '' });
  });

  it('says what is missing', () => {
    expect(addressRequest({ ...form, mode: 'url', url: 'inbox.example.com' })).toEqual({ ui: 'address.needUrl' });
    expect(addressRequest({ ...form, mode: 'tunnel' })).toEqual({ ui: 'address.needServer' });
    expect(addressRequest({ ...form, mode: 'tunnel', server: 'b', port: '70000' })).toEqual({ ui: 'address.badPort' });
  });

  it('round-trips saved settings into the form', () => {
    expect(formOf({ mode: 'tunnel', server: 'b.example.com', port: 4000 })).toMatchObject({
      mode: 'tunnel',
      server: 'b.example.com',
      port: '4000',
    });
  });
});

describe('tunnelLine', () => {
  it('says nothing without a tunnel', () => {
    expect(tunnelLine({ state: 'off' }, now, en)).toBeNull();
  });

  it('counts down to the next try when down, in the reader’s language', () => {
    const down = {
      state: 'down',
      reason: phrase('error.settings_not_saved', 'Could not save the settings: disk full', { detail: 'disk full' }),
      since: now.toISOString(),
      retry_at: '2025-05-01T12:00:08Z',
    } as const;
    expect(tunnelLine(down, now, en)).toEqual({
      text: 'Down: Could not save the settings: disk full. Retrying in 8 seconds.',
      tone: 'error',
    });
    expect(tunnelLine(down, now, ru)?.text).toBe(
      'Не работает: Не удалось сохранить настройки: disk full. Повторная попытка через 8 секунд.',
    );
  });

  it('marks up as fine and connecting as busy', () => {
    expect(tunnelLine({ state: 'up', url: 'http://b:1', since: now.toISOString() }, now, en)?.tone).toBe('ok');
    expect(tunnelLine({ state: 'connecting', since: now.toISOString() }, now, en)?.tone).toBe('busy');
  });
});

describe('lastWebhookText', () => {
  it('is relative when recent', () => {
    expect(lastWebhookText(null, now, en)).toBe('none yet');
    expect(lastWebhookText('2025-05-01T11:59:48Z', now, en)).toBe('12 seconds ago');
    expect(lastWebhookText('2025-05-01T11:55:00Z', now, en)).toBe('5 minutes ago');
    expect(lastWebhookText('2025-05-01T11:55:00Z', now, ru)).toBe('5 минут назад');
    expect(lastWebhookText(null, now, ru)).toBe('пока нет');
  });
});

describe('addressSummary', () => {
  const address: PublicAddress = {
    settings: { mode: 'tunnel', server: 'bore.example.com' },
    tunnel_secret_set: false,
    base_url: 'http://bore.example.com:40100',
    tunnel: { state: 'up', url: 'http://bore.example.com:40100', since: now.toISOString() },
    warning: null,
    last_webhook_at: null,
    accounts: [],
  };

  it('names the address, and a problem first', () => {
    expect(addressSummary(address, en)).toBe('Public address: tunnel up · http://bore.example.com:40100');
    const warning = phrase('public_address.warning_down', 'The tunnel is down', { base: 'http://b' });
    expect(addressSummary({ ...address, warning }, en)).toMatch(/cannot reach/);
    const local = { ...address, settings: { mode: 'local' }, tunnel: { state: 'off' } } as const;
    expect(addressSummary(local, en)).toBe('Public address: this computer');
    expect(addressSummary(local, ru)).toBe('Публичный адрес: этот компьютер');
  });
});
