// Русский для каждой фразы ядра и шлюзов (ключи и английский — в сгенерированном каталоге
// ui/src/bindings/phrases.ts). Пропущенный ключ — ошибка tsc; другие {заполнители}, чем в
// английском, — падающий тест. Аргументы, оканчивающиеся на `bytes`, — размеры: интерфейс
// пишет их в единицах читателя («5 МБ»).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';
import { core } from './core';
import { devino } from './devino';
import { decision_telecom } from './decision_telecom';
import { rapporto } from './rapporto';
import { wamm } from './wamm';
import { phone_bridge } from './phone_bridge';
import { meta_cloud } from './meta_cloud';
import { desktop } from './desktop';
import { auth } from './auth';
import { assignment } from './assignment';
import { tags } from './tags';
import { canned } from './canned';
import { contacts } from './contacts';
import { views } from './views';
import { reports } from './reports';
import { review } from './review';
import { audit } from './audit';
import { exportPhrases } from './export';
import { templates } from './templates';

/**
 * Arguments the Russian leaves out on purpose, by key: words that exist only in English (an
 * HTTP reason phrase such as "Not Found" beside its status code). The dictionary test accepts
 * exactly these omissions.
 */
export const ruOmits: Partial<Record<PhraseKey, readonly string[]>> = {
  'gateway.media.answered': ['status_text'],
};

/** Every phrase in Russian: one file a catalog, joined here, where a missing key is a type error. */
export const ruPhrases: Record<PhraseKey, Message> = {
  ...core,
  ...devino,
  ...decision_telecom,
  ...rapporto,
  ...wamm,
  ...phone_bridge,
  ...meta_cloud,
  ...desktop,
  ...auth,
  ...assignment,
  ...tags,
  ...canned,
  ...contacts,
  ...views,
  ...reports,
  ...review,
  ...audit,
  ...exportPhrases,
  ...templates,
};
