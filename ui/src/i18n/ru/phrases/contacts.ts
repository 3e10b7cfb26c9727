// Русский для фраз модуля crates/core/src/contacts.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const contacts = {
  'contacts.field_not_found': 'Такого поля контакта нет',
  'contacts.key_bad': 'Ключ поля — от 1 до {max} латинских букв, цифр или «_»: «{key}»',
  'contacts.key_reserved': 'Ключ «{key}» уже занят переменной шаблонов: выберите другой',
  'contacts.key_taken': 'Поле с ключом «{key}» уже есть',
  'contacts.label_empty': 'Назовите поле',
  'contacts.label_too_long': 'В названии поля не больше {max} символов',
  'contacts.value_too_long': 'В значении поля не больше {max} символов',
} satisfies Partial<Record<PhraseKey, Message>>;
