// Русский для фраз: WAMM.chat (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';
import { plural } from './plural';

export const wamm = {
  // WAMM.chat
  'wamm.no_token': 'Для этого аккаунта WAMM.chat не сохранён токен API: скопируйте его из настроек WAMM.chat',
  'wamm.bad_base_url': 'Адрес WAMM.chat «{base_url}» — не ссылка: проверьте адрес API аккаунта',
  'wamm.bad_timezone':
    'Параметр timezone «{timezone}» — не часовой пояс: укажите название вроде Europe/Moscow или смещение вроде +03:00',
  'wamm.http.unauthorized': 'WAMM.chat не принял токен API (HTTP {status}): проверьте токен в настройках аккаунта',
  'wamm.http.not_found':
    'У WAMM.chat нет такого адреса (HTTP 404): проверьте адрес API аккаунта, обычно это https://wamm.chat/api2',
  'wamm.error.token_fail':
    'WAMM.chat не принял токен API: скопируйте его заново из настроек WAMM.chat (его видят администраторы) в секрет аккаунта',
  'wamm.error.not_authorized':
    'WAMM.chat не подключён к WhatsApp: откройте WAMM.chat, заново привяжите телефон (отсканируйте QR-код) и повторите',
  'wamm.error.phone_fail': 'WAMM.chat не принял номер телефона {phone}: проверьте номер',
  'wamm.error.not_checked': 'WAMM.chat ещё не проверил, есть ли у {phone} WhatsApp; скоро попробуем снова',
  'wamm.error.fail_execution': 'WAMM.chat не смог сейчас проверить, есть ли у {phone} WhatsApp; скоро попробуем снова',
  'wamm.error.text_fail': 'Сообщение пустое: WAMM.chat не отправляет пустой текст',
  'wamm.error.text_too_long': plural(
    'max',
    'Сообщение слишком длинное: WAMM.chat принимает не больше {max} символа',
    'Сообщение слишком длинное: WAMM.chat принимает не больше {max} символов',
    'Сообщение слишком длинное: WAMM.chat принимает не больше {max} символов',
  ),
  'wamm.error.url_fail':
    'Ссылка на файл пустая или не начинается с http:// или https://: WAMM.chat забирает файлы по открытой ссылке',
  'wamm.error.col_fail': 'WAMM.chat не принял запрошенное число сообщений (можно от 1 до 100)',
  'wamm.error.msg_gone': 'WAMM.chat больше не знает этого сообщения',
  'wamm.error.name_fail': 'WAMM.chat хранит только контакты с именем: дайте контакту имя',
  'wamm.error.name_too_long': plural(
    'max',
    'Имя контакта слишком длинное: WAMM.chat принимает не больше {max} символа',
    'Имя контакта слишком длинное: WAMM.chat принимает не больше {max} символов',
    'Имя контакта слишком длинное: WAMM.chat принимает не больше {max} символов',
  ),
  'wamm.error.phone_not_found': 'В WAMM.chat нет контакта с номером {phone}',
  'wamm.error.day_limit': plural(
    'per_day',
    'WAMM.chat больше не принимает сообщения сегодня («{said}»): тестовые аккаунты могут отправить через API {per_day} сообщение в день; попробуем позже',
    'WAMM.chat больше не принимает сообщения сегодня («{said}»): тестовые аккаунты могут отправить через API {per_day} сообщения в день; попробуем позже',
    'WAMM.chat больше не принимает сообщения сегодня («{said}»): тестовые аккаунты могут отправить через API {per_day} сообщений в день; попробуем позже',
  ),
  'wamm.error.other': 'WAMM.chat ответил «{said}»; запрос повторится позже',
  'wamm.error.no_whatsapp': 'У {phone} нет WhatsApp: WAMM.chat проверил номер, ничего не отправлено',
  'wamm.check_phone.unclear': 'WAMM.chat не сообщил, есть ли у {phone} WhatsApp (ответ: «{said}»); попробуем позже',
  'wamm.check_phone.silent': 'WAMM.chat не сообщил, есть ли у {phone} WhatsApp (ответ пустой); попробуем позже',
  'wamm.send.templates': 'WAMM.chat отправляет только текст и файлы, без шаблонов',
  'wamm.send.no_msg_id':
    'WAMM.chat принял сообщение, но не сообщил его номер; повторно оно не отправляется, чтобы не было дубля',
  'wamm.sync.loading_history': 'Загружаем историю',
  'wamm.status.failed': 'WAMM.chat не смог отправить сообщение (его состояние — «{state}»)',
  'wamm.check.connected': 'WAMM.chat принял токен API и подключён к WhatsApp',
  'wamm.check.no_messages': 'WAMM.chat принял токен API (в аккаунте пока нет сообщений)',
  'wamm.invalid.text_too_long': plural(
    'max',
    'Длина сообщения — {chars}, а WAMM.chat принимает не больше {max} символа.',
    'Длина сообщения — {chars}, а WAMM.chat принимает не больше {max} символов.',
    'Длина сообщения — {chars}, а WAMM.chat принимает не больше {max} символов.',
  ),
  'wamm.invalid.templates': 'WAMM.chat отправляет только текст и файлы, без шаблонов: напишите сообщение текстом.',
  'wamm.invalid.not_http':
    'WAMM.chat забирает файлы по открытой ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'wamm.invalid.media_type':
    'WAMM.chat не принимает файлы типа «{mime}»: отправляйте картинки (JPEG, PNG, GIF, WebP), видео (MP4, 3GPP), аудио (MP3, OGG, M4A, AAC), PDF, Word, Excel, ZIP или текстовые файлы.',
  'wamm.invalid.caption': 'WAMM.chat отправляет файлы без подписи: отправьте текст отдельным сообщением.',
  'account.wamm.sender': 'Номер WhatsApp',
  'account.wamm.sender_hint': 'Номер телефона, подключённого к WAMM.chat',
  'account.wamm.secret': 'Токен API',
  'account.wamm.secret_hint': 'Токен из вашего аккаунта WAMM.chat',
  'account.wamm.timezone': 'Часовой пояс',
  'account.wamm.timezone_hint':
    'Время в WAMM.chat приходит без часового пояса: Europe/Moscow (по умолчанию) или смещение вроде +03:00',
} satisfies Partial<Record<PhraseKey, Message>>;
