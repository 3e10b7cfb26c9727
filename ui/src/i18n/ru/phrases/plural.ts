import type { Message } from '../../translate';

/** `{count} попытку / попытки / попыток` и т. п.: формы по числу в аргументе `by`. */
export const plural = (by: string, one: string, few: string, many: string): Message => ({
  by,
  one,
  few,
  many,
  other: few,
});
