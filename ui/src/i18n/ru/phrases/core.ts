// Русский для фраз: the core, the server and what every gateway shares (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';
import { plural } from './plural';

export const core = {
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
  'error.sign_in_needed': 'Сначала войдите: нужен сеанс оператора или API-ключ',
  'error.role_forbidden': 'Ваша роль ({role}) этого не позволяет',
  'role.manager': 'менеджер',
  'role.supervisor': 'руководитель',
  'role.reviewer': 'наблюдатель',
  'error.operator_not_found': 'Оператора {id} нет',
  'error.note_empty': 'Напишите что-нибудь в заметке',
  'error.note_too_long': 'В заметке не больше {max} символов',
  'error.snooze_needs_time': 'Укажите, до какого времени отложить разговор',
  'error.snooze_in_the_past': 'Отложить можно только до времени в будущем',
  'error.snooze_too_long': 'Отложить можно не больше чем на год',
  'error.until_only_for_snooze': 'Время окончания бывает только у отложенного разговора',
  'error.assignee_reviewer': '{name} — наблюдатель и не отвечает клиентам: передайте разговор менеджеру или руководителю',
  'error.assignee_inactive': '{name} отключён, ему нельзя передавать разговоры',
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
  'http.body_not_json': 'Тело запроса — не JSON: {detail}',
  'http.body_too_large': 'Тело запроса больше {limit_bytes}',
  'http.too_many_streams': 'У вас уже открыто {max} живых подключений: закройте окно или вкладку либо выйдите на другом устройстве',
  'http.local_token_remote': 'Токен каталога данных работает только на этом компьютере; с других используйте API-ключ оператора',
  'http.host_unknown':
    'Этот сервер не отвечает на имя {host}; если это его имя, запустите его с --allow-host {host}',
  'http.host_missing': 'В запросе не сказано, к какому хосту он обращён (нет заголовка Host)',
  'http.cross_site': 'Страница другого сайта ({origin}) не может пользоваться API этого сервера',
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
} satisfies Partial<Record<PhraseKey, Message>>;
