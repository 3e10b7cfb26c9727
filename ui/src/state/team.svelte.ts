// The team, as a supervisor runs it: its operators (also who a conversation can be given to)
// and who sees what. Other roles have none of it (the server refuses them anyway).
import type { Operator } from '../bindings/Operator';
import type { Role } from '../bindings/Role';
import type { SetTeamSettings } from '../bindings/SetTeamSettings';
import type { TeamSettings } from '../bindings/TeamSettings';
import { Latest } from '../lib/liveLog';
import type { Session } from './session.svelte';

export class TeamStore {
  operators: Operator[] = $state.raw([]);
  settings: TeamSettings | null = $state.raw(null);
  loaded = $state(false);
  /** Who a conversation can be given to: active operators who may reply. */
  readonly assignable: Operator[] = $derived(this.operators.filter((o) => o.active && o.role !== 'reviewer'));

  private readonly latest = new Latest();

  constructor(private readonly session: Session) {}

  async load(): Promise<void> {
    const current = this.latest.begin();
    if (!this.session.can.supervise) {
      this.reset();
      return;
    }
    try {
      const api = this.session.api();
      const [operators, settings] = await Promise.all([api.call('list_operators', {}), api.call('team_settings', {})]);
      if (!current()) return;
      this.operators = operators;
      this.settings = settings;
      this.loaded = true;
    } catch (e) {
      if (current()) this.session.fail(e);
    }
  }

  reset(): void {
    this.latest.begin();
    this.operators = [];
    this.settings = null;
    this.loaded = false;
  }

  /** Adds an operator; rejects with the server's reason (a login taken, a weak password). */
  async add(operator: { login: string; name: string; role: Role; password: string }): Promise<Operator> {
    const added = await this.session.api().call('add_operator', operator);
    this.put(added);
    return added;
  }

  async update(id: number, change: { name?: string; role?: Role; active?: boolean }): Promise<Operator> {
    const updated = await this.session.api().call('update_operator', { id, ...change });
    this.put(updated);
    return updated;
  }

  async setPassword(id: number, password: string): Promise<void> {
    await this.session.api().call('set_operator_password', { id, password });
  }

  async setManagersSeeAll(managers_see_all: boolean): Promise<void> {
    this.settings = await this.session.api().call('set_team_settings', { managers_see_all });
  }

  /** Changes some of the team's settings (what is absent stays); rejects with the reason. */
  async saveSettings(change: SetTeamSettings): Promise<TeamSettings> {
    const settings = await this.session.api().call('set_team_settings', change);
    this.settings = settings;
    return settings;
  }

  private put(operator: Operator): void {
    this.latest.begin();
    const at = this.operators.findIndex((o) => o.id === operator.id);
    this.operators =
      at === -1 ? [...this.operators, operator] : this.operators.map((o) => (o.id === operator.id ? operator : o));
  }
}
