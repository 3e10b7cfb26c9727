// Whether the composer's text can be sent, and if not, why (shown beside the disabled button).
import type { Capabilities } from '../bindings/Capabilities';
import type { Translator } from '../i18n';

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

const DAY_MS = 24 * 60 * 60 * 1000;

/** Unicode scalar values: what gateways count (an emoji is one, not two UTF-16 units). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
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
  if (caps.enforces_24h_window) {
    const last = input.lastCustomerMessageAt ? Date.parse(input.lastCustomerMessageAt) : NaN;
    if (Number.isNaN(last) || input.now.getTime() - last > DAY_MS) {
      return refuse(tr.t('composer.window'));
    }
  }
  return { length, limit, canSend: true, reason: null };
}
