// One conversation's loaded messages (oldest first) and how live message events merge in.
import type { Message } from '../bindings/Message';
import { instant } from './inbox';

/**
 * Replaces a message already shown (a status moved) or inserts a new one in time order.
 * Returns the same array when the message belongs elsewhere.
 */
export function applyMessage(messages: readonly Message[], changed: Message, conversationId: number): readonly Message[] {
  if (changed.conversation_id !== conversationId) return messages;
  const at = messages.findIndex((m) => m.id === changed.id);
  if (at !== -1) {
    const copy = messages.slice();
    copy[at] = changed;
    return copy;
  }
  const t = instant(changed.timestamp);
  let i = messages.length;
  // New messages are almost always the newest: search from the end.
  while (i > 0 && instant((messages[i - 1] as Message).timestamp) > t) i--;
  return [...messages.slice(0, i), changed, ...messages.slice(i)];
}

/** Puts an older page in front, skipping messages already shown. */
export function prependOlder(messages: readonly Message[], older: readonly Message[]): readonly Message[] {
  const ids = new Set(messages.map((m) => m.id));
  return [...older.filter((m) => !ids.has(m.id)), ...messages];
}

/** Puts a newer page after what is shown, skipping messages already shown. */
export function appendNewer(messages: readonly Message[], newer: readonly Message[]): readonly Message[] {
  const ids = new Set(messages.map((m) => m.id));
  return [...messages, ...newer.filter((m) => !ids.has(m.id))];
}

/**
 * [`applyMessage`] for a thread that may not reach its newest message (opened around a search
 * hit): a message newer than the last one shown is left for the pages below to bring, so the
 * thread never shows it after a gap. A message already shown is always updated.
 */
export function applyLive(
  messages: readonly Message[],
  changed: Message,
  conversationId: number,
  reachesNewest: boolean,
): readonly Message[] {
  if (!reachesNewest && !messages.some((m) => m.id === changed.id)) {
    const last = messages[messages.length - 1];
    if (!last || instant(changed.timestamp) > instant(last.timestamp)) return messages;
  }
  return applyMessage(messages, changed, conversationId);
}
