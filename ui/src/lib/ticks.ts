// What the delivery mark on an outgoing message shows, from its status and outbox state, and
// what the manager can do about it.
import type { Message } from '../bindings/Message';
import type { Translator } from '../i18n';
import { saidOf } from './said';

export type TickKind = 'none' | 'clock' | 'sent' | 'delivered' | 'seen' | 'failed' | 'discarded' | 'other';

/** What a message's buttons can do (each is one API command). */
export type MessageAction = 'retry' | 'discard' | 'send_now' | 'cancel';

export interface Tick {
  kind: TickKind;
  /** Words for a tooltip and screen readers. */
  label: string;
  /** Why it failed (or why it is being retried), in the reader's language. */
  reason: string | null;
  /** When a queued message is tried next (it failed before), in words. */
  next: string | null;
  /** The actions offered, in the order shown. */
  actions: readonly MessageAction[];
}

type Shown = Pick<Message, 'direction' | 'status' | 'send_state' | 'error' | 'history' | 'attempts' | 'next_attempt_at'>;

const NONE: readonly MessageAction[] = [];

export function tickOf(message: Shown, tr: Translator, now: Date): Tick {
  if (message.direction === 'in') return { kind: 'none', label: '', reason: null, next: null, actions: NONE };
  const said = message.error ? saidOf(message.error) : lastReason(message.history);
  const reason = said ? tr.said(said) : null;
  const status = message.status.toLowerCase();
  // A late delivered/seen beats an earlier failure (the engine computes the status that way).
  if (status === 'seen') return { kind: 'seen', label: tr.t('tick.seen'), reason: null, next: null, actions: NONE };
  if (status === 'delivered') return { kind: 'delivered', label: tr.t('tick.delivered'), reason: null, next: null, actions: NONE };
  if (message.send_state === 'discarded') {
    return { kind: 'discarded', label: tr.t('tick.discarded'), reason: tr.t('tick.discardedReason'), next: null, actions: NONE };
  }
  if (message.send_state === 'unconfirmed') {
    return {
      kind: 'failed',
      label: tr.t('tick.unconfirmed'),
      reason: reason ?? tr.t('tick.unconfirmedReason'),
      next: null,
      actions: ['retry', 'discard'],
    };
  }
  if (status === 'failed' || status === 'rejected' || message.send_state === 'failed') {
    const notSent = message.send_state === 'failed';
    return {
      kind: 'failed',
      label: tr.t(status === 'rejected' ? 'tick.rejected' : notSent ? 'tick.notSent' : 'tick.notDelivered'),
      reason: reason ?? tr.t('tick.noReason'),
      next: null,
      // The outbox sends again only what it could not send; a message the gateway took and
      // later reported undeliverable (not on WhatsApp ...) is final.
      actions: notSent ? ['retry', 'discard'] : NONE,
    };
  }
  if (status === 'sent') return { kind: 'sent', label: tr.t('tick.sent'), reason: null, next: null, actions: NONE };
  if (status === 'queued' || message.send_state === 'queued' || message.send_state === 'sending') {
    // A queued message that already failed once waits out a backoff before its next attempt.
    const waiting = message.send_state === 'queued' && (message.error !== null || message.attempts > 0);
    if (!waiting) return { kind: 'clock', label: tr.t('tick.queued'), reason: null, next: null, actions: NONE };
    const next = message.next_attempt_at ? new Date(message.next_attempt_at) : null;
    return {
      kind: 'clock',
      label: tr.t('tick.queued'),
      reason,
      next:
        next && next.getTime() > now.getTime()
          ? tr.t('tick.nextAttempt', { when: tr.relative(next, now) })
          : tr.t('tick.retrying'),
      actions: ['send_now', 'cancel'],
    };
  }
  return { kind: 'other', label: message.status, reason: null, next: null, actions: NONE };
}

function lastReason(history: Message['history']) {
  for (let i = history.length - 1; i >= 0; i--) {
    const reason = history[i]?.reason;
    if (reason) return reason;
  }
  return null;
}
