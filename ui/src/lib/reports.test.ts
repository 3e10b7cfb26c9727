import { describe, expect, it } from 'vitest';
import type { DayFigures } from '../bindings/DayFigures';
import type { Figures } from '../bindings/Figures';
import type { Report } from '../bindings/Report';
import type { Stat } from '../bindings/Stat';
import { translator } from '../i18n/translator';
import {
  chartSeries,
  customDefaults,
  dayLabel,
  drillable,
  figureText,
  figureValue,
  formatDuration,
  formatScore,
  idOf,
  knownOperators,
  localDay,
  NO_FILTERS,
  operatorRows,
  periodRange,
  reportFilter,
  teamCards,
  zoneName,
  FIGURES,
  FIGURE_DEFINITION,
  FIGURE_TITLE,
} from './reports';

const stat = (count: number, median: number | null, p90: number | null): Stat => ({ count, median, p90 });

function figures(over: Partial<Figures> = {}): Figures {
  const none = { calendar: stat(0, null, null), business: stat(0, null, null) };
  return {
    first_response: none,
    first_response_from_assignment: none,
    reply_time: none,
    resolution: none,
    missed: 0,
    handled: 0,
    resolved: 0,
    messages_sent: 0,
    templates_sent: 0,
    review_count: 0,
    review_median_tenths: null,
    ...over,
  };
}

const team = figures({
  first_response: { calendar: stat(4, 300, 3600), business: stat(4, 120, 1800) },
  reply_time: { calendar: stat(9, 90, 600), business: stat(9, 60, 400) },
  missed: 2,
  handled: 5,
  resolved: 3,
  messages_sent: 40,
  templates_sent: 1,
  review_count: 2,
  review_median_tenths: 45,
});

function report(over: Partial<Report> = {}): Report {
  return {
    filter: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-08T00:00:00.000Z' },
    time_zone: 'Europe/Moscow',
    business_hours: true,
    team,
    missed_unassigned: 1,
    operators: [
      { operator: { id: 2, name: 'Olga' }, figures: figures({ handled: 3, first_response: team.first_response }) },
      { operator: { id: 1, name: 'anna' }, figures: figures({ handled: 2 }) },
    ],
    days: [],
    ...over,
  };
}

describe('the period', () => {
  // Local times: the tests hold in any zone the machine is in.
  const now = new Date(2026, 2, 15, 14, 30);

  it('today runs from this local midnight to the next', () => {
    expect(periodRange({ kind: 'today' }, now)).toEqual({ from: new Date(2026, 2, 15), to: new Date(2026, 2, 16) });
  });

  it('7 and 30 days end with today, whole local days', () => {
    expect(periodRange({ kind: '7d' }, now)).toEqual({ from: new Date(2026, 2, 9), to: new Date(2026, 2, 16) });
    expect(periodRange({ kind: '30d' }, now)).toEqual({ from: new Date(2026, 1, 14), to: new Date(2026, 2, 16) });
  });

  it('a custom period includes its last day', () => {
    expect(periodRange({ kind: 'custom', from: '2026-01-30', to: '2026-02-02' }, now)).toEqual({
      from: new Date(2026, 0, 30),
      to: new Date(2026, 1, 3),
    });
    expect(periodRange({ kind: 'custom', from: '2026-03-01', to: '2026-03-01' }, now)).toEqual({
      from: new Date(2026, 2, 1),
      to: new Date(2026, 2, 2),
    });
  });

  it('says what is wrong with a custom period', () => {
    expect(periodRange({ kind: 'custom', from: '', to: '2026-03-01' }, now)).toEqual({ problem: 'report.period.needDates' });
    expect(periodRange({ kind: 'custom', from: '2026-02-30', to: '2026-03-01' }, now)).toEqual({ problem: 'report.period.needDates' });
    expect(periodRange({ kind: 'custom', from: '2026-03-02', to: '2026-03-01' }, now)).toEqual({ problem: 'report.period.backwards' });
  });

  it('reads dates strictly', () => {
    expect(localDay('2024-02-29')).toEqual(new Date(2024, 1, 29));
    expect(localDay('2023-02-29')).toBeNull();
    expect(localDay('1.3.2026')).toBeNull();
    expect(customDefaults(now)).toEqual({ from: '2026-03-09', to: '2026-03-15' });
  });

  it('becomes instants in the request, filters only when chosen', () => {
    const range = { from: new Date(Date.UTC(2026, 2, 1, 21)), to: new Date(Date.UTC(2026, 2, 8, 21)) };
    expect(reportFilter(range, NO_FILTERS)).toEqual({ from: '2026-03-01T21:00:00.000Z', to: '2026-03-08T21:00:00.000Z' });
    const filtered = reportFilter(range, { operatorId: 3, accountId: null, tagId: 7 });
    expect(filtered).toEqual({ from: '2026-03-01T21:00:00.000Z', to: '2026-03-08T21:00:00.000Z', operator_id: 3, tag_id: 7 });
    expect('account_id' in filtered).toBe(false);
    expect(idOf('')).toBeNull();
    expect(idOf('12')).toBe(12);
    expect(idOf('x')).toBeNull();
  });
});

describe('durations', () => {
  it('are written in English in at most two units', () => {
    expect(formatDuration(0, 'en')).toBe('0s');
    expect(formatDuration(45, 'en')).toBe('45s');
    expect(formatDuration(180, 'en')).toBe('3m');
    expect(formatDuration(200, 'en')).toBe('3m 20s');
    expect(formatDuration(7500, 'en')).toBe('2h 5m');
    expect(formatDuration(3600, 'en')).toBe('1h');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59, 'en')).toBe('3d 4h');
    expect(formatDuration(-5, 'en')).toBe('0s');
  });

  it('are written in Russian with Russian units', () => {
    expect(formatDuration(45, 'ru')).toBe('45 с');
    expect(formatDuration(200, 'ru')).toBe('3 мин 20 с');
    expect(formatDuration(7500, 'ru')).toBe('2 ч 5 мин');
    expect(formatDuration(86_400, 'ru')).toMatch(/^1 д/);
    expect(formatDuration(7500, 'ru')).not.toMatch(/[a-z]/i);
  });

  it('scores in tenths the locale’s way', () => {
    expect(formatScore(45, 'en')).toBe('4.5');
    expect(formatScore(45, 'ru')).toBe('4,5');
    expect(formatScore(40, 'en')).toBe('4.0');
  });
});

describe('cards and table', () => {
  it('has a title and a definition for every figure, in both languages', () => {
    for (const locale of ['en', 'ru'] as const) {
      const tr = translator(locale);
      for (const id of FIGURES) {
        expect(tr.t(FIGURE_TITLE[id])).not.toBe('');
        expect(tr.t(FIGURE_DEFINITION[id]).length).toBeGreaterThan(20);
      }
    }
  });

  it('shows the chosen basis: calendar or business time', () => {
    const r = report();
    const calendar = teamCards(r, 'calendar');
    const business = teamCards(r, 'business');
    expect(calendar.map((c) => c.id)).toEqual([...FIGURES]);
    expect(calendar[0]).toEqual({ id: 'first_response', value: { kind: 'duration', median: 300, p90: 3600, count: 4 }, metric: 'first_response' });
    expect(business[0]?.value).toEqual({ kind: 'duration', median: 120, p90: 1800, count: 4 });
    expect(calendar.find((c) => c.id === 'missed')).toEqual({ id: 'missed', value: { kind: 'count', value: 2 }, metric: 'missed' });
    expect(calendar.find((c) => c.id === 'messages_sent')?.metric).toBeNull();
    expect(calendar.find((c) => c.id === 'review')?.value).toEqual({ kind: 'score', medianTenths: 45, count: 2 });
  });

  it('writes a figure with its percentile and count', () => {
    const en = translator('en');
    const ru = translator('ru');
    const value = figureValue(team, 'first_response', 'calendar');
    expect(figureText(value, en)).toEqual({ main: '5m', details: ['90%: 1h', '4 cases'] });
    expect(figureText(value, ru)).toEqual({ main: '5 мин', details: ['90%: 1 ч', '4 случая'] });
    expect(figureText({ kind: 'duration', median: null, p90: null, count: 0 }, en)).toEqual({ main: '—', details: ['0 cases'] });
    expect(figureText({ kind: 'count', value: 12345 }, ru).main).toBe('12\u00a0345');
    expect(figureText({ kind: 'score', medianTenths: 45, count: 2 }, ru)).toEqual({ main: '4,5', details: ['из 2 оценок'] });
    expect(figureText({ kind: 'score', medianTenths: null, count: 0 }, en).main).toBe('—');
  });

  it('opens the conversations only behind a number that has some', () => {
    expect(drillable({ kind: 'count', value: 2 }, 'missed')).toBe(true);
    expect(drillable({ kind: 'count', value: 0 }, 'missed')).toBe(false);
    expect(drillable({ kind: 'duration', median: 1, p90: 1, count: 1 }, 'reply_time')).toBe(true);
    expect(drillable({ kind: 'count', value: 40 }, null)).toBe(false);
  });

  it('gives a row per operator, by name, with the cards’ figures', () => {
    const rows = operatorRows(report(), 'calendar', 'en');
    expect(rows.map((r) => r.operator.name)).toEqual(['anna', 'Olga']);
    expect(rows[1]?.cells.find((c) => c.id === 'handled')?.value).toEqual({ kind: 'count', value: 3 });
    expect(rows[1]?.cells.map((c) => c.id)).toEqual([...FIGURES]);
    // The same numbers as the card for the same figures.
    expect(rows[1]?.cells[0]?.value).toEqual(teamCards(report(), 'calendar')[0]?.value);
  });

  it('knows every operator the team list and the reports named, once', () => {
    expect(
      knownOperators(
        [
          [{ id: 2, name: 'Olga' }],
          [
            { id: 1, name: 'anna' },
            { id: 2, name: 'Olga (old)' },
          ],
        ],
        'en',
      ),
    ).toEqual([
      { id: 1, name: 'anna' },
      { id: 2, name: 'Olga' },
    ]);
  });
});

describe('the daily chart', () => {
  const day = (d: string, incoming: number, median: number | null, business: number | null = median): DayFigures => ({
    day: d,
    incoming,
    figures: figures({ first_response: { calendar: stat(median === null ? 0 : 1, median, median), business: stat(1, business, business) } }),
  });

  it('has a point per day, sorted, gaps filled, medians in minutes', () => {
    const series = chartSeries([day('2026-03-02', 5, 90), day('2026-02-28', 3, 600), day('2026-03-03', 0, null)], 'calendar');
    expect(series).toEqual({
      days: ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03'],
      incoming: [3, 0, 5, 0],
      firstResponseMinutes: [10, null, 1.5, null],
    });
  });

  it('follows the basis and is empty without days', () => {
    expect(chartSeries([day('2026-03-02', 5, 600, 120)], 'business').firstResponseMinutes).toEqual([2]);
    expect(chartSeries([], 'calendar')).toEqual({ days: [], incoming: [], firstResponseMinutes: [] });
  });

  it('sums to what the report counts (one query path)', () => {
    const series = chartSeries([day('2026-03-01', 4, 60), day('2026-03-02', 6, 60)], 'calendar');
    expect(series.incoming.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('labels days in the reader’s language, with no zone shift', () => {
    expect(dayLabel('2026-03-05', 'en')).toBe('Mar 5');
    expect(dayLabel('2026-03-05', 'ru')).toBe('5 мар.');
  });
});

describe('time zones', () => {
  it('are named in the reader’s language, the IANA name when Intl has none', () => {
    const winter = new Date(Date.UTC(2026, 0, 15));
    expect(zoneName('Europe/Moscow', 'en', winter)).toBe('Moscow Standard Time');
    expect(zoneName('Europe/Moscow', 'ru', winter)).toBe('Москва, стандартное время');
    expect(zoneName('Mars/Olympus', 'ru', winter)).toBe('Mars/Olympus');
  });
});
