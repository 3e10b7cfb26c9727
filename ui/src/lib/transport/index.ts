// Picks the transport at start-up: Tauri IPC inside the desktop app, HTTP in a browser.
import { httpTransport } from './http';
import type { Transport } from './types';

export { ApiFailure, type Transport } from './types';

export type Startup = { transport: Transport } | { transport: null; reason: 'no_token' };

export async function startTransport(win: Window = window): Promise<Startup> {
  if ('__TAURI_INTERNALS__' in win) {
    const { tauriTransport } = await import('./tauri');
    return { transport: tauriTransport() };
  }
  const token = takeToken(win.location, win.history, win.sessionStorage);
  if (token === null) return { transport: null, reason: 'no_token' };
  return { transport: httpTransport({ token }) };
}

const TOKEN_KEY = 'switchboard.token';

/**
 * The API token: `switchboard serve` prints a URL with `?token=`; the first load keeps it in
 * sessionStorage and takes it out of the address bar (history, screenshots, shoulder-surfing).
 */
export function takeToken(
  location: Pick<Location, 'href'>,
  history: Pick<History, 'replaceState'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null && fromUrl.trim() !== '') {
    storage.setItem(TOKEN_KEY, fromUrl.trim());
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl.trim();
  }
  const stored = storage.getItem(TOKEN_KEY);
  return stored !== null && stored !== '' ? stored : null;
}

export function forgetToken(storage: Pick<Storage, 'removeItem'> = sessionStorage): void {
  storage.removeItem(TOKEN_KEY);
}
