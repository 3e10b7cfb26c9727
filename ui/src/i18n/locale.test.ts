import { describe, expect, it } from 'vitest';
import { intlTag, loadChoice, resolveLocale, saveChoice, systemLocale } from './locale';

function storage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('the language', () => {
  it('follows the first system language the UI speaks, else English', () => {
    expect(systemLocale(['ru-RU', 'en-US'])).toBe('ru');
    expect(systemLocale(['de-DE', 'ru'])).toBe('ru');
    expect(systemLocale(['en-GB', 'ru-RU'])).toBe('en');
    expect(systemLocale(['de-DE', 'fr'])).toBe('en');
    expect(systemLocale([])).toBe('en');
  });

  it('is the one chosen in Settings, when one was', () => {
    expect(resolveLocale('en', ['ru-RU'])).toBe('en');
    expect(resolveLocale('system', ['ru-RU'])).toBe('ru');
  });

  it('formats with the system’s own regional tag when it is the same language', () => {
    expect(intlTag('en', ['en-GB', 'ru'])).toBe('en-GB');
    expect(intlTag('ru', ['en-GB', 'ru-RU'])).toBe('ru-RU');
    expect(intlTag('ru', ['en-GB'])).toBe('ru');
  });

  it('remembers the choice, and forgets it for "follow the system"', () => {
    const s = storage();
    expect(loadChoice(s)).toBe('system');
    saveChoice(s, 'ru');
    expect(loadChoice(s)).toBe('ru');
    saveChoice(s, 'system');
    expect(s.map.size).toBe(0);
    expect(loadChoice(storage({ 'switchboard.language': 'klingon' }))).toBe('system');
    expect(loadChoice(undefined)).toBe('system');
  });
});
