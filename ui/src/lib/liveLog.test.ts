import { describe, expect, it } from 'vitest';
import type { Message } from '../bindings/Message';
import { conversation, message } from './fixtures';
import { applyConversation, type Inbox } from './inbox';
import { Latest, LiveLog } from './liveLog';
import { applyMessage } from './thread';

/** A promise resolved from outside, to interleave answers and events as a test needs. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const at = '2026-05-20T10:00:00Z';

describe('LiveLog.settle', () => {
  it('keeps a live event that arrived while the action was under way over the older answer', async () => {
    const log = new LiveLog<Message>();
    let shown: readonly Message[] = [message('a', at, { status: 'failed', send_state: 'failed' })];
    const answer = deferred<Message>();
    const settled = log.settle(answer.promise, (m) => applyMessage(shown, m, 1), (list, m) => applyMessage(list, m, 1));
    // The retry went out and was delivered before its answer came back.
    const delivered = message('a', at, { status: 'delivered', send_state: 'done' });
    log.record(delivered);
    shown = applyMessage(shown, delivered, 1);
    answer.resolve(message('a', at, { status: 'queued', send_state: 'queued' }));
    shown = await settled;
    expect(shown.map((m) => m.status)).toEqual(['delivered']);
  });

  it('applies the answer when no event for it arrived', async () => {
    const log = new LiveLog<Message>();
    const shown: readonly Message[] = [message('a', at, { status: 'failed', send_state: 'failed' })];
    const result = await log.settle(
      Promise.resolve(message('a', at, { status: 'queued', send_state: 'queued' })),
      (m) => applyMessage(shown, m, 1),
      (list, m) => applyMessage(list, m, 1),
    );
    expect(result[0]?.send_state).toBe('queued');
  });

  it('lays the changes that arrived during a page load over the page', async () => {
    const log = new LiveLog<ReturnType<typeof conversation>>();
    const page = deferred<Inbox>();
    const settled = log.settle(page.promise, (p) => p, applyConversation);
    log.record(conversation(2, '2026-05-20T10:05:00Z', 1));
    log.record(conversation(9, '2026-05-20T10:06:00Z', 1));
    // The page was read before both changes.
    page.resolve({ conversations: [conversation(2, '2026-05-20T09:00:00Z'), conversation(1, '2026-05-20T08:00:00Z')], next: null });
    const inbox = await settled;
    expect(inbox.conversations.map((c) => [c.id, c.unread])).toEqual([
      [9, 1],
      [2, 1],
      [1, 0],
    ]);
  });

  it('records for each request under way, and stops when it settles or fails', async () => {
    const log = new LiveLog<number>();
    const first = deferred<number[]>();
    const second = deferred<number[]>();
    const a = log.settle(first.promise, (xs) => xs, (xs, x) => [...xs, x]);
    log.record(1);
    const b = log.settle(second.promise, (xs) => xs, (xs, x) => [...xs, x]);
    log.record(2);
    expect(log.inFlight).toBe(2);
    first.resolve([]);
    expect(await a).toEqual([1, 2]);
    log.record(3);
    second.reject(new Error('offline'));
    await expect(b).rejects.toThrow('offline');
    expect(log.inFlight).toBe(0);
    log.record(4);
    expect(await log.settle(Promise.resolve([0]), (xs) => xs, (xs, x) => [...xs, x])).toEqual([0]);
  });
});

describe('Latest', () => {
  it('is true only for the newest request', () => {
    const latest = new Latest();
    const first = latest.begin();
    const alsoFirst = latest.peek();
    expect(first() && alsoFirst()).toBe(true);
    const second = latest.begin();
    expect(first()).toBe(false);
    expect(alsoFirst()).toBe(false);
    expect(second()).toBe(true);
  });
});
