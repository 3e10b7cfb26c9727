// Whether the composer's text can be sent, and if not, why (shown beside the disabled button).
import type { Capabilities } from '../bindings/Capabilities';
import type { Translator } from '../i18n';
import { windowState } from './window';

export interface ComposerInput {
  text: string;
  /** The conversation's account's capabilities; null when the account is gone. */
  capabilities: Capabilities | null;
  sending: boolean;
  /** When the customer last wrote (24-hour window gateways only). */
  lastCustomerMessageAt: string | null;
  now: Date;
  /** A file is attached: the text is its optional caption. */
  attachment?: boolean;
}

export interface ComposerState {
  /** Characters as the gateway counts them (Unicode scalar values). */
  length: number;
  limit: number | null;
  canSend: boolean;
  /** Why sending is disabled, in the reader's language; null when it is enabled. */
  reason: string | null;
}

/** Unicode scalar values: what gateways count (an emoji is one, not two UTF-16 units). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** What the composer offers: free text (the 24-hour window allowing), templates, or both. */
export interface ReplyModes {
  text: boolean;
  template: boolean;
  /** The gateway enforces the window and it is closed: a template is the only way to write. */
  windowClosed: boolean;
}

export function replyModes(
  capabilities: Capabilities | null,
  lastCustomerMessageAt: string | null,
  now: Date,
  templatesOffered: boolean,
): ReplyModes {
  const windowClosed =
    capabilities !== null && capabilities.enforces_24h_window && !windowState(lastCustomerMessageAt, now).open;
  return { text: !windowClosed, template: templatesOffered, windowClosed };
}

export function composerState(input: ComposerInput, tr: Translator): ComposerState {
  const length = charCount(input.text);
  const caps = input.capabilities;
  const limit = caps ? caps.max_text_len : null;
  const refuse = (reason: string): ComposerState => ({ length, limit, canSend: false, reason });
  if (caps === null) return refuse(tr.t('composer.noAccount'));
  if (!caps.text) return refuse(tr.t('composer.noText'));
  if (input.sending) return refuse(tr.t('composer.sending'));
  if (input.text.trim() === '' && !input.attachment) return refuse(tr.t('composer.empty'));
  if (length > caps.max_text_len) {
    return refuse(tr.t('composer.over', { count: length - caps.max_text_len, limit: caps.max_text_len }));
  }
  if (caps.enforces_24h_window && !windowState(input.lastCustomerMessageAt, input.now).open) {
    return refuse(tr.t('composer.window'));
  }
  return { length, limit, canSend: true, reason: null };
}
