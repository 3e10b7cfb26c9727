// The inbox as a list kept in the server's order (newest activity first, then higher id), and
// how live conversation events merge into it without reloading.
import type { Conversation } from '../bindings/Conversation';
import type { ConversationCursor } from '../bindings/ConversationCursor';
import type { Viewer } from './roles';
import { matches, type ListFilter } from './views';
import { changeId, mergeConversation, type ConversationChange } from './unread';

export interface Inbox {
  conversations: Conversation[];
  /** Where the next page starts; null when every conversation is loaded. */
  next: ConversationCursor | null;
}

/** Timestamps are RFC 3339; compare as instants, with nanosecond digits kept. */
export function instant(timestamp: string): bigint {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!match) return BigInt(Date.parse(timestamp) || 0) * 1_000_000n;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  const fraction = (match[2] ?? '').padEnd(9, '0').slice(0, 9);
  return BigInt(seconds) * 1_000_000n + BigInt(fraction);
}

/** Negative when `a` comes before `b` in the inbox. */
export function inboxOrder(
  a: Pick<Conversation, 'last_activity' | 'id'>,
  b: Pick<Conversation, 'last_activity' | 'id'>,
): number {
  const ta = instant(a.last_activity);
  const tb = instant(b.last_activity);
  if (ta !== tb) return ta > tb ? -1 : 1;
  return b.id - a.id;
}

/** Appends a loaded page (skipping any conversation a live event already placed). */
export function appendPage(inbox: Inbox, page: Inbox): Inbox {
  const seen = new Set(inbox.conversations.map((c) => c.id));
  const added = page.conversations.filter((c) => !seen.has(c.id));
  return { conversations: [...inbox.conversations, ...added], next: page.next };
}

/**
 * Merges one changed conversation: it moves to where its last activity puts it. A conversation
 * that sorts after the last loaded page is left for that page to bring (so pages never skip or
 * repeat one). Returns the same object when nothing changes.
 */
export function applyConversation(inbox: Inbox, changed: Conversation): Inbox {
  const list = inbox.conversations;
  const at = list.findIndex((c) => c.id === changed.id);
  const rest = at === -1 ? list : [...list.slice(0, at), ...list.slice(at + 1)];
  if (inbox.next !== null && inboxOrder(changed, cursorAsConversation(inbox.next)) > 0) {
    return at === -1 ? inbox : { ...inbox, conversations: rest };
  }
  // Binary search: the list is sorted and large inboxes make a linear scan per event add up.
  let lo = 0;
  let hi = rest.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (inboxOrder(rest[mid] as Conversation, changed) < 0) lo = mid + 1;
    else hi = mid;
  }
  const conversations = [...rest.slice(0, lo), changed, ...rest.slice(lo)];
  return { ...inbox, conversations };
}

/**
 * Merges a change as this operator sees it (lib/unread.ts): their own unread count kept, and a
 * conversation that no longer fits the view shown (given away from a manager who may no longer
 * see it, resolved out of "Open", untagged …) taken out of the list; one that now fits comes in.
 * With a search, whose matches in message text only the server knows, a change only updates a
 * conversation already shown. `viewer` is null until the app knows who is signed in (nothing
 * is hidden then but what the filter says).
 */
export function applyChange(
  inbox: Inbox,
  change: ConversationChange,
  viewer: Viewer | null,
  filter: ListFilter = {},
): Inbox {
  const id = changeId(change);
  const known = inbox.conversations.find((c) => c.id === id);
  const merged = mergeConversation(known, change);
  if (merged === undefined || merged === known) return inbox;
  const fits = matches(filter, merged, viewer);
  if (fits === false) return removeConversation(inbox, id);
  if (fits === null && known === undefined) return inbox;
  return applyConversation(inbox, merged);
}

/** Takes a conversation out of the list (returns the same object when it is not there). */
export function removeConversation(inbox: Inbox, id: number): Inbox {
  const at = inbox.conversations.findIndex((c) => c.id === id);
  if (at === -1) return inbox;
  return { ...inbox, conversations: [...inbox.conversations.slice(0, at), ...inbox.conversations.slice(at + 1)] };
}

function cursorAsConversation(cursor: ConversationCursor): Pick<Conversation, 'last_activity' | 'id'> {
  return { last_activity: cursor.last_activity, id: cursor.id };
}

/** A contact's name, or its phone when the profile gave none. */
export function displayName(contact: Conversation['contact']): string {
  const name = contact.name?.trim();
  return name ? name : contact.phone;
}

export function totalUnread(inbox: Inbox): number {
  return inbox.conversations.reduce((n, c) => n + c.unread, 0);
}
