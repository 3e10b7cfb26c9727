// Calendar days and short times, in the viewer's local time zone.

export type ThreadItem<M> =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: M };

/** `YYYY-MM-DD` of the local calendar day. */
export function dayKey(date: Date): string {
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${m}-${d}`;
}

export function dayLabel(date: Date, now: Date, locale?: string): string {
  const key = dayKey(date);
  if (key === dayKey(now)) return 'Today';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (key === dayKey(yesterday)) return 'Yesterday';
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** Messages (oldest first) with a separator before the first message of each day. */
export function withDaySeparators<M extends { id: string; timestamp: string }>(
  messages: readonly M[],
  now: Date,
  locale?: string,
): ThreadItem<M>[] {
  const items: ThreadItem<M>[] = [];
  let previous: string | null = null;
  for (const message of messages) {
    const date = new Date(message.timestamp);
    const key = dayKey(date);
    if (key !== previous) {
      items.push({ kind: 'day', key: `day-${key}`, label: dayLabel(date, now, locale) });
      previous = key;
    }
    items.push({ kind: 'message', key: message.id, message });
  }
  return items;
}

/** The inbox's time column: a time today, a weekday within a week, else a date. */
export function listTime(timestamp: string, now: Date, locale?: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return '';
  if (dayKey(date) === dayKey(now)) return clockTime(date, locale);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (days >= 0 && days < 6) return date.toLocaleDateString(locale, { weekday: 'short' });
  return date.toLocaleDateString(locale, {
    day: 'numeric',
    month: 'short',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

export function clockTime(date: Date, locale?: string): string {
  return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}
