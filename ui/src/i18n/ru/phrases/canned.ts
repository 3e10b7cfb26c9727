// Русский для фраз модуля crates/core/src/canned.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const canned = {
} satisfies Partial<Record<PhraseKey, Message>>;
