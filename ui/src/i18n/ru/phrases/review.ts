// Русский для фраз модуля crates/core/src/review (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const review = {
} satisfies Partial<Record<PhraseKey, Message>>;
