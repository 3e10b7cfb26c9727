import { describe, expect, it } from 'vitest';
import type { Event } from '../../bindings/Event';
import { conversation } from '../fixtures';
import { httpTransport, type EventSourceLike } from './http';
import { takeToken } from './index';
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
  emit(data: unknown) {
    this.onmessage?.call(this, new MessageEvent('message', { data: JSON.stringify(data) }));
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.call(this, new MessageEvent('error'));
  }
}

describe('httpTransport.call', () => {
  it('posts the request with the token and returns the response', async () => {
    const { calls, fetch } = fakeFetch(200, JSON.stringify({ conversations: [], next: null }));
    const t = httpTransport({ token: 'T0K', base: 'http://x', fetch });
    await expect(t.call('list_conversations', { limit: 5 })).resolves.toEqual({ conversations: [], next: null });
    expect(calls[0]?.url).toBe('http://x/api/list_conversations');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer T0K');
    expect(calls[0]?.init.body).toBe('{"limit":5}');
  });

  it('rejects with the API error the server sent', async () => {
    const { fetch } = fakeFetch(422, JSON.stringify({ code: 'invalid_message', message: 'too long' }));
    const t = httpTransport({ token: 't', fetch });
    const error = await t.call('send_message', { account_id: 1, to: '+1', content: { kind: 'text', text: 'x' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiFailure);
    expect(error).toMatchObject({ code: 'invalid_message', message: 'too long' });
  });

  it('keeps the phrase the server sent, for the UI to say in the reader’s language', async () => {
    const phrase = { key: 'phone.empty', args: {}, text: 'The phone number is empty' };
    const { fetch } = fakeFetch(400, JSON.stringify({ code: 'invalid_phone', message: phrase.text, phrase }));
    const error = await httpTransport({ token: 't', fetch }).call('app_info', {}).catch((e) => e);
    expect(error.said).toEqual(phrase);
  });

  it('turns a non-JSON failure and a network failure into API errors', async () => {
    const html = httpTransport({ token: 't', fetch: fakeFetch(502, '<html>bad gateway</html>').fetch });
    await expect(html.call('app_info', {})).rejects.toMatchObject({ code: 'internal' });
    const down = httpTransport({
      token: 't',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(down.call('app_info', {})).rejects.toMatchObject({
      code: 'internal',
      message: /Cannot reach/,
      said: { ui: 'error.unreachable' },
    });
  });

  it('accepts a null body (commands that answer nothing)', async () => {
    const t = httpTransport({ token: 't', fetch: fakeFetch(200, 'null').fetch });
    await expect(t.call('remove_account', { account_id: 1 })).resolves.toBeNull();
  });
});

describe('httpTransport.subscribe', () => {
  function setup() {
    const sources: FakeEventSource[] = [];
    const timers: (() => void)[] = [];
    const t = httpTransport({
      token: 'a b',
      fetch: fakeFetch(200, '{}').fetch,
      eventSource: (url) => {
        const s = new FakeEventSource(url);
        sources.push(s);
        return s;
      },
      schedule: (run) => timers.push(run),
    });
    const events: Event[] = [];
    let resyncs = 0;
    const stop = t.subscribe((e) => events.push(e), () => resyncs++);
    return { sources, timers, events, resyncs: () => resyncs, stop };
  }

  it('delivers events and server-requested resyncs', () => {
    const s = setup();
    const source = s.sources[0]!;
    expect(source.url).toBe('/api/events?token=a%20b');
    source.open();
    source.emit({ type: 'conversation', conversation: conversation(1, '2026-05-20T10:00:00Z') });
    source.emit({ type: 'accounts' });
    expect(s.events.map((e) => e.type)).toEqual(['conversation', 'accounts']);
    source.listeners.get('resync')?.(new MessageEvent('resync', { data: '3' }));
    expect(s.resyncs()).toBe(1);
  });

  it('resyncs after the browser reconnects a dropped stream', () => {
    const s = setup();
    const source = s.sources[0]!;
    source.open();
    source.fail(false);
    expect(s.resyncs()).toBe(0);
    source.open();
    expect(s.resyncs()).toBe(1);
    expect(s.sources.length).toBe(1);
  });

  it('reconnects itself when the stream is closed for good, then resyncs', () => {
    const s = setup();
    s.sources[0]!.open();
    s.sources[0]!.fail(true);
    expect(s.timers.length).toBe(1);
    s.timers[0]!();
    expect(s.sources.length).toBe(2);
    s.sources[1]!.open();
    expect(s.resyncs()).toBe(1);
  });

  it('stops for good when unsubscribed', () => {
    const s = setup();
    s.stop();
    expect(s.sources[0]!.closed).toBe(true);
    s.sources[0]!.fail(true);
    expect(s.timers.length).toBe(0);
  });
});

describe('takeToken', () => {
  function storage() {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  }

  it('keeps the token from the URL and takes it out of the address bar', () => {
    const s = storage();
    const replaced: string[] = [];
    const history = { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    expect(takeToken({ href: 'http://127.0.0.1:1/?token=abc&x=1#h' }, history, s)).toBe('abc');
    expect(replaced).toEqual(['/?x=1#h']);
    expect(takeToken({ href: 'http://127.0.0.1:1/' }, history, s)).toBe('abc');
  });

  it('has none without a URL token or a stored one', () => {
    expect(takeToken({ href: 'http://127.0.0.1:1/' }, { replaceState: () => {} }, storage())).toBeNull();
  });
});
