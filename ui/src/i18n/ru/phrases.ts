// Русский для каждой фразы ядра и шлюзов (ключи и английский — в сгенерированном каталоге
// ui/src/bindings/phrases.ts). Пропущенный ключ — ошибка tsc; другие {заполнители}, чем в
// английском, — падающий тест. Аргументы, оканчивающиеся на `bytes`, — размеры: интерфейс
// пишет их в единицах читателя («5 МБ»).
import type { Message } from '../translate';
import type { PhraseKey } from '../phrase';

/** `{count} попытку / попытки / попыток` и т. п.: формы по числу в аргументе `by`. */
const plural = (by: string, one: string, few: string, many: string): Message => ({ by, one, few, many, other: few });

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
    'Публичный адрес пока неизвестен: запустите сервер Switchboard или сначала задайте публичный адрес',
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
