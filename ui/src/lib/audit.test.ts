import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../bindings/AuditEntry';
import type { OperatorRef } from '../bindings/OperatorRef';
import { en, ru } from './fixtures';
import {
  AUDIT_KINDS,
  appendPage,
  auditKindName,
  auditQuery,
  auditText,
  auditWho,
  filtersProblem,
  knownKind,
  localDay,
  NO_FILTERS,
} from './audit';

const anna: OperatorRef = { id: 2, name: 'Anna' };
const boris: OperatorRef = { id: 3, name: 'Boris' };

function entry(kind: string, action: Record<string, unknown> = {}, actor: OperatorRef | null = anna, id = kind): AuditEntry {
  return { id, at: '2026-05-20T10:00:00.000Z', actor, address: '203.0.113.7', conversation_id: null, action, kind };
}

/** One entry of every kind the filter offers, with its particulars, and what it says. */
const CASES: [AuditEntry, string, string][] = [
  [entry('sign_in', { login: 'anna' }), 'Signed in as “anna”', 'Вход в систему с логином «anna»'],
  [
    entry('sign_in_failed', { login: 'bob', reason: 'wrong_login_or_password' }, null),
    'Failed sign-in as “bob”: wrong login or password',
    'Неудачный вход с логином «bob»: неверный логин или пароль',
  ],
  [entry('sign_out'), 'Signed out', 'Выход из системы'],
  [entry('session_revoked', { operator: boris }), 'Ended a session of Boris', 'Завершение сеанса оператора Boris'],
  [entry('operator_added', { operator: boris, login: 'boris', name: 'Boris', role: 'manager' }), 'Added operator Boris as Manager', 'Добавлен оператор Boris, роль: Менеджер'],
  [entry('operator_renamed', { operator: boris, from: 'Bob', to: 'Boris' }), 'Renamed operator “Bob” to “Boris”', 'Оператор «Bob» переименован в «Boris»'],
  [
    entry('operator_role', { operator: boris, from: 'manager', to: 'supervisor' }),
    'Changed the role of Boris: Manager → Supervisor',
    'Роль оператора Boris: Менеджер → Руководитель',
  ],
  [entry('operator_disabled', { operator: boris }), 'Disabled operator Boris', 'Оператор Boris отключён'],
  [entry('operator_enabled', { operator: boris }), 'Enabled operator Boris', 'Оператор Boris снова включён'],
  [entry('password_set', { operator: boris }), 'Set a new password for Boris', 'Новый пароль для оператора Boris'],
  [entry('password_changed'), 'Changed their own password', 'Смена собственного пароля'],
  [entry('api_key_created', { operator: anna, key_id: 4, name: 'CRM' }), 'Created API key “CRM”', 'Создан API-ключ «CRM»'],
  [entry('api_key_revoked', { operator: anna, key_id: 4, name: 'CRM' }), 'Revoked API key “CRM”', 'Отозван API-ключ «CRM»'],
  [entry('accepting', { operator: anna, accepting: false }), 'Stopped taking new chats', 'Приём новых чатов выключен'],
  [entry('assigned', { to: boris, from: null, rule: null, took: false }), 'Assigned the conversation to Boris', 'Диалог назначен: Boris'],
  [entry('unassigned', { from: boris, reason: null }), 'Unassigned the conversation from Boris', 'Назначение снято с оператора Boris'],
  [entry('status', { status: 'resolved', until: null }), 'Set the status to “Resolved”', 'Статус: «Решён»'],
  [entry('reopened', { was: 'resolved' }, null), 'The customer wrote again: the conversation reopened', 'Клиент написал снова: диалог открыт'],
  [entry('woke', {}, null), 'The snooze ended: the conversation is open again', 'Срок откладывания истёк: диалог снова открыт'],
  [entry('note_deleted', { author: boris }), 'Deleted an internal note by Boris', 'Удалена внутренняя заметка автора Boris'],
  [entry('opened', { assignee: boris }), 'Opened a conversation assigned to Boris', 'Открыт чужой диалог (назначен: Boris)'],
  [entry('reviewed', { score: 4, manager: boris }), 'Scored Boris’s conversation 4 of 5', 'Диалог оценён: 4 из 5 (менеджер: Boris)'],
  [entry('export', { what: 'transcript', conversation_id: 7, format: 'csv', file: 'conversation-7.csv' }), 'Exported the conversation’s transcript', 'Выгрузка переписки диалога'],
  [entry('account_added', { account_id: 1, name: 'Shop', gateway: 'devino' }), 'Added gateway account “Shop”', 'Добавлен аккаунт шлюза «Shop»'],
  [entry('account_removed', { name: 'Shop' }), 'Removed gateway account “Shop”', 'Удалён аккаунт шлюза «Shop»'],
  [entry('webhook_token_rotated', { name: 'Shop' }), 'Renewed the webhook addresses of “Shop”', 'Обновлены адреса вебхуков аккаунта «Shop»'],
  [entry('settings', { setting: 'business_hours', from: {}, to: {} }), 'Changed the settings: business hours', 'Изменены настройки: рабочие часы'],
];

describe('auditText', () => {
  it('says every kind the filter offers, in English and in Russian', () => {
    const covered = new Set(CASES.map(([e]) => e.kind));
    expect(AUDIT_KINDS.filter((k) => !covered.has(k))).toEqual([]);
    for (const [e, english, russian] of CASES) {
      expect(auditText(e, en), e.kind).toBe(english);
      expect(auditText(e, ru), e.kind).toBe(russian);
    }
  });

  it('never shows a Russian reader an English word of its own for a known kind', () => {
    for (const [e] of CASES) {
      const said = auditText(e, ru).replace(/Boris|Bob|bob|anna|CRM|Shop|API/g, '');
      expect(said, e.kind).not.toMatch(/[A-Za-z]/);
      expect(auditKindName(e.kind, ru).replace('API', ''), e.kind).not.toMatch(/[A-Za-z]/);
    }
  });

  it('tells take, take-over, transfer and automatic assignment apart', () => {
    expect(auditText(entry('assigned', { to: anna, from: null, rule: null, took: true }), en)).toBe('Took the conversation');
    expect(auditText(entry('assigned', { to: anna, from: boris, rule: null, took: true }), ru)).toBe(
      'Диалог перехвачен у оператора Boris',
    );
    expect(auditText(entry('assigned', { to: boris, from: { id: 4, name: 'Vera' } }), en)).toBe(
      'Transferred the conversation from Vera to Boris',
    );
    expect(auditText(entry('assigned', { to: boris, rule: 'round_robin' }, null), en)).toBe(
      'Assigned the conversation to Boris automatically',
    );
    expect(auditText(entry('unassigned', { from: boris, reason: 'no_reply' }, null), ru)).toBe(
      'Диалог вернулся в очередь: нет ответа вовремя',
    );
  });

  it('reads the particulars as the operator changes store them, and their other spellings', () => {
    expect(knownKind('role')).toBe('operator_role');
    expect(auditText(entry('role', { operator: boris, detail: { from: 'reviewer', to: 'manager' } }), en)).toBe(
      'Changed the role of Boris: Reviewer → Manager',
    );
    expect(auditText(entry('renamed', { change: { from: 'A', to: 'B' } }), en)).toBe('Renamed operator “A” to “B”');
    expect(auditText(entry('sign_in_failed', { login: 'x', reason: 'disabled' }), en)).toBe(
      'Sign-in as “x” refused: the operator is disabled',
    );
    expect(auditText(entry('password_set', { operator: boris, api_keys_revoked: 2 }), ru)).toBe(
      'Новый пароль для оператора Boris; отозваны 2 его API-ключа',
    );
    expect(auditText(entry('password_set', { operator: boris, api_keys_revoked: 0 }), en)).toBe('Set a new password for Boris');
    expect(auditText(entry('opened', { assignee: null }), ru)).toBe('Открыт неназначенный диалог');
    expect(auditText(entry('operator_disabled', { operator: { id: 40, name: '' } }), en)).toBe('Disabled operator operator #40');
    expect(auditText(entry('status', { status: 'snoozed', until: '2026-05-21T06:00:00.000Z' }), en)).toMatch(
      /^Snoozed the conversation until /,
    );
    expect(auditText(entry('export', { what: 'audit' }), ru)).toBe('Выгрузка журнала аудита');
    expect(auditText(entry('export', { what: 'report', kind: 'episodes' }), en)).toBe('Exported the report’s episodes');
    expect(auditText(entry('export', { what: 'report', kind: 'operators' }), ru)).toBe('Выгрузка отчёта по операторам');
  });

  it('says something for missing particulars and for a kind from a newer server, never crashing', () => {
    expect(auditText(entry('operator_added', {}), en)).toBe('Added operator Anna');
    expect(auditText(entry('api_key_created', { name: 42 }), en)).toBe('Created API key “42”');
    expect(auditText(entry('status', { status: 'weird' }), ru)).toBe('Статус изменён');
    expect(auditText(entry('export', {}), en)).toBe('Exported data');
    expect(auditText({ ...entry('assigned'), action: null as unknown as Record<string, unknown> }, en)).toBe(
      'Assigned the conversation',
    );
    expect(auditText(entry('teleported', { to: 'Mars' }), ru)).toBe('Другое действие (teleported)');
    expect(auditKindName('teleported', en)).toBe('Other (teleported)');
  });

  it('keeps untrusted particulars as plain text (the component renders text, never HTML)', () => {
    expect(auditText(entry('sign_in_failed', { login: '<img src=x onerror=alert(1)>' }, null), en)).toBe(
      'Failed sign-in as “<img src=x onerror=alert(1)>”: wrong login or password',
    );
  });

  it('names who acted: the operator, the system, or an unknown login', () => {
    expect(auditWho(entry('sign_in'), ru)).toBe('Anna');
    expect(auditWho(entry('assigned', { to: boris }, null), ru)).toBe('Система');
    expect(auditWho(entry('sign_in_failed', { login: 'x' }, null), en)).toBe('Unknown');
  });
});

describe('auditQuery', () => {
  it('asks for nothing more than the limit without filters', () => {
    expect(auditQuery(NO_FILTERS)).toEqual({ limit: 100 });
  });

  it('turns who, what and whole local days into the query, and a page’s next into before', () => {
    const query = auditQuery({ who: 3, kind: 'sign_in', from: '2026-05-01', to: '2026-05-31' }, 'cursor-1', 50);
    expect(query).toEqual({
      actor_id: 3,
      kind: 'sign_in',
      from: new Date(2026, 4, 1).toISOString(),
      to: new Date(2026, 5, 1).toISOString(),
      before: 'cursor-1',
      limit: 50,
    });
  });

  it('ignores dates that are not days, and says when the end is before the start', () => {
    expect(localDay('2026-02-30')).toBeNull();
    expect(localDay('yesterday')).toBeNull();
    expect(auditQuery({ ...NO_FILTERS, from: 'nope', kind: '' })).toEqual({ limit: 100 });
    expect(filtersProblem({ ...NO_FILTERS, from: '2026-05-02', to: '2026-05-01' })).toEqual({ ui: 'audit.filter.backwards' });
    expect(filtersProblem({ ...NO_FILTERS, from: '2026-05-02', to: '2026-05-02' })).toBeNull();
  });

  it('adds a next page once, after what is shown', () => {
    const a = entry('sign_in', {}, anna, 'a');
    const b = entry('sign_out', {}, anna, 'b');
    const c = entry('sign_in', {}, boris, 'c');
    expect(appendPage([a, b], [b, c]).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });
});
