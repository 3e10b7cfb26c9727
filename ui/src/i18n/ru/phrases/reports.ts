// Русский для фраз модуля crates/core/src/reports (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const reports = {
} satisfies Partial<Record<PhraseKey, Message>>;
