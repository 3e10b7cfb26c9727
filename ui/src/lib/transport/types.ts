// The one seam between the UI and Switchboard: the screens call commands and receive live
// events through a Transport, never through fetch or Tauri directly, so the same build runs in
// the desktop window (Tauri IPC) and in a browser (HTTP + server-sent events).
import type { ApiError } from '../../bindings/ApiError';
import type { Command, Commands } from '../../bindings/commands';
import type { Connection } from '../../bindings/desktop/Connection';
import type { ErrorCode } from '../../bindings/ErrorCode';
import type { Event } from '../../bindings/Event';
import type { Said } from '../../i18n';
import type { Phrase } from '../../i18n/phrase';
import { saidOf } from '../said';

export type Request<C extends Command> = Commands[C]['request'];
export type Response<C extends Command> = Commands[C]['response'];

/** The desktop's link to a team server (`switchboard:connection`); a browser has none. */
export type ConnectionState = Connection;

/** What a subscription reports. */
export interface Listener {
  /** A live event, delivered after the change is committed. */
  event(event: Event): void;
  /** Events may have been missed (the client lagged, the connection dropped and could not
   * catch up): whatever is shown must be reloaded. */
  resync(): void;
  /** The link to the server went down or came back (the desktop in team mode). */
  connection?(state: ConnectionState): void;
  /** The server no longer accepts this session: sign in again. */
  signedOut?(): void;
}

export interface Transport {
  /** `http`: a browser against `switchboard serve`; `tauri`: the desktop window. */
  readonly kind: 'http' | 'tauri';
  /** Runs one API command; rejects with an {@link ApiFailure} (an `ApiError`). */
  call<C extends Command>(command: C, request: Request<C>): Promise<Response<C>>;
  /** Live events until the returned function is called. */
  subscribe(listener: Listener): () => void;
}

/**
 * An API failure as the UI sees it: the wire's stable `code`, its English `message` (for logs
 * and the console), and what to tell the person — the server's phrase, or the UI's own words
 * for a failure it noticed itself (the server unreachable). Also a throwable Error.
 */
export class ApiFailure extends Error {
  readonly code: ErrorCode;
  readonly said: Said;

  constructor(code: ErrorCode, message: string, said?: Said) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.said = said ?? saidOf(message);
  }

  /** Whatever a transport rejected with, as an ApiFailure (plain `ApiError` objects too). */
  static from(error: unknown): ApiFailure {
    if (error instanceof ApiFailure) return error;
    if (isApiError(error)) return new ApiFailure(error.code, error.message, saidOf(error));
    const message = error instanceof Error ? error.message : String(error);
    return new ApiFailure('internal', message, { ui: 'error.unexpected', values: { detail: message } });
  }
}

/** `{code, message, phrase}` as the server sends it (`phrase` absent from older servers). */
export function isApiError(value: unknown): value is ApiError & { phrase?: Phrase } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
