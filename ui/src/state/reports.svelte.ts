// The reports screen's state: the period and filters (kept while going elsewhere and back),
// the report they ask for, the conversations behind a clicked number, exports, the team's
// business hours, and the live board. The logic is in lib/reports.ts, lib/businessHours.ts
// and lib/board.ts; this only asks the core and keeps the answers.
import type { Board } from '../bindings/Board';
import type { BusinessHours } from '../bindings/BusinessHours';
import type { Conversation } from '../bindings/Conversation';
import type { Event } from '../bindings/Event';
import type { ExportKind } from '../bindings/ExportKind';
import type { Metric } from '../bindings/Metric';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Report } from '../bindings/Report';
import type { ReportFilter } from '../bindings/ReportFilter';
import { i18n, type Said } from '../i18n';
import { BOARD_EVENT_DELAY_MS, BOARD_REFRESH_MS, boardChanges } from '../lib/board';
import type { SaveFile } from '../lib/download';
import { exportFile } from '../lib/exportTable';
import { Latest } from '../lib/liveLog';
import {
  customDefaults,
  NO_FILTERS,
  periodRange,
  reportFilter,
  type FigureId,
  type Filters,
  type Period,
  type TimeBasis,
} from '../lib/reports';
import { ApiFailure } from '../lib/transport';
import { app } from './app';
import type { Session } from './session.svelte';

export interface Drill {
  figure: FigureId;
  metric: Metric;
  /** The operator whose number it is (null: the team's). */
  operator: OperatorRef | null;
  conversations: Conversation[] | null;
  error: Said | null;
}

export class ReportsStore {
  period: Period = $state.raw({ kind: '7d' });
  /** The custom period's fields, kept while another period is chosen. */
  custom: { from: string; to: string } = $state(customDefaults(new Date()));
  filters: Filters = $state.raw(NO_FILTERS);
  basis: TimeBasis = $state('calendar');

  report: Report | null = $state.raw(null);
  loading = $state(false);
  /** Why the report could not be had (a period that makes no sense, the server's reason). */
  problem: Said | null = $state.raw(null);
  /** Operators seen in reports so far (a reviewer has no team list to choose from). */
  seen: OperatorRef[] = $state.raw([]);

  drill: Drill | null = $state.raw(null);
  exporting: ExportKind | null = $state(null);

  private readonly latest = new Latest();
  private readonly latestDrill = new Latest();

  private owner: number | null = null;

  constructor(private readonly session: Session) {}

  /** Whose reports these are: another operator signed in starts afresh (no filters of theirs). */
  own(operatorId: number | null): void {
    if (operatorId === this.owner) return;
    this.owner = operatorId;
    this.reset();
  }

  /** The request the current period and filters stand for, or why there is none. */
  filter(now: Date = new Date()): ReportFilter | { problem: Said } {
    const range = periodRange(this.period, now);
    if ('problem' in range) return { problem: { ui: range.problem } };
    return reportFilter(range, this.filters);
  }

  async load(): Promise<void> {
    const current = this.latest.begin();
    const filter = this.filter();
    this.drill = null;
    if ('problem' in filter) {
      this.problem = filter.problem;
      this.report = null;
      return;
    }
    this.loading = true;
    try {
      const report = await this.session.api().call('report', filter);
      if (!current()) return;
      this.report = report;
      this.problem = null;
      if (!report.business_hours) this.basis = 'calendar';
      const ids = new Set(this.seen.map((o) => o.id));
      const added = report.operators.map((r) => r.operator).filter((o) => !ids.has(o.id));
      if (added.length > 0) this.seen = [...this.seen, ...added];
    } catch (e) {
      if (!current()) return;
      this.report = null;
      this.problem = ApiFailure.from(e).said;
    } finally {
      if (current()) this.loading = false;
    }
  }

  choosePeriod(period: Period): void {
    this.period = period;
    void this.load();
  }

  setFilters(change: Partial<Filters>): void {
    this.filters = { ...this.filters, ...change };
    void this.load();
  }

  /** The conversations behind one number (the team's, or one operator's). */
  async openDrill(figure: FigureId, metric: Metric, operator: OperatorRef | null): Promise<void> {
    const current = this.latestDrill.begin();
    const base = this.report?.filter ?? this.filter();
    if ('problem' in base) return;
    const filter: ReportFilter = operator ? { ...base, operator_id: operator.id } : base;
    this.drill = { figure, metric, operator, conversations: null, error: null };
    try {
      const conversations = await this.session.api().call('report_conversations', { filter, metric });
      if (current()) this.drill = { figure, metric, operator, conversations, error: null };
    } catch (e) {
      if (current()) this.drill = { figure, metric, operator, conversations: [], error: ApiFailure.from(e).said };
    }
  }

  closeDrill(): void {
    this.latestDrill.begin();
    this.drill = null;
  }

  /**
   * The report as a CSV file in the reader's language and time zone (the same filters as the
   * screen; the server's table, audited there); rejects with the reason.
   */
  async export(kind: ExportKind): Promise<SaveFile> {
    const filter = this.report?.filter ?? this.filter();
    if ('problem' in filter) throw new ApiFailure('bad_request', 'period', filter.problem);
    this.exporting = kind;
    try {
      const table = await this.session.api().call('export_report', { filter, kind });
      return exportFile(kind, table, i18n.tr);
    } finally {
      this.exporting = null;
    }
  }

  reset(): void {
    this.latest.begin();
    this.latestDrill.begin();
    this.report = null;
    this.problem = null;
    this.drill = null;
    this.seen = [];
    this.filters = NO_FILTERS;
  }
}

/** The team's business hours, for the editor (supervisors) and the time switch. */
export class BusinessHoursStore {
  hours: BusinessHours | null = $state.raw(null);
  loaded = $state(false);
  problem: Said | null = $state.raw(null);

  constructor(private readonly session: Session) {}

  async load(): Promise<void> {
    try {
      this.hours = await this.session.api().call('business_hours', {});
      this.loaded = true;
      this.problem = null;
    } catch (e) {
      this.problem = ApiFailure.from(e).said;
    }
  }

  /** Saves (null: removes) the schedule; rejects with the server's reason. */
  async save(schedule: BusinessHours | null): Promise<BusinessHours | null> {
    const saved = await this.session.api().call('set_business_hours', { schedule });
    this.hours = saved;
    this.loaded = true;
    this.problem = null;
    return saved;
  }
}

/** The live board: asked again every 30 s and shortly after events that may change it. */
export class BoardStore {
  board: Board | null = $state.raw(null);
  problem: Said | null = $state.raw(null);
  /** When the board shown was answered. */
  at: Date | null = $state.raw(null);

  private readonly latest = new Latest();
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly session: Session) {}

  async load(): Promise<void> {
    const current = this.latest.begin();
    try {
      const board = await this.session.api().call('live_board', {});
      if (!current()) return;
      this.board = board;
      this.at = new Date();
      this.problem = null;
    } catch (e) {
      if (current()) this.problem = ApiFailure.from(e).said;
    }
  }

  /** Follows the board while it is shown: returns how to stop. `watch` subscribes to live events. */
  follow(watch: (listener: (event: Event) => void) => () => void): () => void {
    void this.load();
    const timer = setInterval(() => void this.load(), BOARD_REFRESH_MS);
    const unwatch = watch((event) => {
      if (!boardChanges(event) || this.pending !== null) return;
      // A burst of events (a bulk assignment) asks once.
      this.pending = setTimeout(() => {
        this.pending = null;
        void this.load();
      }, BOARD_EVENT_DELAY_MS);
    });
    return () => {
      clearInterval(timer);
      unwatch();
      if (this.pending !== null) clearTimeout(this.pending);
      this.pending = null;
      this.latest.begin();
    };
  }
}

/** One of each for the page, kept while going to other screens and back. */
export const reports = new ReportsStore(app.session);
export const businessHours = new BusinessHoursStore(app.session);
export const board = new BoardStore(app.session);
