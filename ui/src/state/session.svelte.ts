// Connection and session: the transport, whether the page is blocked (no or refused token),
// what the app told about itself, the notice line, and the clock relative times count from.
import type { AppInfo } from '../bindings/AppInfo';
import type { GatewayKind } from '../bindings/GatewayKind';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Said, Translator } from '../i18n';
import type { PlainKey } from '../i18n/en';
import { accountLabel, isBuiltInOperator, operatorLabel, type AccountNaming } from '../lib/names';
import { ApiFailure, forgetToken, type Transport } from '../lib/transport';

export interface Notice {
  said: Said;
  error: boolean;
}

export class Session {
  transport: Transport | null = $state.raw(null);
  /** A screen instead of the app: no token, or the token was refused. */
  blocked: PlainKey | null = $state(null);
  appInfo: AppInfo | null = $state.raw(null);
  notice: Notice | null = $state.raw(null);
  /** Ticks every 30 s so that "5 minutes ago" and the 24-hour window stay true. */
  now: Date = $state.raw(new Date());

  api(): Transport {
    if (!this.transport) throw new ApiFailure('internal', 'not connected', { ui: 'error.notConnected' });
    return this.transport;
  }

  /** Shows why a request failed; a refused token blocks the page. */
  readonly fail = (error: unknown): void => {
    const failure = ApiFailure.from(error);
    if (failure.code === 'unauthorized') {
      forgetToken();
      this.blocked = 'app.blocked.refused';
      return;
    }
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

  /** The reader is the built-in solo operator (no team sign-in yet). */
  get solo(): boolean {
    return this.appInfo !== null && isBuiltInOperator(this.appInfo.operator, this.appInfo.operator);
  }
}
