// Which language the UI speaks: the one chosen in Settings, or the first of the system's
// preferred languages (navigator.languages) that the UI knows, else English.
import { LOCALES, type Locale } from './translate';

export type LanguageChoice = 'system' | Locale;

const KEY = 'switchboard.language';

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

function language(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}

/** The UI's language for a list of preferred language tags (`['ru-RU', 'en-US']`). */
export function systemLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lang = language(tag);
    if (isLocale(lang)) return lang;
  }
  return 'en';
}

/**
 * The tag Intl formats with: the system's own tag when it is in the UI's language (so an
 * `en-GB` system gets 24-hour times), else the language alone.
 */
export function intlTag(locale: Locale, preferred: readonly string[]): string {
  const own = preferred.find((tag) => language(tag) === locale);
  if (!own) return locale;
  try {
    return Intl.getCanonicalLocales(own)[0] ?? locale;
  } catch {
    return locale;
  }
}

export function resolveLocale(choice: LanguageChoice, preferred: readonly string[]): Locale {
  return choice === 'system' ? systemLocale(preferred) : choice;
}

export function loadChoice(storage: Pick<Storage, 'getItem'> | undefined): LanguageChoice {
  try {
    const saved = storage?.getItem(KEY) ?? null;
    return saved !== null && (saved === 'system' || isLocale(saved)) ? saved : 'system';
  } catch {
    return 'system';
  }
}

export function saveChoice(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, choice: LanguageChoice): void {
  try {
    if (choice === 'system') storage?.removeItem(KEY);
    else storage?.setItem(KEY, choice);
  } catch {
    // Private mode or storage switched off: the choice holds until the page is closed.
  }
}
