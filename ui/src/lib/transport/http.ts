// The browser transport: `POST /api/{command}`, live events over EventSource (`GET
// /api/events`). The browser signs in once (`sign_in`) and the server keeps the session in an
// HttpOnly cookie, so nothing here holds a secret: requests carry the cookie, never a token.
// A script or test may still pass a token, sent as `Authorization: Bearer`.
import type { Command } from '../../bindings/commands';
import type { Event } from '../../bindings/Event';
import { ApiFailure, isApiError, type Listener, type Request, type Response, type Transport } from './types';

type Fetch = (input: string, init: RequestInit) => Promise<globalThis.Response>;

/** The slice of EventSource this transport uses (a fake one in tests). */
export interface EventSourceLike {
  onopen: ((this: EventSourceLike, ev: MessageEvent | globalThis.Event) => unknown) | null;
  onmessage: ((this: EventSourceLike, ev: MessageEvent) => unknown) | null;
  onerror: ((this: EventSourceLike, ev: globalThis.Event) => unknown) | null;
  readonly readyState: number;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface HttpOptions {
  /** A bearer token (scripts, tests); a browser page has none and relies on its cookie. */
  token?: string;
  /** Where the server is; '' for the page's own origin. */
  base?: string;
  fetch?: Fetch;
  eventSource?: (url: string) => EventSourceLike;
  /** Called with the delay before reconnecting a closed event stream (tests pass a fake timer). */
  schedule?: (run: () => void, ms: number) => unknown;
}

const CLOSED = 2;

export function httpTransport(options: HttpOptions = {}): Transport {
  const base = options.base ?? '';
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const open = options.eventSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
  const schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms));

  async function call<C extends Command>(command: C, request: Request<C>): Promise<Response<C>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    let response: globalThis.Response;
    try {
      response = await doFetch(`${base}/api/${encodeURIComponent(command)}`, {
        method: 'POST',
        headers,
        credentials: 'same-origin',
        body: JSON.stringify(request),
      });
    } catch (e) {
      throw new ApiFailure('internal', `Cannot reach Switchboard: ${describe(e)}`, { ui: 'error.unreachable' });
    }
    let body: unknown = null;
    const text = await response.text();
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiFailure('internal', `Switchboard answered ${response.status} with a body that is not JSON`, {
          ui: 'error.notJson',
          values: { status: String(response.status) },
        });
      }
    }
    if (!response.ok) {
      if (isApiError(body)) throw ApiFailure.from(body);
      if (response.status === 401) throw new ApiFailure('unauthorized', 'Sign in first', { ui: 'signIn.ended' });
      throw new ApiFailure('internal', `Switchboard answered HTTP ${response.status}`, {
        ui: 'error.http',
        values: { status: String(response.status) },
      });
    }
    return body as Response<C>;
  }

  /**
   * Events over one EventSource. When the stream drops, the browser reconnects by itself and
   * sends the last event id it saw (`Last-Event-ID`): the server replays what was missed, or
   * sends `resync` when it cannot. A stream whose events carried no ids cannot be caught up,
   * so its reconnection resyncs. A stream the server refused (closed for good) is opened anew
   * — without the last id, so that resyncs too — unless the session ended, which the listener
   * hears as `signedOut`.
   */
  function subscribe(listener: Listener): () => void {
    let source: EventSourceLike | null = null;
    let stopped = false;
    let delay = 500;

    const connect = (fresh: boolean) => {
      if (stopped) return;
      const es = open(`${base}/api/events`);
      source = es;
      // Set when the stream broke and the browser is reconnecting by itself.
      let broken = false;
      let identified = false;
      es.onopen = () => {
        delay = 500;
        if (fresh || (broken && !identified)) listener.resync();
        fresh = false;
        broken = false;
      };
      es.onmessage = (message) => {
        if (message.lastEventId) identified = true;
        let event: Event;
        try {
          event = JSON.parse(String(message.data)) as Event;
        } catch {
          return;
        }
        listener.event(event);
      };
      es.addEventListener('resync', () => listener.resync());
      es.onerror = () => {
        broken = true;
        if (es.readyState !== CLOSED || stopped) return;
        // Refused outright (an error status): find out whether the session ended.
        es.close();
        void call('app_info', {}).then(
          () => retry(),
          (e: unknown) => {
            if (ApiFailure.from(e).code === 'unauthorized') {
              if (!stopped) listener.signedOut?.();
            } else retry();
          },
        );
      };
    };
    const retry = () => {
      if (stopped) return;
      schedule(() => connect(true), delay);
      delay = Math.min(delay * 2, 15_000);
    };
    connect(false);
    return () => {
      stopped = true;
      source?.close();
    };
  }

  return { kind: 'http', call, subscribe };
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
