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
 * A phrase, an error carrying one (`{code, message, phrase}`), or plain words from a server
 * that predates phrases: whichever came, something the translator renders.
 */
export function saidOf(value: string | Phrase | { message: string; phrase?: Phrase | null }): Said {
  if (typeof value === 'string') return verbatim(value);
  if (isPhrase(value)) return value;
  return value.phrase ?? verbatim(value.message);
}

/** A sentence followed by another ends with a full stop (phrases from the core have none). */
export function withStop(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
