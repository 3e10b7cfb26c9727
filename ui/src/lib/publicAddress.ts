import type { AccountCallbacks } from '../bindings/AccountCallbacks';
import type { PublicAddress } from '../bindings/PublicAddress';
import type { PublicAddressSettings } from '../bindings/PublicAddressSettings';
import type { SetPublicAddress } from '../bindings/SetPublicAddress';
import type { TunnelState } from '../bindings/TunnelState';
import type { WebhookUrl } from '../bindings/WebhookUrl';
import type { Translator, UiSaid } from '../i18n';
import { withStop } from './said';

export type Mode = PublicAddressSettings['mode'];

/** What the public address form holds (strings, as typed). */
export interface AddressForm {
  mode: Mode;
  url: string;
  server: string;
  port: string;
  /** A new secret; empty keeps the saved one unless `removeSecret`. */
  secret: string;
  removeSecret: boolean;
}

export function formOf(settings: PublicAddressSettings): AddressForm {
  return {
    mode: settings.mode,
    url: settings.mode === 'url' ? settings.url : '',
    server: settings.mode === 'tunnel' ? settings.server : '',
    port: settings.mode === 'tunnel' && settings.port !== undefined ? String(settings.port) : '',
    secret: '',
    removeSecret: false,
  };
}

/** The request, or why the form is not complete yet (the server checks again). */
export function addressRequest(form: AddressForm): SetPublicAddress | UiSaid {
  switch (form.mode) {
    case 'local':
      return { settings: { mode: 'local' } };
    case 'url': {
      const url = form.url.trim();
      if (!/^https?:\/\/[^\s/?#]+/i.test(url)) return { ui: 'address.needUrl' };
      return { settings: { mode: 'url', url } };
    }
    case 'tunnel': {
      const server = form.server.trim();
      if (server === '') return { ui: 'address.needServer' };
      const portText = form.port.trim();
      const port = Number(portText);
      if (portText !== '' && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        return { ui: 'address.badPort' };
      }
      const secret = form.removeSecret ? '' : form.secret.trim();
      return {
        settings: { mode: 'tunnel', server, ...(portText !== '' ? { port } : {}) },
        ...(form.removeSecret || secret !== '' ? { tunnel_secret: secret } : {}),
      };
    }
  }
}

/** How the tunnel stands, in words, with a tone for its colour; null when there is no tunnel. */
export function tunnelLine(
  state: TunnelState,
  now: Date,
  tr: Translator,
): { text: string; tone: 'ok' | 'busy' | 'error' } | null {
  switch (state.state) {
    case 'off':
      return null;
    case 'not_running':
      return { text: tr.t('address.tunnel.notRunning'), tone: 'error' };
    case 'connecting':
      return { text: tr.t('address.tunnel.connecting'), tone: 'busy' };
    case 'up':
      return { text: tr.t('address.tunnel.up', { time: tr.clock(new Date(state.since)) }), tone: 'ok' };
    case 'down': {
      const reason = withStop(tr.phrase(state.reason));
      const retry = new Date(state.retry_at);
      return retry.getTime() > now.getTime()
        ? { text: tr.t('address.tunnel.down', { reason, when: tr.relative(retry, now) }), tone: 'error' }
        : { text: tr.t('address.tunnel.downNow', { reason }), tone: 'error' };
    }
  }
}

/** "12 seconds ago", "5 minutes ago", or "none yet". */
export function lastWebhookText(at: string | null, now: Date, tr: Translator): string {
  if (at === null) return tr.t('address.noneYet');
  const date = new Date(at);
  // A clock a little ahead of ours is still "just now", never "in 2 seconds".
  return tr.relative(date.getTime() > now.getTime() ? now : date, now);
}

/** Whether callbacks reach the app but travel over plain HTTP (readable on the way). */
export const isCleartext = (address: PublicAddress): boolean =>
  address.warning?.key === 'public_address.warning_cleartext';

/** The sidebar's one line about where gateways reach the app (it opens the panel). */
export function addressSummary(address: PublicAddress, tr: Translator): string {
  if (isCleartext(address)) return tr.t('address.summary.cleartext');
  if (address.warning !== null) return tr.t('address.summary.warning');
  const where = address.base_url ?? tr.t('address.noneYet');
  if (address.tunnel.state === 'up') return tr.t('address.summary.tunnel', { where });
  return address.settings.mode === 'local' ? tr.t('address.summary.local') : tr.t('address.summary.other', { where });
}

/**
 * How long an account's old webhook addresses keep working after `rotate_webhook_token`
 * (the core's grace period; the confirmation says it in words).
 */
export const OLD_WEBHOOKS_GRACE_MS = 24 * 60 * 60 * 1000;

/** Whether an account has callback addresses that can be replaced (a polled gateway, or an
 * account while no public address is known, has none). */
export const canRotate = (account: AccountCallbacks): boolean => account.webhooks.length > 0;

/** The address with one account's callback URLs replaced by `rotate_webhook_token`'s answer. */
export function withWebhooks(address: PublicAddress, accountId: number, webhooks: WebhookUrl[]): PublicAddress {
  if (!address.accounts.some((a) => a.account_id === accountId)) return address;
  return {
    ...address,
    accounts: address.accounts.map((a) => (a.account_id === accountId ? { ...a, webhooks } : a)),
  };
}

/** What to do after new addresses were issued at `at`, with when the old ones stop working. */
export function rotatedNote(at: Date, tr: Translator): string {
  return tr.t('address.rotate.done', { until: tr.dateTime(new Date(at.getTime() + OLD_WEBHOOKS_GRACE_MS)) });
}
