// The reports screen's logic, pure: a period in the browser's local zone turned into instants,
// the report's figures turned into cards, table rows and chart series, durations written the
// locale's way. Every figure comes from one `report` answer (the core's one query path), so
// the cards, the table and the chart cannot disagree; this module only arranges them.
import type { DayFigures } from '../bindings/DayFigures';
import type { Durations } from '../bindings/Durations';
import type { Figures } from '../bindings/Figures';
import type { Metric } from '../bindings/Metric';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Report } from '../bindings/Report';
import type { ReportFilter } from '../bindings/ReportFilter';
import type { Stat } from '../bindings/Stat';
import type { Translator } from '../i18n';
import type { UiKey } from '../i18n/en';
import { dayKey } from '../i18n/format';

/** The screens' addresses. */
export const REPORTS_PATH = '/reports';
export const BOARD_PATH = '/board';

// ---------------------------------------------------------------------------------------------
// The period

export type PeriodKind = 'today' | '7d' | '30d' | 'custom';
export const PERIODS: readonly PeriodKind[] = ['today', '7d', '30d', 'custom'];

/** Which days a report covers; `custom` days are `YYYY-MM-DD`, both included. */
export type Period = { kind: 'today' | '7d' | '30d' } | { kind: 'custom'; from: string; to: string };

/** Instants: `from` inclusive, `to` exclusive. */
export interface Range {
  from: Date;
  to: Date;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local midnight starting a `YYYY-MM-DD` day, or null when it is no real date. */
export function localDay(text: string): Date | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = new Date(y, mo, d);
  // 2024-02-31 rolls over to March: not a date.
  if (date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) return null;
  return date;
}

function startOfDay(date: Date, plusDays = 0): Date {
  // Built from calendar fields, so a day with a daylight-saving change is still one day.
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + plusDays);
}

/** Why a custom period cannot be asked for. */
export type PeriodProblem = 'report.period.needDates' | 'report.period.backwards';

/**
 * The instants a period stands for, in the browser's local zone: today is from this midnight
 * to the next; 7 and 30 days end with today; a custom period runs from its first day's
 * midnight to the midnight after its last day.
 */
export function periodRange(period: Period, now: Date): Range | { problem: PeriodProblem } {
  switch (period.kind) {
    case 'today':
      return { from: startOfDay(now), to: startOfDay(now, 1) };
    case '7d':
      return { from: startOfDay(now, -6), to: startOfDay(now, 1) };
    case '30d':
      return { from: startOfDay(now, -29), to: startOfDay(now, 1) };
    case 'custom': {
      const from = localDay(period.from);
      const to = localDay(period.to);
      if (!from || !to) return { problem: 'report.period.needDates' };
      if (to.getTime() < from.getTime()) return { problem: 'report.period.backwards' };
      return { from, to: startOfDay(to, 1) };
    }
  }
}

/** A custom period's fields to start from: the last 7 days. */
export function customDefaults(now: Date): { from: string; to: string } {
  return { from: dayKey(startOfDay(now, -6)), to: dayKey(now) };
}

export interface Filters {
  operatorId: number | null;
  accountId: number | null;
  tagId: number | null;
}

export const NO_FILTERS: Filters = { operatorId: null, accountId: null, tagId: null };

/** The request for a range and filters (an absent filter is left out, not sent as null). */
export function reportFilter(range: Range, filters: Filters): ReportFilter {
  const filter: ReportFilter = { from: range.from.toISOString(), to: range.to.toISOString() };
  if (filters.operatorId !== null) filter.operator_id = filters.operatorId;
  if (filters.accountId !== null) filter.account_id = filters.accountId;
  if (filters.tagId !== null) filter.tag_id = filters.tagId;
  return filter;
}

/** A number from a select's value: '' is none. */
export function idOf(value: string): number | null {
  if (value === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

// ---------------------------------------------------------------------------------------------
// Durations

/** Calendar time, or the team's business hours. */
export type TimeBasis = 'calendar' | 'business';

/**
 * Seconds the locale's way, in at most two units: `45s`, `3m 20s`, `2h 5m`, `3d 4h` in
 * English; `45 с`, `3 мин 20 с`, `2 ч 5 мин`, `3 д. 4 ч` in Russian (Intl's narrow units).
 */
export function formatDuration(seconds: number, tag: string): string {
  const s = Math.max(0, Math.round(seconds));
  const unit = (u: 'second' | 'minute' | 'hour' | 'day', n: number) =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(n);
  const list = (parts: string[]) => new Intl.ListFormat(tag, { type: 'unit', style: 'narrow' }).format(parts);
  if (s < 60) return unit('second', s);
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest === 0 ? unit('minute', m) : list([unit('minute', m), unit('second', rest)]);
  }
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return m === 0 ? unit('hour', h) : list([unit('hour', h), unit('minute', m)]);
  }
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  return h === 0 ? unit('day', d) : list([unit('day', d), unit('hour', h)]);
}

/** A stat in the chosen basis. */
export function statOf(durations: Durations, basis: TimeBasis): Stat {
  return basis === 'business' ? durations.business : durations.calendar;
}

// ---------------------------------------------------------------------------------------------
// Cards and table

/** Every figure the screen shows, in the order of the cards and the table's columns. */
export const FIGURES = [
  'first_response',
  'first_response_from_assignment',
  'reply_time',
  'resolution',
  'missed',
  'handled',
  'resolved',
  'messages_sent',
  'templates_sent',
  'review',
] as const;
export type FigureId = (typeof FIGURES)[number];

/** The card's test id and CSS name: `first-response`, `messages-sent` … */
export function figureSlug(id: FigureId): string {
  return id.replaceAll('_', '-');
}

/** Which drill-down a figure's number opens (none for sent messages, templates, scores). */
export const FIGURE_METRIC: Readonly<Record<FigureId, Metric | null>> = {
  first_response: 'first_response',
  first_response_from_assignment: 'first_response',
  reply_time: 'reply_time',
  resolution: 'resolution',
  missed: 'missed',
  handled: 'handled',
  resolved: 'resolved',
  messages_sent: null,
  templates_sent: null,
  review: null,
};

export const FIGURE_TITLE = {
  first_response: 'report.figure.firstResponse',
  first_response_from_assignment: 'report.figure.fromAssignment',
  reply_time: 'report.figure.replyTime',
  resolution: 'report.figure.resolution',
  missed: 'report.figure.missed',
  handled: 'report.figure.handled',
  resolved: 'report.figure.resolved',
  messages_sent: 'report.figure.sent',
  templates_sent: 'report.figure.templates',
  review: 'report.figure.review',
} as const satisfies Record<FigureId, UiKey>;

/** Each figure's definition, as the issue states it (shown beside the number). */
export const FIGURE_DEFINITION = {
  first_response: 'report.define.firstResponse',
  first_response_from_assignment: 'report.define.fromAssignment',
  reply_time: 'report.define.replyTime',
  resolution: 'report.define.resolution',
  missed: 'report.define.missed',
  handled: 'report.define.handled',
  resolved: 'report.define.resolved',
  messages_sent: 'report.define.sent',
  templates_sent: 'report.define.templates',
  review: 'report.define.review',
} as const satisfies Record<FigureId, UiKey>;

/** One figure, ready to show: a duration's median, p90 and count, a count, or a score. */
export type FigureValue =
  | { kind: 'duration'; median: number | null; p90: number | null; count: number }
  | { kind: 'count'; value: number }
  | { kind: 'score'; medianTenths: number | null; count: number };

export function figureValue(figures: Figures, id: FigureId, basis: TimeBasis): FigureValue {
  switch (id) {
    case 'first_response':
    case 'first_response_from_assignment':
    case 'reply_time':
    case 'resolution': {
      const stat = statOf(figures[id], basis);
      return { kind: 'duration', median: stat.median, p90: stat.p90, count: stat.count };
    }
    case 'missed':
    case 'handled':
    case 'resolved':
    case 'messages_sent':
    case 'templates_sent':
      return { kind: 'count', value: figures[id] };
    case 'review':
      return { kind: 'score', medianTenths: figures.review_median_tenths, count: figures.review_count };
  }
}

/** The number a figure is clicked by (its median, its count) and whether there is anything behind it. */
export function drillable(value: FigureValue, metric: Metric | null): boolean {
  if (metric === null) return false;
  if (value.kind === 'duration') return value.count > 0;
  if (value.kind === 'count') return value.value > 0;
  return false;
}

/** A score in tenths as the locale writes it: 45 → `4.5` / `4,5`. */
export function formatScore(tenths: number, tag: string): string {
  return new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(tenths / 10);
}

/** A figure as words: its main number and the lines under it (90th percentile, how many). */
export function figureText(value: FigureValue, tr: Pick<Translator, 't' | 'tag' | 'number'>): { main: string; details: string[] } {
  switch (value.kind) {
    case 'duration': {
      const details: string[] = [];
      if (value.p90 !== null) details.push(tr.t('report.stat.p90', { value: formatDuration(value.p90, tr.tag) }));
      details.push(tr.t('report.stat.cases', { count: value.count }));
      return { main: value.median === null ? tr.t('report.stat.none') : formatDuration(value.median, tr.tag), details };
    }
    case 'count':
      return { main: tr.number(value.value), details: [] };
    case 'score':
      return {
        main: value.medianTenths === null ? tr.t('report.stat.none') : formatScore(value.medianTenths, tr.tag),
        details: [tr.t('report.stat.scored', { count: value.count })],
      };
  }
}

export interface Card {
  id: FigureId;
  value: FigureValue;
  metric: Metric | null;
}

/** The team's cards. */
export function teamCards(report: Report, basis: TimeBasis): Card[] {
  return FIGURES.map((id) => ({ id, value: figureValue(report.team, id, basis), metric: FIGURE_METRIC[id] }));
}

export interface OperatorRow {
  operator: OperatorRef;
  cells: Card[];
}

/** One row per operator, by name, with the same figures as the cards. */
export function operatorRows(report: Report, basis: TimeBasis, tag: string): OperatorRow[] {
  const collator = new Intl.Collator(tag, { sensitivity: 'base' });
  return [...report.operators]
    .sort((a, b) => collator.compare(a.operator.name, b.operator.name) || a.operator.id - b.operator.id)
    .map((row) => ({
      operator: row.operator,
      cells: FIGURES.map((id) => ({ id, value: figureValue(row.figures, id, basis), metric: FIGURE_METRIC[id] })),
    }));
}

/**
 * The operators a filter can name: every one the team list and the reports so far have
 * shown (a reviewer has no team list), by name, each once.
 */
export function knownOperators(lists: readonly (readonly OperatorRef[])[], tag: string): OperatorRef[] {
  const byId = new Map<number, OperatorRef>();
  for (const list of lists) for (const o of list) if (!byId.has(o.id)) byId.set(o.id, { id: o.id, name: o.name });
  const collator = new Intl.Collator(tag, { sensitivity: 'base' });
  return [...byId.values()].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}

// ---------------------------------------------------------------------------------------------
// The daily chart

export interface ChartSeries {
  /** The days, `YYYY-MM-DD`, one per point (days without figures filled in). */
  days: string[];
  /** Customer messages per day. */
  incoming: number[];
  /** The day's first-response median in minutes (null: no first response that day). */
  firstResponseMinutes: (number | null)[];
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/** The most days a gap is filled with (a malformed day never loops on). */
const MAX_DAYS = 400;

/**
 * The chart's series from the report's days (in the schedule's zone): sorted, each day once,
 * a day the report left out shown as nothing incoming and no median.
 */
export function chartSeries(days: readonly DayFigures[], basis: TimeBasis): ChartSeries {
  const byDay = new Map<string, DayFigures>();
  for (const d of days) if (DAY.test(d.day)) byDay.set(d.day, d);
  const sorted = [...byDay.keys()].sort();
  const out: ChartSeries = { days: [], incoming: [], firstResponseMinutes: [] };
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return out;
  for (let day = first; out.days.length < MAX_DAYS; day = nextDay(day)) {
    const figures = byDay.get(day);
    const median = figures ? statOf(figures.figures.first_response, basis).median : null;
    out.days.push(day);
    out.incoming.push(figures?.incoming ?? 0);
    out.firstResponseMinutes.push(median === null ? null : Math.round((median / 60) * 10) / 10);
    if (day >= last) break;
  }
  return out;
}

/** A chart day's label: `5 Mar` / `5 мар.` (the day as the report names it, no zone shift). */
export function dayLabel(day: string, tag: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * A time zone as the reader's language names it (`Europe/Moscow` → `Moscow Standard Time` /
 * `Москва, стандартное время`); the IANA name itself when Intl has no name for it.
 */
export function zoneName(zone: string, tag: string, at: Date = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat(tag, { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? zone;
  } catch {
    return zone;
  }
}
