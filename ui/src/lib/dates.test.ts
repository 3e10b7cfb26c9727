import { describe, expect, it } from 'vitest';
import { past, withDaySeparators } from './dates';
import { en, message, ru } from './fixtures';

// Local times, so the tests hold in any time zone.
const local = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).toISOString();
const now = new Date(2026, 4, 20, 15, 0);

describe('withDaySeparators', () => {
  const messages = [
    message('a', local(2026, 5, 18, 9)),
    message('b', local(2026, 5, 18, 23, 59)),
    message('c', local(2026, 5, 19, 0, 1)),
    message('d', local(2026, 5, 20, 8)),
  ];
  const labels = (tr: typeof en) =>
    withDaySeparators(messages, now, tr).map((i) => (i.kind === 'day' ? `[${i.label}]` : i.key));

  it('puts one separator before the first message of each local day', () => {
    expect(labels(en)).toEqual(['[Mon 18 May]', 'a', 'b', '[Yesterday]', 'c', '[Today]', 'd']);
  });

  it('names the days in the reader’s language', () => {
    expect(labels(ru)).toEqual(['[пн, 18 мая]', 'a', 'b', '[Вчера]', 'c', '[Сегодня]', 'd']);
  });

  it('names the year of an earlier year', () => {
    const items = withDaySeparators([message('a', local(2025, 12, 31))], now, en);
    expect(items[0]).toMatchObject({ kind: 'day', label: expect.stringMatching(/31 Dec 2025/) });
  });

  it('gives nothing for no messages', () => {
    expect(withDaySeparators([], now, en)).toEqual([]);
  });
});

describe('past', () => {
  it('never puts a moment that has passed after now', () => {
    const now = new Date('2026-05-20T10:00:00Z');
    expect(past('2026-05-20T10:00:05Z', now)).toBe(now);
    expect(past('2026-05-20T09:59:00Z', now).toISOString()).toBe('2026-05-20T09:59:00.000Z');
  });
});
