// Русский для фраз модуля crates/core/src/canned.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const canned = {
  'canned.shortcut_bad':
    'Сокращение — от 1 до {max} букв, цифр, «_» или «-», без пробелов: «{shortcut}»',
  'canned.shortcut_taken': 'Шаблон /{shortcut} уже есть',
  'canned.body_empty': 'Напишите текст шаблона',
  'canned.body_too_long': 'В шаблоне не больше {max} символов',
  'canned.not_found': 'Такого шаблона нет',
  'canned.team_for_supervisors': 'Шаблоны команды добавляют, меняют и удаляют только руководители',
  'canned.unfilled': 'Заполните {variables} перед отправкой: клиент увидел бы заготовку',
} satisfies Partial<Record<PhraseKey, Message>>;
