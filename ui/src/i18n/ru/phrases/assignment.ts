// Русский для фраз модуля crates/core/src/assignment.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const assignment = {
  'assignment.take_over_not_allowed':
    'Этот разговор ведёт {name}, а в команде менеджеры не забирают разговоры коллег: попросите руководителя передать его вам',
} satisfies Partial<Record<PhraseKey, Message>>;
