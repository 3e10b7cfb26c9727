import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../bindings/SearchHit';
import { conversation, message } from './fixtures';
import { groupResults, markTyped, moveActive, resultItems } from './search';

function hit(id: string, conversationId: number, text = 'a refund'): SearchHit {
  return {
    message: message(id, '2026-05-20T10:00:00Z', { conversation_id: conversationId, text }),
    contact: { id: conversationId, phone: `+7900000000${conversationId}`, name: `Customer ${conversationId}` },
    snippet: `[${text}]`,
    parts: [{ text, hit: true }],
  };
}

describe('groupResults', () => {
  it('puts each message under its conversation, the inbox search’s conversations first', () => {
    const found = [conversation(2, '2026-05-20T12:00:00Z'), conversation(1, '2026-05-20T11:00:00Z')];
    const groups = groupResults(found, [hit('x', 3), hit('a', 1), hit('y', 3), hit('b', 1)]);
    expect(groups.map((g) => [g.conversationId, g.hits.map((h) => h.message.id)])).toEqual([
      [2, []],
      [1, ['a', 'b']],
      [3, ['x', 'y']],
    ]);
    expect(groups[2]?.conversation).toBeNull();
    expect(groups[2]?.contact.name).toBe('Customer 3');
  });

  it('shows a message once', () => {
    const groups = groupResults([], [hit('a', 1), hit('a', 1)]);
    expect(groups[0]?.hits).toHaveLength(1);
  });

  it('walks conversations and their messages in the order shown', () => {
    const groups = groupResults([conversation(2, '2026-05-20T12:00:00Z')], [hit('a', 1)]);
    expect(resultItems(groups)).toEqual([
      { conversationId: 2, messageId: null },
      { conversationId: 1, messageId: null },
      { conversationId: 1, messageId: 'a' },
    ]);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(0, 1, 0)).toBe(0);
  });
});

describe('markTyped', () => {
  it('marks every place the typed text is, whatever the case, as text', () => {
    expect(markTyped('Анна Ананьева', 'ан')).toEqual([
      { text: 'Ан', hit: true },
      { text: 'на ', hit: false },
      { text: 'Ан', hit: true },
      { text: 'ан', hit: true },
      { text: 'ьева', hit: false },
    ]);
    expect(markTyped('<b>Bob</b>', 'bob')).toEqual([
      { text: '<b>', hit: false },
      { text: 'Bob', hit: true },
      { text: '</b>', hit: false },
    ]);
  });

  it('marks nothing for blank or absent text', () => {
    expect(markTyped('Ann', '  ')).toEqual([{ text: 'Ann', hit: false }]);
    expect(markTyped('Ann', 'zed')).toEqual([{ text: 'Ann', hit: false }]);
  });
});
