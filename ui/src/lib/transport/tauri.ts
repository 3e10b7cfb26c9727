// The desktop transport: the Tauri shell exposes one IPC command, `api`, that runs any API
// command (in-process when working solo, against the team server in team mode), and forwards
// live events as `switchboard:event` / `switchboard:resync`; in team mode also the link's state
// (`switchboard:connection`) and `switchboard:signed_out` when the server refuses the stored
// session. The shell's own commands (`desktop_state`, `choose_solo`, `connect_team`,
// `leave_team`) choose between working solo and a team server.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { Command } from '../../bindings/commands';
import type { Connection } from '../../bindings/desktop/Connection';
import type { DesktopState } from '../../bindings/desktop/DesktopState';
import type { Event } from '../../bindings/Event';
import type { Operator } from '../../bindings/Operator';
import { ApiFailure, type Request, type Response, type Transport } from './types';

export type { DesktopState };

export function tauriTransport(): Transport {
  return {
    kind: 'tauri',
    async call<C extends Command>(command: C, request: Request<C>): Promise<Response<C>> {
      try {
        return await invoke<Response<C>>('api', { command, request });
      } catch (e) {
        throw ApiFailure.from(e);
      }
    },
    subscribe(listener) {
      let stopped = false;
      const unlisteners: UnlistenFn[] = [];
      const keep = (p: Promise<UnlistenFn>) =>
        p.then((unlisten) => (stopped ? unlisten() : unlisteners.push(unlisten)));
      void keep(listen<Event>('switchboard:event', (e) => listener.event(e.payload)));
      void keep(listen('switchboard:resync', () => listener.resync()));
      void keep(listen<Connection>('switchboard:connection', (e) => listener.connection?.(e.payload)));
      void keep(listen('switchboard:signed_out', () => listener.signedOut?.()));
      return () => {
        stopped = true;
        for (const unlisten of unlisteners.splice(0)) unlisten();
      };
    },
  };
}

/** The desktop shell's choice between working solo and a team server. */
export interface DesktopShell {
  state(): Promise<DesktopState>;
  chooseSolo(): Promise<void>;
  /** Signs in to a team server; rejects with an ApiFailure (wrong password, unreachable…). */
  connectTeam(server: string, login: string, password: string): Promise<Operator>;
  /** Signs out of the team server and forgets it: the choice is offered again. */
  leaveTeam(): Promise<void>;
}

export function desktopShell(): DesktopShell {
  const run = async <T>(command: string, args?: Record<string, unknown>): Promise<T> => {
    try {
      return await invoke<T>(command, args);
    } catch (e) {
      throw ApiFailure.from(e);
    }
  };
  return {
    state: () => run<DesktopState>('desktop_state'),
    chooseSolo: () => run<null>('choose_solo').then(() => undefined),
    connectTeam: (server, login, password) => run<Operator>('connect_team', { server, login, password }),
    leaveTeam: () => run<null>('leave_team').then(() => undefined),
  };
}
