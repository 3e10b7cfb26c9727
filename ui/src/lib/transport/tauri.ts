// The desktop transport: the Tauri shell exposes one IPC command, `api`, that runs any API
// command, and forwards live events as `switchboard:event` / `switchboard:resync`.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { Command } from '../../bindings/commands';
import type { Event } from '../../bindings/Event';
import { ApiFailure, type Request, type Response, type Transport } from './types';

export function tauriTransport(): Transport {
  return {
    async call<C extends Command>(command: C, request: Request<C>): Promise<Response<C>> {
      try {
        return await invoke<Response<C>>('api', { command, request });
      } catch (e) {
        throw ApiFailure.from(e);
      }
    },
    subscribe(onEvent, onResync) {
      let stopped = false;
      const unlisteners: UnlistenFn[] = [];
      const keep = (p: Promise<UnlistenFn>) =>
        p.then((unlisten) => (stopped ? unlisten() : unlisteners.push(unlisten)));
      void keep(listen<Event>('switchboard:event', (e) => onEvent(e.payload)));
      void keep(listen('switchboard:resync', () => onResync()));
      return () => {
        stopped = true;
        for (const unlisten of unlisteners.splice(0)) unlisten();
      };
    },
  };
}
