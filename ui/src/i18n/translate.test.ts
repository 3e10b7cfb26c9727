import { describe, expect, it } from 'vitest';
import { en as enDict } from './en';
import { translator } from './translator';
import { formatter, placeholders, render, type Plural } from './translate';

const en = translator('en', 'en-GB');
const ru = translator('ru', 'ru-RU');

describe('plurals', () => {
  it('picks the Russian form by the number: 1 сообщение, 2 сообщения, 5 сообщений …', () => {
    const messages: Plural = { one: '{count} сообщение', few: '{count} сообщения', many: '{count} сообщений', other: '{count} сообщения' };
    const fmt = formatter('ru');
    const say = (count: number) => render(messages, { count }, fmt);
    expect([1, 2, 5, 11, 21, 22, 25, 111, 1.5].map(say)).toEqual([
      '1 сообщение',
      '2 сообщения',
      '5 сообщений',
      '11 сообщений',
      '21 сообщение',
      '22 сообщения',
      '25 сообщений',
      '111 сообщений',
      '1,5 сообщения',
    ]);
  });

  it('works through the dictionaries', () => {
    expect([1, 2, 5, 11, 21].map((count) => ru.t('inbox.unread', { count }))).toEqual([
      '1 непрочитанное сообщение',
      '2 непрочитанных сообщения',
      '5 непрочитанных сообщений',
      '11 непрочитанных сообщений',
      '21 непрочитанное сообщение',
    ]);
    expect([1, 2].map((count) => en.t('inbox.unread', { count }))).toEqual(['1 unread message', '2 unread messages']);
  });

  it('writes numbers the locale’s way', () => {
    expect(ru.t('inbox.unread', { count: 12345 })).toBe('12\u00a0345 непрочитанных сообщений');
    expect(en.t('inbox.unread', { count: 12345 })).toBe('12,345 unread messages');
  });

  it('chooses by a named argument when told', () => {
    const tries: Plural = { by: 'tries', one: 'за {tries} попытку', few: 'за {tries} попытки', many: 'за {tries} попыток', other: 'за {tries} попытки' };
    expect(render(tries, { tries: '21' }, formatter('ru'))).toBe('за 21 попытку');
    expect(placeholders(tries)).toEqual(['tries']);
  });
});

describe('placeholders', () => {
  it('are filled in; a missing value stays visible rather than vanishing', () => {
    expect(en.t('app.accountAdded', { name: 'Shop' })).toMatch(/^Added “Shop”/);
    expect(render('{a} and {b}', { a: 'x' }, formatter('en'))).toBe('x and {b}');
  });

  it('are listed per message', () => {
    expect(placeholders(enDict['inbox.sync.progress'])).toEqual(['account', 'done', 'phase', 'total']);
  });
});

describe('phrases', () => {
  const phrase = (key: string, text: string, args: Record<string, string | object> = {}) =>
    ({ key, text, args }) as Parameters<typeof ru.phrase>[0];

  it('are rendered from the key in the reader’s language, with their arguments', () => {
    const p = phrase('error.account_name_taken', "An account named 'Shop' already exists", { name: 'Shop' });
    expect(ru.phrase(p)).toBe('Аккаунт с названием «Shop» уже есть');
  });

  it('translate phrases nested as arguments, and write byte counts as sizes', () => {
    const inner = phrase('media.download_too_large', 'The file is larger than 5 MB, so it was not downloaded', {
      max_bytes: String(5 * 1024 * 1024),
    });
    const outer = phrase('media.download_retrying', 'Download failed, trying again: …', { reason: inner });
    expect(ru.phrase(outer)).toBe('Скачать не удалось, пробуем ещё раз: Файл больше 5 МБ, поэтому он не скачан');
  });

  it('show a gateway’s own words as they are', () => {
    expect(ru.phrase(phrase('verbatim', 'paused by operator', { text: 'paused by operator' }))).toBe('paused by operator');
  });

  it('fall back to the server’s English for a key this build does not know', () => {
    expect(ru.phrase(phrase('from.a.newer.server', 'Something new'))).toBe('Something new');
  });

  it('render UI words and phrases through one door', () => {
    expect(ru.said({ ui: 'error.http', values: { status: '502' } })).toBe('Switchboard ответил с ошибкой HTTP 502.');
    expect(ru.said(phrase('phone.empty', 'The phone number is empty'))).toBe('Номер телефона не указан');
  });
});
