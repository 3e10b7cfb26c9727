// Canned replies in the composer: the `/query` being typed at the cursor, the replies it finds,
// putting a rendered reply in its place, and the `{{variables}}` still waiting for a value.
import type { CannedReply } from '../bindings/CannedReply';
import type { ContactField } from '../bindings/ContactField';
import type { Translator } from '../i18n';

/** A `/query` typed at the start of a word, ending at the cursor. */
export interface SlashQuery {
  /** Where the `/` stands. */
  start: number;
  /** Where the query ends (the cursor). */
  end: number;
  /** What follows the `/` (may be empty). */
  query: string;
}

/**
 * The `/query` the cursor ends, if the `/` starts a word (the text's start or after white
 * space) and nothing but a shortcut's characters follow it: "see /pri|" finds "pri";
 * "a/b|", "http://x|" and "/a b|" find nothing.
 */
export function slashQuery(text: string, cursor: number): SlashQuery | null {
  if (cursor < 0 || cursor > text.length) return null;
  const before = text.slice(0, cursor);
  const m = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!m) return null;
  const query = m[2] as string;
  const start = cursor - query.length - 1;
  return { start, end: cursor, query };
}

/** How many replies the list shows at most. */
export const PICKER_LIMIT = 8;

/**
 * The replies a query finds, best first: shortcuts starting with it, then shortcuts holding
 * it, then bodies holding it (case ignored); the caller's own before the team's at equal rank,
 * then by shortcut. An empty query lists them all.
 */
export function filterCanned(replies: readonly CannedReply[], query: string, limit = PICKER_LIMIT): CannedReply[] {
  const q = query.trim().toLocaleLowerCase();
  const rank = (r: CannedReply): number => {
    if (q === '') return 0;
    const shortcut = r.shortcut.toLocaleLowerCase();
    if (shortcut.startsWith(q)) return 0;
    if (shortcut.includes(q)) return 1;
    if (r.body.toLocaleLowerCase().includes(q)) return 2;
    return -1;
  };
  return replies
    .map((r) => ({ r, rank: rank(r) }))
    .filter((x) => x.rank >= 0)
    .sort(
      (a, b) =>
        a.rank - b.rank || Number(a.r.team) - Number(b.r.team) || a.r.shortcut.localeCompare(b.r.shortcut),
    )
    .slice(0, limit)
    .map((x) => x.r);
}

/** The text with `inserted` in place of the `/query`, and where the cursor goes (after it). */
export function insertAt(text: string, at: SlashQuery, inserted: string): { text: string; cursor: number } {
  return { text: text.slice(0, at.start) + inserted + text.slice(at.end), cursor: at.start + inserted.length };
}

/** A variable as the core reads one: letters, digits, `_`, `-`, `.` between double braces. */
const PLACEHOLDER = /\{\{\s*([\p{L}\p{N}_.-]+)\s*\}\}/gu;

/** The `{{variables}}` still in a text, in order, each once (their names, trimmed, lower case
 * as the core matches them). */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = (m[1] as string).toLowerCase();
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Whether a text still holds a `{{variable}}` (never sent: the server refuses it too). */
export function hasPlaceholder(text: string): boolean {
  return placeholdersIn(text).length > 0;
}

/** A body's start on one line, for the list. */
export function preview(body: string, max = 80): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * A variable as the operator knows it: the built-in ones in the reader's language, a custom
 * field (`contact.<key>`) by its label, anything else as written.
 */
export function variableLabel(name: string, fields: readonly ContactField[], tr: Translator): string {
  switch (name) {
    case 'contact.name':
      return tr.t('canned.var.contactName');
    case 'contact.phone':
      return tr.t('canned.var.contactPhone');
    case 'operator.name':
      return tr.t('canned.var.operatorName');
  }
  if (name.startsWith('contact.')) {
    const key = name.slice('contact.'.length);
    const field = fields.find((f) => f.key === key);
    if (field) return field.label;
  }
  return name;
}

/** The missing variables that still stand in the text (the operator may have written them in). */
export function stillMissing(missing: readonly string[], text: string): string[] {
  const left = placeholdersIn(text);
  return missing.filter((name) => left.includes(name.toLowerCase()));
}

/** Which of a reply's `/query` candidates is chosen after moving by `step` (wrapping round). */
export function moveChoice(index: number, step: number, count: number): number {
  if (count === 0) return 0;
  return (((index + step) % count) + count) % count;
}

/** A shortcut as the core takes it (a leading `/` aside): letters, digits, `_` and `-`. */
export function shortcutProblem(shortcut: string): 'empty' | 'invalid' | null {
  const s = shortcut.trim().replace(/^\//, '');
  if (s === '') return 'empty';
  return /^[\p{L}\p{N}_-]+$/u.test(s) ? null : 'invalid';
}

/** Replies sorted for the admin list: the caller's own first, then the team's, by shortcut. */
export function sortCanned(replies: readonly CannedReply[]): CannedReply[] {
  return [...replies].sort((a, b) => Number(a.team) - Number(b.team) || a.shortcut.localeCompare(b.shortcut));
}
