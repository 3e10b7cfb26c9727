// Русский для фраз: the WhatsApp Cloud API (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';
import { plural } from './plural';

export const meta_cloud = {
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
  'account.meta_cloud.sender': 'Идентификатор номера телефона',
  'account.meta_cloud.sender_hint': 'Из панели приложения Meta: раздел WhatsApp › API Setup',
  'account.meta_cloud.secret': 'Учётные данные',
  'account.meta_cloud.secret_hint':
    'JSON с полями access_token, app_secret и verify_token; по app_secret проверяются подписи уведомлений',
  'account.meta_cloud.language': 'Язык шаблонов',
  'account.meta_cloud.language_hint': 'Код языка для шаблонов, если он не указан, например en_US или ru',
  'meta.invalid.header_file_not_https': 'Файл заголовка шаблона должен быть по ссылке https://; «{url}» — не такая ссылка.',
  'meta.invalid.header_file_type': 'Заголовок этого шаблона принимает файлы {accepted}; «{url}» — не такой файл.',
  'meta.templates.not_waba':
    '«{id}» — не ID аккаунта WhatsApp Business: укажите ID из цифр, который показывает WhatsApp Manager.',
  'meta.templates.too_large':
    'WhatsApp Cloud API прислал список шаблонов больше {max_bytes}; он не прочитан.',
  'account.meta_cloud.waba_id': 'ID аккаунта WhatsApp Business',
  'account.meta_cloud.waba_id_hint':
    'Из WhatsApp Manager или страницы API Setup приложения (цифры): шаблоны сообщений хранятся в нём',
} satisfies Partial<Record<PhraseKey, Message>>;
