import { describe, expect, it } from 'vitest';
import type { Event } from '../bindings/Event';
import { addMention, clearMentions, mentionSegments, preview, type Mention } from './notes';

const sue = { id: 2, name: 'Sue' };

function mentioned(operatorId: number, conversationId: number, text = 'hi'): Extract<Event, { type: 'mentioned' }> {
  return { type: 'mentioned', operator_id: operatorId, conversation_id: conversationId, by: sue, text };
}

describe('mentionSegments', () => {
  it('marks @login mentions and keeps the rest as plain text', () => {
    expect(mentionSegments('@Mia please call, cc @sue.k. Mail is ann@example.com; (@max)')).toEqual([
      { text: '@Mia', mention: true },
      { text: ' please call, cc ', mention: false },
      { text: '@sue.k', mention: true },
      { text: '. Mail is ann@example.com; (', mention: false },
      { text: '@max', mention: true },
      { text: ')', mention: false },
    ]);
  });

  it('leaves a lone @ and text without mentions as they are', () => {
    expect(mentionSegments('no one @ all')).toEqual([{ text: 'no one @ all', mention: false }]);
    expect(mentionSegments('')).toEqual([]);
  });

  it('never turns markup into anything but text: the segments join back to the input', () => {
    const text = '<img src=x onerror=alert(1)> @bob <b>hi</b>';
    const segments = mentionSegments(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.mention).map((s) => s.text)).toEqual(['@bob']);
  });

  it('does not read a mention inside a word in another script', () => {
    expect(mentionSegments('привет@mia')).toEqual([{ text: 'привет@mia', mention: false }]);
  });
});

describe('mentions', () => {
  it('counts only the events meant for this operator, newest last', () => {
    let list: readonly Mention[] = [];
    list = addMention(list, mentioned(5, 10, 'first'), 5);
    list = addMention(list, mentioned(6, 10), 5);
    list = addMention(list, mentioned(5, 11, 'second'), 5);
    expect(list).toHaveLength(2);
    expect(list.map((m) => m.text)).toEqual(['first', 'second']);
    expect(addMention([], mentioned(5, 10), null)).toEqual([]);
  });

  it('clears a conversation’s mentions when it is opened, or all of them', () => {
    const list = [mentioned(5, 10), mentioned(5, 11), mentioned(5, 10)].reduce<readonly Mention[]>((l, e) => addMention(l, e, 5), []);
    expect(clearMentions(list, 10).map((m) => m.conversationId)).toEqual([11]);
    expect(clearMentions(list, 99)).toBe(list);
    expect(clearMentions(list, null)).toEqual([]);
  });

  it('cuts a long note short on one line', () => {
    expect(preview('a\n b')).toBe('a b');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('noteState', () => {
  it('needs words, at most MAX_NOTE characters, and no gateway', async () => {
    const { noteState, MAX_NOTE } = await import('./notes');
    const { en, ru } = await import('./fixtures');
    expect(noteState('  ', false, en)).toMatchObject({ canSend: false, reason: 'Type a note to add.' });
    expect(noteState('ok', false, en)).toMatchObject({ canSend: true, reason: null, limit: MAX_NOTE });
    expect(noteState('ok', true, en).canSend).toBe(false);
    expect(noteState('x'.repeat(MAX_NOTE + 1), false, ru).reason).toMatch(/^В заметке не больше 4\s?000 символов\.$/);
  });
});
