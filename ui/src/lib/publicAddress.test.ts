import { describe, expect, it } from 'vitest';
import type { PublicAddress } from '../bindings/PublicAddress';
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
    expect(addressRequest({ ...form, mode: 'url', url: 'inbox.example.com' })).toMatch(/https:\/\//);
    expect(addressRequest({ ...form, mode: 'tunnel' })).toMatch(/host name/);
    expect(addressRequest({ ...form, mode: 'tunnel', server: 'b', port: '70000' })).toMatch(/1 to 65535/);
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
    expect(tunnelLine({ state: 'off' }, now)).toBeNull();
  });

  it('counts down to the next try when down', () => {
    const line = tunnelLine(
      { state: 'down', reason: 'cannot reach the tunnel server', since: now.toISOString(), retry_at: '2025-05-01T12:00:08Z' },
      now,
    );
    expect(line).toEqual({ text: 'Down: cannot reach the tunnel server — retrying in 8 s.', tone: 'error' });
  });

  it('marks up as fine and connecting as busy', () => {
    expect(tunnelLine({ state: 'up', url: 'http://b:1', since: now.toISOString() }, now)?.tone).toBe('ok');
    expect(tunnelLine({ state: 'connecting', since: now.toISOString() }, now)?.tone).toBe('busy');
  });
});

describe('lastWebhookText', () => {
  it('is relative when recent', () => {
    expect(lastWebhookText(null, now)).toBe('none yet');
    expect(lastWebhookText('2025-05-01T11:59:48Z', now)).toBe('12 s ago');
    expect(lastWebhookText('2025-05-01T11:55:00Z', now)).toBe('5 min ago');
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
    expect(addressSummary(address)).toBe('Public address: tunnel up · http://bore.example.com:40100');
    expect(addressSummary({ ...address, warning: 'The tunnel is down' })).toMatch(/cannot reach/);
    expect(addressSummary({ ...address, settings: { mode: 'local' }, tunnel: { state: 'off' } })).toBe(
      'Public address: this computer',
    );
  });
});
