// A thread's day separators, in the viewer's local time zone and language.
import type { Activity } from '../bindings/Activity';
import type { Translator } from '../i18n';
import { dayKey } from '../i18n/format';
import type { Timeline } from './workflow';

export type ThreadItem<M> =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: M }
  | { kind: 'activity'; key: string; activity: Activity };

/** Messages (oldest first) with a separator before the first message of each day. */
export function withDaySeparators<M extends { id: string; timestamp: string }>(
  messages: readonly M[],
  now: Date,
  tr: Pick<Translator, 'day'>,
): ThreadItem<M>[] {
  return timelineWithDays(
    messages.map((message) => ({ kind: 'message', message, at: message.timestamp })),
    now,
    tr,
  );
}

/** Messages and activity lines (lib/workflow.ts `mergeTimeline`) with day separators. */
export function timelineWithDays<M extends { id: string; timestamp: string }>(
  timeline: readonly Timeline<M>[],
  now: Date,
  tr: Pick<Translator, 'day'>,
): ThreadItem<M>[] {
  const items: ThreadItem<M>[] = [];
  let previous: string | null = null;
  for (const entry of timeline) {
    const date = new Date(entry.at);
    const key = dayKey(date);
    if (key !== previous) {
      items.push({ kind: 'day', key: `day-${key}`, label: tr.day(date, now) });
      previous = key;
    }
    items.push(
      entry.kind === 'message'
        ? { kind: 'message', key: entry.message.id, message: entry.message }
        : { kind: 'activity', key: `activity-${entry.activity.id}`, activity: entry.activity },
    );
  }
  return items;
}

/**
 * A moment that has passed, as a Date no later than `now`: the server's "last used" may be a
 * few seconds ahead of the clock the page ticks every 30 s, and "in 5 seconds" would be wrong.
 */
export function past(timestamp: string, now: Date): Date {
  const date = new Date(timestamp);
  return date.getTime() > now.getTime() ? now : date;
}
