import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ruSearch } from '../i18n/ru/parts/search';
import { chordKeys, SHORTCUTS, shortcutFor, stepConversation, type KeyPress } from './shortcuts';

const press = (over: Partial<KeyPress>): KeyPress => ({
  code: '',
  key: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over,
});
const id = (e: Partial<KeyPress>, typing = false) => shortcutFor(press(e), typing)?.id ?? null;

describe('shortcutFor', () => {
  it('matches letter keys by their place, so a Russian layout works', () => {
    // The key marked K types «л» on a Russian layout.
    expect(id({ code: 'KeyK', key: 'л', ctrlKey: true })).toBe('search');
    expect(id({ code: 'KeyK', key: 'k', metaKey: true })).toBe('search');
    expect(id({ code: 'KeyJ', key: 'о' })).toBe('next');
    expect(id({ code: 'KeyK', key: 'л' })).toBe('previous');
    expect(id({ code: 'KeyN', key: 'т', altKey: true })).toBe('newConversation');
  });

  it('leaves single keys to a field being typed in, but not the chords meant for fields', () => {
    expect(id({ code: 'KeyJ', key: 'j' }, true)).toBeNull();
    expect(id({ code: 'KeyE', key: 'e' }, true)).toBeNull();
    expect(id({ code: 'Slash', key: '/' }, true)).toBeNull();
    expect(id({ code: 'KeyK', key: 'k', ctrlKey: true }, true)).toBe('search');
    expect(id({ code: 'Escape', key: 'Escape' }, true)).toBe('close');
    expect(id({ code: 'Enter', key: 'Enter', ctrlKey: true }, true)).toBe('send');
    expect(id({ code: 'ArrowDown', key: 'ArrowDown', altKey: true }, true)).toBe('next');
  });

  it('tells keys apart by their modifiers', () => {
    expect(id({ code: 'Enter', key: 'Enter' }, true)).toBeNull();
    expect(id({ code: 'ArrowDown', key: 'ArrowDown' })).toBeNull();
    expect(id({ code: 'KeyK', key: 'K', shiftKey: true })).toBeNull();
    expect(id({ code: 'KeyK', key: 'k', ctrlKey: true, altKey: true })).toBeNull();
  });

  it('opens the help on ? wherever the layout puts it', () => {
    expect(id({ code: 'Slash', key: '?', shiftKey: true })).toBe('help');
    expect(id({ code: 'Digit7', key: '?', shiftKey: true })).toBe('help');
    expect(id({ code: 'Slash', key: '.', shiftKey: false })).toBe('search');
    expect(id({ code: 'Slash', key: '?', shiftKey: true }, true)).toBeNull();
  });

  it('lets an input method keep the keys it composes with', () => {
    expect(shortcutFor({ ...press({ code: 'Escape', key: 'Escape' }), isComposing: true }, true)).toBeNull();
  });
});

describe('the registry', () => {
  it('has one entry per shortcut, each labelled in both languages, no chord claimed twice', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SHORTCUTS) {
      expect(en[s.label]).toBeTruthy();
      expect((ruSearch as Record<string, unknown>)[s.label]).toBeTruthy();
    }
    const chords = SHORTCUTS.flatMap((s) => s.chords.map((c) => JSON.stringify({ ...c, label: undefined })));
    expect(new Set(chords).size).toBe(chords.length);
  });

  it('prints chords as the keys are marked', () => {
    expect(chordKeys({ code: 'KeyK', ctrl: true, label: 'K' })).toEqual(['Ctrl', 'K']);
    expect(chordKeys({ code: 'ArrowDown', alt: true, label: '↓' })).toEqual(['Alt', '↓']);
  });
});

describe('stepConversation', () => {
  const ids = [5, 3, 9];
  it('moves down and up the list and stops at its ends', () => {
    expect(stepConversation(ids, 3, 1)).toBe(9);
    expect(stepConversation(ids, 3, -1)).toBe(5);
    expect(stepConversation(ids, 9, 1)).toBeNull();
    expect(stepConversation(ids, 5, -1)).toBeNull();
  });
  it('starts at the top when nothing in the list is open', () => {
    expect(stepConversation(ids, null, 1)).toBe(5);
    expect(stepConversation(ids, 42, -1)).toBe(5);
    expect(stepConversation([], null, 1)).toBeNull();
  });
});
