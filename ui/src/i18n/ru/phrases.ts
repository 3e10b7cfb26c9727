// Русский для каждой фразы ядра и шлюзов (ключи и английский — в сгенерированном каталоге
// ui/src/bindings/phrases.ts). Пропущенный ключ — ошибка tsc; другие {заполнители}, чем в
// английском, — падающий тест. Аргументы, оканчивающиеся на `bytes`, — размеры: интерфейс
// пишет их в единицах читателя («5 МБ»).
import type { Message } from '../translate';
import type { PhraseKey } from '../phrase';

/** `{count} попытку / попытки / попыток` и т. п.: формы по числу в аргументе `by`. */
const plural = (by: string, one: string, few: string, many: string): Message => ({ by, one, few, many, other: few });

/**
 * Arguments the Russian leaves out on purpose, by key: words that exist only in English (an
 * HTTP reason phrase such as "Not Found" beside its status code). The dictionary test accepts
 * exactly these omissions.
 */
export const ruOmits: Partial<Record<PhraseKey, readonly string[]>> = {
  'gateway.media.answered': ['status_text'],
};

export const ruPhrases: Record<PhraseKey, Message> = {
  verbatim: '{text}',

  // Ошибки ядра
  'error.bad_request': 'Неверный запрос: {detail}',
  'error.unknown_command': 'Команды «{command}» нет',
  'error.internal': 'Внутренняя ошибка Switchboard: {detail}',
  'error.storage': 'Ошибка базы данных: {detail}',
  'error.storage_too_new':
    'Файл базы данных {path} записан более новой версией Switchboard (схема {found}, эта версия знает только {known})',
  'error.storage_corrupt': 'Сохранённые данные повреждены: {detail}',
  'error.secrets_unavailable': 'Нет связки ключей, где можно сохранить секрет: {detail}',
  'error.secrets_failed': 'Ошибка связки ключей: {detail}',
  'error.no_adapter': 'В этой сборке нет подключения к {gateway}',
  'error.account_not_found': 'Аккаунта с номером {id} нет',
  'error.account_name_not_found': 'Аккаунта с названием «{name}» нет',
  'error.thread_unspecified': 'Укажите диалог: его номер или номер телефона',
  'error.conversation_not_found': 'Такого диалога нет',
  'error.message_not_found': 'Такого сообщения нет',
  'error.reviewer_cannot_send': '{operator} — наблюдатель и не может отправлять сообщения',
  'error.retry_not_allowed': 'Повторить можно только неотправленное или неподтверждённое сообщение',
  'error.contact_name_too_long': plural(
    'max',
    'Имя контакта — не более {max} символа',
    'Имя контакта — не более {max} символов',
    'Имя контакта — не более {max} символов',
  ),
  'error.contact_sync_refused': '{gateway} не принял изменение, поэтому ничего не изменено: {reason}',
  'error.account_name_missing': 'У аккаунта должно быть название',
  'error.account_name_taken': 'Аккаунт с названием «{name}» уже есть',
  'error.account_secret_missing': 'Секрет шлюза (ключ API или пароль) не указан',
  'error.account_field_missing': 'Для аккаунта {gateway} нужно заполнить поле «{field}» ({hint})',
  'error.account_base_url_missing': 'У {gateway} нет общего адреса: укажите адрес API из договора',
  'error.account_base_url_scheme': 'Адрес API должен начинаться с http:// или https://: {url}',
  'error.no_public_address':
    'Публичный адрес пока неизвестен: сначала запустите `switchboard serve` (или задайте адрес: `switchboard public-address set`)',
  'error.settings_not_saved': 'Не удалось сохранить настройки: {detail}',

  'gateway.check_unavailable':
    '{gateway} не умеет проверять доступ без отправки сообщения: данные проверятся при первой отправке',
  'gateway.media_download_unsupported': '{gateway} не умеет скачивать файлы',

  // Адреса для уведомлений
  'webhook.status': 'Статусы доставки (передаются с каждым сообщением как адрес для уведомлений)',
  'webhook.incoming': 'Входящие сообщения клиентов (передайте этот адрес в поддержку шлюза)',
  'webhook.other': 'Уведомления шлюза «{endpoint}»',

  // Файлы
  'media.download_gave_up': plural(
    'tries',
    'Не удалось скачать файл за {tries} попытку: {reason}',
    'Не удалось скачать файл за {tries} попытки: {reason}',
    'Не удалось скачать файл за {tries} попыток: {reason}',
  ),
  'media.download_retrying': 'Скачать не удалось, пробуем ещё раз: {reason}',
  'media.download_no_file': 'В сообщении нет файла для скачивания',
  'media.download_no_account': 'Аккаунта больше нет',
  'media.download_timeout': 'За {seconds} с ответ полностью не пришёл',
  'media.download_too_large': 'Файл больше {max_bytes}, поэтому он не скачан',
  'media.download_write_failed': 'Не удалось записать файл: {detail}',
  'media.needs_address':
    'Шлюз забирает файлы по публичному адресу: задайте его или запустите туннель. У приложения пока нет адреса.',
  'media.address_unreachable':
    'Шлюз забирает файлы по публичному адресу: задайте его или запустите туннель. Сейчас приложение доступно только по адресу {base}, а {gateway} туда не достучится.',
  'media.type_refused': '{gateway} не принимает такие файлы: {name} — это {mime}. Принимаются: {accepted}',
  'media.type_misnamed':
    '{gateway} не принимает такие файлы: {name} — это {mime} (хотя по имени похож на {claimed}). Принимаются: {accepted}',
  'media.too_large': 'Файл {name} весит {size_bytes}, а {gateway} принимает файлы {mime} не больше {max_bytes}',
  'media.not_kept': 'Этот файл здесь не хранится (загруженные файлы хранятся 24 часа)',
  'media.none': 'В этом сообщении нет файла',
  'media.too_large_to_show': 'Слишком большой, чтобы показать здесь ({size_bytes})',
  'media.file_gone': 'Файла больше нет',
  'media.unreadable': 'Не удаётся прочитать сохранённый файл: {detail}',
  'media.retry_not_allowed': 'Повторить скачивание можно только для файла, который не скачался',

  // Публичный адрес
  'public_address.warning_local':
    'Уведомления направлены на этот компьютер ({base}): шлюз из интернета до него не достучится, и статусы с входящими сообщениями не придут. Задайте публичный адрес или туннель.',
  'public_address.warning_not_running':
    'Туннель работает, только пока запущен Switchboard (приложение или его сервер); до тех пор уведомления не дойдут.',
  'public_address.warning_connecting':
    'Подключаемся к серверу туннеля {server}: пока туннель не заработает, уведомления на {base} не дойдут.',
  'public_address.warning_down':
    'Туннель не работает: уведомления на {base} не дойдут, пока он не переподключится. Шлюзы, которые повторяют отправку, доставят их потом.',
  'public_address.warning_cleartext':
    'Уведомления идут на {base} по открытому HTTP: любой на пути может прочитать адреса вебхуков, а для Devino, DecisionTelecom и Rapporto одного адреса достаточно, чтобы писать в эти входящие. Поставьте перед приложением HTTPS (публичный адрес https://), затем выдайте шлюзам новые адреса (смените токен вебхуков аккаунта).',
  'public_address.no_address_yet': 'адреса пока нет',
  'public_address.url_scheme': 'Публичный адрес должен начинаться с https:// или http://: «{url}»',
  'public_address.url_shape':
    'Адрес «{url}» не подходит: нужен базовый адрес вида https://inbox.example.com, без параметров и фрагмента',
  'public_address.server_shape':
    'Сервер туннеля — это имя хоста или IP-адрес, например bore.example.com (управляющий порт у него всегда 7835, публичный порт задаётся отдельно): «{server}»',

  // Телефоны
  'phone.empty': 'Номер телефона не указан',
  'phone.bad_characters':
    'Это не номер телефона: «{phone}». Допускаются только цифры, пробелы, скобки, точки и дефисы, в начале может стоять +',
  'phone.bad_length':
    'Это не номер телефона в международном формате: «{phone}». Нужно от 8 до 15 цифр, начиная с кода страны',

  // Ядро: очередь отправки и прочее
  'error.discard_not_allowed': 'Отменить можно только неподтверждённое, неотправленное или ожидающее сообщение',
  'error.send_now_not_allowed': 'Отправить сейчас можно только сообщение, которое ждёт в очереди',
  'error.account_gone': 'Аккаунт удалён',
  'outbox.gave_up': plural(
    'attempts',
    'Не удалось отправить после {attempts} попытки: {reason}',
    'Не удалось отправить после {attempts} попыток: {reason}',
    'Не удалось отправить после {attempts} попыток: {reason}',
  ),
  'outbox.unconfirmed':
    'Switchboard остановился во время отправки: шлюз мог получить сообщение, а мог и нет. Повторите отправку или отмените её.',
  'outbox.answer_lost':
    'Ответ шлюза потерялся ({reason}): шлюз мог получить сообщение, а мог и нет. Повторите отправку или отмените её.',
  'outbox.gateway_asked_retry': 'Шлюз попросил отправить сообщение позже',
  'outbox.gateway_reported': 'Шлюз сообщил статус «{status}»',
  'media.download_again': 'Пробуем ещё раз…',
  'media.text_only': '{gateway} отправляет только текст: файлы из этого аккаунта не отправить',
  'media.bad_base64': 'Файл передан не в формате base64: {detail}',
  'media.empty': 'Файл {name} пустой',
  'media.not_stored': 'Не удалось сохранить файл: {detail}',

  // Туннель
  'tunnel.closed': 'Сервер туннеля закрыл соединение',
  'tunnel.broke': 'Соединение с сервером туннеля оборвалось: {detail}',
  'tunnel.secret_unreadable': 'Не удаётся прочитать секрет туннеля: {detail}',
  'tunnel.secret_refused': 'Сервер туннеля {server} не принял секрет: проверьте секрет туннеля',
  'tunnel.refused': 'Сервер туннеля {server} отказал: {detail}',
  'tunnel.secret_needed': 'Серверу туннеля {server} нужен секрет: укажите секрет туннеля ({detail})',
  'tunnel.secret_unwanted': 'Сервер туннеля {server} работает без секрета: удалите секрет туннеля ({detail})',
  'tunnel.unreachable':
    'Сервер туннеля {server} недоступен ({detail}). Запущен ли там bore и открыт ли порт 7835?',
  'tunnel.failed': 'Ошибка сервера туннеля {server}: {detail}',
  'http.token_wrong': 'Неверный токен API',
  'http.token_missing': 'Для API нужен токен, который напечатал сервер Switchboard (Authorization: Bearer TOKEN)',
  'http.body_not_json': 'Тело запроса — не JSON: {detail}',

  // Общее для шлюзов
  'gateway.timeout': '{gateway} не ответил за {seconds} с',
  'gateway.connect_failed': 'Не удалось подключиться к {gateway}: {detail}',
  'gateway.connection_failed': 'Соединение с {gateway} прервалось: {detail}',
  'gateway.slow_down': '{gateway} просит отправлять реже (HTTP {status})',
  'gateway.rate_limited': 'Превышен лимит запросов {gateway} (слишком много запросов)',
  'gateway.server_error': 'Ошибка на сервере {gateway} (HTTP {status})',
  'gateway.server_error_said': 'Ошибка на сервере {gateway} (HTTP {status}): {detail}',
  'gateway.not_documented': '{gateway} ответил не тем JSON, что описан в его документации: {answer}',
  'gateway.refused_request': '{gateway} отклонил запрос (HTTP {status}): {answer}',
  'gateway.empty_answer': 'пустой ответ',
  'gateway.wordless_answer': 'ответ без единого слова',
  'gateway.invalid.empty_message': 'Сообщение пустое: напишите текст.',
  'gateway.invalid.empty_caption': 'Подпись пустая: напишите текст.',
  'gateway.invalid.empty_file_name': 'У файла нет имени: назовите файл.',
  'gateway.invalid.no_template_id': 'Выберите шаблон: его идентификатор не указан.',
  'gateway.invalid.no_template_name': 'Выберите шаблон: его название не указано.',
  'gateway.media.not_http': 'Скачиваются только ссылки http(s), а ссылка этого файла — «{scheme}:…»',
  'gateway.media.unreadable_link': 'Ссылку на файл не удалось разобрать как веб-адрес, поэтому файл не скачан',
  'gateway.media.not_public':
    'Ссылка на файл ведёт на {host} ({address}) — адрес на этом компьютере или в частной сети: по таким ссылкам файлы не скачиваются никогда',
  'gateway.media.not_public_address':
    'Ссылка на файл ведёт на {address} — адрес на этом компьютере или в частной сети: по таким ссылкам файлы не скачиваются никогда',
  'gateway.media.not_gateways_server': 'Ссылка на файл ведёт на {host}, а это не сервер {gateway}, поэтому файл не скачан',
  'gateway.media.too_many_redirects': plural(
    'max',
    'Ссылка на файл перенаправляла больше {max} раза, поэтому файл не скачан',
    'Ссылка на файл перенаправляла больше {max} раз, поэтому файл не скачан',
    'Ссылка на файл перенаправляла больше {max} раз, поэтому файл не скачан',
  ),
  'gateway.media.bad_redirect':
    'Сервер с файлом перенаправил на адрес, который не удалось разобрать, поэтому файл не скачан',
  'gateway.media.timeout': 'сервер с файлом не ответил вовремя',
  'gateway.media.unreachable': 'сервер с файлом недоступен ({detail})',
  'gateway.media.answered': 'сервер с файлом ответил кодом {status}',
  'gateway.media.refused': 'Не удалось скачать файл: {reason}',
  'gateway.media.too_large': 'Файл весит {size_bytes} — больше допустимых {max_bytes}, поэтому он не скачан',
  'gateway.media.too_large_unsized': 'Файл больше допустимых {max_bytes}, поэтому он не скачан',
  'gateway.media.broke_off': 'скачивание оборвалось ({detail})',

  // Devino
  'devino.no_api_key': 'Для этого аккаунта не сохранён ключ API',
  'devino.unauthorized': 'Devino не принял ключ API (HTTP {status}): проверьте ключ в настройках аккаунта',
  'devino.rejected.billing': 'Devino требует оплаты: пополните баланс Devino',
  'devino.rejected.forbidden': 'Devino сообщает, что этому аккаунту отправка запрещена',
  'devino.rejected.unknown': 'Devino сообщил о неизвестной ошибке',
  'devino.rejected.invalid_to': 'Devino сообщает, что номер телефона неверный',
  'devino.rejected.invalid_validity': 'Devino сообщает, что срок жизни сообщения (validity) указан неверно',
  'devino.rejected.invalid_callback_url': 'Devino сообщает, что адрес для статусов указан неверно',
  'devino.rejected.invalid_content_url': 'Devino сообщает, что ссылка на файл неверная',
  'devino.rejected.invalid_content_type': 'Devino не принимает файлы такого типа',
  'devino.rejected.invalid_from': 'Devino сообщает, что имя отправителя неверное',
  'devino.rejected.invalid_language_code': 'Devino сообщает, что код языка шаблона неверный',
  'devino.rejected.invalid_template_params':
    'Devino отклонил параметр шаблона: в параметрах нельзя использовать переносы строк, табуляцию и четыре пробела подряд',
  'devino.rejected.too_long_to': 'Devino сообщает, что номер телефона слишком длинный',
  'devino.rejected.too_long_text': plural(
    'max',
    'Devino сообщает, что текст слишком длинный: допускается не больше {max} символа',
    'Devino сообщает, что текст слишком длинный: допускается не больше {max} символов',
    'Devino сообщает, что текст слишком длинный: допускается не больше {max} символов',
  ),
  'devino.rejected.too_long_language_code': 'Devino сообщает, что код языка слишком длинный',
  'devino.rejected.too_long_content_name': plural(
    'max',
    'Devino сообщает, что имя файла слишком длинное: допускается не больше {max} символа',
    'Devino сообщает, что имя файла слишком длинное: допускается не больше {max} символов',
    'Devino сообщает, что имя файла слишком длинное: допускается не больше {max} символов',
  ),
  'devino.rejected.too_short_content_name': 'Devino сообщает, что имя файла слишком короткое',
  'devino.rejected.too_short_language_code': 'Devino сообщает, что код языка слишком короткий',
  'devino.rejected.missing_to': 'Devino сообщает, что не указан получатель',
  'devino.rejected.missing_messages': 'Devino не получил сообщений для отправки',
  'devino.rejected.missing_from': 'Devino сообщает, что не указано имя отправителя: укажите отправителя в настройках аккаунта',
  'devino.rejected.missing_content': 'Devino сообщает, что в сообщении нет ни текста, ни файла, ни шаблона',
  'devino.rejected.sender_not_available':
    'Devino сообщает, что это имя отправителя недоступно аккаунту: проверьте отправителя в настройках аккаунта',
  'devino.rejected.too_many_messages': 'Devino сообщает, что в запросе слишком много сообщений',
  'devino.rejected.other_at': 'Devino отклонил сообщение: {key} ({field})',
  'devino.rejected.other': 'Devino отклонил сообщение: {key}',
  'devino.rejected.not_accepted': 'Devino не принял сообщение ({code})',
  'devino.rejected.and': '{first}; {more}',
  'devino.rejected.described': '{reason} ({description})',
  'devino.status.2000': 'Не удалось определить оператора получателя',
  'devino.status.spam': 'Отклонено как спам',
  'devino.status.billing': 'Devino сообщил об ошибке оплаты',
  'devino.status.2005': 'На балансе Devino недостаточно денег',
  'devino.status.2009': 'Отклонено как повтор уже отправленного сообщения',
  'devino.status.expired': 'Срок жизни сообщения истёк до доставки',
  'devino.status.text_too_long': 'Текст длиннее, чем допускает WhatsApp',
  'devino.status.2301': 'Слишком много сообщений за короткое время; сообщение отправится ещё раз',
  'devino.status.2303': 'Тип файла не поддерживается, или картинка слишком большая (5 МБ и больше)',
  'devino.status.2305': 'Этот номер не пользуется WhatsApp (или больше не пользуется)',
  'devino.status.2307': 'Сообщение адресовано собственному номеру бизнес-аккаунта',
  'devino.status.2308': 'Число параметров не совпадает с шаблоном',
  'devino.status.no_template': 'Для этого языка такого шаблона нет',
  'devino.status.2311': 'Параметр шаблона слишком длинный',
  'devino.status.2312': 'Клиент не писал последние 24 часа: можно отправить только шаблон',
  'devino.status.2313': 'Devino сообщил о неизвестной ошибке',
  'devino.status.other': 'Ошибка Devino {code}',
  'devino.status.no_reason': 'Devino сообщил статус «{status}», не указав причину',
  'devino.invalid.no_sender': 'У этого аккаунта Devino нет имени отправителя: укажите отправителя в настройках аккаунта.',
  'devino.invalid.template_header': 'Шаблоны Devino принимают только параметры текста, без параметра заголовка',
  'devino.invalid.template_buttons': 'Шаблоны Devino принимают только параметры текста, без параметров кнопок',
  'devino.invalid.text_too_long': plural(
    'max',
    'Длина сообщения — {chars}, а Devino принимает не больше {max} символа.',
    'Длина сообщения — {chars}, а Devino принимает не больше {max} символов.',
    'Длина сообщения — {chars}, а Devino принимает не больше {max} символов.',
  ),
  'devino.invalid.caption_too_long': plural(
    'max',
    'Длина подписи — {chars}, а Devino принимает не больше {max} символа.',
    'Длина подписи — {chars}, а Devino принимает не больше {max} символов.',
    'Длина подписи — {chars}, а Devino принимает не больше {max} символов.',
  ),
  'devino.invalid.not_http': 'Devino забирает файлы по ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'devino.invalid.media_type':
    'Devino не отправляет файлы типа «{mime}»: он принимает картинки (JPEG, PNG), видео (MP4, 3GPP), аудио (AAC, MP4, AMR, MPEG, OGG), PDF и офисные документы.',
  'devino.invalid.file_name_too_long': plural(
    'max',
    'Длина имени файла — {chars}, а Devino принимает не больше {max} символа.',
    'Длина имени файла — {chars}, а Devino принимает не больше {max} символов.',
    'Длина имени файла — {chars}, а Devino принимает не больше {max} символов.',
  ),
  'devino.invalid.param_line_break': 'В параметре шаблона {n} есть перенос строки, а Devino его не допускает.',
  'devino.invalid.param_tab': 'В параметре шаблона {n} есть табуляция, а Devino её не допускает.',
  'devino.invalid.param_spaces': 'В параметре шаблона {n} четыре пробела подряд, а Devino этого не допускает.',
  'devino.invalid.language_code':
    '«{language}» — не код языка, понятный Devino: укажите код вроде «en», «ru» или «pt_BR».',

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

  // WhatsApp Cloud API (Meta)
  'meta.error.0':
    'Meta не смогла проверить маркер доступа: вставьте новый маркер доступа в секрет аккаунта',
  'meta.error.190':
    'Meta не приняла маркер доступа: он неверный или истёк; вставьте новый маркер доступа в секрет аккаунта',
  'meta.error.3': 'У приложения этого маркера доступа нет права отправлять сообщения WhatsApp',
  'meta.error.10':
    'У маркера доступа нет права отправлять с этого номера: выдайте приложению разрешение whatsapp_business_messaging или возьмите маркер компании, которой принадлежит номер',
  'meta.error.4': 'Приложение сделало слишком много запросов к API (лимит Meta); сообщение отправится позже',
  'meta.error.613': 'Достигнут лимит запросов Meta; сообщение отправится позже',
  'meta.error.80007': 'Аккаунт WhatsApp Business достиг лимита запросов; сообщение отправится позже',
  'meta.error.130429':
    'Достигнут лимит пропускной способности Meta для этого номера; сообщение отправится позже',
  'meta.error.131056':
    'Этому клиенту отправлено слишком много сообщений за короткое время; сообщение отправится после паузы',
  'meta.error.1': 'Meta сообщила о неизвестной ошибке, возможно, на своей стороне; сообщение отправится позже',
  'meta.error.2': 'Сервис Meta временно недоступен; сообщение отправится позже',
  'meta.error.131000': 'Что-то пошло не так на стороне Meta; сообщение отправится позже',
  'meta.error.133004': 'Сервер Meta временно недоступен; сообщение отправится позже',
  'meta.error.131057': 'Аккаунт WhatsApp Business на техническом обслуживании; сообщение отправится позже',
  'meta.error.100': 'Meta сообщает, что один из параметров сообщения неверный',
  'meta.error.131008': 'Meta сообщает, что не хватает обязательного параметра',
  'meta.error.131009': 'Meta сообщает, что значение параметра недопустимо',
  'meta.error.33':
    'Meta сообщает, что такого идентификатора номера нет или он удалён: проверьте отправителя в настройках аккаунта',
  'meta.error.368': 'Аккаунт WhatsApp Business временно заблокирован за нарушение правил Meta',
  'meta.error.130472': 'Meta не доставила сообщение: номер клиента участвует в эксперименте Meta',
  'meta.error.130497': 'Бизнес-аккаунту нельзя писать клиентам в этой стране',
  'meta.error.131021': 'Получатель — это сам номер компании',
  'meta.error.131026':
    'Сообщение не доставить: номер, возможно, не пользуется WhatsApp, у него старая версия WhatsApp или он не принял последние условия WhatsApp',
  'meta.error.131030':
    'Получателя нет в списке разрешённых: тестовый номер может писать только на номера из своего списка в панели приложения Meta',
  'meta.error.131031': 'Meta заблокировала бизнес-аккаунт',
  'meta.error.131042': 'Meta сообщила о проблеме с оплатой бизнес-аккаунта: проверьте способ оплаты',
  'meta.error.131045': 'Сертификат отображаемого имени номера неверный или отсутствует: зарегистрируйте номер заново',
  'meta.error.131047':
    'С последнего сообщения клиента прошло больше 24 часов: сейчас можно отправить только шаблон',
  'meta.error.131048':
    'Meta ограничила число сообщений с этого номера, потому что их блокировали или отмечали как спам: проверьте качество номера в WhatsApp Manager',
  'meta.error.131049':
    'Meta не стала доставлять это сообщение, чтобы не перегружать клиента рекламой (слишком много маркетинговых сообщений); попробуйте через день или позже',
  'meta.error.131050': 'Клиент отказался от маркетинговых сообщений этой компании',
  'meta.error.131051': 'WhatsApp не поддерживает такой тип сообщений',
  'meta.error.131052': 'WhatsApp не смог скачать файл клиента',
  'meta.error.131053':
    'WhatsApp не смог забрать или загрузить файл: проверьте, что ссылка открыта всем, а тип и размер файла допустимы',
  'meta.error.132000': 'Число параметров не совпадает с шаблоном',
  'meta.error.132001': 'Шаблона на этом языке нет, или он ещё не одобрен',
  'meta.error.132005': 'Текст шаблона с подставленными параметрами получается слишком длинным',
  'meta.error.132007': 'Содержимое шаблона нарушает правила WhatsApp о символах',
  'meta.error.132012':
    'Параметр шаблона не того формата (например, текст там, где заголовок ждёт картинку)',
  'meta.error.132015': 'Шаблон приостановлен из-за низкого качества, сейчас его отправить нельзя',
  'meta.error.132016': 'Шаблон отключён из-за низкого качества и больше не отправляется',
  'meta.error.133010': 'Номер компании не зарегистрирован в Cloud API: сначала зарегистрируйте его',
  'meta.error.135000': 'Meta сообщила об общей ошибке сообщения',
  'meta.error.detailed': '{reason} ({details})',
  'meta.error.other': 'Ошибка Meta {code}: {details}',
  'meta.error.uncoded': 'Meta сообщила об ошибке: {details}',
  'meta.error.unexplained_code': 'Meta сообщила об ошибке {code} без объяснений',
  'meta.error.unexplained': 'Meta сообщила об ошибке без объяснений',
  'meta.error.traced': '{reason} [fbtrace_id {trace}]',
  'meta.error.token_refused': 'Meta не приняла маркер доступа (HTTP 401): {reason}',
  'meta.http.401':
    'Meta не приняла маркер доступа (HTTP 401): он неверный или истёк; вставьте новый маркер доступа в секрет аккаунта',
  'meta.http.403': 'Meta отказала в доступе (HTTP 403): у маркера доступа нет прав на этот номер',
  'meta.status.no_reason': 'WhatsApp сообщил, что сообщение не отправлено, не указав причину',
  'meta.credentials.missing':
    'Для этого аккаунта WhatsApp Cloud API не сохранён маркер доступа: добавьте его в секрет аккаунта',
  'meta.credentials.empty': 'Сохранённый маркер доступа пустой: вставьте маркер доступа в секрет аккаунта',
  'meta.credentials.not_an_object':
    'Сохранённый секрет начинается как JSON, но не является объектом JSON: запишите его так: {example}',
  'meta.credentials.not_text': 'Поле «{name}» в сохранённом секрете должно быть строкой текста',
  'meta.credentials.no_access_token':
    'В сохранённом секрете нет «access_token»: добавьте маркер доступа, который Meta выдала для этого номера',
  'meta.check.not_json': 'WhatsApp Cloud API ответил на проверку не в формате JSON: {answer}',
  'meta.check.works': 'Маркер доступа работает для номера с идентификатором {id}.',
  'meta.check.works_phone': 'Маркер доступа работает для номера с идентификатором {id} ({phone}).',
  'meta.check.works_named': 'Маркер доступа работает для номера с идентификатором {id} ({phone}, {name}).',
  'meta.check.and': '{said} {warning}',
  'meta.check.no_app_secret': 'Уведомления будут отклоняться, пока в секрет аккаунта не добавлен «app_secret».',
  'meta.check.no_verify_token': 'Для проверки уведомлений Meta в секрете аккаунта нужен «verify_token».',
  'meta.media.bad_id': '«{id}» — не идентификатор файла Cloud API',
  'meta.media.unreachable': 'Cloud API недоступен: {detail}',
  'meta.media.answered': 'Cloud API ответил {status} на запрос файла {id}',
  'meta.media.unreadable': 'Ответ Cloud API о файле {id} не удаётся прочитать: {detail}',
  'meta.invalid.no_phone_number_id':
    'У этого аккаунта WhatsApp Cloud API нет идентификатора номера: укажите в качестве отправителя идентификатор номера из раздела WhatsApp API Setup приложения Meta.',
  'meta.invalid.not_phone_number_id':
    'Отправитель «{id}» — не идентификатор номера: укажите цифровой идентификатор из раздела WhatsApp API Setup приложения Meta, а не сам номер телефона.',
  'meta.invalid.language_option':
    'Параметр аккаунта «language» ({value}) — не код языка шаблона вроде «en_US», «ru» или «pt_BR».',
  'meta.invalid.text_too_long': plural(
    'max',
    'Длина сообщения — {chars}, а WhatsApp Cloud API принимает не больше {max} символа.',
    'Длина сообщения — {chars}, а WhatsApp Cloud API принимает не больше {max} символов.',
    'Длина сообщения — {chars}, а WhatsApp Cloud API принимает не больше {max} символов.',
  ),
  'meta.invalid.caption_too_long': plural(
    'max',
    'Длина подписи — {chars}, а WhatsApp Cloud API принимает не больше {max} символа.',
    'Длина подписи — {chars}, а WhatsApp Cloud API принимает не больше {max} символов.',
    'Длина подписи — {chars}, а WhatsApp Cloud API принимает не больше {max} символов.',
  ),
  'meta.invalid.media_type':
    'WhatsApp Cloud API не отправляет файлы типа «{mime}»: он принимает картинки (JPEG, PNG), видео (MP4, 3GPP), аудио (AAC, AMR, MP3, MP4, OGG), PDF, текстовые файлы и документы Microsoft Office.',
  'meta.invalid.audio_caption':
    'WhatsApp не показывает подписи к аудиосообщениям: уберите подпись или отправьте её текстом.',
  'meta.invalid.file_not_http':
    'WhatsApp забирает файл по открытой ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'meta.invalid.header_file_not_http':
    'WhatsApp забирает файл заголовка по открытой ссылке, начинающейся с http:// или https://, а «{url}» не такая.',
  'meta.invalid.template_name':
    '«{name}» — не название шаблона WhatsApp: названия состоят из строчных латинских букв, цифр и подчёркиваний, как в WhatsApp Manager.',
  'meta.invalid.language_code':
    '«{language}» — не код языка шаблона: укажите код вроде «en_US», «ru» или «pt_BR».',
  'meta.invalid.param_empty': 'Параметр шаблона {n} пустой: WhatsApp нужен текст.',
  'meta.invalid.param_line_break': 'В параметре шаблона {n} есть перенос строки, а WhatsApp их в параметрах не допускает.',
  'meta.invalid.param_tab': 'В параметре шаблона {n} есть табуляция, а WhatsApp её в параметрах не допускает.',
  'meta.invalid.param_spaces': 'В параметре шаблона {n} больше четырёх пробелов подряд, а WhatsApp этого не допускает.',
  'meta.invalid.header_empty': 'Параметр заголовка пустой: WhatsApp нужен текст.',
  'meta.invalid.header_line_break': 'В параметре заголовка есть перенос строки, а WhatsApp их в параметрах не допускает.',
  'meta.invalid.header_tab': 'В параметре заголовка есть табуляция, а WhatsApp её в параметрах не допускает.',
  'meta.invalid.header_spaces': 'В параметре заголовка больше четырёх пробелов подряд, а WhatsApp этого не допускает.',
  'meta.invalid.header_too_long': plural(
    'max',
    'Длина параметра заголовка — {chars}, а заголовок шаблона вмещает не больше {max} символа.',
    'Длина параметра заголовка — {chars}, а заголовок шаблона вмещает не больше {max} символов.',
    'Длина параметра заголовка — {chars}, а заголовок шаблона вмещает не больше {max} символов.',
  ),
  'meta.invalid.button_index': 'Кнопки шаблона нумеруются от 0 до {max}, а {index} в этот диапазон не входит.',
  'meta.invalid.url_button_empty': 'Окончание ссылки у кнопки-ссылки пустое.',
  'meta.invalid.quick_reply_empty': 'Данные кнопки быстрого ответа пустые.',

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

  // Телефон как шлюз
  'phone_bridge.bad_pickup_timeout':
    'Параметр {option} — число секунд больше 0 и не больше {max}: сколько сообщение ждёт, пока телефон его запросит.',
  'phone_bridge.no_secret':
    'Для этого аккаунта не сохранён секрет, поэтому телефон не может войти и запросить сообщения: задайте секрет аккаунта и укажите тот же в приложении автоматизации.',
  'phone_bridge.check.no_secret': 'Задайте секрет: приложение автоматизации подписывает им свои запросы.',
  'phone_bridge.check.nothing_to_call':
    'Мосту с телефоном некуда обращаться: телефон сам запрашивает работу у Switchboard, поэтому телефон и его секрет проверятся при первой отправке (когда приложение автоматизации впервые запросит сообщение).',
  'phone_bridge.token.too_short': plural(
    'min',
    'Длина токена телефона — {chars}, а нужно не меньше {min} символа, иначе его можно подобрать: придумайте длинный случайный токен (например, командой openssl rand -hex 24).',
    'Длина токена телефона — {chars}, а нужно не меньше {min} символов, иначе его можно подобрать: придумайте длинный случайный токен (например, командой openssl rand -hex 24).',
    'Длина токена телефона — {chars}, а нужно не меньше {min} символов, иначе его можно подобрать: придумайте длинный случайный токен (например, командой openssl rand -hex 24).',
  ),
  'phone_bridge.token.guessable':
    'Токен телефона длинный, но его легко подобрать (повторы или ряды символов подряд): придумайте случайный (например, командой openssl rand -hex 24).',
  'phone_bridge.busy': 'Телефон ещё не забрал предыдущее сообщение; это отправится следом.',
  'phone_bridge.not_picked_up':
    'Телефон не запрашивал сообщения уже {seconds} с: работает ли приложение автоматизации и есть ли у телефона связь?',
  'phone_bridge.result.failed': 'Телефон не смог отправить сообщение: {error}',
  'phone_bridge.result.no_chat': 'WhatsApp на телефоне не открыл чат с этим номером: возможно, у номера нет WhatsApp',
  'phone_bridge.result.no_reason': 'Телефон сообщил, что сообщение не отправлено, не указав причину',
  'phone_bridge.result.note': 'Телефон сообщил: {error}',
  'phone_bridge.invalid.text_too_long': plural(
    'max',
    'Длина сообщения — {chars}, а мост с телефоном вставляет в WhatsApp не больше {max} символа.',
    'Длина сообщения — {chars}, а мост с телефоном вставляет в WhatsApp не больше {max} символов.',
    'Длина сообщения — {chars}, а мост с телефоном вставляет в WhatsApp не больше {max} символов.',
  ),
  'phone_bridge.invalid.no_files':
    'Мост с телефоном вставляет в WhatsApp только текст и не отправляет файлы. Отправьте вместо файла ссылку на него.',
  'phone_bridge.invalid.no_templates':
    'Мост с телефоном отправляет с личного WhatsApp, где нет шаблонов: напишите текст целиком.',

  // Форма нового аккаунта, по шлюзам
  'account.devino.sender': 'Имя отправителя',
  'account.devino.sender_hint': 'Имя отправителя, одобренное Devino для вашего аккаунта',
  'account.devino.secret': 'Ключ API',
  'account.devino.secret_hint': 'Из личного кабинета Devino',
  'account.decision_telecom.sender': 'Отправитель',
  'account.decision_telecom.sender_hint': 'Ваш отправитель в WhatsApp (поле source_addr), не длиннее 20 символов',
  'account.decision_telecom.secret': 'Ключ доступа',
  'account.decision_telecom.secret_hint': 'Ключ доступа в Base64, который выдал ваш менеджер',
  'account.decision_telecom.namespace': 'Пространство имён шаблонов',
  'account.decision_telecom.namespace_hint': 'Пространство имён шаблонов WhatsApp Business — для отправки шаблонов',
  'account.rapporto.sender': 'Сервисный номер',
  'account.rapporto.sender_hint': 'Имя отправителя (serviceNumber), которое Rapporto настроил для вас',
  'account.rapporto.secret': 'Пароль',
  'account.rapporto.secret_hint': 'Ваш пароль к API Rapporto',
  'account.rapporto.login': 'Логин',
  'account.rapporto.login_hint': 'Ваш логин к API Rapporto',
  'account.rapporto.ttl': 'Время жизни, минут',
  'account.rapporto.ttl_hint':
    'Сколько Rapporto пытается доставить сообщение: 1440, 2880 … 10080; пусто — как в настройках аккаунта',
  'account.wamm.sender': 'Номер WhatsApp',
  'account.wamm.sender_hint': 'Номер телефона, подключённого к WAMM.chat',
  'account.wamm.secret': 'Токен API',
  'account.wamm.secret_hint': 'Токен из вашего аккаунта WAMM.chat',
  'account.wamm.timezone': 'Часовой пояс',
  'account.wamm.timezone_hint':
    'Время в WAMM.chat приходит без часового пояса: Europe/Moscow (по умолчанию) или смещение вроде +03:00',
  'account.phone_bridge.sender': 'Номер телефона',
  'account.phone_bridge.sender_hint': 'Номер WhatsApp телефона, который отправляет сообщения за вас',
  'account.phone_bridge.secret': 'Токен телефона',
  'account.phone_bridge.secret_hint':
    'Длинное случайное слово; приложение автоматизации на телефоне передаёт его с каждым запросом',
  'account.phone_bridge.pickup_timeout': 'Ожидание телефона, секунд',
  'account.phone_bridge.pickup_timeout_hint':
    'Сколько сообщение ждёт, пока телефон его заберёт, прежде чем попробовать снова (по умолчанию 60)',
  'account.meta_cloud.sender': 'Идентификатор номера телефона',
  'account.meta_cloud.sender_hint': 'Из панели приложения Meta: раздел WhatsApp › API Setup',
  'account.meta_cloud.secret': 'Учётные данные',
  'account.meta_cloud.secret_hint':
    'JSON с полями access_token, app_secret и verify_token; по app_secret проверяются подписи уведомлений',
  'account.meta_cloud.language': 'Язык шаблонов',
  'account.meta_cloud.language_hint': 'Код языка для шаблонов, если он не указан, например en_US или ru',
};
