import { describe, expect, it } from 'vitest';
import { isLanguageTag } from './chart';

describe('isLanguageTag', () => {
  it('takes language tags and refuses what a POSIX locale says', () => {
    expect(isLanguageTag('ru-RU')).toBe(true);
    expect(isLanguageTag('en')).toBe(true);
    expect(isLanguageTag('C')).toBe(false);
    expect(isLanguageTag('POSIX')).toBe(true); // a syntactically valid (if odd) tag: Intl takes it
    expect(isLanguageTag('en_US.UTF-8')).toBe(false);
    expect(isLanguageTag('')).toBe(false);
    expect(isLanguageTag(undefined)).toBe(false);
  });
});
