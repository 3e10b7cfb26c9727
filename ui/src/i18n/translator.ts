// A language's translator: UI strings, phrases from the core, dates and numbers, all in one
// object so that pure code (ticks, the composer, the public address) takes one parameter and
// is tested in every language.
import { en, type PlainKey, type UiArgs, type UiKey } from './en';
import { dateFormats, type DateFormats } from './format';
import { english, type Phrase, type PhraseArg } from './phrase';
import { ruPhrases } from './ru/phrases';
import { ru } from './ru/ui';
import { formatter, render, type Locale, type Message, type Values } from './translate';

/** Words the UI itself says, with their values (checked like `t`'s): a failure it noticed, a notice. */
// The keys without placeholders share one member (`ui` any of them): one member per key made the
// union so large that TypeScript gave up reducing it ("too complex to represent") past ~1 100 keys.
export type UiSaid =
  | { ui: PlainKey; values?: undefined }
  | { [K in UiKey]: UiArgs<K> extends [infer V] ? { ui: K; values: V } : never }[UiKey];
/** Anything shown to people: the UI's own words, or a phrase from the core. */
export type Said = UiSaid | Phrase;

export interface Translator extends DateFormats {
  readonly locale: Locale;
  t<K extends UiKey>(key: K, ...args: UiArgs<K>): string;
  phrase(phrase: Phrase): string;
  said(said: Said): string;
}

const UI: Record<Locale, Readonly<Record<UiKey, Message>>> = { en, ru };
const PHRASES: Record<Locale, Readonly<Record<string, Message>>> = { en: english, ru: ruPhrases };

export function isUiSaid(said: Said): said is UiSaid {
  return 'ui' in said;
}

export function translator(locale: Locale, tag: string = locale): Translator {
  const fmt = formatter(tag);
  const dates = dateFormats(tag);
  const ui = UI[locale];
  const phrases = PHRASES[locale];

  function arg(name: string, value: PhraseArg | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return phrase(value);
    // Sizes travel as byte counts (`max_bytes`) and are written in the reader's units.
    if (name.endsWith('bytes') && /^\d+$/.test(value)) return dates.size(Number(value));
    return value;
  }

  function phrase(p: Phrase): string {
    const message = phrases[p.key];
    // A key this build does not know (a newer server): its English is better than nothing.
    if (message === undefined) return p.text;
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(p.args)) {
      const text = arg(name, value);
      if (text !== undefined) values[name] = text;
    }
    return render(message, values, fmt);
  }

  function t<K extends UiKey>(key: K, ...args: UiArgs<K>): string {
    return render(ui[key], args[0] as Values | undefined, fmt);
  }

  return {
    ...dates,
    locale,
    t,
    phrase,
    said: (said) => (isUiSaid(said) ? render(ui[said.ui], said.values as Values | undefined, fmt) : phrase(said)),
  };
}
