// Русский для инструментов диалога: карточка контакта, метки, шаблоны ответов, взять диалог,
// настройки распределения (входит в ../ui.ts). Каждый ключ ../../parts/tools.ts должен быть здесь.
import type { Message } from '../../translate';
import type { toolsEn } from '../../parts/tools';

export const toolsRu = {
} satisfies Record<keyof typeof toolsEn, Message>;
