// The inbox's views as the sidebar offers them (Mine, Unassigned, All, per operator, by status,
// by tag, by account), what each asks `list_conversations` for, whether a changed conversation
// still belongs in the list shown, the counts beside them, and the small rules of bulk actions
// and of starting a conversation (the phone typed, the 24-hour rule).
import type { Conversation } from '../bindings/Conversation';
import type { ConversationStatus } from '../bindings/ConversationStatus';
import type { ListConversations } from '../bindings/ListConversations';
import type { ViewCounts } from '../bindings/ViewCounts';
import type { Said, Translator } from '../i18n';
import { sees, type Viewer } from './roles';

/** One view of the inbox. `all`: everything the viewer may see (the default). */
export type View =
  | { kind: 'all' }
  | { kind: 'mine' }
  | { kind: 'unassigned' }
  | { kind: 'operator'; id: number }
  | { kind: 'status'; status: ConversationStatus }
  | { kind: 'tag'; id: number }
  | { kind: 'account'; id: number };

export const DEFAULT_VIEW: View = { kind: 'all' };

export const STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];

/** What the list asks for, paging aside. */
export type ListFilter = Omit<ListConversations, 'before' | 'limit'>;

/** A view's name in the address and in test ids: `mine`, `operator-3`, `status-open`, `tag-5`. */
export function viewKey(view: View): string {
  switch (view.kind) {
    case 'all':
    case 'mine':
    case 'unassigned':
      return view.kind;
    case 'operator':
    case 'tag':
    case 'account':
      return `${view.kind}-${view.id}`;
    case 'status':
      return `status-${view.status}`;
  }
}

/** The view a key names; null for anything else (an old or hand-written address). */
export function parseView(key: string | null | undefined): View | null {
  if (!key) return null;
  if (key === 'all' || key === 'mine' || key === 'unassigned') return { kind: key };
  const status = /^status-(open|pending|snoozed|resolved)$/.exec(key);
  if (status) return { kind: 'status', status: status[1] as ConversationStatus };
  const byId = /^(operator|tag|account)-([1-9]\d{0,14})$/.exec(key);
  if (byId) return { kind: byId[1] as 'operator' | 'tag' | 'account', id: Number(byId[2]) };
  return null;
}

export function sameView(a: View, b: View): boolean {
  return viewKey(a) === viewKey(b);
}

/** Collapses the search box's spaces; empty when there is nothing to look for. */
export function normalQuery(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** What `list_conversations` is asked for a view and a search. */
export function viewFilter(view: View, query = ''): ListFilter {
  const filter: ListFilter = {};
  switch (view.kind) {
    case 'all':
      break;
    case 'mine':
      filter.assignee = { kind: 'mine' };
      break;
    case 'unassigned':
      filter.assignee = { kind: 'unassigned' };
      break;
    case 'operator':
      filter.assignee = { kind: 'operator', operator_id: view.id };
      break;
    case 'status':
      filter.status = view.status;
      break;
    case 'tag':
      filter.tag_id = view.id;
      break;
    case 'account':
      filter.account_id = view.id;
      break;
  }
  const q = normalQuery(query);
  if (q !== '') filter.query = q;
  return filter;
}

/**
 * Whether a conversation belongs in the list a filter shows to `viewer` (null: not known yet,
 * nothing hidden but what the filter says). Null when it cannot be told here: a search matches
 * message text the list does not hold, so a changed conversation is then only updated where it
 * is already shown (and taken out when the rest of the filter no longer fits it).
 */
export function matches(filter: ListFilter, c: Conversation, viewer: Viewer | null): boolean | null {
  if (viewer !== null && !sees(viewer, c.assignee)) return false;
  const a = filter.assignee;
  if (a) {
    switch (a.kind) {
      case 'mine':
        if (viewer === null || c.assignee?.id !== viewer.id) return false;
        break;
      case 'unassigned':
        if (c.assignee !== null) return false;
        break;
      case 'operator':
        if (c.assignee?.id !== a.operator_id) return false;
        break;
      case 'anyone':
        break;
    }
  }
  if (filter.status !== undefined && c.status !== filter.status) return false;
  if (filter.tag_id !== undefined && !c.tags.some((t) => t.id === filter.tag_id)) return false;
  if (filter.account_id !== undefined && c.account_id !== filter.account_id) return false;
  if (filter.query !== undefined && normalQuery(filter.query) !== '') return null;
  return true;
}

/**
 * Whether the viewer sees every conversation they may ask for under "All" (supervisors,
 * reviewers, managers where the team lets them): otherwise "All" is their own and unassigned.
 */
export function seesAll(viewer: Viewer | null): boolean {
  return viewer === null || viewer.role !== 'manager' || viewer.managersSeeAll;
}

/** The count beside a view (open conversations; by status, that status); null when unknown. */
export function countOf(view: View, counts: ViewCounts | null): number | null {
  if (counts === null) return null;
  switch (view.kind) {
    case 'all':
      // A manager who sees only their own: theirs and the unassigned ones, both open.
      return counts.all ?? counts.mine + counts.unassigned;
    case 'mine':
      return counts.mine;
    case 'unassigned':
      return counts.unassigned;
    case 'operator':
      return counts.by_operator.find((o) => o.operator.id === view.id)?.count ?? 0;
    case 'status':
      return counts.by_status.find((s) => s.status === view.status)?.count ?? 0;
    case 'tag':
      return counts.by_tag.find((t) => t.tag_id === view.id)?.count ?? 0;
    case 'account':
      return counts.by_account.find((a) => a.account_id === view.id)?.count ?? 0;
  }
}

/** The most a count shows in full: a sidebar badge stays narrow. */
export const COUNT_CAP = 9999;

/** A count as the badge shows it, in the reader's digits ("9 999+" beyond the cap). */
export function formatCount(n: number, tr: Pick<Translator, 'number'>): string {
  return n > COUNT_CAP ? `${tr.number(COUNT_CAP)}+` : tr.number(n);
}

// Bulk actions

/** The selection, kept to conversations still shown (a row gone from the list is not acted on). */
export function keepShown(selected: ReadonlySet<number>, shown: readonly Pick<Conversation, 'id'>[]): Set<number> {
  const ids = new Set(shown.map((c) => c.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}

export function toggled(selected: ReadonlySet<number>, id: number): Set<number> {
  const next = new Set(selected);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** "Select all shown": every shown row, or none when all of them are already selected. */
export function toggledAll(selected: ReadonlySet<number>, shown: readonly Pick<Conversation, 'id'>[]): Set<number> {
  const all = shown.length > 0 && shown.every((c) => selected.has(c.id));
  return all ? new Set() : new Set(shown.map((c) => c.id));
}

/** The server changes at most this many at once (crates/core/src/views.rs `MAX_BULK`). */
export const MAX_BULK = 500;

/** The statuses a bulk action sets (a snooze needs its own time: one at a time). */
export const BULK_STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'resolved'];

// Starting a conversation

export type PhoneCheck =
  | { ok: true; e164: string }
  | { ok: false; problem: 'empty' | 'characters' | 'length' };

/**
 * The phone as the server will read it (crates/core/src/phone.rs `Phone::parse`): spaces,
 * brackets, dots and dashes dropped, `00` for `+`, a Russian `8 …` of 11 digits as `+7 …`,
 * 8 to 15 digits. Only a hint beside the field: the server decides.
 */
export function checkPhone(raw: string): PhoneCheck {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  let digits = '';
  let plus = false;
  for (const [i, c] of [...trimmed].entries()) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c === '+' && i === 0) plus = true;
    else if (![' ', '-', '(', ')', '.', '\u00a0'].includes(c)) return { ok: false, problem: 'characters' };
  }
  if (!plus && digits.startsWith('00')) digits = digits.slice(2);
  else if (!plus && digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return { ok: false, problem: 'length' };
  return { ok: true, e164: `+${digits}` };
}

/** Phrase keys of gateways refusing free-form text outside the 24-hour window. */
const WINDOW_KEYS: ReadonlySet<string> = new Set(['meta.error.131047', 'devino.status.2312', 'decision_telecom.error.7']);

/**
 * Whether a refusal means the gateway's 24-hour rule: only a template may start this
 * conversation (the templates picker comes later; the dialog says so).
 */
export function needsTemplate(said: Said): boolean {
  if ('ui' in said) return said.ui === 'composer.window';
  const key: string = said.key;
  return WINDOW_KEYS.has(key) || /(^|[._])(window|template_required|needs_template)([._]|$)/.test(key);
}

// The sidebar's lists of views

export interface Named {
  id: number;
  name: string;
}

const byName = (a: Named, b: Named) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id - b.id;

/** Named things (tags, accounts) by name, whatever the case. */
export function sortedByName<T extends Named>(items: readonly T[]): T[] {
  return [...items].sort(byName);
}

/**
 * The operators a view can be of: those the counts name (who has open conversations) and
 * those conversations can be given to (a supervisor's team), once each, by name.
 */
export function operatorViews(counted: readonly { operator: Named }[], assignable: readonly Named[]): Named[] {
  const all = new Map<number, Named>();
  for (const o of assignable) all.set(o.id, { id: o.id, name: o.name });
  for (const { operator } of counted) all.set(operator.id, { id: operator.id, name: operator.name });
  return sortedByName([...all.values()]);
}
