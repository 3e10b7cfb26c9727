// Русский для фраз настольного приложения: выбор между своим ящиком на этом компьютере и
// сервером команды, связь с этим сервером (ключи и английский — в ui/src/bindings/phrases.ts,
// фразы — в src-tauri/src/said.rs).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const desktop = {
  'desktop.not_chosen': 'Сначала выберите: свой ящик на этом компьютере или сервер команды',
  'desktop.solo_failed': 'Не удалось запустить ящик на этом компьютере: {detail}',
  'desktop.team_connected': 'Окно подключено к серверу команды {server}: сначала выйдите из команды',
  'desktop.not_saved': 'Не удалось сохранить выбор в {path}: {detail}',
  'desktop.team.bad_address': '«{address}» — не адрес сервера: введите его в виде https://crm.example.com',
  'desktop.team.plain_http':
    '{server} — адрес с открытым http://: пароль и сеанс пошли бы по сети незашифрованными. Укажите адрес сервера с https:// (открытый http:// — только для сервера на этом компьютере)',
  'desktop.team.unreachable': 'Сервер команды {server} недоступен: {detail}',
  'desktop.team.not_switchboard':
    '{server} ответил HTTP {status} — сервер Switchboard так не отвечает: проверьте адрес',
  'desktop.team.keychain':
    'Сеанс не удалось сохранить в системной связке ключей ({detail}): разблокируйте или запустите связку ключей (в Linux — Secret Service, например gnome-keyring) и подключитесь снова',
  'desktop.team.signed_out': 'Вы вышли из {server}: войдите снова',
} satisfies Partial<Record<PhraseKey, Message>>;
