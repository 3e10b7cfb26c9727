import { describe, expect, it } from 'vitest';
import type { PublicAddress } from '../bindings/PublicAddress';
import { en, phrase, ru } from './fixtures';
import {
  addressRequest,
  addressSummary,
  canRotate,
  formOf,
  isCleartext,
  lastWebhookText,
  OLD_WEBHOOKS_GRACE_MS,
  rotatedNote,
  tunnelLine,
  withWebhooks,
} from './publicAddress';

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

  it('says that plain HTTP is readable on the way, not that gateways cannot reach the app', () => {
    const warning = phrase('public_address.warning_cleartext', 'Callbacks go to http://b over plain HTTP', { base: 'http://b' });
    const cleartext = { ...address, warning };
    expect(isCleartext(cleartext)).toBe(true);
    expect(isCleartext(address)).toBe(false);
    expect(addressSummary(cleartext, en)).toBe('Public address: callbacks go over plain HTTP — fix');
    expect(addressSummary(cleartext, ru)).toBe('Публичный адрес: уведомления идут по открытому HTTP — исправить');
  });
});

describe('new webhook addresses', () => {
  const hook = (kind: string, token: string) => ({
    kind,
    url: `https://inbox.example.com/hooks/${token}/${kind}`,
    description: phrase('webhook.status', 'Delivery statuses'),
  });
  const account = (id: number, token: string | null) => ({
    account_id: id,
    name: `Shop ${id}`,
    gateway: 'devino' as const,
    sandbox: false,
    webhooks: token === null ? [] : [hook('status', token), hook('incoming', token)],
    last_webhook_at: null,
  });
  const address: PublicAddress = {
    settings: { mode: 'url', url: 'https://inbox.example.com' },
    tunnel_secret_set: false,
    base_url: 'https://inbox.example.com',
    tunnel: { state: 'off' },
    warning: null,
    last_webhook_at: null,
    accounts: [account(1, 'old1'), account(2, 'old2'), account(3, null)],
  };

  it('replaces only the rotated account’s URLs, without touching the address it came from', () => {
    const fresh = [hook('status', 'new1'), hook('incoming', 'new1')];
    const after = withWebhooks(address, 1, fresh);
    expect(after.accounts.map((a) => a.webhooks.map((h) => h.url.split('/')[4]))).toEqual([
      ['new1', 'new1'],
      ['old2', 'old2'],
      [],
    ]);
    expect(after.accounts[1]).toBe(address.accounts[1]);
    expect(address.accounts[0]?.webhooks[0]?.url).toContain('/old1/');
    expect(withWebhooks(address, 99, fresh)).toBe(address);
  });

  it('is offered only where there are addresses to replace', () => {
    expect(address.accounts.map(canRotate)).toEqual([true, true, false]);
  });

  it('says until when the old addresses work, in the reader’s language', () => {
    const at = new Date('2025-05-01T12:00:00Z');
    const until = new Date(at.getTime() + OLD_WEBHOOKS_GRACE_MS);
    expect(until.toISOString()).toBe('2025-05-02T12:00:00.000Z');
    expect(rotatedNote(at, en)).toBe(
      `New addresses are ready: give them to the gateway. The old ones keep working until ${en.dateTime(until)}, then are refused.`,
    );
    expect(rotatedNote(at, ru)).toBe(
      `Новые адреса готовы — передайте их шлюзу. Старые работают до ${ru.dateTime(until)}, после этого запросы на них будут отклоняться.`,
    );
    expect(ru.dateTime(until)).toMatch(/мая/);
  });
});
