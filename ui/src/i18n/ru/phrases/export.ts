// Русский для фраз модуля crates/core/src/export (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const exportPhrases = {
} satisfies Partial<Record<PhraseKey, Message>>;
