// The business-hours editor's logic, pure: a schedule as a draft (every weekday present, an
// empty one a day off), editing it, and checking it before it is saved, with each problem as
// a UI string. The server checks again; this only spares a round trip and says where.
import type { BusinessHours } from '../bindings/BusinessHours';
import type { Interval } from '../bindings/Interval';
import type { UiSaid } from '../i18n';

/** ISO weekdays, Monday first. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Draft {
  timeZone: string;
  /** Index 0 is Monday … 6 Sunday. */
  days: Interval[][];
  holidays: string[];
}

/** A new schedule: the browser's zone, 09:00–18:00 on weekdays. */
export function newDraft(timeZone: string): Draft {
  return {
    timeZone,
    days: WEEKDAYS.map((d) => (d <= 5 ? [{ start: '09:00', end: '18:00' }] : [])),
    holidays: [],
  };
}

export function draftOf(hours: BusinessHours | null, fallbackZone: string): Draft {
  if (!hours) return newDraft(fallbackZone);
  return {
    timeZone: hours.time_zone,
    days: WEEKDAYS.map((w) => hours.days.filter((d) => d.weekday === w).flatMap((d) => d.intervals.map((i) => ({ ...i })))),
    holidays: [...hours.holidays].sort(),
  };
}

/** The schedule to save: weekdays with intervals only, holidays sorted and each once. */
export function scheduleOf(draft: Draft): BusinessHours {
  return {
    time_zone: draft.timeZone.trim(),
    days: WEEKDAYS.flatMap((weekday, i) => {
      const intervals = draft.days[i] ?? [];
      return intervals.length === 0 ? [] : [{ weekday, intervals: intervals.map((x) => ({ start: x.start, end: x.end })) }];
    }),
    holidays: [...new Set(draft.holidays.map((h) => h.trim()))].sort(),
  };
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes after midnight of `HH:MM`, 00:00 to 24:00 (the server's range), or null. */
export function minutesOf(time: string): number | null {
  const m = TIME.exec(time);
  if (!m) return null;
  return m[3] !== undefined ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

/**
 * An interval whose end is at or before its start runs past midnight (22:00–06:00): an
 * overnight shift. One that ends at midnight (18:00–00:00) is only said to run to midnight.
 */
export function overnight(interval: Interval): boolean {
  const start = minutesOf(interval.start);
  const end = minutesOf(interval.end);
  return start !== null && end !== null && end <= start && end !== 0;
}

/** The interval's span in minutes from its day's midnight: [start, end), end past 1440 when overnight. */
function span(interval: Interval): [number, number] | null {
  const start = minutesOf(interval.start);
  const end = minutesOf(interval.end);
  // 24:00 ends a day; nothing starts there.
  if (start === null || end === null || start === 1440) return null;
  return [start, end <= start ? end + 1440 : end];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Whether Intl knows the zone (what the server's zone database knows, in practice). */
export function knownZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone.trim() });
    return true;
  } catch {
    return false;
  }
}

/** Common zones first (the datalist), then every zone Intl lists. */
export const COMMON_ZONES = [
  'Europe/Moscow',
  'Europe/Kaliningrad',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
  'Europe/Minsk',
  'Europe/Kyiv',
  'Asia/Almaty',
  'Asia/Tashkent',
  'Asia/Tbilisi',
  'Asia/Yerevan',
  'Asia/Baku',
  'Europe/Istanbul',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Berlin',
  'UTC',
] as const;

export function zoneChoices(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set<string>([...COMMON_ZONES, ...all])];
}

/** One problem, and where: the zone, a weekday's interval (by index), a holiday, the week as a whole. */
export type Problem =
  | { at: 'zone'; said: UiSaid }
  | { at: 'interval'; weekday: Weekday; index: number; said: UiSaid }
  | { at: 'holiday'; index: number; said: UiSaid }
  | { at: 'week'; said: UiSaid };

const WEEK = 7 * 1440;

/** What stops the draft from being saved (none: it can be). Checks what the server checks. */
export function problems(draft: Draft): Problem[] {
  const found: Problem[] = [];
  if (draft.timeZone.trim() === '') found.push({ at: 'zone', said: { ui: 'hours.needZone' } });
  else if (!knownZone(draft.timeZone)) found.push({ at: 'zone', said: { ui: 'hours.badZone', values: { zone: draft.timeZone.trim() } } });
  // Every interval of the week in minutes from Monday 00:00; the week is a circle, so
  // Sunday's overnight shift also runs into Monday morning.
  const week: { from: number; to: number; weekday: Weekday; index: number }[] = [];
  let any = false;
  WEEKDAYS.forEach((weekday, d) => {
    (draft.days[d] ?? []).forEach((interval, index) => {
      any = true;
      const mine = span(interval);
      if (!mine) {
        found.push({ at: 'interval', weekday, index, said: { ui: 'hours.badTime' } });
        return;
      }
      const from = d * 1440 + mine[0];
      const to = d * 1440 + mine[1];
      week.push({ from, to, weekday, index });
      if (to > WEEK) week.push({ from: from - WEEK, to: to - WEEK, weekday, index });
    });
  });
  if (!any) found.push({ at: 'week', said: { ui: 'hours.noHours' } });
  week.sort((a, b) => a.from - b.from || a.to - b.to);
  const clashing = new Set<string>();
  let reach = -Infinity;
  for (const s of week) {
    // Two intervals that share a minute: the one starting later is marked.
    if (s.from < reach) clashing.add(`${s.weekday}:${s.index}`);
    reach = Math.max(reach, s.to);
  }
  WEEKDAYS.forEach((weekday, d) => {
    (draft.days[d] ?? []).forEach((_interval, index) => {
      if (clashing.has(`${weekday}:${index}`)) found.push({ at: 'interval', weekday, index, said: { ui: 'hours.overlap' } });
    });
  });
  const seen = new Set<string>();
  draft.holidays.forEach((holiday, index) => {
    const h = holiday.trim();
    if (!isDate(h)) found.push({ at: 'holiday', index, said: { ui: 'hours.badHoliday' } });
    else if (seen.has(h)) found.push({ at: 'holiday', index, said: { ui: 'hours.duplicateHoliday' } });
    seen.add(h);
  });
  return found;
}

// Editing, each returning a new draft (the component keeps it in $state).

export function addInterval(draft: Draft, weekday: Weekday): Draft {
  const days = draft.days.map((d) => [...d]);
  const day = days[weekday - 1] ?? [];
  const last = day[day.length - 1];
  // After the last interval: an hour later, or the usual working day.
  const start = last && last.end !== '00:00' && last.end !== '24:00' ? last.end : '09:00';
  const startMin = minutesOf(start) ?? 540;
  const end = last ? minutesToTime((startMin + 60) % 1440) : '18:00';
  day.push({ start, end });
  days[weekday - 1] = day;
  return { ...draft, days };
}

export function removeInterval(draft: Draft, weekday: Weekday, index: number): Draft {
  const days = draft.days.map((d, i) => (i === weekday - 1 ? d.filter((_, j) => j !== index) : [...d]));
  return { ...draft, days };
}

export function changeInterval(draft: Draft, weekday: Weekday, index: number, change: Partial<Interval>): Draft {
  const days = draft.days.map((d, i) => (i === weekday - 1 ? d.map((x, j) => (j === index ? { ...x, ...change } : x)) : [...d]));
  return { ...draft, days };
}

/** Monday's intervals on every weekday (Tuesday–Friday). */
export function copyMondayToWeekdays(draft: Draft): Draft {
  const monday = draft.days[0] ?? [];
  return { ...draft, days: draft.days.map((d, i) => (i >= 1 && i <= 4 ? monday.map((x) => ({ ...x })) : [...d])) };
}

export function addHoliday(draft: Draft, day: string): Draft {
  return { ...draft, holidays: [...draft.holidays, day] };
}

export function removeHoliday(draft: Draft, index: number): Draft {
  return { ...draft, holidays: draft.holidays.filter((_, i) => i !== index) };
}

function minutesToTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A weekday's name in the locale (1 → Monday / понедельник). */
export function weekdayName(weekday: Weekday, tag: string): string {
  // 2024-01-01 was a Monday.
  const name = new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, weekday)));
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
}

/** A holiday as the reader's language writes a date (`31 Dec 2026` / `31 дек. 2026 г.`); as given when it is no date. */
export function holidayLabel(day: string, tag: string): string {
  if (!isDate(day)) return day;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}
