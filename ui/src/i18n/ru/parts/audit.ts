// Русский для журнала аудита, оценок диалогов и выгрузки переписки (входит в ../ui.ts). Каждый ключ ../../parts/audit.ts должен быть здесь.
import type { Message } from '../../translate';
import type { auditEn } from '../../parts/audit';

export const auditRu = {
} satisfies Record<keyof typeof auditEn, Message>;
