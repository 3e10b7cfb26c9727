// The browser transport: `POST /api/{command}` with the token, live events over EventSource.
import type { Command } from '../../bindings/commands';
import type { Event } from '../../bindings/Event';
import { ApiFailure, isApiError, type Request, type Response, type Transport } from './types';

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
  token: string;
  /** Where the server is; '' for the page's own origin. */
  base?: string;
  fetch?: Fetch;
  eventSource?: (url: string) => EventSourceLike;
  /** Called with the delay before reconnecting a closed event stream (tests pass a fake timer). */
  schedule?: (run: () => void, ms: number) => unknown;
}

const CLOSED = 2;

export function httpTransport(options: HttpOptions): Transport {
  const base = options.base ?? '';
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const open = options.eventSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
  const schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms));

  async function call<C extends Command>(command: C, request: Request<C>): Promise<Response<C>> {
    let response: globalThis.Response;
    try {
      response = await doFetch(`${base}/api/${encodeURIComponent(command)}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/json',
        },
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
      throw new ApiFailure('internal', `Switchboard answered HTTP ${response.status}`, {
        ui: 'error.http',
        values: { status: String(response.status) },
      });
    }
    return body as Response<C>;
  }

  function subscribe(onEvent: (event: Event) => void, onResync: () => void): () => void {
    let source: EventSourceLike | null = null;
    let stopped = false;
    let delay = 500;
    // Set when the stream broke: events may have been missed, so the next open resyncs.
    let broken = false;

    const connect = () => {
      if (stopped) return;
      const es = open(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
      source = es;
      es.onopen = () => {
        delay = 500;
        if (broken) {
          broken = false;
          onResync();
        }
      };
      es.onmessage = (message) => {
        let event: Event;
        try {
          event = JSON.parse(String(message.data)) as Event;
        } catch {
          return;
        }
        onEvent(event);
      };
      es.addEventListener('resync', () => onResync());
      es.onerror = () => {
        broken = true;
        // EventSource retries by itself unless the server refused it outright (closed).
        if (es.readyState === CLOSED && !stopped) {
          es.close();
          schedule(connect, delay);
          delay = Math.min(delay * 2, 15_000);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
    };
  }

  return { call, subscribe };
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
