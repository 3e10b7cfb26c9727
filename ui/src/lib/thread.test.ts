import { describe, expect, it } from 'vitest';
import { message } from './fixtures';
import { applyMessage, prependOlder } from './thread';

const ids = (list: readonly { id: string }[]) => list.map((m) => m.id);

describe('applyMessage', () => {
  const thread = [message('a', '2026-05-20T10:00:00Z'), message('b', '2026-05-20T10:01:00Z')];

  it('replaces a message whose status moved', () => {
    const next = applyMessage(thread, { ...thread[1]!, status: 'seen' }, 1);
    expect(ids(next)).toEqual(['a', 'b']);
    expect(next[1]?.status).toBe('seen');
  });

  it('appends a new message and slots a late one in time order', () => {
    expect(ids(applyMessage(thread, message('c', '2026-05-20T10:02:00Z'), 1))).toEqual(['a', 'b', 'c']);
    expect(ids(applyMessage(thread, message('z', '2026-05-20T10:00:30Z'), 1))).toEqual(['a', 'z', 'b']);
  });

  it('ignores messages of other conversations', () => {
    expect(applyMessage(thread, message('x', '2026-05-20T10:02:00Z', { conversation_id: 2 }), 1)).toBe(thread);
  });

  it('puts older pages in front without duplicates', () => {
    const older = [message('o', '2026-05-20T09:00:00Z'), message('a', '2026-05-20T10:00:00Z')];
    expect(ids(prependOlder(thread, older))).toEqual(['o', 'a', 'b']);
  });
});
