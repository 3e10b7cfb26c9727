// Русский для фраз модуля crates/core/src/contacts.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const contacts = {
} satisfies Partial<Record<PhraseKey, Message>>;
