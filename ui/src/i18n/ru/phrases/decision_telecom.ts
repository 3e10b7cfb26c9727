// Русский для фраз: DecisionTelecom (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';
import { plural } from './plural';

export const decision_telecom = {
  // DecisionTelecom
  'decision_telecom.no_access_key':
    'Для этого аккаунта не сохранён ключ доступа DecisionTelecom: введите ключ, который выдал ваш менеджер DecisionTelecom',
  'decision_telecom.checked': 'DecisionTelecom принял ключ доступа (проверено запросом статуса)',
  'decision_telecom.error.1': 'DecisionTelecom сообщает: {parameter} — пусто или неверно',
  'decision_telecom.error.internal':
    'Внутренняя ошибка сервера DecisionTelecom (код {code}); позже отправка должна пройти',
  'decision_telecom.error.3': 'Баланс DecisionTelecom пуст: пополните его и отправьте снова',
  'decision_telecom.error.7':
    'Клиент не писал больше 24 часов, поэтому WhatsApp разрешает только шаблон: отправьте одобренный шаблон',
  'decision_telecom.error.8':
    'DecisionTelecom не принял картинку: файл по ссылке — не JPEG и не PNG (неверный тип файла)',
  'decision_telecom.error.9':
    'DecisionTelecom не принял ссылку на картинку: она должна оканчиваться на .jpg, .jpeg или .png (неверное расширение)',
  'decision_telecom.unauthorized':
    'DecisionTelecom не принял ключ доступа (HTTP {status}): проверьте ключ в настройках аккаунта',
  'decision_telecom.http_404': 'У DecisionTelecom нет такого адреса API (HTTP 404): проверьте адрес API аккаунта',
  'decision_telecom.http_408': 'DecisionTelecom не успел обработать запрос (HTTP 408)',
  'decision_telecom.refused_bare': 'DecisionTelecom отклонил запрос (HTTP {status})',
  'decision_telecom.parameter.source_addr':
    'имя отправителя (source_addr): проверьте отправителя в настройках аккаунта, не длиннее 20 символов',
  'decision_telecom.parameter.destination_addr': 'номер получателя (destination_addr)',
  'decision_telecom.parameter.message_type': 'тип сообщения (message_type)',
  'decision_telecom.parameter.text': 'текст (text): он не должен быть пустым и длиннее 4096 символов',
  'decision_telecom.parameter.file_url': 'ссылка на картинку (file_url)',
  'decision_telecom.parameter.callback_url': 'адрес для статусов (callback_url)',
  'decision_telecom.parameter.template_name': 'название шаблона (template_name)',
  'decision_telecom.parameter.template_params': 'параметры шаблона (template_params)',
  'decision_telecom.parameter.message_id': 'идентификатор сообщения (message_id)',
  'decision_telecom.parameter.other': 'параметр «{name}»',
  'decision_telecom.parameter.unnamed': 'один из параметров сообщения',
  'decision_telecom.lookup.unreadable': 'Запрос статуса в DecisionTelecom не удался: в ответе {problem}: {answer}',
  'decision_telecom.lookup.not_documented':
    'Запрос статуса в DecisionTelecom не удался: ответ — не тот JSON, что описан в документации: {answer}',
  'decision_telecom.status.2': 'DecisionTelecom отклонил сообщение: оно не отправлено',
  'decision_telecom.status.3': 'DecisionTelecom сообщил об ошибке при отправке сообщения',
  'decision_telecom.status.4': 'WhatsApp не смог доставить сообщение (по данным DecisionTelecom)',
  'decision_telecom.invalid.recipient_too_long':
    'Номер получателя слишком длинный для DecisionTelecom: цифр в нём — {digits}, а допустимо не больше {max}.',
  'decision_telecom.invalid.button_empty': 'Параметр кнопки шаблона {index} пустой: заполните его.',
  'decision_telecom.invalid.no_sender':
    'У этого аккаунта DecisionTelecom нет имени отправителя: укажите отправителя в настройках аккаунта.',
  'decision_telecom.invalid.sender_too_long': plural(
    'max',
    'Длина имени отправителя «{sender}» — {chars}, а DecisionTelecom принимает не больше {max} символа: сократите его в настройках аккаунта.',
    'Длина имени отправителя «{sender}» — {chars}, а DecisionTelecom принимает не больше {max} символов: сократите его в настройках аккаунта.',
    'Длина имени отправителя «{sender}» — {chars}, а DecisionTelecom принимает не больше {max} символов: сократите его в настройках аккаунта.',
  ),
  'decision_telecom.invalid.text_too_long': plural(
    'max',
    'Длина сообщения — {chars}, а DecisionTelecom принимает не больше {max} символа.',
    'Длина сообщения — {chars}, а DecisionTelecom принимает не больше {max} символов.',
    'Длина сообщения — {chars}, а DecisionTelecom принимает не больше {max} символов.',
  ),
  'decision_telecom.invalid.media_type':
    'DecisionTelecom отправляет только картинки JPEG и PNG, а не файлы типа «{mime}».',
  'decision_telecom.invalid.caption':
    'DecisionTelecom отправляет картинку без подписи: уберите подпись и отправьте текст отдельным сообщением.',
  'decision_telecom.invalid.image_not_http':
    'DecisionTelecom забирает картинку по ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'decision_telecom.invalid.header_image_not_http':
    'DecisionTelecom забирает картинку заголовка по ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'decision_telecom.invalid.image_extension':
    'Ссылка на картинку для DecisionTelecom должна оканчиваться на .jpg, .jpeg или .png, а «{url}» — нет.',
  'decision_telecom.invalid.header_image_extension':
    'Ссылка на картинку заголовка для DecisionTelecom должна оканчиваться на .jpg, .jpeg или .png, а «{url}» — нет.',
  'decision_telecom.invalid.no_namespace':
    'Шаблонам DecisionTelecom нужно пространство имён WhatsApp Business: укажите его в параметре аккаунта «namespace» (его подскажет ваш менеджер DecisionTelecom).',
  'decision_telecom.invalid.param_empty': 'Параметр шаблона {n} пустой: WhatsApp не принимает пустые параметры.',
  'decision_telecom.invalid.language_code':
    '«{language}» — не код языка WhatsApp: укажите код вроде «en», «ru» или «en_US».',
  'decision_telecom.invalid.header_text_empty': 'Текст заголовка шаблона пустой: заполните его.',
  'decision_telecom.invalid.header_file_not_http':
    'WhatsApp забирает файл заголовка шаблона по ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'account.decision_telecom.sender': 'Отправитель',
  'account.decision_telecom.sender_hint': 'Ваш отправитель в WhatsApp (поле source_addr), не длиннее 20 символов',
  'account.decision_telecom.secret': 'Ключ доступа',
  'account.decision_telecom.secret_hint': 'Ключ доступа в Base64, который выдал ваш менеджер',
  'account.decision_telecom.namespace': 'Пространство имён шаблонов',
  'account.decision_telecom.namespace_hint': 'Пространство имён шаблонов WhatsApp Business — для отправки шаблонов',
} satisfies Partial<Record<PhraseKey, Message>>;
