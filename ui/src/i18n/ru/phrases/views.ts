// Русский для фраз модуля crates/core/src/views.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const views = {
  'views.bulk_too_many': 'Не больше {max} диалогов за раз (выбрано {count})',
  'views.bulk_none': 'Выберите хотя бы один диалог',
} satisfies Partial<Record<PhraseKey, Message>>;
