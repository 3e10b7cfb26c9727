import { describe, expect, it } from 'vitest';
import { dayKey, listTime, withDaySeparators } from './dates';
import { message } from './fixtures';

// Local times, so the tests hold in any time zone.
const local = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).toISOString();
const now = new Date(2026, 4, 20, 15, 0);

describe('withDaySeparators', () => {
  it('puts one separator before the first message of each local day', () => {
    const items = withDaySeparators(
      [
        message('a', local(2026, 5, 18, 9)),
        message('b', local(2026, 5, 18, 23, 59)),
        message('c', local(2026, 5, 19, 0, 1)),
        message('d', local(2026, 5, 20, 8)),
      ],
      now,
      'en-GB',
    );
    expect(items.map((i) => (i.kind === 'day' ? `[${i.label}]` : i.key))).toEqual([
      '[Mon 18 May]',
      'a',
      'b',
      '[Yesterday]',
      'c',
      '[Today]',
      'd',
    ]);
  });

  it('names the year of an earlier year', () => {
    const items = withDaySeparators([message('a', local(2025, 12, 31))], now, 'en-GB');
    expect(items[0]).toMatchObject({ kind: 'day', label: expect.stringMatching(/31 Dec 2025/) });
  });

  it('gives nothing for no messages', () => {
    expect(withDaySeparators([], now)).toEqual([]);
  });
});

describe('listTime', () => {
  it('shows a time today, a weekday this week, a date before', () => {
    expect(listTime(local(2026, 5, 20, 9, 5), now, 'en-GB')).toBe('09:05');
    expect(listTime(local(2026, 5, 17), now, 'en-GB')).toBe('Sun');
    expect(listTime(local(2026, 3, 1), now, 'en-GB')).toBe('1 Mar');
  });

  it('keys days by the local calendar', () => {
    expect(dayKey(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
