// Each operator's own unread count while the team shares live events: merged by hand here,
// then through LiveLog the way a page load and a slow network interleave them.
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../bindings/Conversation';
import { conversation } from './fixtures';
import { applyChange, type Inbox } from './inbox';
import { LiveLog } from './liveLog';
import type { Viewer } from './roles';
import { mergeConversation, type ConversationChange } from './unread';

const at = '2026-05-20T10:00:00Z';
const later = '2026-05-20T10:05:00Z';
/** A conversation as some operator's answer or a shared event carries it. */
const state = (unread: number, incoming: number, when = at, over: Partial<Conversation> = {}) =>
  conversation(1, when, unread, { incoming_count: incoming, ...over });
const shared = (incoming: number, when = later, over: Partial<Conversation> = {}): ConversationChange => ({
  kind: 'shared',
  conversation: state(0, incoming, when, over),
});
const own = (unread: number, incoming: number, when = at): ConversationChange => ({
  kind: 'own',
  conversation: state(unread, incoming, when),
});
const counts = (c: Conversation | undefined) => c && [c.unread, c.incoming_count];

describe('mergeConversation', () => {
  it('adds the customer messages that arrived since to the operator’s own count', () => {
    // Two unread of five; the customer writes twice more.
    expect(counts(mergeConversation(state(2, 5), shared(7)))).toEqual([4, 7]);
  });

  it('leaves the count alone when someone else read it or replied (no new customer message)', () => {
    // A supervisor opening the conversation sends everyone an event with unread 0 and the same
    // incoming count: the manager's own three stay unread.
    const merged = mergeConversation(state(3, 5), shared(5, later, { awaiting_reply: false }));
    expect(counts(merged)).toEqual([3, 5]);
    expect(merged?.last_activity).toBe(later);
  });

  it('counts an event once however often it is applied, and an older event adds nothing', () => {
    const once = mergeConversation(state(1, 4), shared(6));
    expect(counts(mergeConversation(once, shared(6)))).toEqual([3, 6]);
    expect(counts(mergeConversation(once, shared(5)))).toEqual([3, 6]);
  });

  it('shows a conversation first seen through an event with no count until it is asked for', () => {
    expect(counts(mergeConversation(undefined, shared(4)))).toEqual([0, 4]);
  });

  it('takes the operator’s own answer as it is, and a read elsewhere as said', () => {
    expect(counts(mergeConversation(state(4, 6), own(0, 6)))).toEqual([0, 6]);
    expect(counts(mergeConversation(state(4, 6), { kind: 'read', conversationId: 1, unread: 1 }))).toEqual([1, 6]);
    expect(mergeConversation(undefined, { kind: 'read', conversationId: 1, unread: 0 })).toBeUndefined();
  });

  it('lays an answer read before newer messages under them', () => {
    // Marked read at 5 incoming, but the 6th already arrived: one unread.
    expect(counts(mergeConversation(state(3, 6), own(0, 5)))).toEqual([1, 6]);
    // An older answer never shows more than the newer state (read since at 6).
    expect(counts(mergeConversation(state(0, 6), own(2, 5)))).toEqual([0, 6]);
  });
});

describe('applyChange in the inbox', () => {
  const manager: Viewer = { id: 7, role: 'manager', managersSeeAll: false };
  const inbox = (...cs: Conversation[]): Inbox => ({ conversations: cs, next: null });

  it('keeps each row’s own count as shared events move it', () => {
    const before = inbox(conversation(2, '2026-05-20T10:01:00Z', 0, { incoming_count: 1 }), state(2, 3));
    const after = applyChange(before, shared(4), manager);
    expect(after.conversations.map((c) => [c.id, c.unread])).toEqual([
      [1, 3],
      [2, 0],
    ]);
  });

  it('takes a conversation given to someone else out of a manager’s list, not a supervisor’s', () => {
    const before = inbox(state(1, 1, at, { assignee: { id: 7, name: 'Anna' } }));
    const away = shared(1, later, { assignee: { id: 8, name: 'Boris' } });
    expect(applyChange(before, away, manager).conversations).toEqual([]);
    expect(applyChange(before, away, { ...manager, managersSeeAll: true }).conversations).toHaveLength(1);
    expect(applyChange(before, away, { id: 9, role: 'supervisor', managersSeeAll: false }).conversations).toHaveLength(1);
    expect(applyChange(before, shared(1, later, { assignee: null }), manager).conversations).toHaveLength(1);
  });

  it('returns the same inbox when a read changes nothing', () => {
    const before = inbox(state(0, 2));
    expect(applyChange(before, { kind: 'read', conversationId: 1, unread: 0 }, manager)).toBe(before);
    expect(applyChange(before, { kind: 'read', conversationId: 5, unread: 0 }, manager)).toBe(before);
  });
});

describe('with LiveLog', () => {
  function deferred<T>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  }
  const viewer: Viewer = { id: 1, role: 'manager', managersSeeAll: false };

  it('counts messages that arrived while the page loaded, once, whether the page saw them or not', async () => {
    for (const pageIncoming of [3, 4]) {
      const log = new LiveLog<ConversationChange>();
      const page = deferred<Inbox>();
      const settled = log.settle(page.promise, (p) => p, (i, c) => applyChange(i, c, viewer));
      log.record(shared(4));
      // The page was read before the 4th message (3 incoming, 2 unread) or after it (3 unread).
      const unread = pageIncoming === 3 ? 2 : 3;
      page.resolve({ conversations: [state(unread, pageIncoming)], next: null });
      expect(counts((await settled).conversations[0])).toEqual([3, 4]);
    }
  });

  it('keeps a mark-read answer that came back during the page load', async () => {
    const log = new LiveLog<ConversationChange>();
    const page = deferred<Inbox>();
    const settled = log.settle(page.promise, (p) => p, (i, c) => applyChange(i, c, viewer));
    log.record(own(0, 3));
    // The page was read before the mark: 3 unread.
    page.resolve({ conversations: [state(3, 3)], next: null });
    expect(counts((await settled).conversations[0])).toEqual([0, 3]);
  });
});
