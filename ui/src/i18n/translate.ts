// How one message of a dictionary becomes text: `{name}` placeholders filled in, and plural
// forms chosen by Intl.PluralRules. Pure, so every language is tested the same way.

/** The languages the UI speaks. */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A sentence whose words depend on a number: one form per plural category of the language
 * (English needs `one` and `other`; Russian `one`, `few`, `many` and `other`, for fractions).
 * `by` names the argument that holds the number (default `count`).
 */
export interface Plural {
  by?: string;
  zero?: string;
  one: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | Plural;

/** Argument values; numbers are written the locale's way (12 345 in Russian). */
export type Values = Readonly<Record<string, string | number>>;

/** Which plural categories a language must spell out (checked by the dictionary tests). */
export const PLURAL_FORMS: Record<Locale, readonly (keyof Plural)[]> = {
  en: ['one', 'other'],
  ru: ['one', 'few', 'many', 'other'],
};

// The placeholder names of a message, as a type: `{count} of {total}` gives 'count' | 'total'.
type Names<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Names<Rest> : never;
export type ArgNames<M> = M extends string
  ? Names<M>
  : M extends Plural
    ? Names<M['one'] | M['other']> | (M['by'] extends string ? M['by'] : 'count')
    : never;

/** `[]` for a message without placeholders, else `[{ name: value, … }]`: checked by tsc. */
export type ArgsOf<M> = [ArgNames<M>] extends [never] ? [] : [Readonly<Record<ArgNames<M>, string | number>>];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names a message uses, in every form (for the dictionary tests). */
export function placeholders(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : formsOf(message);
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1] as string);
  if (typeof message !== 'string') names.add(message.by ?? 'count');
  return [...names].sort();
}

/** Every text of a plural message. */
export function formsOf(plural: Plural): string[] {
  return (['zero', 'one', 'two', 'few', 'many', 'other'] as const).flatMap((k) => {
    const form = plural[k];
    return form === undefined ? [] : [form];
  });
}

export interface Formatter {
  plural: Intl.PluralRules;
  number: Intl.NumberFormat;
}

export function formatter(intlLocale: string): Formatter {
  return { plural: new Intl.PluralRules(intlLocale), number: new Intl.NumberFormat(intlLocale) };
}

/**
 * Fills a message in. A placeholder without a value stays visible as `{name}`: a bug a test
 * catches, not a crash in front of a customer's conversation.
 */
export function render(message: Message, values: Values | undefined, fmt: Formatter): string {
  let text: string;
  if (typeof message === 'string') {
    text = message;
  } else {
    const raw = values?.[message.by ?? 'count'];
    const n = typeof raw === 'number' ? raw : Number(raw);
    const category = Number.isFinite(n) ? fmt.plural.select(n) : 'other';
    text = message[category] ?? message.other;
  }
  if (!values) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? fmt.number.format(value) : value;
  });
}
