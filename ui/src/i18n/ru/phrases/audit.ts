// Русский для фраз модуля crates/core/src/audit (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const audit = {
  'audit.unknown_kind': 'В журнале нет записей вида «{kind}»',
  'audit.bad_cursor': 'Эта страница журнала не найдена: откройте журнал заново',
} satisfies Partial<Record<PhraseKey, Message>>;
