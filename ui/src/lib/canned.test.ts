import { describe, expect, it } from 'vitest';
import type { CannedReply } from '../bindings/CannedReply';
import type { ContactField } from '../bindings/ContactField';
import {
  filterCanned,
  hasPlaceholder,
  insertAt,
  moveChoice,
  placeholdersIn,
  preview,
  shortcutProblem,
  slashQuery,
  sortCanned,
  stillMissing,
  variableLabel,
} from './canned';
import { en, ru } from './fixtures';

function reply(id: number, shortcut: string, body: string, team = false): CannedReply {
  return { id, shortcut, body, team, updated_at: '2026-05-20T10:00:00Z' };
}

describe('slashQuery', () => {
  it('finds a / at the start of the text or of a word, up to the cursor', () => {
    expect(slashQuery('/pri', 4)).toEqual({ start: 0, end: 4, query: 'pri' });
    expect(slashQuery('see /pri', 8)).toEqual({ start: 4, end: 8, query: 'pri' });
    expect(slashQuery('line\n/hi', 8)).toEqual({ start: 5, end: 8, query: 'hi' });
    expect(slashQuery('/', 1)).toEqual({ start: 0, end: 1, query: '' });
  });

  it('looks only before the cursor', () => {
    expect(slashQuery('/price and more', 3)).toEqual({ start: 0, end: 3, query: 'pr' });
    expect(slashQuery('hello /price', 5)).toBeNull();
  });

  it('ignores a / inside a word, a path, a URL and a finished word', () => {
    expect(slashQuery('a/b', 3)).toBeNull();
    expect(slashQuery('http://x', 8)).toBeNull();
    expect(slashQuery('/a b', 4)).toBeNull();
    expect(slashQuery('//x', 3)).toBeNull();
    expect(slashQuery('', 0)).toBeNull();
    expect(slashQuery('abc', 9)).toBeNull();
  });
});

describe('filterCanned', () => {
  const list = [
    reply(1, 'thanks', 'Thank you, {{contact.name}}!', true),
    reply(2, 'price', 'Our prices are on the site'),
    reply(3, 'hello', 'Hello! How can I help?', true),
    reply(4, 'bye', 'Goodbye, see the price list', false),
    reply(5, 'PrIvate', 'Mine'),
    reply(6, 'hello', 'My own hello'),
  ];

  it('lists everything for an empty query, own before team, then by shortcut', () => {
    expect(filterCanned(list, '').map((r) => r.id)).toEqual([4, 6, 2, 5, 3, 1]);
  });

  it('ranks shortcut prefixes, then shortcut matches, then bodies, ignoring case', () => {
    expect(filterCanned(list, 'PR').map((r) => r.id)).toEqual([2, 5, 4]);
    expect(filterCanned(list, 'ell').map((r) => r.id)).toEqual([6, 3]);
    expect(filterCanned(list, 'help').map((r) => r.id)).toEqual([3]);
    expect(filterCanned(list, 'nothing')).toEqual([]);
  });

  it('keeps to the limit', () => {
    expect(filterCanned(list, '', 2)).toHaveLength(2);
  });
});

describe('insertAt', () => {
  it('puts the text in place of the /query and the cursor after it', () => {
    const text = 'Hi! /pri and more';
    const at = slashQuery(text, 8);
    expect(at).not.toBeNull();
    if (!at) return;
    expect(insertAt(text, at, 'Our prices')).toEqual({ text: 'Hi! Our prices and more', cursor: 14 });
  });

  it('works at the very start', () => {
    expect(insertAt('/x', { start: 0, end: 2, query: 'x' }, 'Hello')).toEqual({ text: 'Hello', cursor: 5 });
  });
});

describe('placeholders', () => {
  it('finds each {{variable}} once, trimmed', () => {
    expect(placeholdersIn('Hello {{contact.name}}, {{ contact.city }} {{contact.name}}')).toEqual([
      'contact.name',
      'contact.city',
    ]);
    expect(hasPlaceholder('Hello {{contact.name}}')).toBe(true);
    expect(hasPlaceholder('Hello {{Contact.Name}}')).toBe(true);
    expect(placeholdersIn('{{Contact.Name}}')).toEqual(['contact.name']);
    // Not variables to the core either: sent as written.
    expect(hasPlaceholder('Hello {{}}')).toBe(false);
    expect(hasPlaceholder('{{a b}}')).toBe(false);
    expect(hasPlaceholder('Hello {contact.name} and {{ unfinished')).toBe(false);
    expect(hasPlaceholder('Hello Anna')).toBe(false);
  });

  it('keeps only the missing values still written in the text', () => {
    expect(stillMissing(['contact.name', 'contact.city'], 'Hello Anna from {{contact.city}}')).toEqual(['contact.city']);
    expect(stillMissing(['contact.name'], 'Hello Anna')).toEqual([]);
  });
});

describe('variableLabel', () => {
  const fields: ContactField[] = [{ id: 1, key: 'city', label: 'City <b>', position: 0 }];

  it('names the built-in variables in the reader’s language', () => {
    expect(variableLabel('contact.name', fields, en)).toBe('Contact’s name');
    expect(variableLabel('contact.phone', fields, en)).toBe('Contact’s phone');
    expect(variableLabel('operator.name', fields, en)).toBe('Your name');
    expect(variableLabel('contact.name', fields, ru)).toBe('Имя контакта');
    expect(variableLabel('operator.name', fields, ru)).toBe('Ваше имя');
  });

  it('names a custom field by its label, and anything else as written', () => {
    expect(variableLabel('contact.city', fields, en)).toBe('City <b>');
    expect(variableLabel('contact.zip', fields, en)).toBe('contact.zip');
    expect(variableLabel('weird', fields, ru)).toBe('weird');
  });
});

describe('small helpers', () => {
  it('moves the choice round the list', () => {
    expect(moveChoice(0, 1, 3)).toBe(1);
    expect(moveChoice(2, 1, 3)).toBe(0);
    expect(moveChoice(0, -1, 3)).toBe(2);
    expect(moveChoice(0, 1, 0)).toBe(0);
  });

  it('previews a body on one line', () => {
    expect(preview('a\n\nb   c')).toBe('a b c');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('checks a shortcut', () => {
    expect(shortcutProblem(' ')).toBe('empty');
    expect(shortcutProblem('two words')).toBe('invalid');
    expect(shortcutProblem('a/b')).toBe('invalid');
    expect(shortcutProblem('цена-1')).toBeNull();
    expect(shortcutProblem('/hi_there')).toBeNull();
    expect(shortcutProblem('a.b')).toBe('invalid');
  });

  it('sorts for the admin list', () => {
    const sorted = sortCanned([reply(1, 'b', '', true), reply(2, 'z', ''), reply(3, 'a', '', true)]);
    expect(sorted.map((r) => r.id)).toEqual([2, 3, 1]);
  });
});
