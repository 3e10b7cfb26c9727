// The audit log as people read it: each entry's kind and particulars (its `action` JSON, as
// crates/core/src/audit.rs documents them) said as a sentence in the reader's language, and the
// screen's filters turned into an `AuditQuery`. Pure, so every kind is tested in both languages.
// The particulars are untrusted text (a login somebody tried, a tag's name): they only ever fill
// placeholders and are rendered as text.
import type { AuditEntry } from '../bindings/AuditEntry';
import type { AuditQuery } from '../bindings/AuditQuery';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Role } from '../bindings/Role';
import type { Translator, UiSaid } from '../i18n';
import type { UiKey } from '../i18n/en';
import { operatorLabel } from './names';
import { ROLE_NAMES } from './roles';
import { STATUS_NAMES } from './workflow';

/** The kinds a supervisor can filter by, in the order the filter lists them. */
export const AUDIT_KINDS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'session_revoked',
  'operator_added',
  'operator_renamed',
  'operator_role',
  'operator_disabled',
  'operator_enabled',
  'password_set',
  'password_changed',
  'api_key_created',
  'api_key_revoked',
  'accepting',
  'assigned',
  'unassigned',
  'status',
  'reopened',
  'woke',
  'note_deleted',
  'opened',
  'reviewed',
  'export',
  'account_added',
  'account_removed',
  'webhook_token_rotated',
  'settings',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What each kind is called in the filter. */
export const AUDIT_KIND_NAMES = {
  sign_in: 'audit.kind.sign_in',
  sign_in_failed: 'audit.kind.sign_in_failed',
  sign_out: 'audit.kind.sign_out',
  session_revoked: 'audit.kind.session_revoked',
  operator_added: 'audit.kind.operator_added',
  operator_renamed: 'audit.kind.operator_renamed',
  operator_role: 'audit.kind.operator_role',
  operator_disabled: 'audit.kind.operator_disabled',
  operator_enabled: 'audit.kind.operator_enabled',
  password_set: 'audit.kind.password_set',
  password_changed: 'audit.kind.password_changed',
  api_key_created: 'audit.kind.api_key_created',
  api_key_revoked: 'audit.kind.api_key_revoked',
  accepting: 'audit.kind.accepting',
  assigned: 'audit.kind.assigned',
  unassigned: 'audit.kind.unassigned',
  status: 'audit.kind.status',
  reopened: 'audit.kind.reopened',
  woke: 'audit.kind.woke',
  note_deleted: 'audit.kind.note_deleted',
  opened: 'audit.kind.opened',
  reviewed: 'audit.kind.reviewed',
  export: 'audit.kind.export',
  account_added: 'audit.kind.account_added',
  account_removed: 'audit.kind.account_removed',
  webhook_token_rotated: 'audit.kind.webhook_token_rotated',
  settings: 'audit.kind.settings',
} as const satisfies Record<AuditKind, UiKey>;

/**
 * Other spellings the core may give a kind (the operator changes' own names, as
 * `operator_changes` stores them), read as the kind the UI knows.
 */
const ALIASES: Readonly<Record<string, AuditKind>> = {
  added: 'operator_added',
  renamed: 'operator_renamed',
  role: 'operator_role',
  role_changed: 'operator_role',
  disabled: 'operator_disabled',
  enabled: 'operator_enabled',
  signed_in: 'sign_in',
  signed_out: 'sign_out',
  sign_in_failure: 'sign_in_failed',
  opened_conversation: 'opened',
  conversation_opened: 'opened',
  review: 'reviewed',
  exported: 'export',
  take_over: 'assigned',
  taken: 'assigned',
  status_changed: 'status',
  setting: 'settings',
  settings_changed: 'settings',
  team_settings: 'settings',
};

export function isAuditKind(kind: string): kind is AuditKind {
  return (AUDIT_KINDS as readonly string[]).includes(kind);
}

/** The kind the UI knows an entry's kind as, or null (a kind from a newer server). */
export function knownKind(kind: string): AuditKind | null {
  if (isAuditKind(kind)) return kind;
  return ALIASES[kind] ?? null;
}

/** The filter's name for a kind; an unknown one in the reader's words, naming it. */
export function auditKindName(kind: string, tr: Translator): string {
  const known = knownKind(kind);
  return known ? tr.t(AUDIT_KIND_NAMES[known]) : tr.t('audit.kind.other', { kind });
}

// Reading the particulars: the action is JSON from the wire, so every field is checked.
type Action = Readonly<Record<string, unknown>>;

function text(action: Action, ...names: string[]): string | null {
  for (const name of names) {
    const value = action[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

function num(action: Action, ...names: string[]): number | null {
  for (const name of names) {
    const value = action[name];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

function bool(action: Action, name: string): boolean | null {
  const value = action[name];
  return typeof value === 'boolean' ? value : null;
}

function isRef(value: unknown): value is OperatorRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'number' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

/** An operator named in the action: `{id, name}`, or a name alone. */
function ref(action: Action, ...names: string[]): OperatorRef | string | null {
  for (const name of names) {
    const value = action[name];
    if (isRef(value)) return value;
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

function isRole(value: unknown): value is Role {
  return value === 'manager' || value === 'supervisor' || value === 'reviewer';
}

/** A `{from, to}` pair, either at the top or under `change`/`detail`. */
function nested(action: Action): Action {
  for (const name of ['detail', 'change']) {
    const value = action[name];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...(value as Action), ...action };
  }
  return action;
}

/** Who acted, for the "who" column: the actor, else the system (or an unknown login). */
export function auditWho(entry: AuditEntry, tr: Translator, self: OperatorRef | null = null): string {
  if (entry.actor) return operatorLabel(entry.actor, self, tr);
  return knownKind(entry.kind) === 'sign_in_failed' ? tr.t('audit.unknownLogin') : tr.t('audit.system');
}

/**
 * What an entry did, as a sentence with its particulars (who did it is the "who" column):
 * "Transferred from Anna to Boris", "Failed sign-in as “bob”". `self` is named "You" where
 * the built-in operator reads it.
 */
export function auditText(entry: AuditEntry, tr: Translator, self: OperatorRef | null = null): string {
  const action = nested(entry.action ?? {});
  // An operator the log no longer knows by name (removed from the store) is named by number.
  const name = (o: OperatorRef | string) =>
    typeof o === 'string' ? o : o.name === '' ? tr.t('audit.operatorId', { id: o.id }) : operatorLabel(o, self, tr);
  // The operator an operator change is about: named in the action, else the one who acted.
  const subject = () => {
    const who = ref(action, 'operator', 'subject', 'target', 'operator_name', 'name');
    return who ? name(who) : auditWho(entry, tr, self);
  };
  const role = (value: unknown) => (isRole(value) ? tr.t(ROLE_NAMES[value]) : typeof value === 'string' ? value : '?');
  const kind = knownKind(entry.kind);
  switch (kind) {
    case 'sign_in': {
      const login = text(action, 'login');
      return login ? tr.t('audit.signInAs', { login }) : tr.t('audit.signIn');
    }
    case 'sign_in_failed': {
      // The actor is known only when the password was right but the operator is disabled.
      const login = text(action, 'login', 'tried');
      if (text(action, 'reason') === 'disabled') {
        return login ? tr.t('audit.signInDisabled', { login }) : tr.t('audit.signInDisabledNoLogin');
      }
      return login ? tr.t('audit.signInFailed', { login }) : tr.t('audit.signInFailedNoLogin');
    }
    case 'sign_out':
      return tr.t('audit.signOut');
    case 'session_revoked': {
      const whose = ref(action, 'operator');
      return whose && !(isRef(whose) && entry.actor && whose.id === entry.actor.id)
        ? tr.t('audit.sessionRevokedOf', { operator: name(whose) })
        : tr.t('audit.sessionRevoked');
    }
    case 'operator_added': {
      const r = action.role ?? action.to;
      return isRole(r)
        ? tr.t('audit.operatorAdded', { operator: subject(), role: role(r) })
        : tr.t('audit.operatorAddedNoRole', { operator: subject() });
    }
    case 'operator_renamed': {
      const from = text(action, 'from');
      const to = text(action, 'to');
      return from && to ? tr.t('audit.operatorRenamed', { from, to }) : tr.t('audit.operatorRenamedTo', { operator: subject() });
    }
    case 'operator_role': {
      const to = role(action.to ?? action.role);
      return action.from !== undefined
        ? tr.t('audit.operatorRole', { operator: subject(), from: role(action.from), to })
        : tr.t('audit.operatorRoleTo', { operator: subject(), to });
    }
    case 'operator_disabled':
      return tr.t('audit.operatorDisabled', { operator: subject() });
    case 'operator_enabled':
      return tr.t('audit.operatorEnabled', { operator: subject() });
    case 'password_set': {
      // Setting a password revokes the operator's API keys; the action counts them.
      const keys = num(action, 'api_keys_revoked') ?? 0;
      return keys > 0
        ? tr.t('audit.passwordSetKeys', { operator: subject(), count: keys })
        : tr.t('audit.passwordSet', { operator: subject() });
    }
    case 'password_changed':
      return tr.t('audit.passwordChanged');
    case 'api_key_created': {
      const key = text(action, 'key', 'key_name', 'name');
      return key ? tr.t('audit.apiKeyCreated', { key }) : tr.t('audit.apiKeyCreatedNoName');
    }
    case 'api_key_revoked': {
      const key = text(action, 'key', 'key_name', 'name');
      return key ? tr.t('audit.apiKeyRevoked', { key }) : tr.t('audit.apiKeyRevokedNoName');
    }
    case 'accepting': {
      const on = bool(action, 'accepting') ?? bool(action, 'to') ?? bool(action, 'on');
      return on === false ? tr.t('audit.acceptingOff') : tr.t('audit.acceptingOn');
    }
    case 'assigned': {
      const to = ref(action, 'to', 'operator', 'assignee');
      const from = ref(action, 'from');
      if (!to) return tr.t('audit.assignedSomeone');
      if (!entry.actor) return tr.t('audit.autoAssigned', { to: name(to) });
      // `took`: the actor took it themselves (with a `from`: a take-over).
      if (bool(action, 'took') === true || (isRef(to) && to.id === entry.actor.id)) {
        return from ? tr.t('audit.tookOver', { from: name(from) }) : tr.t('audit.took');
      }
      return from ? tr.t('audit.transferred', { from: name(from), to: name(to) }) : tr.t('audit.assigned', { to: name(to) });
    }
    case 'unassigned': {
      const from = ref(action, 'from');
      if (entry.actor) return from ? tr.t('audit.unassignedFrom', { from: name(from) }) : tr.t('audit.unassigned');
      return text(action, 'reason') === 'no_reply' ? tr.t('audit.requeuedNoReply') : tr.t('audit.requeued');
    }
    case 'status': {
      const status = text(action, 'status', 'to');
      switch (status) {
        case 'open':
        case 'pending':
        case 'resolved':
          return tr.t('audit.status', { status: tr.t(STATUS_NAMES[status]) });
        case 'snoozed': {
          const until = text(action, 'until');
          const date = until ? new Date(until) : null;
          return date && !Number.isNaN(date.getTime())
            ? tr.t('audit.snoozed', { until: tr.dateTime(date) })
            : tr.t('audit.status', { status: tr.t(STATUS_NAMES.snoozed) });
        }
        default:
          return tr.t('audit.statusOther');
      }
    }
    case 'reopened':
      return entry.actor ? tr.t('audit.reopened') : tr.t('audit.reopenedByCustomer');
    case 'woke':
      return tr.t('audit.woke');
    case 'note_deleted': {
      const author = ref(action, 'author');
      return author ? tr.t('audit.noteDeletedOf', { author: name(author) }) : tr.t('audit.noteDeleted');
    }
    case 'opened': {
      const assignee = ref(action, 'assignee', 'assigned_to');
      return assignee ? tr.t('audit.openedAssigned', { assignee: name(assignee) }) : tr.t('audit.openedUnassigned');
    }
    case 'reviewed': {
      const score = num(action, 'score');
      const manager = ref(action, 'manager');
      if (score === null) return tr.t('audit.reviewedNoScore');
      return manager ? tr.t('audit.reviewedManager', { score, manager: name(manager) }) : tr.t('audit.reviewed', { score });
    }
    case 'export':
      return exportText(action, tr);
    case 'account_added': {
      const account = text(action, 'account', 'account_name', 'name');
      return account ? tr.t('audit.accountAdded', { account }) : tr.t('audit.accountAddedNoName');
    }
    case 'account_removed': {
      const account = text(action, 'account', 'account_name', 'name');
      return account ? tr.t('audit.accountRemoved', { account }) : tr.t('audit.accountRemovedNoName');
    }
    case 'webhook_token_rotated': {
      const account = text(action, 'account', 'account_name', 'name');
      return account ? tr.t('audit.tokenRotated', { account }) : tr.t('audit.tokenRotatedNoName');
    }
    case 'settings':
      return settingsText(entry.kind, action, tr);
    case null:
      return tr.t('audit.other', { kind: entry.kind });
  }
}

/** Which settings an entry changed, in the reader's words. */
type SettingKey = Extract<UiKey, `audit.setting.${string}`>;
const SETTING_NAMES: Readonly<Record<string, SettingKey>> = {
  team: 'audit.setting.team',
  team_settings: 'audit.setting.team',
  assignment: 'audit.setting.team',
  public_address: 'audit.setting.publicAddress',
  business_hours: 'audit.setting.businessHours',
  tags: 'audit.setting.tags',
  tag: 'audit.setting.tags',
  canned: 'audit.setting.canned',
  canned_replies: 'audit.setting.canned',
  contact_fields: 'audit.setting.fields',
  contact_field: 'audit.setting.fields',
};

function settingsText(kind: string, action: Action, tr: Translator): string {
  const which = text(action, 'setting', 'what', 'section') ?? (kind === 'settings' ? null : kind);
  const key = which ? SETTING_NAMES[which] : undefined;
  return key ? tr.t('audit.settingsOf', { setting: tr.t(key) }) : tr.t('audit.settings');
}

function exportText(action: Action, tr: Translator): string {
  const what = text(action, 'what', 'export', 'of');
  switch (what) {
    case 'transcript':
      return tr.t('audit.exportTranscript');
    case 'audit':
    case 'audit_log':
      return tr.t('audit.exportAudit');
    case 'report':
      // The report's table (`operators`) or one row per episode (`episodes`).
      return text(action, 'kind') === 'episodes' ? tr.t('audit.exportEpisodes') : tr.t('audit.exportReport');
    default:
      return tr.t('audit.exportData');
  }
}

/** The screen's filters: an operator, a kind, and local calendar days (`YYYY-MM-DD`, '' none). */
export interface AuditFilters {
  who: number | null;
  kind: string | null;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { who: null, kind: null, from: '', to: '' };

/** The start of a local calendar day, or null for anything but `YYYY-MM-DD`. */
export function localDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}

/** Why the filters cannot be asked for (an end before the start), or null. */
export function filtersProblem(filters: AuditFilters): UiSaid | null {
  const from = localDay(filters.from);
  const to = localDay(filters.to);
  if (from && to && to < from) return { ui: 'audit.filter.backwards' };
  return null;
}

/**
 * The query for the filters: `from` the start of its day, `to` the start of the day after
 * (both days whole, in the viewer's time zone); `before` a page's `next`.
 */
export function auditQuery(filters: AuditFilters, before: string | null = null, limit = 100): AuditQuery {
  const query: AuditQuery = { limit };
  if (filters.who !== null) query.actor_id = filters.who;
  if (filters.kind !== null && filters.kind !== '') query.kind = filters.kind;
  const from = localDay(filters.from);
  if (from) query.from = from.toISOString();
  const to = localDay(filters.to);
  if (to) query.to = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString();
  if (before !== null) query.before = before;
  return query;
}

/** A next page's entries after those shown, each once (a page may repeat one at its edge). */
export function appendPage(shown: readonly AuditEntry[], page: readonly AuditEntry[]): AuditEntry[] {
  const seen = new Set(shown.map((e) => e.id));
  return [...shown, ...page.filter((e) => !seen.has(e.id))];
}
