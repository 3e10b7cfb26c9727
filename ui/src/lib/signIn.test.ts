import { describe, expect, it } from 'vitest';
import { en, phrase, ru } from './fixtures';
import { signInProblem } from './signIn';
import { ApiFailure } from './transport/types';

describe('signInProblem', () => {
  it('says the credentials are wrong, in either language', () => {
    const wrong = { code: 'unauthorized', message: 'Wrong login or password' };
    expect(signInProblem(wrong, en)).toBe('Wrong login or password.');
    expect(signInProblem(wrong, ru)).toBe('Неверный логин или пароль.');
    const disabled = {
      code: 'unauthorized',
      message: 'x',
      phrase: phrase('auth.operator_disabled', 'Anna is disabled: a supervisor can enable them again', { name: 'Anna' }),
    };
    expect(signInProblem(disabled, en)).toBe('Anna is disabled: a supervisor can enable them again');
  });

  it('says how long to wait after too many attempts, with the plural the number needs', () => {
    const tooMany = (seconds: string) => ({
      code: 'too_many_attempts',
      message: 'Too many attempts',
      phrase: { key: 'verbatim', args: { seconds }, text: 'Too many attempts' },
    });
    expect(signInProblem(tooMany('30'), en)).toBe('Too many attempts. Try again in 30 seconds.');
    expect(signInProblem(tooMany('1'), en)).toBe('Too many attempts. Try again in 1 second.');
    expect(signInProblem(tooMany('21'), ru)).toBe('Слишком много попыток. Попробуйте снова через 21 секунду.');
    expect(signInProblem(tooMany('5'), ru)).toBe('Слишком много попыток. Попробуйте снова через 5 секунд.');
  });

  it('says the server cannot be reached, and otherwise what the server said', () => {
    const down = new ApiFailure('internal', 'Cannot reach Switchboard: Failed to fetch', { ui: 'error.unreachable' });
    expect(signInProblem(down, ru)).toBe('Нет связи со Switchboard. Он всё ещё запущен?');
    const other = { code: 'bad_request', message: 'x', phrase: phrase('phone.empty', 'The phone number is empty') };
    expect(signInProblem(other, en)).toBe('The phone number is empty');
  });
});
