// The server's export tables written as the reader's CSV: headers, closed words and activity
// lines in their language, times in their time zone, numbers kept numbers.
import { describe, expect, it } from 'vitest';
import type { ExportCell } from '../bindings/ExportCell';
import type { ExportTable } from '../bindings/ExportTable';
import type { AuditEntry } from '../bindings/AuditEntry';
import type { OperatorRef } from '../bindings/OperatorRef';
import { AUDIT_KINDS, auditKindName, auditText } from './audit';
import { BOM, csv } from './csv';
import { cellValue, columnName, exportFile, exportFileName, localTime, tableCsv } from './exportTable';
import { en, ru } from './fixtures';

const local: OperatorRef = { id: 1, name: 'Me' };
const mia: OperatorRef = { id: 7, name: 'Mia' };
const label = (key: string): ExportCell => ({ kind: 'label', key });
const text = (text: string): ExportCell => ({ kind: 'text', text });
const time = (at: string): ExportCell => ({ kind: 'time', at });

/** A transcript as the server answers it (crates/core/src/export/transcript.rs). */
const transcript: ExportTable = {
  name: '12-2026-01-01',
  columns: ['time', 'item', 'direction', 'author_kind', 'author', 'text', 'status', 'visibility'],
  rows: [
    [time('2026-01-01T20:30:05Z'), label('message'), label('in'), label('customer'), text('Анна'), text('Здравствуйте, нужна помощь'), { kind: 'empty' }, label('customer')],
    [
      time('2026-01-01T20:31:00Z'),
      label('activity'),
      { kind: 'empty' },
      label('operator'),
      { kind: 'operator', operator: local },
      { kind: 'activity', activity: { id: 3, conversation_id: 12, at: '2026-01-01T20:31:00Z', actor: local, change: { kind: 'assigned', to: mia } } },
      { kind: 'empty' },
      label('internal'),
    ],
    [
      time('2026-01-01T20:32:00Z'),
      label('message'),
      label('out'),
      label('operator'),
      { kind: 'operator', operator: mia },
      text('=2+2'),
      { kind: 'label', key: 'rejected', reason: { key: 'error.bad_request', args: { detail: '470' }, text: 'Bad request: 470' } },
      label('customer'),
    ],
    [time('2026-01-01T20:33:00Z'), label('note'), { kind: 'empty' }, label('operator'), { kind: 'operator', operator: mia }, text('просит скидку'), { kind: 'empty' }, label('internal')],
  ],
};

/** A CSV's records (no quoted line breaks in these). */
function lines(file: string): string[] {
  expect(file.startsWith(BOM)).toBe(true);
  return file.slice(BOM.length).split('\r\n');
}

/** Every column the server's tables have (crates/core/src/export/report.rs, transcript.rs, audit.rs). */
function serverColumns(): string[] {
  const operators = ['scope', 'operator_id', 'operator'];
  for (const metric of ['first_response', 'first_response_from_assignment', 'reply_time', 'resolution']) {
    for (const time of ['', '_business']) operators.push(`${metric}${time}_median_s`, `${metric}${time}_p90_s`, `${metric}${time}_count`);
  }
  operators.push('missed', 'missed_unassigned', 'handled', 'resolved', 'messages_sent', 'templates_sent', 'review_count', 'review_median');
  const episodes = [
    'conversation_id', 'contact', 'account', 'started_at', 'resolved_at', 'resolved_by_id', 'resolved_by', 'first_replier_id',
    'first_replier', 'first_response_s', 'first_response_business_s', 'resolution_s', 'resolution_business_s', 'missed',
  ];
  const audit = ['id', 'at', 'actor_id', 'actor', 'address', 'kind', 'conversation_id', 'action'];
  return [...operators, ...episodes, ...transcript.columns, ...audit];
}

describe('localTime', () => {
  it('writes an instant in a time zone as YYYY-MM-DD HH:MM:SS', () => {
    expect(localTime('2026-01-01T20:30:05Z', 'Europe/Moscow')).toBe('2026-01-01 23:30:05');
    expect(localTime('2026-01-01T20:30:05Z', 'Asia/Vladivostok')).toBe('2026-01-02 06:30:05');
    expect(localTime('2026-07-01T00:00:00.250Z', 'America/New_York')).toBe('2026-06-30 20:00:00');
    expect(localTime('2026-01-01T00:00:00Z', 'UTC')).toBe('2026-01-01 00:00:00');
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(localTime('2026-01-01T20:30:05Z', 'Mars/Olympus')).toBe('2026-01-01 20:30:05');
  });
});

describe('columnName', () => {
  it('names every column of the server in both languages, time columns with the zone', () => {
    for (const key of serverColumns()) {
      expect(columnName(key, en, 'UTC'), key).not.toBe(key);
      const russian = columnName(key, ru, 'Europe/Moscow');
      expect(russian.replace('Europe/Moscow', ''), key).not.toMatch(/[A-Za-z]/);
    }
    expect(columnName('time', ru, 'Europe/Moscow')).toBe('Время (Europe/Moscow)');
    expect(columnName('time', en, 'Europe/Moscow')).toBe('Time (Europe/Moscow)');
    expect(columnName('started_at', ru, 'Asia/Omsk')).toBe('Начало (Asia/Omsk)');
  });

  it('keeps a column this build does not know as its key', () => {
    expect(columnName('brand_new', ru, 'UTC')).toBe('brand_new');
  });
});

describe('tableCsv', () => {
  it('writes a Russian reader’s transcript in Russian, in their time zone', () => {
    const [header, customer, activity, reply, note, end] = lines(tableCsv(transcript, ru, 'Asia/Vladivostok'));
    expect(header).toBe('Время (Asia/Vladivostok),Запись,Направление,Кто писал,Автор,Текст,Статус,Видимость');
    expect(customer).toBe('2026-01-02 06:30:05,Сообщение,Входящее,Клиент,Анна,"Здравствуйте, нужна помощь",,Видел клиент');
    expect(activity).toBe('2026-01-02 06:31:00,Событие,,Оператор,Этот компьютер,Этот компьютер: диалог назначен — Mia,,Внутреннее');
    expect(reply).toBe("2026-01-02 06:32:00,Сообщение,Исходящее,Оператор,Mia,'=2+2,Отклонено: Неверный запрос: 470,Видел клиент");
    expect(note).toBe('2026-01-02 06:33:00,Внутренняя заметка,,Оператор,Mia,просит скидку,,Внутреннее');
    expect(end).toBe('');
  });

  it('writes an English reader’s transcript in English', () => {
    const [header, customer, activity, reply] = lines(tableCsv(transcript, en, 'Europe/London'));
    expect(header).toBe('Time (Europe/London),Item,Direction,Author kind,Author,Text,Status,Visibility');
    expect(customer).toBe('2026-01-01 20:30:05,Message,Incoming,Customer,Анна,"Здравствуйте, нужна помощь",,Seen by the customer');
    expect(activity).toBe('2026-01-01 20:31:00,Activity,,Operator,This computer,This computer assigned this to Mia,,Internal');
    expect(reply).toBe("2026-01-01 20:32:00,Message,Outgoing,Operator,Mia,'=2+2,Rejected: The request is not valid: 470,Seen by the customer");
  });

  it('keeps numbers numbers and writes labels it does not know as they came', () => {
    const report: ExportTable = {
      name: '2026-01-01-2026-01-31',
      columns: ['scope', 'operator_id', 'operator', 'first_response_p90_s', 'review_median', 'reply_time_median_s', 'status'],
      rows: [
        [label('team'), { kind: 'empty' }, { kind: 'empty' }, { kind: 'integer', value: -5 }, { kind: 'decimal', value: 4.5 }, { kind: 'empty' }, label('weird')],
        [label('operator'), { kind: 'integer', value: 7 }, { kind: 'operator', operator: { id: 7, name: '=Mia' } }, { kind: 'integer', value: 90 }, { kind: 'empty' }, { kind: 'integer', value: 0 }, label('sent')],
      ],
    };
    const [header, team, row] = lines(tableCsv(report, ru, 'UTC'));
    expect(header?.split(',')[0]).toBe('Чьи показатели');
    expect(team).toBe('Команда,,,-5,4.5,,weird');
    expect(row).toBe("Оператор,7,'=Mia,90,,0,Отправлено");
  });

  it('names audit kinds as the audit log does', () => {
    const audit: ExportTable = { name: 'x', columns: ['kind'], rows: [[label('sign_in')], [label('export')]] };
    expect(lines(tableCsv(audit, ru, 'UTC')).slice(0, 3)).toEqual(['Вид', ru.t('audit.kind.sign_in'), ru.t('audit.kind.export')]);
  });
});

/** Audit entries as the server answers them (crates/core/src/audit.rs), one of every kind the
 * screen words, their particulars in Russian (untrusted text the wording keeps as it is). */
const anya: OperatorRef = { id: 2, name: 'Аня' };
const boris: OperatorRef = { id: 3, name: 'Борис' };
function entry(kind: string, action: Record<string, unknown> = {}, actor: OperatorRef | null = anya): AuditEntry {
  return { id: `e-${kind}`, at: '2026-05-20T10:00:00.000Z', actor, address: '203.0.113.7', conversation_id: null, action, kind };
}
const AUDIT_ENTRIES: AuditEntry[] = [
  entry('sign_in', { login: 'аня' }),
  entry('sign_in_failed', { login: 'боб', reason: 'wrong_login_or_password' }, null),
  entry('sign_out'),
  entry('session_revoked', { operator: boris }),
  entry('operator_added', { operator: boris, login: 'борис', name: 'Борис', role: 'manager' }),
  entry('operator_renamed', { operator: boris, from: 'Боб', to: 'Борис' }),
  entry('operator_role', { operator: boris, from: 'manager', to: 'supervisor' }),
  entry('operator_disabled', { operator: boris }),
  entry('operator_enabled', { operator: boris }),
  entry('password_set', { operator: boris, api_keys_revoked: 2 }),
  entry('password_changed', { operator: anya }),
  entry('api_key_created', { operator: anya, key_id: 4, name: 'Касса' }),
  entry('api_key_revoked', { operator: anya, key_id: 4, name: 'Касса' }),
  entry('accepting', { operator: anya, accepting: false }),
  entry('assigned', { to: boris, from: anya, rule: null, took: false }),
  entry('unassigned', { from: null, reason: 'no_reply' }, null),
  entry('status', { status: 'snoozed', until: '2026-05-21T09:00:00Z' }),
  entry('reopened', { was: 'resolved' }, null),
  entry('woke', {}, null),
  entry('note_deleted', { author: boris }),
  entry('opened', { assignee: boris }),
  entry('reviewed', { score: 4, manager: boris }),
  entry('export', { what: 'audit', filters: { kind: 'sign_in' }, name: '2026-05-20T10-00-00Z', rows: 2 }),
  entry('account_added', { account_id: 1, name: 'Магазин', gateway: 'devino' }),
  entry('account_removed', { account_id: 1, name: 'Магазин', gateway: 'devino' }),
  entry('webhook_token_rotated', { account_id: 1, name: 'Магазин' }),
  entry('settings', { setting: 'business_hours', from: {}, to: {} }),
];
const auditTable: ExportTable = {
  name: '2026-05-20T10-00-00Z',
  columns: ['kind', 'action'],
  rows: AUDIT_ENTRIES.map((e) => [label(e.kind), { kind: 'audit', entry: e }]),
};

describe('an audit table’s particulars', () => {
  it('has an entry of every kind the screen words', () => {
    expect(AUDIT_ENTRIES.map((e) => e.kind)).toEqual([...AUDIT_KINDS]);
  });

  it('says in Russian for a Russian reader what the Audit screen says, no English', () => {
    for (const e of AUDIT_ENTRIES) {
      const said = cellValue('action', { kind: 'audit', entry: e }, ru, 'UTC');
      expect(said, e.kind).toBe(auditText(e, ru));
      expect(said, e.kind).not.toBe('');
      // "API" is the Russian words' own (API-ключ); nothing else is Latin.
      expect(String(said).replace(/API/g, ''), e.kind).not.toMatch(/[A-Za-z]/);
    }
    expect(tableCsv(auditTable, ru, 'UTC')).toBe(
      csv(['Вид', 'Подробности'], AUDIT_ENTRIES.map((e) => [auditKindName(e.kind, ru), auditText(e, ru)])),
    );
    const file = lines(tableCsv(auditTable, ru, 'UTC'));
    const row = (kind: string) => file[1 + AUDIT_ENTRIES.findIndex((e) => e.kind === kind)];
    expect(file[0]).toBe('Вид,Подробности');
    expect(row('sign_in')).toBe(`${ru.t('audit.kind.sign_in')},Вход в систему с логином «аня»`);
    expect(row('sign_in_failed')).toContain('Неудачный вход с логином «боб»');
    expect(row('assigned')).toMatch(/Аня.*Борис/);
  });

  it('says in English for an English reader what the Audit screen says', () => {
    for (const e of AUDIT_ENTRIES) {
      const said = cellValue('action', { kind: 'audit', entry: e }, en, 'UTC');
      expect(said, e.kind).toBe(auditText(e, en));
      expect(String(said), e.kind).toMatch(/[A-Za-z]{3}/);
    }
    const [header, signIn] = lines(tableCsv(auditTable, en, 'UTC'));
    expect(header).toBe('Kind,Particulars');
    expect(signIn).toBe(`${en.t('audit.kind.sign_in')},Signed in as “аня”`);
  });

  it('writes the entry’s words, never its JSON', () => {
    for (const tr of [en, ru]) expect(tableCsv(auditTable, tr, 'UTC')).not.toMatch(/[{}]|"login"|wrong_login/);
  });
});

describe('exportFile', () => {
  it('names the file in the reader’s words around the server’s stem', () => {
    expect(exportFileName('operators', '2026-01-01-2026-01-31', ru)).toBe('отчёт-2026-01-01-2026-01-31-операторы.csv');
    expect(exportFileName('operators', '2026-01-01-2026-01-31', en)).toBe('report-2026-01-01-2026-01-31-operators.csv');
    expect(exportFileName('episodes', 's', ru)).toBe('отчёт-s-эпизоды.csv');
    expect(exportFileName('transcript', '12-2026-01-01', ru)).toBe('переписка-12-2026-01-01.csv');
    expect(exportFileName('audit', 's', en)).toBe('audit-s.csv');
    for (const what of ['operators', 'episodes', 'transcript', 'audit'] as const) {
      expect(exportFileName(what, '1', ru), what).not.toMatch(/[A-Za-z]{2,}(?<!csv)$|[A-Za-z]{2,}-/);
    }
  });

  it('is a CSV of the table', () => {
    const file = exportFile('transcript', transcript, ru, 'UTC');
    expect(file.mime).toBe('text/csv');
    expect(file.name).toBe('переписка-12-2026-01-01.csv');
    expect(file.text).toBe(tableCsv(transcript, ru, 'UTC'));
  });
});
