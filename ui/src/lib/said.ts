// What the wire says to people, as something the UI renders in the reader's language.
import type { Said } from '../i18n';
import type { Phrase } from '../i18n/phrase';

/** Words that carry no translation (a gateway's own words): shown as they are. */
export function verbatim(text: string): Phrase {
  return { key: 'verbatim', args: { text }, text };
}

function isPhrase(value: object): value is Phrase {
  return 'key' in value && 'args' in value && typeof (value as { key: unknown }).key === 'string';
}

/**
 * What an error (`ApiError`, `MessageError`: `{message, phrase}`) says, in a form the translator
 * renders; a thrown value without a phrase (a browser's own error) says its words as they are.
 */
export function saidOf(error: string | { message: string; phrase?: Phrase | null }): Said {
  if (typeof error === 'string') return verbatim(error);
  return error.phrase && isPhrase(error.phrase) ? error.phrase : verbatim(error.message);
}

/** A sentence followed by another ends with a full stop (phrases from the core have none). */
export function withStop(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
