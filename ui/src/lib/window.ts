// WhatsApp's 24-hour window, as the thread header and the composer see it: free-form messages
// may be sent for 24 hours after the customer last wrote (the time the gateway gave that
// message), only templates after that. Pure, with the clock passed in, so every edge is tested.
import type { Capabilities } from '../bindings/Capabilities';
import type { Translator } from '../i18n';

export const WINDOW_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export type WindowState =
  | { open: true; closesAt: Date; /** Never more than 24 hours (see windowState). */ leftMs: number }
  | { open: false; /** When the customer last wrote; null: they never have. */ lastAt: Date | null };

/**
 * The window at `now`. No customer message (or an unreadable time) is a closed window: a
 * conversation we started has none until the customer answers. Exactly 24 hours later it is
 * closed (the gateway's "more than 24 hours" is not worth a millisecond's bet). A customer time
 * ahead of our clock (the gateway's clock runs ahead) never promises more than 24 hours.
 */
export function windowState(lastCustomerMessageAt: string | null, now: Date): WindowState {
  const last = lastCustomerMessageAt === null ? NaN : Date.parse(lastCustomerMessageAt);
  if (Number.isNaN(last)) return { open: false, lastAt: null };
  const closesAt = last + WINDOW_MS;
  const leftMs = closesAt - now.getTime();
  if (leftMs <= 0) return { open: false, lastAt: new Date(last) };
  return { open: true, closesAt: new Date(closesAt), leftMs: Math.min(leftMs, WINDOW_MS) };
}

/** Whether the account's gateway refuses free-form messages outside the window at all. */
export function windowApplies(capabilities: Capabilities | null): boolean {
  return capabilities?.enforces_24h_window ?? false;
}

/** Whole hours and minutes left, rounded down: the badge never promises time there is not. */
export function hoursAndMinutes(leftMs: number): { hours: number; minutes: number } {
  const total = Math.max(0, Math.floor(leftMs / MINUTE_MS));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** The time left, short: "3 h 12 min", "45 min", "2 h", "less than a minute". */
export function shortLeft(leftMs: number, tr: Translator): string {
  const { hours, minutes } = hoursAndMinutes(leftMs);
  if (hours === 0 && minutes === 0) return tr.t('window.lessThanMinute');
  if (hours === 0) return tr.t('window.short.m', { minutes });
  if (minutes === 0) return tr.t('window.short.h', { hours });
  return tr.t('window.short.hm', { hours, minutes });
}

/** The time left in words, with the language's plural forms: "3 hours 1 minute". */
export function longLeft(leftMs: number, tr: Translator): string {
  const { hours, minutes } = hoursAndMinutes(leftMs);
  if (hours === 0 && minutes === 0) return tr.t('window.lessThanMinute');
  const parts = [
    ...(hours > 0 ? [tr.t('window.hours', { count: hours })] : []),
    ...(minutes > 0 ? [tr.t('window.minutes', { count: minutes })] : []),
  ];
  return parts.join(' ');
}

/** The badge's words: "open for 3 h 12 min", or closed. */
export function windowLabel(state: WindowState, tr: Translator): string {
  return state.open ? tr.t('window.open', { left: shortLeft(state.leftMs, tr) }) : tr.t('window.closed');
}

/** The badge's explanation (its title): until when, or why only templates. */
export function windowTitle(state: WindowState, tr: Translator): string {
  if (state.open) {
    return tr.t('window.openTitle', { until: tr.dateTime(state.closesAt), left: longLeft(state.leftMs, tr) });
  }
  if (state.lastAt === null) return tr.t('window.neverTitle');
  return tr.t('window.closedTitle', { at: tr.dateTime(state.lastAt) });
}

/**
 * How long until the badge's words change (the next whole minute down, or the closing), so a
 * ticking badge wakes only when it has something new to say; null when nothing will change.
 */
export function nextChangeMs(state: WindowState): number | null {
  if (!state.open) return null;
  // Minutes round down: "12 min" lasts until a millisecond under 12 minutes are left.
  return (state.leftMs % MINUTE_MS) + 1;
}
