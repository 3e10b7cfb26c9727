import { describe, expect, it } from 'vitest';
import { dateFormats, dayKey } from './format';

// Local times, so the tests hold in any time zone.
const local = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min);
const now = local(2026, 5, 20, 15, 0);
const en = dateFormats('en-GB');
const us = dateFormats('en-US');
const ru = dateFormats('ru-RU');

describe('times and days', () => {
  it('writes a clock time the locale’s way', () => {
    expect(en.clock(local(2026, 5, 20, 9, 5))).toBe('09:05');
    expect(us.clock(local(2026, 5, 20, 21, 5))).toBe('09:05 PM');
    expect(ru.clock(local(2026, 5, 20, 21, 5))).toBe('21:05');
  });

  it('names today and yesterday, else a weekday and date', () => {
    expect([en.day(local(2026, 5, 20), now), en.day(local(2026, 5, 19), now), en.day(local(2026, 5, 18), now)]).toEqual([
      'Today',
      'Yesterday',
      'Mon 18 May',
    ]);
    expect([ru.day(local(2026, 5, 20), now), ru.day(local(2026, 5, 19), now), ru.day(local(2026, 5, 18), now)]).toEqual([
      'Сегодня',
      'Вчера',
      'пн, 18 мая',
    ]);
    expect(ru.day(local(2025, 12, 31), now)).toBe('ср, 31 дек. 2025 г.');
  });

  it('fills the inbox’s time column: a time today, a weekday this week, a date before', () => {
    const today = local(2026, 5, 20, 9, 5).toISOString();
    const sunday = local(2026, 5, 17).toISOString();
    const march = local(2026, 3, 1).toISOString();
    expect([en.listTime(today, now), en.listTime(sunday, now), en.listTime(march, now)]).toEqual(['09:05', 'Sun', '1 Mar']);
    expect([ru.listTime(today, now), ru.listTime(sunday, now), ru.listTime(march, now)]).toEqual(['09:05', 'вс', '1 мар.']);
    expect(en.listTime('not a time', now)).toBe('');
  });

  it('says how long ago, or how soon', () => {
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect([en.relative(ago(12), now), en.relative(ago(300), now), en.relative(ago(-8), now)]).toEqual([
      '12 seconds ago',
      '5 minutes ago',
      'in 8 seconds',
    ]);
    expect([ru.relative(ago(1), now), ru.relative(ago(3 * 60), now), ru.relative(ago(7200), now), ru.relative(ago(-300), now)]).toEqual([
      '1 секунду назад',
      '3 минуты назад',
      '2 часа назад',
      'через 5 минут',
    ]);
    // This very moment is "now", not "in 0 seconds".
    expect([en.relative(now, now), ru.relative(now, now)]).toEqual(['now', 'сейчас']);
  });

  it('writes a moment in full', () => {
    expect(ru.dateTime(local(2026, 3, 1, 14, 3))).toBe('1 мар. 2026 г., 14:03');
    expect(en.dateTime(local(2026, 3, 1, 14, 3))).toBe('1 Mar 2026, 14:03');
  });

  it('keys days by the local calendar', () => {
    expect(dayKey(local(2026, 1, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('numbers and sizes', () => {
  it('groups and separates digits the locale’s way', () => {
    expect(en.number(1234567.5)).toBe('1,234,567.5');
    expect(ru.number(1234567.5)).toBe('1\u00a0234\u00a0567,5');
  });

  it('writes file sizes in the locale’s units', () => {
    const MB = 1024 * 1024;
    expect([en.size(5 * MB), en.size(5.5 * MB), en.size(2048), en.size(12)]).toEqual(['5 MB', '5.5 MB', '2 kB', '12 bytes']);
    expect([ru.size(5 * MB), ru.size(5.5 * MB), ru.size(2048), ru.size(12)]).toEqual(['5 МБ', '5,5 МБ', '2 кБ', '12 байт']);
  });
});
