// Picks the transport at start-up: Tauri IPC inside the desktop app, HTTP in a browser.
import { httpTransport } from './http';
import type { DesktopShell } from './tauri';
import type { Transport } from './types';

export { ApiFailure, type ConnectionState, type Listener, type Transport } from './types';
export type { DesktopShell, DesktopState } from './tauri';

export interface Startup {
  transport: Transport;
  /** The desktop window's shell (solo or team mode); null in a browser. */
  desktop: DesktopShell | null;
}

export async function startTransport(win: Window = window): Promise<Startup> {
  if ('__TAURI_INTERNALS__' in win) {
    const { tauriTransport, desktopShell } = await import('./tauri');
    return { transport: tauriTransport(), desktop: desktopShell() };
  }
  return { transport: httpTransport(), desktop: null };
}
