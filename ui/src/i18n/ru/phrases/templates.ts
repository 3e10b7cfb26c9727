// Русский для фраз модуля crates/core/src/templates.rs (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const templates = {
  'templates.unsupported': '{gateway} не отправляет шаблоны сообщений',
  'templates.not_found': 'Такого шаблона нет',
  'templates.synced_read_only':
    'Шаблоны этого аккаунта хранит {gateway}: меняйте их там и обновите список здесь',
  'templates.not_synced':
    '{gateway} не отдаёт список шаблонов: руководитель регистрирует одобренные там шаблоны (или импортирует их из файла)',
  'templates.sync_failed':
    'Не удалось обновить шаблоны из {gateway}; сохранён прежний список: {reason}',
  'templates.no_waba':
    'Сначала укажите ID аккаунта WhatsApp Business (WABA): шаблоны хранятся в нём',
  'templates.name_empty': 'У шаблона должно быть название',
  'templates.name_too_long': 'Название шаблона — не больше {max} символов',
  'templates.gateway_id_bad':
    'ID шаблона в шлюзе — от 1 до {max} символов, без пробелов: «{id}»',
  'templates.language_bad': '«{language}» — не код языка вроде ru, en или en_US',
  'templates.body_empty': 'Напишите текст шаблона',
  'templates.body_too_long': 'В тексте шаблона не больше {max} символов (сейчас {chars})',
  'templates.footer_too_long': 'В подписи шаблона не больше {max} символов',
  'templates.header_text_too_long': 'В текстовом заголовке не больше {max} символов',
  'templates.header_text_missing': 'Напишите текст заголовка',
  'templates.placeholders_gap':
    'Нумеруйте параметры с 1 по порядку, без пропусков: в этом тексте {found}',
  'templates.header_placeholders': 'В текстовом заголовке не больше одного параметра',
  'templates.too_many_buttons': 'В шаблоне не больше {max} кнопок',
  'templates.button_text_bad': 'У кнопки {n} должен быть текст не длиннее {max} символов',
  'templates.button_url_bad':
    'Кнопке {n} нужна ссылка https:// с не более чем одним параметром, в конце',
  'templates.button_phone_bad': 'Кнопке {n} нужен номер телефона',
  'templates.param_source_bad':
    'Параметр {n} берётся из «{source}», а это не contact.name, contact.phone, operator.name и не contact.<поле>',
  'templates.param_sources_extra': 'В тексте параметров: {count}, а сопоставлено: {given}',
  'templates.taken': 'Шаблон {name} на языке {language} уже есть',
  'templates.import_not_json': 'Это не список шаблонов в JSON Switchboard: {detail}',
  'templates.import_too_large':
    'В файле шаблонов: {count}; за один раз импортируется не больше {max}',
  'templates.import_twice': '{name} на языке {language} встречается в файле дважды',
  'templates.import_refused': 'Ничего не импортировано: ошибки в шаблонах ({count})',
  'templates.not_in_catalog':
    '{name} ({language}) нет среди шаблонов этого аккаунта: сначала обновите список или зарегистрируйте шаблон',
  'templates.not_approved':
    'Шаблон {name} в шлюзе: {status}. Отправить можно только одобренный шаблон',
  'templates.params_count': 'Шаблон ждёт параметров: {expected}; заполнено: {given}',
  'templates.param_empty': 'Заполните параметр {n}',
  'templates.body_rendered_too_long':
    'С параметрами в тексте {chars} символов; WhatsApp принимает не больше {max}',
  'templates.header_needed': 'Для заголовка нужно: {kind}',
  'templates.header_fixed': 'Заголовок этого шаблона неизменный: заполнять нечего',
  'templates.header_kind': 'В заголовке должно быть {expected}, а не {given}',
  'templates.header_kind_unsendable':
    'Switchboard не умеет отправлять шаблоны, в заголовке которых {kind}',
  'templates.button_suffix_needed': 'Заполните конец ссылки кнопки «{text}»',
  'templates.button_not_dynamic': 'Кнопка {n} не принимает параметров',
  'templates.status.approved': 'одобрен',
  'templates.status.pending': 'на проверке',
  'templates.status.rejected': 'отклонён',
  'templates.status.paused': 'приостановлен',
  'templates.status.disabled': 'отключён',
  'templates.status.other': 'недоступен',
  'templates.kind.text': 'текст',
  'templates.kind.image': 'изображение',
  'templates.kind.video': 'видео',
  'templates.kind.document': 'документ',
  'templates.kind.location': 'геопозиция',
} satisfies Partial<Record<PhraseKey, Message>>;
