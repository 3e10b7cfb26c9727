// What the delivery mark on an outgoing message shows, from its status and outbox state.
import type { Message } from '../bindings/Message';

export type TickKind = 'none' | 'clock' | 'sent' | 'delivered' | 'seen' | 'failed' | 'other';

export interface Tick {
  kind: TickKind;
  /** Words for a tooltip and screen readers. */
  label: string;
  /** Why it failed (or why it is being retried), in the gateway's words. */
  reason: string | null;
  /** Whether retry_message applies. */
  retry: boolean;
}

export function tickOf(message: Pick<Message, 'direction' | 'status' | 'send_state' | 'error' | 'history'>): Tick {
  if (message.direction === 'in') return { kind: 'none', label: '', reason: null, retry: false };
  const reason = message.error?.message ?? lastReason(message.history);
  const status = message.status.toLowerCase();
  // A late delivered/seen beats an earlier failure (the engine computes the status that way).
  if (status === 'seen') return { kind: 'seen', label: 'Seen', reason: null, retry: false };
  if (status === 'delivered') return { kind: 'delivered', label: 'Delivered', reason: null, retry: false };
  if (message.send_state === 'unconfirmed') {
    return {
      kind: 'failed',
      label: 'Not confirmed: it may or may not have been sent',
      reason: reason ?? 'The app stopped while sending; the gateway never confirmed it.',
      retry: true,
    };
  }
  if (status === 'failed' || status === 'rejected' || message.send_state === 'failed') {
    return {
      kind: 'failed',
      label: status === 'rejected' ? 'Rejected' : 'Failed',
      reason: reason ?? 'The gateway gave no reason.',
      // The outbox sends again only what it could not send; a message the gateway took and
      // later reported undeliverable (not on WhatsApp ...) is final.
      retry: message.send_state === 'failed',
    };
  }
  if (status === 'sent') return { kind: 'sent', label: 'Sent', reason: null, retry: false };
  if (status === 'queued' || message.send_state === 'queued' || message.send_state === 'sending') {
    // A queued message with an error is waiting to be tried again.
    return { kind: 'clock', label: 'Queued', reason: message.error?.message ?? null, retry: false };
  }
  return { kind: 'other', label: message.status, reason: null, retry: false };
}

function lastReason(history: Message['history']): string | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const reason = history[i]?.reason;
    if (reason) return reason;
  }
  return null;
}
