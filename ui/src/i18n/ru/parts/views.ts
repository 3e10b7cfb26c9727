// Русский для видов списка, счётчиков, поиска, действий с несколькими диалогами и «Нового
// диалога» (входит в ../ui.ts). Каждый ключ ../../parts/views.ts должен быть здесь.
import type { Message } from '../../translate';
import type { viewsEn } from '../../parts/views';

export const viewsRu = {
} satisfies Record<keyof typeof viewsEn, Message>;
