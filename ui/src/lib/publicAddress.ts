import type { PublicAddress } from '../bindings/PublicAddress';
import type { PublicAddressSettings } from '../bindings/PublicAddressSettings';
import type { SetPublicAddress } from '../bindings/SetPublicAddress';
import type { TunnelState } from '../bindings/TunnelState';

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
export function addressRequest(form: AddressForm): SetPublicAddress | string {
  switch (form.mode) {
    case 'local':
      return { settings: { mode: 'local' } };
    case 'url': {
      const url = form.url.trim();
      if (!/^https?:\/\/[^\s/?#]+/i.test(url)) return 'Enter the public base URL, e.g. https://inbox.example.com.';
      return { settings: { mode: 'url', url } };
    }
    case 'tunnel': {
      const server = form.server.trim();
      if (server === '') return 'Enter the bore server’s host name, e.g. bore.example.com.';
      const portText = form.port.trim();
      const port = Number(portText);
      if (portText !== '' && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        return 'The public port is a number from 1 to 65535 (or empty: any port).';
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
): { text: string; tone: 'ok' | 'busy' | 'error' } | null {
  switch (state.state) {
    case 'off':
      return null;
    case 'not_running':
      return { text: 'Not running: the tunnel runs while Switchboard runs.', tone: 'error' };
    case 'connecting':
      return { text: 'Connecting…', tone: 'busy' };
    case 'up':
      return { text: `Up since ${new Date(state.since).toLocaleTimeString()}`, tone: 'ok' };
    case 'down': {
      const seconds = Math.max(0, Math.ceil((new Date(state.retry_at).getTime() - now.getTime()) / 1000));
      const retry = seconds > 0 ? `retrying in ${seconds} s` : 'retrying now';
      return { text: `Down: ${state.reason} — ${retry}.`, tone: 'error' };
    }
  }
}

/** "12 s ago", "5 min ago", a time of day, or "none yet". */
export function lastWebhookText(at: string | null, now: Date): string {
  if (at === null) return 'none yet';
  const seconds = Math.round((now.getTime() - new Date(at).getTime()) / 1000);
  if (seconds < 60) return `${Math.max(0, seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return new Date(at).toLocaleString();
}

/** The sidebar's one line about where gateways reach the app (it opens the panel). */
export function addressSummary(address: PublicAddress): string {
  if (address.warning !== null) return 'Public address: gateways cannot reach this app — fix';
  const where = address.base_url ?? 'none yet';
  switch (address.tunnel.state) {
    case 'up':
      return `Public address: tunnel up · ${where}`;
    default:
      return `Public address: ${address.settings.mode === 'local' ? 'this computer' : where}`;
  }
}
