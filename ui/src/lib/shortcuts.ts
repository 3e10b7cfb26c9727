// The keyboard shortcuts: each declared once, with its keys and its label, for both the
// handler (App.svelte) and the `?` overlay (ShortcutsHelp.svelte), so the two never disagree.
//
// Letter keys are matched by `event.code` (the key's place on the keyboard), not `event.key`:
// on a Russian layout the key marked K types «л», and Ctrl+K must still open the search.
// Single keys (j, k, e, /, ?) act only when the reader is not typing in a field; chords meant
// for fields (Ctrl+K, Esc, Ctrl+Enter, Alt+…) act anywhere.
import type { PlainKey } from '../i18n/en';

export type ShortcutId = 'search' | 'next' | 'previous' | 'composer' | 'newConversation' | 'send' | 'close' | 'help';

/** One way to press a shortcut. */
export interface Chord {
  /** `KeyboardEvent.code`: where the key is, whatever the layout. */
  code?: string;
  /** `KeyboardEvent.key`: what it types, for signs whose place differs between layouts (`?`). */
  key?: string;
  /** Ctrl (or ⌘ on a Mac). */
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** Also while typing in a field. */
  whileTyping?: boolean;
  /** How the key is printed on the keyboard, modifiers aside. */
  label: string;
}

export interface Shortcut {
  id: ShortcutId;
  label: PlainKey;
  /** Every way to press it, the usual one first. */
  chords: readonly Chord[];
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'search',
    label: 'shortcuts.search',
    chords: [
      { code: 'KeyK', ctrl: true, whileTyping: true, label: 'K' },
      { code: 'Slash', label: '/' },
    ],
  },
  {
    id: 'next',
    label: 'shortcuts.next',
    chords: [
      { code: 'ArrowDown', alt: true, whileTyping: true, label: '↓' },
      { code: 'KeyJ', label: 'J' },
    ],
  },
  {
    id: 'previous',
    label: 'shortcuts.previous',
    chords: [
      { code: 'ArrowUp', alt: true, whileTyping: true, label: '↑' },
      { code: 'KeyK', label: 'K' },
    ],
  },
  {
    id: 'composer',
    label: 'shortcuts.composer',
    chords: [
      { code: 'KeyE', label: 'E' },
      { code: 'KeyC', alt: true, whileTyping: true, label: 'C' },
    ],
  },
  { id: 'newConversation', label: 'shortcuts.newConversation', chords: [{ code: 'KeyN', alt: true, whileTyping: true, label: 'N' }] },
  // Enter alone sends too (the composer's own key; Shift+Enter is a new line).
  { id: 'send', label: 'shortcuts.send', chords: [{ code: 'Enter', ctrl: true, whileTyping: true, label: 'Enter' }] },
  { id: 'close', label: 'shortcuts.close', chords: [{ code: 'Escape', whileTyping: true, label: 'Esc' }] },
  // `?` is Shift+/ on an English layout and Shift+7 on a Russian one: matched by what it types,
  // or by the English place.
  {
    id: 'help',
    label: 'shortcuts.help',
    chords: [
      { key: '?', shift: true, label: '?' },
      { code: 'Slash', shift: true, label: '?' },
    ],
  },
];

/** What a shortcut needs of a key event. */
export type KeyPress = Pick<KeyboardEvent, 'code' | 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & {
  isComposing?: boolean;
};

function fits(chord: Chord, e: KeyPress, typing: boolean): boolean {
  if (typing && !chord.whileTyping) return false;
  if (chord.code !== undefined && e.code !== chord.code) return false;
  if (chord.key !== undefined && e.key !== chord.key) return false;
  if ((e.ctrlKey || e.metaKey) !== (chord.ctrl ?? false)) return false;
  if (e.altKey !== (chord.alt ?? false)) return false;
  // A sign typed with Shift (`?`) says so itself; for the others Shift must be as declared.
  return chord.key !== undefined || e.shiftKey === (chord.shift ?? false);
}

/** The shortcut a key press means (`typing`: the focus is in a field), or null. */
export function shortcutFor(e: KeyPress, typing: boolean): Shortcut | null {
  // An input method composing a word owns its keys.
  if (e.isComposing) return null;
  return SHORTCUTS.find((s) => s.chords.some((c) => fits(c, e, typing))) ?? null;
}

/** The keys of a chord as printed on the keyboard, in order: `['Ctrl', 'K']`. */
export function chordKeys(chord: Chord): string[] {
  return [...(chord.ctrl ? ['Ctrl'] : []), ...(chord.alt ? ['Alt'] : []), chord.label];
}

/** Whether the element the keys go to takes typing (a field, a text area, an editable region). */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/**
 * The conversation `by` places from `current` in the list shown (`ids`, top to bottom): the
 * first one when none is open or the open one is not in the list; null past either end.
 */
export function stepConversation(ids: readonly number[], current: number | null, by: 1 | -1): number | null {
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return ids[0] ?? null;
  return ids[at + by] ?? null;
}
