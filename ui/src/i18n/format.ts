// Dates, times, numbers and sizes written the locale's way, with Intl only. Times are the
// viewer's local time zone.

export interface DateFormats {
  /** The locale tag Intl is given: the system's own (`en-GB`, `ru-RU`) when its language is the UI's. */
  readonly tag: string;
  clock(date: Date): string;
  /** "Today", "Yesterday", else a short weekday and date (with the year when not this year). */
  day(date: Date, now: Date): string;
  /** The inbox's time column: a time today, a weekday within a week, else a date. */
  listTime(timestamp: string, now: Date): string;
  /** A moment in full: date and time. */
  dateTime(date: Date): string;
  /** "12 seconds ago", "in 5 minutes", "yesterday". */
  relative(date: Date, now: Date): string;
  number(n: number): string;
  /** `5 MB`, `1.5 MB`, `300 KB`, `12 bytes` — the units in the locale's words. */
  size(bytes: number): string;
}

const KB = 1024;
const MB = 1024 * 1024;

/** `YYYY-MM-DD` of the local calendar day. */
export function dayKey(date: Date): string {
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${m}-${d}`;
}

function capitalize(text: string, tag: string): string {
  const first = [...text][0];
  return first === undefined ? text : first.toLocaleUpperCase(tag) + text.slice(first.length);
}

export function dateFormats(tag: string): DateFormats {
  const clockFormat = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' });
  const weekday = new Intl.DateTimeFormat(tag, { weekday: 'short' });
  const dayThisYear = new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'short' });
  const dayOtherYear = new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const dateThisYear = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short' });
  const dateOtherYear = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' });
  const full = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const relativeDays = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const relativeTime = new Intl.RelativeTimeFormat(tag, { numeric: 'always', style: 'long' });
  const numbers = new Intl.NumberFormat(tag);
  const units = (unit: 'byte' | 'kilobyte' | 'megabyte', digits: number, unitDisplay: 'short' | 'long' = 'short') =>
    new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay, maximumFractionDigits: digits });
  // "12 bytes" / "12 байт": the short form ("12 byte", "12 Б") reads badly on its own.
  const bytes = units('byte', 0, 'long');
  const kilobytes = units('kilobyte', 0);
  const megabytes = units('megabyte', 1);

  const yesterdayKey = (now: Date) => dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));

  return {
    tag,
    clock: (date) => clockFormat.format(date),
    day(date, now) {
      const key = dayKey(date);
      // Intl's own words for today and yesterday ("today", "сегодня"), as a label.
      if (key === dayKey(now)) return capitalize(relativeDays.format(0, 'day'), tag);
      if (key === yesterdayKey(now)) return capitalize(relativeDays.format(-1, 'day'), tag);
      return (date.getFullYear() === now.getFullYear() ? dayThisYear : dayOtherYear).format(date);
    },
    listTime(timestamp, now) {
      const date = new Date(timestamp);
      if (Number.isNaN(date.getTime())) return '';
      if (dayKey(date) === dayKey(now)) return clockFormat.format(date);
      const days = (now.getTime() - date.getTime()) / 86_400_000;
      if (days >= 0 && days < 6) return weekday.format(date);
      return (date.getFullYear() === now.getFullYear() ? dateThisYear : dateOtherYear).format(date);
    },
    dateTime: (date) => full.format(date),
    relative(date, now) {
      const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
      const abs = Math.abs(seconds);
      // Numeric formats say "in 0 seconds" for this very moment: "now" reads better.
      if (seconds === 0) return relativeDays.format(0, 'second');
      if (abs < 60) return relativeTime.format(seconds, 'second');
      if (abs < 3600) return relativeTime.format(Math.trunc(seconds / 60), 'minute');
      if (abs < 86_400) return relativeTime.format(Math.trunc(seconds / 3600), 'hour');
      return relativeTime.format(Math.trunc(seconds / 86_400), 'day');
    },
    number: (n) => numbers.format(n),
    size(n) {
      if (n >= MB) {
        const mb = n / MB;
        return megabytes.format(mb - Math.floor(mb) < 0.05 ? Math.floor(mb) : Math.round(mb * 10) / 10);
      }
      if (n >= KB) return kilobytes.format(Math.ceil(n / KB));
      return bytes.format(n);
    },
  };
}
