// Русский для фраз: Rapporto (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';
import { plural } from './plural';

export const rapporto = {
  // Rapporto
  'rapporto.no_password': 'Для этого аккаунта не сохранён пароль Rapporto',
  'rapporto.error.1': 'Сервис Rapporto сейчас недоступен (код 1)',
  'rapporto.error.2':
    'Rapporto не принял IP-адрес этого сервера (код 2): попросите Rapporto добавить публичный IP-адрес, с которого отправляет Switchboard, в список разрешённых для аккаунта',
  'rapporto.error.3': 'У этого аккаунта слишком много подключений к Rapporto (код 3)',
  'rapporto.error.4': 'Rapporto отклонил запрос как неверный: {description}',
  'rapporto.error.4_undescribed': 'Rapporto отклонил запрос как неверный (код 4)',
  'rapporto.error.5': 'Rapporto не принял логин (код 5): проверьте параметр login в настройках аккаунта',
  'rapporto.error.6': 'Rapporto не принял пароль (код 6): проверьте пароль, сохранённый для этого аккаунта',
  'rapporto.error.7':
    'Rapporto сообщает, что имя отправителя (serviceNumber) не задано (код 7): укажите в настройках аккаунта имя, которое Rapporto зарегистрировал для вас',
  'rapporto.error.8': 'Rapporto сообщает, что номер получателя неверный (код 8)',
  'rapporto.error.9':
    'Rapporto не разрешает тип сообщений WHATSAPP (код 9): попросите Rapporto включить сообщения WhatsApp для этого логина',
  'rapporto.error.10':
    'Rapporto уже принял это сообщение при прошлой попытке и не отправляет его дважды (код 10), так что скорее всего оно ушло — это покажет отчёт о доставке. Попросите Rapporto включить контроль дублей, чтобы на повторный запрос приходил номер первого сообщения',
  'rapporto.error.11':
    'Rapporto не принял срок жизни сообщения (код 11): укажите в параметре ttl одно из значений {allowed} (в минутах) или удалите его, чтобы действовало значение аккаунта',
  'rapporto.error.100': 'Внутренняя ошибка Rapporto (код 100)',
  'rapporto.error.other_busy': 'Rapporto сейчас не может принять сообщение (код {code})',
  'rapporto.error.other_busy_described': 'Rapporto сейчас не может принять сообщение (код {code}: {description})',
  'rapporto.error.other_refused': 'Rapporto отклонил сообщение (код {code})',
  'rapporto.error.other_refused_described': 'Rapporto отклонил сообщение (код {code}: {description})',
  'rapporto.error.extended': '{reason}. Rapporto сообщает: {extended}',
  'rapporto.http.unauthorized':
    'Rapporto не принял логин или пароль (HTTP {status}): проверьте их в настройках аккаунта',
  'rapporto.http.forbidden':
    'Rapporto отклонил запрос (HTTP {status}): попросите Rapporto добавить публичный IP-адрес, с которого отправляет Switchboard, в список разрешённых для аккаунта',
  'rapporto.http.not_found':
    'По этому адресу Rapporto сообщения не принимаются (HTTP {status}): проверьте, что адрес API — полный адрес, который дал Rapporto',
  'rapporto.check.answered': 'Rapporto ответил; логин и пароль полностью проверятся при первой отправке',
  'rapporto.check.not_refused':
    'Rapporto ответил и не отверг ни логин, ни пароль, ни IP-адрес этого сервера; логин и пароль полностью проверятся при первой отправке',
  'rapporto.check.not_rapporto': '{reason}. Этот адрес отвечает не так, как Rapporto',
  'rapporto.report.said': 'Rapporto сообщает: {description}',
  'rapporto.report.code': 'Ошибка Rapporto {code}',
  'rapporto.report.no_reason': 'Rapporto сообщил статус «{status}», не указав причину',
  'rapporto.settings.no_endpoint':
    'У этого аккаунта Rapporto нет адреса API: укажите полный адрес для отправки сообщений, который дал Rapporto.',
  'rapporto.settings.endpoint_not_http':
    'Адрес API Rapporto должен начинаться с http:// или https://, а «{endpoint}» — нет.',
  'rapporto.settings.no_login': 'У этого аккаунта Rapporto нет логина: добавьте параметр login=<ваш логин Rapporto>.',
  'rapporto.settings.no_sender':
    'У этого аккаунта Rapporto нет имени отправителя (serviceNumber в Rapporto): укажите отправителя в настройках аккаунта.',
  'rapporto.settings.bad_ttl':
    'Срок жизни сообщения Rapporto (параметр ttl) задаётся в минутах и должен быть одним из {allowed} (или 0 — значение аккаунта), а «{ttl}» не подходит.',
  'rapporto.invalid.text_too_long': plural(
    'max',
    'Длина сообщения — {chars}, а Rapporto принимает не больше {max} символа.',
    'Длина сообщения — {chars}, а Rapporto принимает не больше {max} символов.',
    'Длина сообщения — {chars}, а Rapporto принимает не больше {max} символов.',
  ),
  'rapporto.invalid.caption':
    'Rapporto отправляет в одном сообщении либо картинку, либо текст: отправьте картинку без подписи, а подпись — отдельным сообщением.',
  'rapporto.invalid.image_not_http':
    'Rapporto забирает картинки по ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'rapporto.invalid.image_type': 'Rapporto отправляет в WhatsApp только картинки JPG и PNG, а этот файл — «{mime}».',
  'rapporto.invalid.image_untyped':
    'Rapporto отправляет только картинки JPG и PNG, а эта ссылка не оканчивается на .jpg, .jpeg или .png: укажите тип картинки.',
  'rapporto.invalid.templates': 'Rapporto отправляет в WhatsApp только тексты и картинки, без шаблонов.',
  'rapporto.invalid.notify_url_empty':
    'Адрес для отчётов о доставке Rapporto пустой: задайте публичный адрес сервера.',
  'rapporto.invalid.notify_url_too_long': plural(
    'max',
    'Длина адреса для отчётов о доставке — {chars}, а Rapporto принимает не больше {max} символа.',
    'Длина адреса для отчётов о доставке — {chars}, а Rapporto принимает не больше {max} символов.',
    'Длина адреса для отчётов о доставке — {chars}, а Rapporto принимает не больше {max} символов.',
  ),
  'account.rapporto.sender': 'Сервисный номер',
  'account.rapporto.sender_hint': 'Имя отправителя (serviceNumber), которое Rapporto настроил для вас',
  'account.rapporto.secret': 'Пароль',
  'account.rapporto.secret_hint': 'Ваш пароль к API Rapporto',
  'account.rapporto.login': 'Логин',
  'account.rapporto.login_hint': 'Ваш логин к API Rapporto',
  'account.rapporto.ttl': 'Время жизни, минут',
  'account.rapporto.ttl_hint':
    'Сколько Rapporto пытается доставить сообщение: 1440, 2880 … 10080; пусто — как в настройках аккаунта',
} satisfies Partial<Record<PhraseKey, Message>>;
