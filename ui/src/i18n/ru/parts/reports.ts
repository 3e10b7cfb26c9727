// Русский для экрана отчётов, графиков, выгрузок и живой доски (входит в ../ui.ts). Каждый ключ ../../parts/reports.ts должен быть здесь.
import type { Message } from '../../translate';
import type { reportsEn } from '../../parts/reports';

export const reportsRu = {
} satisfies Record<keyof typeof reportsEn, Message>;
