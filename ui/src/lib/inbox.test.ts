import { describe, expect, it } from 'vitest';
import { conversation } from './fixtures';
import { appendPage, applyChange, applyConversation, displayName, instant, type Inbox } from './inbox';
import type { Viewer } from './roles';

const ids = (inbox: Inbox) => inbox.conversations.map((c) => c.id);

describe('applyConversation', () => {
  const inbox: Inbox = {
    conversations: [
      conversation(3, '2026-05-20T10:00:03Z'),
      conversation(2, '2026-05-20T10:00:02Z'),
      conversation(1, '2026-05-20T10:00:01Z'),
    ],
    next: null,
  };

  it('moves a conversation with new activity to the top, with its new unread count', () => {
    const next = applyConversation(inbox, conversation(1, '2026-05-20T10:00:09Z', 2));
    expect(ids(next)).toEqual([1, 3, 2]);
    expect(next.conversations[0]?.unread).toBe(2);
  });

  it('updates in place when the order does not change (mark read)', () => {
    const next = applyConversation(inbox, conversation(2, '2026-05-20T10:00:02Z', 0));
    expect(ids(next)).toEqual([3, 2, 1]);
  });

  it('inserts a new conversation where it sorts', () => {
    expect(ids(applyConversation(inbox, conversation(9, '2026-05-20T10:00:02.5Z')))).toEqual([3, 9, 2, 1]);
  });

  it('orders equal times by id, newest first, like the server', () => {
    expect(ids(applyConversation(inbox, conversation(5, '2026-05-20T10:00:02Z')))).toEqual([3, 5, 2, 1]);
  });

  it('compares nanoseconds and offsets as instants', () => {
    expect(instant('2026-05-20T10:00:00.000000002Z') > instant('2026-05-20T10:00:00.000000001Z')).toBe(true);
    expect(instant('2026-05-20T12:00:00+02:00')).toBe(instant('2026-05-20T10:00:00Z'));
  });

  it('leaves a conversation beyond the loaded pages for its page to bring', () => {
    const paged: Inbox = { ...inbox, next: { last_activity: '2026-05-20T10:00:01Z', id: 1 } };
    const old = applyConversation(paged, conversation(7, '2026-05-19T00:00:00Z'));
    expect(old).toBe(paged);
    // ...and one that moved below the fold leaves the loaded list.
    expect(ids(applyConversation(paged, conversation(3, '2026-05-19T00:00:00Z')))).toEqual([2, 1]);
  });

  it('appends a page without repeating what live events already placed', () => {
    const page: Inbox = { conversations: [conversation(1, '2026-05-20T10:00:01Z'), conversation(0, '2026-05-20T09:00:00Z')], next: null };
    expect(ids(appendPage(inbox, page))).toEqual([3, 2, 1, 0]);
  });

  it('keeps a large inbox sorted under many events', () => {
    let big: Inbox = { conversations: [], next: null };
    for (let i = 0; i < 2000; i++) {
      const second = String((i * 7919) % 3600).padStart(4, '0');
      big = applyConversation(big, conversation(i % 500, `2026-05-20T10:${second.slice(0, 2)}:${String(Number(second) % 60).padStart(2, '0')}Z`));
    }
    expect(big.conversations.length).toBe(500);
    for (let i = 1; i < big.conversations.length; i++) {
      const a = big.conversations[i - 1]!;
      const b = big.conversations[i]!;
      expect(instant(a.last_activity) > instant(b.last_activity) || (a.last_activity === b.last_activity && a.id > b.id)).toBe(true);
    }
  });
});

describe('applyChange in a view', () => {
  const sergei: Viewer = { id: 2, role: 'supervisor', managersSeeAll: false };
  const anna: Viewer = { id: 7, role: 'manager', managersSeeAll: false };
  const shared = (c: ReturnType<typeof conversation>) => ({ kind: 'shared' as const, conversation: c });
  const list: Inbox = {
    conversations: [conversation(2, '2026-05-20T10:00:02Z', 1), conversation(1, '2026-05-20T10:00:01Z')],
    next: null,
  };

  it('brings in a conversation that now fits, and takes out one that no longer does', () => {
    const resolved = { status: 'resolved' as const };
    const open = applyChange(list, shared(conversation(3, '2026-05-20T10:00:03Z')), sergei, { status: 'open' });
    expect(ids(open)).toEqual([3, 2, 1]);
    const gone = applyChange(open, shared(conversation(2, '2026-05-20T10:00:04Z', 0, resolved)), sergei, { status: 'open' });
    expect(ids(gone)).toEqual([3, 1]);
    // Not in the view: left out, the list untouched.
    expect(applyChange(gone, shared(conversation(9, '2026-05-20T10:00:05Z', 0, resolved)), sergei, { status: 'open' })).toBe(gone);
  });

  it('keeps its own unread count for a conversation that stays', () => {
    const next = applyChange(list, shared(conversation(2, '2026-05-20T10:00:09Z', 0, { incoming_count: 2 })), sergei, { assignee: { kind: 'unassigned' } });
    expect(next.conversations.map((c) => [c.id, c.unread])).toEqual([
      [2, 2],
      [1, 0],
    ]);
  });

  it('moves a conversation out of Unassigned and into Mine as it is given', () => {
    const given = conversation(1, '2026-05-20T10:00:09Z', 0, { assignee: { id: 7, name: 'Anna' } });
    expect(ids(applyChange(list, shared(given), anna, { assignee: { kind: 'unassigned' } }))).toEqual([2]);
    const mine: Inbox = { conversations: [], next: null };
    expect(ids(applyChange(mine, shared(given), anna, { assignee: { kind: 'mine' } }))).toEqual([1]);
  });

  it('with a search, updates only what is shown', () => {
    const search = { query: 'invoice' };
    expect(applyChange(list, shared(conversation(5, '2026-05-20T10:00:09Z')), sergei, search)).toBe(list);
    expect(ids(applyChange(list, shared(conversation(1, '2026-05-20T10:00:09Z')), sergei, search))).toEqual([1, 2]);
    expect(ids(applyChange(list, shared(conversation(1, '2026-05-20T10:00:09Z', 0, { status: 'resolved' })), sergei, { ...search, status: 'open' }))).toEqual([2]);
  });
});

describe('displayName', () => {
  it('uses the profile name, else the phone', () => {
    expect(displayName({ id: 1, phone: '+79000000001', name: '  ' })).toBe('+79000000001');
    expect(displayName({ id: 1, phone: '+79000000001', name: 'Ivan' })).toBe('Ivan');
  });
});
