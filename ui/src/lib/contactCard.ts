// The contact card beside a thread: whether a conversation's change concerns it, and its
// conversations as listed (account, status, the one open marked).
import type { ContactCard } from '../bindings/ContactCard';
import type { Conversation } from '../bindings/Conversation';
import type { FieldValue } from '../bindings/FieldValue';

/** Whether a changed conversation is one with the card's contact (so the card is loaded again). */
export function cardConcerns(card: ContactCard, conversation: Conversation): boolean {
  return conversation.contact.id === card.contact.id || card.conversations.some((c) => c.id === conversation.id);
}

/** The card's fields in the team's order. */
export function orderedValues(fields: readonly FieldValue[]): FieldValue[] {
  return [...fields].sort((a, b) => a.field.position - b.field.position || a.field.id - b.field.id);
}

/** What a field edit would send: null for blank (clearing it), else the trimmed text; undefined
 * when nothing changed. */
export function fieldChange(before: string | null, typed: string): string | null | undefined {
  const next = typed.trim() === '' ? null : typed.trim();
  return next === (before ?? null) ? undefined : next;
}

/** What is wrong with a new field's key and label, if anything: a key is what canned replies
 * write as `{{contact.<key>}}` (Latin letters, digits, `_`). */
export function fieldProblem(key: string, label: string): 'needBoth' | 'badKey' | null {
  if (key.trim() === '' || label.trim() === '') return 'needBoth';
  return /^[A-Za-z0-9_]+$/.test(key.trim()) ? null : 'badKey';
}
