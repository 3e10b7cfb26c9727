// The search palette's results: the conversations the inbox search found (names, phones in any
// form, message text; see `list_conversations`'s `query`) and the messages `search` found,
// grouped by conversation, and the list the arrow keys walk through.
import type { Contact } from '../bindings/Contact';
import type { Conversation } from '../bindings/Conversation';
import type { SearchHit } from '../bindings/SearchHit';

/** One conversation in the results, with the messages found in it (newest first). */
export interface SearchGroup {
  conversationId: number;
  contact: Contact;
  /** Its inbox entry, when the inbox search found it (its account, its last activity). */
  conversation: Conversation | null;
  hits: readonly SearchHit[];
}

/**
 * Groups the results: the conversations the inbox search found first, in its order (newest
 * activity first), then those only a message hit found, in the order of their newest hit. Each
 * group holds its hits, newest first.
 */
export function groupResults(conversations: readonly Conversation[], hits: readonly SearchHit[]): SearchGroup[] {
  const groups = new Map<number, SearchGroup>();
  for (const c of conversations) {
    if (!groups.has(c.id)) groups.set(c.id, { conversationId: c.id, contact: c.contact, conversation: c, hits: [] });
  }
  for (const hit of hits) {
    const id = hit.message.conversation_id;
    const group = groups.get(id);
    if (group) {
      if (!group.hits.some((h) => h.message.id === hit.message.id)) group.hits = [...group.hits, hit];
    } else {
      groups.set(id, { conversationId: id, contact: hit.contact, conversation: null, hits: [hit] });
    }
  }
  return [...groups.values()];
}

/** A place in the results: a conversation, or one message found in it. */
export interface ResultItem {
  conversationId: number;
  /** The message to open the thread at; null: the conversation at its newest messages. */
  messageId: string | null;
}

/** The results as the arrow keys walk them: each conversation, then each of its messages. */
export function resultItems(groups: readonly SearchGroup[]): ResultItem[] {
  return groups.flatMap((g) => [
    { conversationId: g.conversationId, messageId: null },
    ...g.hits.map((h) => ({ conversationId: g.conversationId, messageId: h.message.id })),
  ]);
}

/** The next place from `at` (wrapping round), for ArrowDown (1) and ArrowUp (-1). */
export function moveActive(at: number, by: 1 | -1, count: number): number {
  if (count === 0) return 0;
  return (((at + by) % count) + count) % count;
}

/** A piece of a name, matched by what was typed or not. */
export interface Segment {
  text: string;
  hit: boolean;
}

/**
 * `text` with each place the typed text appears in it marked (whatever the case): the name
 * the search matched, shown with what matched it. Text, never markup.
 */
export function markTyped(text: string, typed: string): Segment[] {
  const needle = typed.trim().toLocaleLowerCase();
  if (needle === '') return [{ text, hit: false }];
  const lower = text.toLocaleLowerCase();
  // Lower-casing can change a string's length (rare letters): then nothing is marked.
  if (lower.length !== text.length) return [{ text, hit: false }];
  const out: Segment[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
    if (at > from) out.push({ text: text.slice(from, at), hit: false });
    out.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length) out.push({ text: text.slice(from), hit: false });
  return out;
}
