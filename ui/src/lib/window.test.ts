import { describe, expect, it } from 'vitest';
import { capabilities, en, ru } from './fixtures';
import {
  hoursAndMinutes,
  longLeft,
  nextChangeMs,
  shortLeft,
  windowApplies,
  windowLabel,
  windowState,
  windowTitle,
  WINDOW_MS,
} from './window';

const now = new Date('2026-05-20T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const H = 3_600_000;
const M = 60_000;

describe('windowState', () => {
  it('is open for 24 hours after the customer wrote, with the time left', () => {
    expect(windowState(ago(20 * H + 48 * M), now)).toEqual({
      open: true,
      closesAt: new Date('2026-05-20T15:12:00Z'),
      leftMs: 3 * H + 12 * M,
    });
  });

  it('is closed at exactly 24 hours, and after', () => {
    expect(windowState(ago(WINDOW_MS), now)).toEqual({ open: false, lastAt: new Date(ago(WINDOW_MS)) });
    expect(windowState(ago(WINDOW_MS - 1), now)).toMatchObject({ open: true, leftMs: 1 });
    expect(windowState(ago(30 * H), now).open).toBe(false);
  });

  it('is closed when the customer never wrote (or the time cannot be read)', () => {
    expect(windowState(null, now)).toEqual({ open: false, lastAt: null });
    expect(windowState('not a time', now)).toEqual({ open: false, lastAt: null });
  });

  it('never promises more than 24 hours when the gateway’s clock is ahead of ours', () => {
    const future = new Date(now.getTime() + 10 * M).toISOString();
    expect(windowState(future, now)).toMatchObject({ open: true, leftMs: WINDOW_MS });
    expect(windowLabel(windowState(future, now), en)).toBe('Open for 24 h');
  });

  it('applies only where the gateway enforces it', () => {
    expect(windowApplies({ ...capabilities, enforces_24h_window: true })).toBe(true);
    expect(windowApplies(capabilities)).toBe(false);
    expect(windowApplies(null)).toBe(false);
  });
});

describe('the time left in words', () => {
  it('rounds minutes down: the badge never promises time there is not', () => {
    expect(hoursAndMinutes(3 * H + 12 * M + 59_999)).toEqual({ hours: 3, minutes: 12 });
    expect(shortLeft(3 * H + 12 * M + 59_999, en)).toBe('3 h 12 min');
    expect(shortLeft(3 * H + 12 * M + 59_999, ru)).toBe('3 ч 12 мин');
  });

  it('leaves out a zero part, and says when less than a minute is left', () => {
    expect(shortLeft(2 * H, en)).toBe('2 h');
    expect(shortLeft(45 * M + 10, ru)).toBe('45 мин');
    expect(shortLeft(59_999, en)).toBe('less than a minute');
    expect(shortLeft(59_999, ru)).toBe('меньше минуты');
  });

  it('spells hours and minutes with Russian plural forms', () => {
    expect(longLeft(1 * H + 1 * M, ru)).toBe('1 час 1 минута');
    expect(longLeft(2 * H + 3 * M, ru)).toBe('2 часа 3 минуты');
    expect(longLeft(5 * H + 11 * M, ru)).toBe('5 часов 11 минут');
    expect(longLeft(21 * H + 22 * M, ru)).toBe('21 час 22 минуты');
    expect(longLeft(12 * H + 25 * M, ru)).toBe('12 часов 25 минут');
    expect(longLeft(1 * H + 1 * M, en)).toBe('1 hour 1 minute');
    expect(longLeft(2 * H, en)).toBe('2 hours');
  });
});

describe('the badge', () => {
  it('says how long it stays open, in the reader’s language', () => {
    const open = windowState(ago(20 * H + 48 * M), now);
    expect(windowLabel(open, en)).toBe('Open for 3 h 12 min');
    expect(windowLabel(open, ru)).toBe('Открыто ещё 3 ч 12 мин');
    expect(windowTitle(open, ru)).toContain('осталось 3 часа 12 минут');
  });

  it('says it is closed, and why', () => {
    const closed = windowState(ago(25 * H), now);
    expect(windowLabel(closed, en)).toBe('Window closed: templates only');
    expect(windowLabel(closed, ru)).toBe('Окно закрыто: только шаблоны');
    expect(windowTitle(closed, en)).toMatch(/more than 24 hours ago/);
    expect(windowTitle(windowState(null, now), ru)).toBe('Клиент ещё не писал: пока он не напишет, можно отправить только шаблон.');
  });

  it('wakes when the minutes shown change, and not at all once closed', () => {
    const state = windowState(ago(20 * H + 48 * M + 15_000), now);
    // 3 h 11 min 45 s left: "3 h 11 min" until 45 s and a millisecond have passed.
    expect(nextChangeMs(state)).toBe(45_001);
    const later = windowState(ago(20 * H + 48 * M + 15_000 + 45_001), now);
    expect(windowLabel(later, en)).toBe('Open for 3 h 10 min');
    expect(nextChangeMs(windowState(null, now))).toBeNull();
  });
});
