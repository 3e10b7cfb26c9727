import { describe, expect, it } from 'vitest';
import { message } from './fixtures';
import { appendNewer, applyLive, applyMessage, prependOlder } from './thread';

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

describe('a thread opened around a message', () => {
  const shown = [message('a', '2026-05-20T10:00:00Z'), message('b', '2026-05-20T10:01:00Z')];

  it('appends newer pages without duplicates', () => {
    const newer = [message('b', '2026-05-20T10:01:00Z'), message('c', '2026-05-20T10:02:00Z')];
    expect(ids(appendNewer(shown, newer))).toEqual(['a', 'b', 'c']);
  });

  it('leaves a live message past the last one shown to the pages below', () => {
    const live = message('n', '2026-05-20T12:00:00Z');
    expect(applyLive(shown, live, 1, false)).toBe(shown);
    expect(ids(applyLive(shown, live, 1, true))).toEqual(['a', 'b', 'n']);
  });

  it('still updates a message shown and slots one inside the window', () => {
    expect(applyLive(shown, { ...shown[0]!, status: 'seen' }, 1, false)[0]?.status).toBe('seen');
    expect(ids(applyLive(shown, message('m', '2026-05-20T10:00:30Z'), 1, false))).toEqual(['a', 'm', 'b']);
  });
});
