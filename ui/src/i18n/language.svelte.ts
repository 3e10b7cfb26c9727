// The UI's language as reactive state: what Settings chose (remembered in localStorage) or
// the system's (navigator.languages, followed live). Components call `t(…)` and `i18n.tr`;
// reading them in a template re-renders it when the language changes.
import type { UiArgs, UiKey } from './en';
import { intlTag, loadChoice, resolveLocale, saveChoice, type LanguageChoice } from './locale';
import { translator, type Translator } from './translator';
import type { Locale } from './translate';

function preferred(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

class Language {
  choice: LanguageChoice = $state(loadChoice(storage()));
  system: readonly string[] = $state.raw(preferred());
  readonly locale: Locale = $derived(resolveLocale(this.choice, this.system));
  readonly tr: Translator = $derived(translator(this.locale, intlTag(this.locale, this.system)));

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('languagechange', () => (this.system = preferred()));
  }

  choose(choice: LanguageChoice): void {
    this.choice = choice;
    saveChoice(storage(), choice);
  }
}

export const i18n = new Language();

/** The UI string `key` in the current language. */
export function t<K extends UiKey>(key: K, ...args: UiArgs<K>): string {
  return i18n.tr.t(key, ...args);
}
