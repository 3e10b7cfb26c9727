// Connection and session: the transport, what stands before the app (signing in, the
// desktop's choice of solo or team), who is signed in and what their role lets them do, the
// notice line, and the clock relative times count from.
import type { AppInfo } from '../bindings/AppInfo';
import type { GatewayKind } from '../bindings/GatewayKind';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Said, Translator } from '../i18n';
import { accountLabel, isBuiltInOperator, operatorLabel, type AccountNaming } from '../lib/names';
import { permissions, viewerOf, type Permissions, type Viewer } from '../lib/roles';
import {
  ApiFailure,
  type ConnectionState,
  type DesktopShell,
  type DesktopState,
  type Transport,
} from '../lib/transport';

export interface Notice {
  said: Said;
  error: boolean;
}

/** What the window shows instead of the app, until someone is signed in. */
export type Gate =
  | { kind: 'starting' }
  /** A browser: the sign-in form; `ended` when a session ended under way. */
  | { kind: 'signIn'; ended: boolean }
  /** The desktop: work solo or connect to a team server; `ended` when the server refused the
   * stored session (the connect form opens with its address). */
  | { kind: 'desktop'; state: DesktopState; ended: boolean }
  /** The server did not answer (or answered nonsense) before anyone could sign in. */
  | { kind: 'unreachable'; said: Said }
  | { kind: 'ready' };

/** Commands whose `unauthorized` answer means wrong credentials, not an ended session. */
const CREDENTIAL_CHECKS: ReadonlySet<string> = new Set(['sign_in', 'change_password']);

export class Session {
  transport: Transport | null = $state.raw(null);
  /** The desktop shell (solo or team); null in a browser. */
  desktop: DesktopShell | null = $state.raw(null);
  /** The desktop's team server, when it works against one. */
  server: string | null = $state(null);
  gate: Gate = $state.raw({ kind: 'starting' });
  appInfo: AppInfo | null = $state.raw(null);
  notice: Notice | null = $state.raw(null);
  /** The desktop's link to its team server; null in a browser and when solo. */
  connection: ConnectionState | null = $state.raw(null);
  /** Ticks every 30 s so that "5 minutes ago" and the 24-hour window stay true. */
  now: Date = $state.raw(new Date());

  readonly can: Permissions = $derived(permissions(this.appInfo?.operator.role));
  readonly viewer: Viewer | null = $derived(viewerOf(this.appInfo));

  /** Called when the server says the session ended (set by the app). */
  onSignedOut: () => void = () => {};

  private guarded = new WeakMap<Transport, Transport>();

  /**
   * The transport, with every `unauthorized` answer (the session ended: signed out elsewhere,
   * revoked, the operator disabled) taking the window back to signing in.
   */
  api(): Transport {
    const transport = this.transport;
    if (!transport) throw new ApiFailure('internal', 'not connected', { ui: 'error.notConnected' });
    let guarded = this.guarded.get(transport);
    if (!guarded) {
      guarded = {
        kind: transport.kind,
        call: (command, request) =>
          transport.call(command, request).catch((e: unknown) => {
            const failure = ApiFailure.from(e);
            if (failure.code === 'unauthorized' && !CREDENTIAL_CHECKS.has(command)) this.onSignedOut();
            throw failure;
          }),
        subscribe: (listener) => transport.subscribe(listener),
      };
      this.guarded.set(transport, guarded);
    }
    return guarded;
  }

  /** Shows why a request failed (an ended session shows the sign-in instead). */
  readonly fail = (error: unknown): void => {
    const failure = ApiFailure.from(error);
    if (failure.code === 'unauthorized') return;
    this.notice = { said: failure.said, error: true };
  };

  tell(said: Said): void {
    this.notice = { said, error: false };
  }

  dismiss(): void {
    this.notice = null;
  }

  /** A gateway's brand name ("Devino"), as app_info gives it. */
  gatewayName(kind: GatewayKind): string {
    return this.appInfo?.gateways.find((g) => g.kind === kind)?.name ?? kind;
  }

  /** An account's name as shown: the sandbox's in the reader's language (lib/names.ts). */
  accountLabel(account: AccountNaming, tr: Translator): string {
    return accountLabel(account, tr, (kind) => this.gatewayName(kind));
  }

  /** An operator as shown: the app's own built-in operator is "You" (lib/names.ts). */
  operatorLabel(operator: OperatorRef, tr: Translator): string {
    return operatorLabel(operator, this.appInfo?.operator, tr);
  }

  /** The reader is the built-in solo operator (the desktop working on its own). */
  get solo(): boolean {
    return this.appInfo !== null && isBuiltInOperator(this.appInfo.operator, this.appInfo.operator);
  }

  /** The operator signed in to a team (a browser, or the desktop against a server). */
  get team(): boolean {
    return this.appInfo !== null && this.appInfo.operator.login !== null;
  }
}
