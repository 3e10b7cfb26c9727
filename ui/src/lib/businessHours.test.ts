import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/translator';
import {
  addHoliday,
  addInterval,
  changeInterval,
  copyMondayToWeekdays,
  draftOf,
  holidayLabel,
  knownZone,
  minutesOf,
  newDraft,
  overnight,
  problems,
  removeHoliday,
  removeInterval,
  scheduleOf,
  weekdayName,
  zoneChoices,
} from './businessHours';

describe('business hours', () => {
  it('starts with weekdays 09:00–18:00 in the given zone', () => {
    const draft = newDraft('Europe/Moscow');
    expect(draft.days.map((d) => d.length)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(scheduleOf(draft)).toEqual({
      time_zone: 'Europe/Moscow',
      days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, intervals: [{ start: '09:00', end: '18:00' }] })),
      holidays: [],
    });
  });

  it('round-trips a stored schedule, an overnight shift and holidays kept', () => {
    const stored = {
      time_zone: 'Asia/Yekaterinburg',
      days: [
        { weekday: 5, intervals: [{ start: '22:00', end: '06:00' }] },
        { weekday: 1, intervals: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }] },
      ],
      holidays: ['2026-05-09', '2026-01-01'],
    };
    const draft = draftOf(stored, 'UTC');
    expect(draft.days[0]).toHaveLength(2);
    expect(draft.days[4]).toEqual([{ start: '22:00', end: '06:00' }]);
    const back = scheduleOf(draft);
    expect(back.days.map((d) => d.weekday)).toEqual([1, 5]);
    expect(back.holidays).toEqual(['2026-01-01', '2026-05-09']);
    expect(draftOf(null, 'Europe/Moscow').timeZone).toBe('Europe/Moscow');
  });

  it('says an interval ending at or before its start runs overnight', () => {
    expect(overnight({ start: '22:00', end: '06:00' })).toBe(true);
    expect(overnight({ start: '18:00', end: '00:00' })).toBe(false); // to midnight
    expect(overnight({ start: '09:00', end: '24:00' })).toBe(false);
    expect(overnight({ start: '09:00', end: '18:00' })).toBe(false);
    expect(minutesOf('23:59')).toBe(1439);
    expect(minutesOf('24:00')).toBe(1440);
    expect(minutesOf('24:01')).toBeNull();
    expect(minutesOf('9:00')).toBeNull();
  });

  it('finds nothing wrong with a sound schedule, an overnight shift included', () => {
    let draft = newDraft('Europe/Moscow');
    draft = changeInterval(draft, 5, 0, { start: '22:00', end: '06:00' });
    draft = addHoliday(draft, '2026-05-09');
    expect(problems(draft)).toEqual([]);
  });

  it('marks a zone nobody knows, a bad time, overlapping hours and a bad or repeated holiday', () => {
    let draft = newDraft('Mars/Olympus');
    draft = changeInterval(draft, 2, 0, { end: '25:00' });
    draft = addInterval(draft, 3); // 18:00–19:00 after 09:00–18:00: fine
    draft = addInterval(draft, 4);
    draft = changeInterval(draft, 4, 1, { start: '17:00', end: '20:00' }); // overlaps 09:00–18:00
    draft = changeInterval(draft, 1, 0, { start: '20:00', end: '10:00' });
    draft = addInterval(draft, 1);
    draft = changeInterval(draft, 1, 1, { start: '08:00', end: '09:00' }); // inside nothing: 20:00–34:00 is after it
    draft = addHoliday(addHoliday(addHoliday(draft, '2026-02-30'), '2026-03-08'), '2026-03-08');
    const found = problems(draft);
    expect(found).toEqual([
      { at: 'zone', said: { ui: 'hours.badZone', values: { zone: 'Mars/Olympus' } } },
      { at: 'interval', weekday: 2, index: 0, said: { ui: 'hours.badTime' } },
      { at: 'interval', weekday: 4, index: 1, said: { ui: 'hours.overlap' } },
      { at: 'holiday', index: 0, said: { ui: 'hours.badHoliday' } },
      { at: 'holiday', index: 2, said: { ui: 'hours.duplicateHoliday' } },
    ]);
    expect(problems({ ...newDraft(''), timeZone: ' ' })[0]).toEqual({ at: 'zone', said: { ui: 'hours.needZone' } });
  });

  it('checks the week as the server does: a circle, 24:00 only as an end, some hours', () => {
    const base = { timeZone: 'UTC', holidays: [] };
    const week = (days: Record<number, [string, string][]>) => ({
      ...base,
      days: [1, 2, 3, 4, 5, 6, 7].map((w) => (days[w] ?? []).map(([start, end]) => ({ start, end }))),
    });
    // Monday's night shift runs into Tuesday 05:00.
    expect(problems(week({ 1: [['22:00', '06:00']], 2: [['05:00', '09:00']] }))).toEqual([
      { at: 'interval', weekday: 2, index: 0, said: { ui: 'hours.overlap' } },
    ]);
    // Sunday's runs into Monday.
    expect(problems(week({ 7: [['22:00', '06:00']], 1: [['05:00', '09:00']] }))).toHaveLength(1);
    expect(problems(week({ 7: [['22:00', '06:00']], 1: [['06:00', '09:00']] }))).toEqual([]);
    expect(problems(week({ 1: [['09:00', '24:00']], 2: [['00:00', '24:00']] }))).toEqual([]);
    expect(problems(week({ 1: [['24:00', '06:00']] }))).toEqual([{ at: 'interval', weekday: 1, index: 0, said: { ui: 'hours.badTime' } }]);
    expect(problems(week({}))).toEqual([{ at: 'week', said: { ui: 'hours.noHours' } }]);
  });

  it('says every problem in English and Russian', () => {
    const draft = addHoliday(changeInterval(newDraft('Nowhere/City'), 1, 0, { start: 'x' }), 'soon');
    for (const locale of ['en', 'ru'] as const) {
      const tr = translator(locale);
      for (const p of problems(draft)) expect(tr.said(p.said)).not.toMatch(/\{|^$/);
    }
    expect(translator('ru').said({ ui: 'hours.badZone', values: { zone: 'Nowhere/City' } })).toContain('«Nowhere/City»');
  });

  it('adds, removes and copies intervals and holidays without touching the old draft', () => {
    const start = newDraft('UTC');
    const added = addInterval(start, 1);
    expect(added.days[0]).toEqual([
      { start: '09:00', end: '18:00' },
      { start: '18:00', end: '19:00' },
    ]);
    expect(start.days[0]).toHaveLength(1);
    expect(addInterval(start, 6).days[5]).toEqual([{ start: '09:00', end: '18:00' }]);
    expect(removeInterval(added, 1, 0).days[0]).toEqual([{ start: '18:00', end: '19:00' }]);
    const copied = copyMondayToWeekdays(added);
    expect(copied.days.slice(1, 5).every((d) => d.length === 2)).toBe(true);
    expect(copied.days[5]).toEqual([]);
    expect(removeHoliday(addHoliday(start, '2026-01-07'), 0).holidays).toEqual([]);
  });

  it('knows time zones and offers Moscow first', () => {
    expect(knownZone('Europe/Moscow')).toBe(true);
    expect(knownZone('Europe/Nowhere')).toBe(false);
    expect(knownZone('')).toBe(false);
    const zones = zoneChoices();
    expect(zones[0]).toBe('Europe/Moscow');
    expect(new Set(zones).size).toBe(zones.length);
  });

  it('names weekdays in the reader’s language', () => {
    expect(weekdayName(1, 'en')).toBe('Monday');
    expect(weekdayName(7, 'en')).toBe('Sunday');
    expect(weekdayName(1, 'ru')).toBe('Понедельник');
  });
});

describe('holidays', () => {
  it('are written the reader’s way', () => {
    expect(holidayLabel('2026-12-31', 'en')).toBe('Dec 31, 2026');
    expect(holidayLabel('2026-12-31', 'ru')).toBe('31 дек. 2026 г.');
    expect(holidayLabel('soon', 'ru')).toBe('soon');
  });
});
