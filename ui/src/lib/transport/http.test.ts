import { describe, expect, it } from 'vitest';
import type { Event } from '../../bindings/Event';
import { conversation } from '../fixtures';
import { httpTransport, type EventSourceLike } from './http';
import { ApiFailure } from './types';

function fakeFetch(status: number, body: string) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { calls, fetch };
}

class FakeEventSource implements EventSourceLike {
  onopen: EventSourceLike['onopen'] = null;
  onmessage: EventSourceLike['onmessage'] = null;
  onerror: EventSourceLike['onerror'] = null;
  readyState = 0;
  closed = false;
  listeners = new Map<string, (ev: MessageEvent) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.call(this, new MessageEvent('open'));
  }
  emit(data: unknown, lastEventId = '') {
    this.onmessage?.call(this, new MessageEvent('message', { data: JSON.stringify(data), lastEventId }));
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.call(this, new MessageEvent('error'));
  }
}

describe('httpTransport.call', () => {
  it('posts the request with the session cookie and no token, and returns the response', async () => {
    const { calls, fetch } = fakeFetch(200, JSON.stringify({ conversations: [], next: null }));
    const t = httpTransport({ base: 'http://x', fetch });
    await expect(t.call('list_conversations', { limit: 5 })).resolves.toEqual({ conversations: [], next: null });
    expect(calls[0]?.url).toBe('http://x/api/list_conversations');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(calls[0]?.init.headers).not.toHaveProperty('Authorization');
    expect(calls[0]?.init.body).toBe('{"limit":5}');
  });

  it('sends a bearer token only when one is given (scripts, tests)', async () => {
    const { calls, fetch } = fakeFetch(200, '{}');
    await httpTransport({ token: 'T0K', fetch }).call('app_info', {});
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer T0K');
  });

  it('rejects a bare 401 as unauthorized (the session ended)', async () => {
    const t = httpTransport({ fetch: fakeFetch(401, '').fetch });
    await expect(t.call('app_info', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('rejects with the API error the server sent', async () => {
    const { fetch } = fakeFetch(422, JSON.stringify({ code: 'invalid_message', message: 'too long' }));
    const t = httpTransport({ fetch });
    const error = await t.call('send_message', { account_id: 1, to: '+1', content: { kind: 'text', text: 'x' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiFailure);
    expect(error).toMatchObject({ code: 'invalid_message', message: 'too long' });
  });

  it('keeps the phrase the server sent, for the UI to say in the reader’s language', async () => {
    const phrase = { key: 'phone.empty', args: {}, text: 'The phone number is empty' };
    const { fetch } = fakeFetch(400, JSON.stringify({ code: 'invalid_phone', message: phrase.text, phrase }));
    const error = await httpTransport({ fetch }).call('app_info', {}).catch((e) => e);
    expect(error.said).toEqual(phrase);
  });

  it('turns a non-JSON failure and a network failure into API errors', async () => {
    const html = httpTransport({ fetch: fakeFetch(502, '<html>bad gateway</html>').fetch });
    await expect(html.call('app_info', {})).rejects.toMatchObject({ code: 'internal' });
    const down = httpTransport({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(down.call('app_info', {})).rejects.toMatchObject({
      code: 'internal',
      message: /Cannot reach/,
      said: { ui: 'error.unreachable' },
    });
  });

  it('accepts a null body (commands that answer nothing)', async () => {
    const t = httpTransport({ fetch: fakeFetch(200, 'null').fetch });
    await expect(t.call('remove_account', { account_id: 1 })).resolves.toBeNull();
  });
});

describe('httpTransport.subscribe', () => {
  function setup(status = 200) {
    const sources: FakeEventSource[] = [];
    const timers: (() => void)[] = [];
    const probe = fakeFetch(status, status === 401 ? '{"code":"unauthorized","message":"Sign in"}' : '{}');
    const t = httpTransport({
      fetch: probe.fetch,
      eventSource: (url) => {
        const s = new FakeEventSource(url);
        sources.push(s);
        return s;
      },
      schedule: (run) => timers.push(run),
    });
    const events: Event[] = [];
    let resyncs = 0;
    let signedOut = 0;
    const stop = t.subscribe({ event: (e) => events.push(e), resync: () => resyncs++, signedOut: () => signedOut++ });
    return { sources, timers, events, probe, resyncs: () => resyncs, signedOut: () => signedOut, stop };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('delivers events and server-requested resyncs, over the cookie (no token in the URL)', () => {
    const s = setup();
    const source = s.sources[0]!;
    expect(source.url).toBe('/api/events');
    source.open();
    source.emit({ type: 'conversation', conversation: conversation(1, '2026-05-20T10:00:00Z') });
    source.emit({ type: 'accounts' });
    expect(s.events.map((e) => e.type)).toEqual(['conversation', 'accounts']);
    source.listeners.get('resync')?.(new MessageEvent('resync', { data: '3' }));
    expect(s.resyncs()).toBe(1);
  });

  it('lets the browser catch up by Last-Event-ID when the events carry ids', () => {
    const s = setup();
    const source = s.sources[0]!;
    source.open();
    source.emit({ type: 'accounts' }, '41');
    source.fail(false);
    source.open();
    // The server replays what was missed (or sends `resync` itself).
    expect(s.resyncs()).toBe(0);
    expect(s.sources.length).toBe(1);
  });

  it('resyncs after the browser reconnects a stream whose events had no ids', () => {
    const s = setup();
    const source = s.sources[0]!;
    source.open();
    source.emit({ type: 'accounts' });
    source.fail(false);
    expect(s.resyncs()).toBe(0);
    source.open();
    expect(s.resyncs()).toBe(1);
    expect(s.sources.length).toBe(1);
  });

  it('reconnects itself when the stream is closed for good and the session is fine, then resyncs', async () => {
    const s = setup();
    s.sources[0]!.open();
    s.sources[0]!.emit({ type: 'accounts' }, '7');
    s.sources[0]!.fail(true);
    await settle();
    expect(s.probe.calls.map((c) => c.url)).toEqual(['/api/app_info']);
    expect(s.timers.length).toBe(1);
    s.timers[0]!();
    expect(s.sources.length).toBe(2);
    s.sources[1]!.open();
    expect(s.resyncs()).toBe(1);
  });

  it('says the session ended when the refused stream’s probe is unauthorized, and stops', async () => {
    const s = setup(401);
    s.sources[0]!.fail(true);
    await settle();
    expect(s.signedOut()).toBe(1);
    expect(s.timers.length).toBe(0);
  });

  it('stops for good when unsubscribed', async () => {
    const s = setup();
    s.stop();
    expect(s.sources[0]!.closed).toBe(true);
    s.sources[0]!.fail(true);
    await settle();
    expect(s.timers.length).toBe(0);
  });
});
