import { describe, expect, it } from 'vitest';
import { en, ru } from './fixtures';
import { ACTION_NAMES, ASSIGNMENT_MODES, MODE_NAMES, NO_REPLY_ACTIONS, limitChanged, limitText, parseLimit } from './teamSettings';

describe('team settings', () => {
  it('shows no limit as empty', () => {
    expect(limitText(null)).toBe('');
    expect(limitText(5)).toBe('5');
  });

  it('sends empty and 0 as 0 (no limit), a whole number as itself, refuses the rest', () => {
    expect(parseLimit('')).toBe(0);
    expect(parseLimit(' 0 ')).toBe(0);
    expect(parseLimit('12')).toBe(12);
    expect(parseLimit('-1')).toBeNull();
    expect(parseLimit('1.5')).toBeNull();
    expect(parseLimit('ten')).toBeNull();
    expect(parseLimit('99999999999999999999')).toBeNull();
  });

  it('knows 0 and no limit are the same', () => {
    expect(limitChanged(null, 0)).toBe(false);
    expect(limitChanged(3, 3)).toBe(false);
    expect(limitChanged(3, 0)).toBe(true);
    expect(limitChanged(null, 4)).toBe(true);
  });

  it('names every mode and action in both languages', () => {
    for (const mode of ASSIGNMENT_MODES) {
      expect(en.t(MODE_NAMES[mode])).not.toBe(MODE_NAMES[mode]);
      expect(ru.t(MODE_NAMES[mode])).not.toBe(en.t(MODE_NAMES[mode]));
    }
    for (const action of NO_REPLY_ACTIONS) expect(ru.t(ACTION_NAMES[action])).not.toBe(en.t(ACTION_NAMES[action]));
  });
});
