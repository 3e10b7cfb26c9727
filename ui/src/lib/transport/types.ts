// The one seam between the UI and Switchboard: the screens call commands and receive live
// events through a Transport, never through fetch or Tauri directly, so the same build runs in
// the desktop window (Tauri IPC) and in a browser (HTTP + server-sent events).
import type { ApiError } from '../../bindings/ApiError';
import type { Command, Commands } from '../../bindings/commands';
import type { ErrorCode } from '../../bindings/ErrorCode';
import type { Event } from '../../bindings/Event';

export type Request<C extends Command> = Commands[C]['request'];
export type Response<C extends Command> = Commands[C]['response'];

export interface Transport {
  /** Runs one API command; rejects with an {@link ApiFailure} (an `ApiError`). */
  call<C extends Command>(command: C, request: Request<C>): Promise<Response<C>>;
  /**
   * Live events, delivered after the change is committed. `onResync` means events may have been
   * missed (the client lagged or the connection dropped): whatever is shown must be reloaded.
   * Returns a function that stops the subscription.
   */
  subscribe(onEvent: (event: Event) => void, onResync: () => void): () => void;
}

/** An API failure as the UI sees it: the wire's `{code, message}`, also a throwable Error. */
export class ApiFailure extends Error implements ApiError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
  }

  /** Whatever a transport rejected with, as an ApiFailure (plain `{code, message}` objects too). */
  static from(error: unknown): ApiFailure {
    if (error instanceof ApiFailure) return error;
    if (isApiError(error)) return new ApiFailure(error.code, error.message);
    const message = error instanceof Error ? error.message : String(error);
    return new ApiFailure('internal', message);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
