// Русский для фраз входа, сеансов, API-ключей и операторов (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';
import { plural } from './plural';

export const auth = {
  'auth.wrong_login_or_password': 'Неверный логин или пароль',
  'auth.too_many_attempts': 'Слишком много неудачных попыток входа: попробуйте снова через {seconds} с',
  'auth.credential_unknown': 'Этот сеанс завершён или API-ключ отозван: войдите снова',
  'auth.session_expired': plural(
    'days',
    'Сеанс завершён: им не пользовались {days} день. Войдите снова',
    'Сеанс завершён: им не пользовались {days} дня. Войдите снова',
    'Сеанс завершён: им не пользовались {days} дней. Войдите снова',
  ),
  'auth.operator_disabled': 'Оператор {name} отключён: включить его снова может руководитель',
  'auth.password_too_short': plural(
    'min',
    'В пароле должен быть хотя бы {min} символ',
    'В пароле должно быть хотя бы {min} символа',
    'В пароле должно быть хотя бы {min} символов',
  ),
  'auth.password_too_long': plural(
    'max',
    'В пароле может быть не больше {max} символа',
    'В пароле может быть не больше {max} символов',
    'В пароле может быть не больше {max} символов',
  ),
  'auth.current_password_wrong': 'Текущий пароль неверен',
  'auth.no_login': 'У оператора {name} нет логина и пароля: он работает в Switchboard только на этом компьютере',
  'auth.login_invalid':
    '«{login}» — не логин: нужно от 1 до {max} латинских букв, цифр и знаков . _ - @',
  'auth.login_taken': 'Логин «{login}» занят (регистр букв в логинах не различается)',
  'auth.name_empty': 'Имя не указано',
  'auth.name_too_long': plural(
    'max',
    'В имени может быть не больше {max} символа',
    'В имени может быть не больше {max} символов',
    'В имени может быть не больше {max} символов',
  ),
  'auth.name_taken': 'Оператор с именем {name} уже есть',
  'auth.not_yourself':
    'Нельзя отключить себя или снять с себя роль руководителя: попросите другого руководителя',
  'auth.last_supervisor':
    '{name} — последний активный руководитель, который может войти: сначала сделайте руководителем кого-то ещё',
  'auth.local_operator_fixed': '{name} — собственный оператор этого компьютера: он всегда активен и остаётся руководителем',
  'auth.session_not_found': 'Такого сеанса нет: он уже завершён',
  'auth.api_key_not_found': 'Такого API-ключа нет',
  'auth.key_name_empty': 'Назовите API-ключ по тому, что будет им пользоваться',
  'auth.login_not_found': 'Оператора с логином «{login}» нет',
} satisfies Partial<Record<PhraseKey, Message>>;
