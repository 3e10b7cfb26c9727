// What to tell someone whose sign-in failed, in their language: wrong credentials, too many
// attempts (with how long to wait), the server unreachable, or whatever the server said.
import type { Translator } from '../i18n';
import { isUiSaid } from '../i18n/translator';
import { ApiFailure } from './transport/types';

/** The seconds to wait a `too_many_attempts` answer names (its phrase's `seconds`). */
export function waitSeconds(failure: ApiFailure): number | null {
  if (isUiSaid(failure.said)) return null;
  const seconds = failure.said.args.seconds;
  if (typeof seconds !== 'string') return null;
  const n = Number(seconds);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n) : null;
}

export function signInProblem(error: unknown, tr: Translator): string {
  const failure = ApiFailure.from(error);
  switch (failure.code) {
    case 'unauthorized':
      // Said alike for a wrong login and a wrong password; another reason (the operator is
      // disabled) is the server's to say.
      if (isUiSaid(failure.said) || failure.said.key === 'auth.wrong_login_or_password' || failure.said.key === 'verbatim') {
        return tr.t('signIn.wrong');
      }
      break;
    case 'too_many_attempts': {
      const seconds = waitSeconds(failure);
      if (seconds !== null) return tr.t('signIn.tooMany', { count: seconds });
      break;
    }
  }
  return tr.said(failure.said);
}
