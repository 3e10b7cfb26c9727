// Every string exists in every language, filled in, with the same placeholders as English and
// the same `commands` (what the reader types is never translated away); every plural spells
// out the forms its language needs. A missing key is already a tsc error
// (`satisfies Dict`, `Record<PhraseKey, …>`); this catches empty texts and wrong placeholders,
// which types cannot.
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { english, phraseArgs } from './phrase';
import { ruOmits, ruPhrases } from './ru/phrases';
import { ru } from './ru/ui';
import { formsOf, placeholders, PLURAL_FORMS, type Locale, type Message } from './translate';

const UI: Record<Exclude<Locale, 'en'>, Readonly<Record<string, Message>>> = { ru };
const PHRASES: Record<Exclude<Locale, 'en'>, Readonly<Record<string, Message>>> = { ru: ruPhrases };
const OMITS: Record<Exclude<Locale, 'en'>, Readonly<Record<string, readonly string[] | undefined>>> = { ru: ruOmits };

/** The `commands` a text names, in backticks. */
function commandsIn(message: Message): string[] {
  const forms = typeof message === 'string' ? [message] : formsOf(message);
  return [...new Set(forms.flatMap((form) => form.match(/`[^`]+`/g) ?? []))];
}

function problems(
  source: Readonly<Record<string, Message>>,
  translation: Readonly<Record<string, Message>>,
  locale: Locale,
  omits: Readonly<Record<string, readonly string[] | undefined>> = {},
): string[] {
  const found: string[] = [];
  for (const [key, original] of Object.entries(source)) {
    const text = translation[key];
    if (text === undefined) {
      found.push(`${key}: missing`);
      continue;
    }
    const forms = typeof text === 'string' ? [text] : formsOf(text);
    if (forms.some((form) => form.trim() === '')) found.push(`${key}: empty`);
    if (typeof text !== 'string') {
      for (const form of PLURAL_FORMS[locale]) if (text[form] === undefined) found.push(`${key}: no '${form}' form`);
    }
    // Every form together (a form may leave the number out: "one message"); a plural counts
    // the argument it is chosen by.
    const want = placeholders(original).filter((p) => !omits[key]?.includes(p));
    const have = placeholders(text);
    const extra = have.filter((p) => !want.includes(p));
    const lost = want.filter((p) => !have.includes(p));
    if (extra.length || lost.length) found.push(`${key}: placeholders {${have.join(', ')}}, English has {${want.join(', ')}}`);
    const commands = commandsIn(text);
    const dropped = commandsIn(original).filter((c) => !commands.includes(c));
    if (dropped.length) found.push(`${key}: leaves out ${dropped.join(', ')}`);
  }
  for (const key of Object.keys(translation)) if (!(key in source)) found.push(`${key}: not in English`);
  return found;
}

describe('UI strings', () => {
  it('English has every text filled in, plurals with their forms', () => {
    expect(problems(en, en, 'en')).toEqual([]);
  });

  for (const [locale, dict] of Object.entries(UI)) {
    it(`${locale} has every key, filled in, with English's placeholders`, () => {
      expect(problems(en, dict, locale as Locale)).toEqual([]);
    });
  }

  it('the check itself notices a missing key, an empty text and a lost placeholder', () => {
    const broken = { ...ru } as Record<string, Message>;
    delete broken['app.settings'];
    broken['app.close'] = ' ';
    broken['app.sandbox.note'] = 'без имени';
    broken['inbox.unread'] = { one: '{count} сообщение', other: '{count} сообщения' };
    // A `command` the reader types is never translated away.
    const source = { ...en, 'test.command': 'Open the link `switchboard serve` printed.' };
    broken['test.command'] = 'Откройте ссылку, которую напечатал сервер Switchboard.';
    expect(problems(source, broken, 'ru')).toEqual([
      'app.settings: missing',
      'app.close: empty',
      'app.sandbox.note: placeholders {}, English has {name}',
      "inbox.unread: no 'few' form",
      "inbox.unread: no 'many' form",
      'test.command: leaves out `switchboard serve`',
    ]);
  });
});

describe('phrases from the core and the gateways', () => {
  it('the generated catalog is not empty, and its argument lists match its English', () => {
    const keys = Object.keys(english) as (keyof typeof english)[];
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) {
      expect([...new Set(phraseArgs[key])].sort(), key).toEqual(placeholders(english[key]));
    }
  });

  for (const [locale, dict] of Object.entries(PHRASES)) {
    it(`${locale} translates every phrase, with the same placeholders`, () => {
      const omits = OMITS[locale as keyof typeof OMITS];
      expect(problems(english, dict, locale as Locale, omits)).toEqual([]);
      // An omission names an argument the English really has.
      for (const [key, names] of Object.entries(omits)) {
        for (const name of names ?? []) expect(placeholders(english[key as keyof typeof english]), key).toContain(name);
      }
    });
  }
});
