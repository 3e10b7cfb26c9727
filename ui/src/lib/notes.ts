// Internal notes and mentions: a note's text cut into plain-text segments with `@login`
// mentions marked (rendered as text spans, never HTML), and the unseen mentions the badge
// counts.
import type { Event } from '../bindings/Event';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Translator } from '../i18n';
import { charCount, type ComposerState } from './composer';

/** The longest note the server takes (crates/core/src/workflow.rs `MAX_NOTE`). */
export const MAX_NOTE = 4000;

export interface Segment {
  text: string;
  /** An `@login` mention (as the server reads them). */
  mention: boolean;
}

const LOGIN_CHAR = /[A-Za-z0-9._-]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A note's text as segments, mentions marked: `@` not inside a word (an e-mail address names
 * nobody), then the characters a login may have, without trailing dots — as the server reads
 * them. Joined again, the segments are the text unchanged.
 */
export function mentionSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const before = i > 0 ? (text[i - 1] as string) : '';
    if (c === '@' && !(before && WORD_CHAR.test(before))) {
      let j = i + 1;
      while (j < text.length && LOGIN_CHAR.test(text[j] as string)) j++;
      while (j > i + 1 && text[j - 1] === '.') j--;
      if (j > i + 1) {
        if (plain) out.push({ text: plain, mention: false });
        plain = '';
        out.push({ text: text.slice(i, j), mention: true });
        i = j;
        continue;
      }
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ text: plain, mention: false });
  return out;
}

/** A note that named this operator, not yet seen. */
export interface Mention {
  conversationId: number;
  by: OperatorRef;
  text: string;
}

type MentionedEvent = Extract<Event, { type: 'mentioned' }>;

/** Adds a `mentioned` event meant for `selfId` (newest last); others leave the list as it is. */
export function addMention(list: readonly Mention[], event: MentionedEvent, selfId: number | null | undefined): readonly Mention[] {
  if (selfId == null || event.operator_id !== selfId) return list;
  return [...list, { conversationId: event.conversation_id, by: event.by, text: event.text }];
}

/** The mentions left once a conversation was opened (null: all of them seen). */
export function clearMentions(list: readonly Mention[], conversationId: number | null): readonly Mention[] {
  if (conversationId === null) return list.length === 0 ? list : [];
  const left = list.filter((m) => m.conversationId !== conversationId);
  return left.length === list.length ? list : left;
}

/** A note's words cut short for a one-line notice. */
export function preview(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/** Whether a note can be added, and if not, why: like `composerState`, without a gateway. */
export function noteState(text: string, sending: boolean, tr: Translator): ComposerState {
  const length = charCount(text);
  const refuse = (reason: string): ComposerState => ({ length, limit: MAX_NOTE, canSend: false, reason });
  if (sending) return refuse(tr.t('composer.sending'));
  if (text.trim() === '') return refuse(tr.t('composer.noteEmpty'));
  if (length > MAX_NOTE) return refuse(tr.t('composer.noteOver', { limit: MAX_NOTE }));
  return { length, limit: MAX_NOTE, canSend: true, reason: null };
}
