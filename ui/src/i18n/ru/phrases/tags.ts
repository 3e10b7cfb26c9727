// Русский для фраз модуля crates/core/src/tags.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const tags = {
  'tags.name_empty': 'Назовите метку',
  'tags.name_too_long': 'В названии метки не больше {max} символов',
  'tags.exists': 'Метка «{name}» уже есть',
  'tags.not_found': 'Такой метки нет',
  'tags.managers_cannot_create': 'В этой команде метки добавляют только руководители',
} satisfies Partial<Record<PhraseKey, Message>>;
