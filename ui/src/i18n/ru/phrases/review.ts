// Русский для фраз модуля crates/core/src/review (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const review = {
  'review.score_out_of_range': 'Оценка — целое число от {min} до {max}',
  'review.comment_too_long': 'В комментарии к оценке не больше {max} символов',
} satisfies Partial<Record<PhraseKey, Message>>;
